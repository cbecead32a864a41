// What the live pages share for acting in place: redrawing a part without losing the keyboard
// user's place, and buttons that run one request, show its failure in an error summary, and ignore
// a second press while it runs (with or without a "Are you sure?" step first).
import { ApiError } from './api.js';
import { h, uniqueId, visuallyHidden } from './dom.js';

// Replaces a part of the page; what had focus in it gets it back when it is still there (found by
// its data-key), else `fallback` does, so a keyboard user is never dropped at the top of the page.
// A text box found again keeps the caret where it was, so typing carries on in place.
export function replaceKeepingFocus(container, nodes, fallback) {
  const active = document.activeElement;
  const hadFocus = Boolean(active && container.contains(active));
  const key = hadFocus ? active.dataset.key || null : null;
  const caret = hadFocus && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
  container.replaceChildren(...[nodes].flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false));
  if (!hadFocus) return;
  const again = key ? container.querySelector(`[data-key="${CSS.escape(key)}"]`) : null;
  if (again) {
    again.focus();
    if (caret && typeof again.setSelectionRange === 'function') {
      try {
        again.setSelectionRange(...caret);
      } catch {
        // Inputs without a caret (numbers, dates) refuse; focus alone is what matters there.
      }
    }
  } else if (fallback) fallback.focus();
}

// Runs `work` unless the last run is still going; a refused request lands in `errors` (from
// forms.js actionErrors), anything else is a bug and is thrown on.
function oneAtATime(errors, work, { onStart = () => {}, onEnd = () => {} } = {}) {
  let busy = false;
  return async () => {
    if (busy) return;
    busy = true;
    onStart();
    errors.hide();
    try {
      await work();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.show(error);
    } finally {
      busy = false;
      onEnd();
    }
  };
}

// A button that runs one request. `context` is read to screen readers after `text` ("Accept" +
// " Bike racks"), so that a list of like buttons can be told apart; `key` finds it again after a
// redraw.
export function actionButton(errors, { text, context, key, className = 'button button--secondary', onClick }) {
  const button = h('button', { type: 'button', class: className, dataset: key ? { key } : undefined },
    text, context ? visuallyHidden(` ${context}`) : null);
  button.addEventListener('click', oneAtATime(errors, onClick, {
    onStart: () => button.setAttribute('aria-disabled', 'true'),
    onEnd: () => button.removeAttribute('aria-disabled'),
  }));
  return button;
}

// A button for something that cannot be undone: pressing it asks `question` in its place, with
// focus on the question; "no" puts the button back and focus on it, "yes" runs `onConfirm`.
export function confirmButton(errors, { text, question, confirmText, cancelText, warning = false, onConfirm }) {
  const trigger = h('button', { type: 'button', class: `button ${warning ? 'button--warning' : 'button--secondary'}` }, text);
  const holder = h('div', { class: 'confirm-slot' }, trigger);
  trigger.addEventListener('click', () => askInPlace(errors, trigger, { question, confirmText, cancelText, warning, onConfirm }));
  return holder;
}

// Puts "Are you sure?" in the place of `element` (a button, or a form whose answers it confirms),
// with focus on the question; "no" puts `element` back and focus on `returnTo` (default: itself).
// `question` may be text or nodes, such as a sentence and a paragraph explaining the consequence.
export function askInPlace(errors, element, { question, details = null, confirmText, cancelText, warning = false, onConfirm, returnTo = element }) {
  const questionId = uniqueId('confirm');
  const yes = h('button', { type: 'button', class: `button${warning ? ' button--warning' : ''}` }, confirmText);
  const no = h('button', { type: 'button', class: 'button button--secondary' }, cancelText);
  const ask = h('p', { id: questionId, class: 'panel__title', tabindex: '-1' }, question);
  const panel = h('div', { class: 'panel confirm', role: 'group', 'aria-labelledby': questionId }, ask, details, h('div', { class: 'button-group' }, yes, no));
  no.addEventListener('click', () => {
    panel.replaceWith(element);
    returnTo.focus();
  });
  yes.addEventListener('click', oneAtATime(errors, onConfirm));
  element.replaceWith(panel);
  ask.focus();
  return panel;
}
