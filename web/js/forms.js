// Form building blocks after the GOV.UK Design System: every control has a label, hints and
// errors are tied to it with aria-describedby, and a failed submit shows an error summary that
// takes focus and links to each field.
import { ApiError } from './api.js';
import { h, uniqueId, visuallyHidden } from './dom.js';

function describedBy(...ids) {
  return ids.filter(Boolean).join(' ') || null;
}

function fieldShell({ name, label, hint, labelClass = 'label', control, id, inline = false }) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const hintNode = hint ? h('div', { id: hintId, class: 'hint' }, hint) : null;
  control.setAttribute('id', id);
  const ariaDescribed = describedBy(hintId);
  if (ariaDescribed) control.setAttribute('aria-describedby', ariaDescribed);
  const labelNode = h('label', { for: id, class: labelClass }, label);
  const group = inline
    ? h('div', { class: 'form-group checkbox' }, control, labelNode, hintNode, error)
    : h('div', { class: 'form-group' }, labelNode, hintNode, error, control);
  return { name, input: control, group, error, hintId, errorId, label };
}

// A text-like input: text, email, password, date, search.
export function textField({
  name, label, hint, type = 'text', value = '', autocomplete, required = false,
  spellcheck, inputmode, width, idPrefix = 'f', maxlength,
}) {
  const input = h('input', {
    type, name, value,
    autocomplete: autocomplete || null,
    spellcheck: spellcheck === undefined ? null : String(spellcheck),
    inputmode: inputmode || null,
    maxlength: maxlength || null,
    'aria-required': required ? 'true' : null,
    class: `input${width ? ` input--${width}` : ''}`,
  });
  const field = fieldShell({ name, label, hint, control: input, id: `${idPrefix}-${name}` });
  if (type === 'password') addRevealButton(field);
  field.value = () => input.value.trim();
  if (type === 'password') field.value = () => input.value;
  return field;
}

// Lets people check what they typed, which helps those who type slowly or with help.
function addRevealButton(field) {
  const { input } = field;
  const button = h('button', {
    type: 'button',
    class: 'button button--secondary button--small reveal',
    'aria-controls': input.id,
  }, 'Show password');
  button.addEventListener('click', () => {
    const showing = input.type === 'text';
    input.type = showing ? 'password' : 'text';
    button.textContent = showing ? 'Show password' : 'Hide password';
  });
  field.group.append(h('div', { class: 'reveal-row' }, button));
}

export function textArea({ name, label, hint, value = '', rows = 5, idPrefix = 'f', spellcheck }) {
  const control = h('textarea', {
    name, rows, class: 'textarea',
    spellcheck: spellcheck === undefined ? null : String(spellcheck),
  });
  control.value = value;
  const field = fieldShell({ name, label, hint, control, id: `${idPrefix}-${name}` });
  field.value = () => control.value;
  return field;
}

export function selectField({ name, label, hint, options, value = '', idPrefix = 'f', required = false }) {
  const control = h('select', { name, class: 'select', 'aria-required': required ? 'true' : null },
    options.map((option) => h('option', { value: option.value, selected: String(option.value) === String(value) }, option.label)));
  const field = fieldShell({ name, label, hint, control, id: `${idPrefix}-${name}` });
  field.value = () => control.value;
  return field;
}

export function checkboxField({ name, label, hint, checked = false, idPrefix = 'f' }) {
  const control = h('input', { type: 'checkbox', name, checked, class: 'checkbox__input' });
  const field = fieldShell({ name, label, hint, control, id: `${idPrefix}-${name}`, labelClass: 'checkbox__label', inline: true });
  field.value = () => control.checked;
  return field;
}

export function fileField({ name, label, hint, accept, idPrefix = 'f' }) {
  const control = h('input', { type: 'file', name, accept: accept || null, class: 'file-input' });
  const field = fieldShell({ name, label, hint, control, id: `${idPrefix}-${name}` });
  field.value = () => control.files && control.files[0] ? control.files[0] : null;
  return field;
}

