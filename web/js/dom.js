// Building DOM nodes without innerHTML, so text from the server can never become markup.

function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const item of child) append(parent, item);
    return;
  }
  parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
}

// h('a', {href: '/groups', class: 'link'}, 'Groups'). Attributes that are false, null or undefined
// are left out; `true` sets an empty attribute; `on` takes event listeners.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'on') {
      for (const [event, listener] of Object.entries(value)) element.addEventListener(event, listener);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'value' && 'value' in element) {
      element.value = value;
    } else if (name === 'checked' || name === 'selected') {
      element[name] = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

let idCounter = 0;
// Unique ids for aria-describedby and label/for pairs made at run time.
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Text hidden on screen but read by screen readers ("Error:", context for a link).
export function visuallyHidden(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

// A <time> element: the machine-readable value in datetime, a readable one as text.
export function timeElement(value, { withTime = false } = {}) {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  if (Number.isNaN(date.getTime())) return String(value);
  return h('time', { datetime: value }, (withTime ? dateTimeFormat : dateFormat).format(date));
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}
