// Writing in the discussions: the Markdown box with its limits and preview, radio buttons, and the
// small forms that open inside a post (reply, edit, flag, hide). Built on forms.js, so errors show
// the same way everywhere: a summary that takes focus, and a message by the field.
import { ApiError } from '../api.js';
import { h, uniqueId, visuallyHidden } from '../dom.js';
import { textArea } from '../forms.js';
import { LIMITS, utf8Length } from '../discussion-logic.js';
import { safeHtml } from './post-html.js';

// Below this share of the limit nobody needs a counter; above it, people see what is left.
const COUNTER_FROM = 0.8;

export function markdownHint(extra) {
  return [
    'You can use Markdown: ', h('code', {}, '**bold**'), ', ', h('code', {}, '_italic_'), ', ',
    h('code', {}, '[a link](https://example.org)'), ', lists starting with ', h('code', {}, '-'),
    ' and quotes starting with ', h('code', {}, '>'), '. To mention someone, write @ and their name without spaces. ',
    `Up to ${LIMITS.bodyBytes / 1024} KB of text (about 10,000 words).`,
    extra ? [' ', extra] : null,
  ];
}

// A Markdown text box with a limit counter and a Preview button. Returns the field (for
// buildForm), the preview button (for the form's button row) and the preview area.
export function markdownField(ctx, { name = 'body', label, hint, value = '', rows = 6, idPrefix = uniqueId('md') } = {}) {
  const field = textArea({ name, label, hint: hint || markdownHint(), value, rows, idPrefix, spellcheck: true });
  const textarea = field.input;
  const counter = h('p', { class: 'char-count', hidden: true });
  // Screen readers hear the count after a pause in typing, not at every key.
  const counterStatus = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  let statusTimer = null;
  function updateCounter() {
    const used = utf8Length(textarea.value);
    const left = LIMITS.bodyBytes - used;
    let text = '';
    if (left < 0) text = `Too long: take out about ${(-left).toLocaleString('en')} characters.`;
    else if (used >= LIMITS.bodyBytes * COUNTER_FROM) text = `About ${left.toLocaleString('en')} characters left.`;
    counter.hidden = !text;
    counter.textContent = text;
    counter.classList.toggle('char-count--over', left < 0);
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => {
      counterStatus.textContent = text;
    }, 1000);
  }
  textarea.addEventListener('input', updateCounter);
  field.group.append(counter, counterStatus);

  const previewId = uniqueId('preview');
  const headingId = `${previewId}-heading`;
  const previewBody = h('div', { class: 'post__body' });
  const preview = h('div', { class: 'preview', id: previewId, role: 'region', 'aria-labelledby': headingId, hidden: true },
    h('p', { class: 'preview__heading', id: headingId }, 'Preview'), previewBody);
  const previewButton = h('button', { type: 'button', class: 'button button--secondary', 'aria-controls': previewId }, 'Preview');
  let previewing = false;
  previewButton.addEventListener('click', async () => {
    if (previewing) return;
    const body = textarea.value;
    preview.hidden = false;
    if (!body.trim()) {
      previewBody.replaceChildren(h('p', {}, 'There is nothing to preview yet.'));
      ctx.announce('There is nothing to preview yet.');
      return;
    }
    previewing = true;
    preview.setAttribute('aria-busy', 'true');
    try {
      const result = await ctx.api.post('/markdown/preview', { body });
      previewBody.replaceChildren(safeHtml(result.html));
      ctx.announce('The preview is shown below the buttons.');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      previewBody.replaceChildren(h('p', { class: 'field-error' }, `The preview did not work: ${error.detail}`));
      ctx.announce(`The preview did not work: ${error.detail}`);
    } finally {
      previewing = false;
      preview.removeAttribute('aria-busy');
    }
  });
  // A preview of older text would mislead.
  textarea.addEventListener('input', () => {
    if (!preview.hidden) preview.classList.add('preview--stale');
  });
  previewButton.addEventListener('click', () => preview.classList.remove('preview--stale'));

  return { field, previewButton, preview };
}

// A group of radio buttons in a fieldset, shaped like the fields of forms.js so that buildForm can
// show its error and its summary link can move focus to the first choice.
export function radiosField({ name, legend, hint, options, value = '', idPrefix = uniqueId('r'), small = false }) {
  const id = `${idPrefix}-${name}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const inputs = options.map((option, index) => {
    const inputId = index === 0 ? id : `${id}-${index}`;
    const optionHintId = option.hint ? `${inputId}-item-hint` : null;
    const input = h('input', {
      type: 'radio', name: `${idPrefix}-${name}`, value: option.value, id: inputId, class: 'radios__input',
      checked: String(option.value) === String(value), 'aria-describedby': optionHintId,
    });
    return {
      input,
      item: h('div', { class: 'radios__item' }, input,
        h('label', { for: inputId, class: 'radios__label' }, option.label),
        option.hint ? h('div', { id: optionHintId, class: 'hint radios__hint' }, option.hint) : null),
    };
  });
  const fieldset = h('fieldset', { class: 'fieldset', 'aria-describedby': hintId },
    h('legend', { class: small ? 'fieldset__legend fieldset__legend--small' : 'fieldset__legend' }, legend),
    hint ? h('div', { id: hintId, class: 'hint' }, hint) : null,
    error,
    h('div', { class: 'radios' }, inputs.map(({ item }) => item)));
  const group = h('div', { class: 'form-group' }, fieldset);
  const field = { name, input: inputs[0].input, group, error, hintId, errorId, label: legend };
  field.value = () => {
    const checked = inputs.find(({ input }) => input.checked);
    return checked ? checked.input.value : '';
  };
  // forms.js marks the first radio; the fieldset should carry the message for all of them.
  const observer = new MutationObserver(() => {
    const invalid = !error.hidden;
    fieldset.setAttribute('aria-describedby', [hintId, invalid ? errorId : null].filter(Boolean).join(' ') || '');
    if (!fieldset.getAttribute('aria-describedby')) fieldset.removeAttribute('aria-describedby');
    const first = inputs[0].input;
    first.removeAttribute('aria-invalid');
    const own = options[0].hint ? `${id}-item-hint` : null;
    if (own) first.setAttribute('aria-describedby', own);
    else first.removeAttribute('aria-describedby');
  });
  observer.observe(error, { attributes: true, attributeFilter: ['hidden'] });
  return field;
}

// The label of a button that names what it acts on for screen readers: "Reply" + " to Ada".
export function buttonText(visible, context) {
  return context ? [visible, visuallyHidden(` ${context}`)] : visible;
}

// The contents of a toggle button (aria-pressed): a tick shown when pressed, left out of its name.
export function toggleText(visible, context) {
  return [h('span', { class: 'toggle-mark', 'aria-hidden': 'true' }, '✓ '), buttonText(visible, context)];
}