function setFieldError(field, message) {
  field.group.classList.toggle('form-group--error', Boolean(message));
  field.error.hidden = !message;
  field.error.replaceChildren(...(message ? [visuallyHidden('Error: '), message] : []));
  if (message) {
    field.input.setAttribute('aria-invalid', 'true');
    field.input.setAttribute('aria-describedby', describedBy(field.hintId, field.errorId));
  } else {
    field.input.removeAttribute('aria-invalid');
    const hintOnly = describedBy(field.hintId);
    if (hintOnly) field.input.setAttribute('aria-describedby', hintOnly);
    else field.input.removeAttribute('aria-describedby');
  }
}

// The error summary: a heading, then one line per problem, linking to the field when there is one.
export function errorSummary({ headingLevel = 2 } = {}) {
  const titleId = uniqueId('error-summary-title');
  const list = h('ul', { class: 'error-summary__list' });
  const element = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': titleId, role: 'region' },
    h(`h${headingLevel}`, { class: 'error-summary__title', id: titleId }, 'There is a problem'),
    list);
  return {
    element,
    // problems: [{message, field?}] where field is a value from textField() etc.
    show(problems) {
      list.replaceChildren(...problems.map(({ message, field }) => h('li', {},
        field
          ? h('a', {
            href: `#${field.input.id}`,
            on: {
              click(event) {
                event.preventDefault();
                field.input.focus();
                const label = field.group.querySelector('label');
                (label || field.input).scrollIntoView({ block: 'center' });
              },
            },
          }, message)
          : message)));
      element.hidden = false;
      element.focus();
    },
    hide() {
      element.hidden = true;
      list.replaceChildren();
    },
  };
}

// Wires a <form>: local checks, then the server call; any failure lands in the summary and next to
// the fields. `fields` is a list from the builders above; `check(values)` returns
// [{name, message}] for problems found before asking the server.
export function buildForm({ ctx, fields, submitText, onSubmit, check = () => [], headingLevel = 2, secondary = null, buttonClass = 'button', leading = [] }) {
  const summary = errorSummary({ headingLevel });
  const byName = new Map(fields.map((field) => [field.name, field]));
  const button = h('button', { type: 'submit', class: buttonClass }, submitText);
  const form = h('form', { novalidate: true, class: 'form' },
    summary.element, leading, fields.map((field) => field.group),
    h('div', { class: 'button-group' }, button, secondary));
  let pending = false;

  function clear() {
    summary.hide();
    for (const field of fields) setFieldError(field, null);
  }

  function show(problems) {
    const lines = [];
    const seen = new Set();
    for (const { name, message } of problems) {
      const field = name ? byName.get(name) : null;
      if (field && !seen.has(name)) {
        seen.add(name);
        setFieldError(field, message);
      }
      lines.push({ message, field: field || null });
    }
    ctx.setErrorState(true);
    summary.show(lines);
  }

  function values() {
    return Object.fromEntries(fields.map((field) => [field.name, field.value()]));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (pending) return;
    clear();
    const current = values();
    const local = check(current);
    if (local.length) {
      show(local);
      return;
    }
    pending = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(current);
      ctx.setErrorState(false);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(problemsFromError(error));
    } finally {
      pending = false;
      form.removeAttribute('aria-busy');
    }
  });

  return { form, fields: byName, show, clear, button };
}

// Turns an ApiError into summary lines: each field error, or the detail when there is none.
export function problemsFromError(error) {
  const problems = error.fieldErrors.map(({ field, message }) => ({ name: field, message }));
  if (!problems.length || error.status !== 422) {
    if (!problems.some((problem) => problem.message === error.detail)) {
      problems.unshift({ name: null, message: error.detail });
    }
  }
  return problems;
}

// For actions that are a single button (join, revoke, show more): a summary the view places near
// the top and fills when the action fails.
export function actionErrors(ctx, options) {
  const summary = errorSummary(options);
  return {
    element: summary.element,
    hide: () => summary.hide(),
    show(error) {
      ctx.setErrorState(true);
      summary.show([{ message: error instanceof ApiError ? error.detail : String(error.message || error) }]);
    },
  };
}
