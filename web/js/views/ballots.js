// Ballots: a group's list, the form officers use to set one up, and the ballot page — what is
// being decided and how, who may vote, the vote itself (radio buttons, check boxes or a ranking
// worked with buttons, never by dragging), the tracker code, and after the close the full count
// with a table per count and a chart. Live: the page listens to the ballot's room and redraws
// when voting opens, closes or is cancelled, without taking focus from the reader.
import { ApiError } from '../api.js';
import { confirmButton } from '../actions.js';
import { h, plural, timeElement, uniqueId, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, checkboxField, selectField, textField } from '../forms.js';
import {
  METHODS, MAX_OPTIONS, THRESHOLDS, addToRanking, ballotStatusLabel, chartData, chartGeometry, chartSummary,
  checkNewBallot, figure, formFieldName, formatInZone, formatTracker, generateTracker, isMultiSeat, isRanked,
  marksText, methodLabel, moveInRanking, newBallotBody, newRanking, normaliseTracker, optionRows, ordinal,
  outcomeLabel, quorumSentence, rankingMessage, reasonText, removeFromRanking, roundTable, thresholdLabel,
  timeZoneChoices, trackerProblem, unranked, yesNoRows,
} from '../ballot-logic.js';
import { markdownField, radiosField } from './composer.js';
import { safeHtml } from './post-html.js';
import { tableWrap } from './profile.js';
import { sectionCrumbs } from './group.js';
import { loadOr } from './thread.js';

function ballotCrumbs(group, current) {
  return sectionCrumbs(group, 'Ballots', 'ballots', current);
}

// A moment in the ballot's own time zone, machine-readable in `datetime`.
function zonedTime(iso, timeZone) {
  return iso ? h('time', { datetime: iso }, formatInZone(iso, timeZone)) : '';
}

function windowText(ballot) {
  if (ballot.manual) return 'Voting is opened and closed by an officer.';
  const parts = [];
  if (ballot.opens_at) parts.push(['Voting opens ', zonedTime(ballot.opens_at, ballot.time_zone), '. ']);
  if (ballot.closes_at) parts.push(['Voting closes ', zonedTime(ballot.closes_at, ballot.time_zone), '.']);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// The list

function ballotItem(ballot) {
  const facts = [methodLabel(ballot.method)];
  if (ballot.status === 'open' && ballot.closes_at) facts.push(['closes ', zonedTime(ballot.closes_at, ballot.time_zone)]);
  else if (ballot.status === 'scheduled' && ballot.opens_at) facts.push(['opens ', zonedTime(ballot.opens_at, ballot.time_zone)]);
  else if (ballot.status === 'closed' && ballot.closed_at) facts.push(['closed ', zonedTime(ballot.closed_at, ballot.time_zone)]);
  if (ballot.manual && ballot.status !== 'closed') facts.push('opened and closed by an officer');
  if (typeof ballot.ballots_cast === 'number' && ballot.status !== 'scheduled') facts.push(plural(ballot.ballots_cast, 'ballot cast', 'ballots cast'));
  return h('li', { class: 'ballot-list__item' },
    h('a', { href: `/ballots/${ballot.id}`, class: 'ballot-list__link' }, ballot.title), ' ',
    h('span', { class: `tag${ballot.status === 'open' ? ' tag--new' : ''}` }, ballotStatusLabel(ballot.status)),
    h('p', { class: 'caption' }, facts.flatMap((fact, index) => (index ? [' · ', fact] : [fact]))));
}

export async function ballotsView(ctx, { params }) {
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([
    ctx.api.get(`/groups/${encodeURIComponent(params.id)}`),
    ctx.api.get(`/groups/${encodeURIComponent(params.id)}/ballots`),
  ]));
  if (loaded.page) return loaded.page;
  const [{ group }, { ballots = [], can_create: canCreate = false }] = loaded.data;
  const title = `Ballots in ${group.name}`;
  const sections = [
    ['open-heading', 'Open for voting', ballots.filter((ballot) => ballot.status === 'open')],
    ['scheduled-heading', 'Not open yet', ballots.filter((ballot) => ballot.status === 'scheduled')],
    ['closed-heading', 'Closed', ballots.filter((ballot) => ballot.status === 'closed' || ballot.status === 'cancelled')],
  ].filter(([, , list]) => list.length)
    .map(([id, heading, list]) => h('section', { 'aria-labelledby': id },
      h('h2', { id }, heading),
      h('ul', { class: 'list ballot-list' }, list.map(ballotItem))));
  return {
    title,
    content: [
      ballotCrumbs(group, null),
      h('h1', {}, title),
      h('p', {}, h('a', { href: `/groups/${group.id}` }, `Back to ${group.name}`)),
      canCreate ? h('p', {}, h('a', { href: `/groups/${group.id}/ballots/new`, class: 'button' }, 'Set up a ballot')) : null,
      sections.length ? sections : h('p', {}, ctx.person ? 'There are no ballots in this group yet.' : 'There are no ballots here that you can see. Sign in to see your groups’ ballots.'),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The new-ballot form

// The list of options with a row each (name and optional description) and "Add"/"Remove"
// buttons, shaped like a forms.js field so buildForm shows its errors and the summary link
// leads to the first option.
function optionsEditor(ctx) {
  const id = 'f-options';
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const list = h('ol', { class: 'option-rows' });
  const addButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Add an option');
  const rows = [];

  function renumber() {
    rows.forEach((row, index) => {
      const n = index + 1;
      row.nameLabel.textContent = `Option ${n}`;
      row.descriptionLabel.textContent = `Description of option ${n} (optional)`;
      row.remove.replaceChildren('Remove', visuallyHidden(` option ${n}`));
      row.remove.hidden = rows.length <= 2;
    });
    addButton.hidden = rows.length >= MAX_OPTIONS;
  }

  function addRow({ label = '', description = '' } = {}) {
    const rowId = uniqueId('option');
    const nameInput = h('input', { type: 'text', id: `${rowId}-label`, class: 'input', value: label, maxlength: 200 });
    const descriptionInput = h('input', { type: 'text', id: `${rowId}-description`, class: 'input', value: description, maxlength: 500 });
    const row = {
      nameInput,
      descriptionInput,
      nameLabel: h('label', { for: nameInput.id, class: 'label' }),
      descriptionLabel: h('label', { for: descriptionInput.id, class: 'label label--light' }),
      remove: h('button', { type: 'button', class: 'button button--secondary button--small' }),
    };
    row.item = h('li', { class: 'option-row' },
      h('div', { class: 'option-row__field' }, row.nameLabel, nameInput),
      h('div', { class: 'option-row__field' }, row.descriptionLabel, descriptionInput),
      h('div', { class: 'option-row__actions' }, row.remove));
    row.remove.addEventListener('click', () => {
      const at = rows.indexOf(row);
      const name = nameInput.value.trim();
      rows.splice(at, 1);
      row.item.remove();
      renumber();
      // Focus goes to the option that took its place, or the one before it.
      const next = rows[at] || rows[at - 1];
      (next ? next.nameInput : addButton).focus();
      ctx.announce(`Option ${at + 1}${name ? `, ${name},` : ''} removed. ${plural(rows.length, 'option', 'options')} left.`);
    });
    rows.push(row);
    list.append(row.item);
    renumber();
    return row;
  }

  addButton.addEventListener('click', () => {
    addRow().nameInput.focus();
  });
  addRow();
  addRow();

  const fieldset = h('fieldset', { class: 'fieldset', 'aria-describedby': hintId },
    h('legend', { class: 'fieldset__legend' }, 'Options'),
    h('div', { id: hintId, class: 'hint' }, 'What people choose between, such as the candidates’ names. At least 2, each named differently.'),
    error, list, h('div', { class: 'button-group' }, addButton));
  const group = h('div', { class: 'form-group' }, fieldset);
  const field = {
    name: 'options',
    group,
    error,
    hintId,
    errorId,
    label: 'Options',
    get input() {
      return rows.length ? rows[0].nameInput : addButton;
    },
    value: () => rows.map((row) => ({ label: row.nameInput.value, description: row.descriptionInput.value })),
  };
  // forms.js marks the first input; the message belongs to the whole list, so the fieldset carries it.
  new MutationObserver(() => {
    fieldset.setAttribute('aria-describedby', [hintId, error.hidden ? null : errorId].filter(Boolean).join(' '));
    for (const row of rows) {
      row.nameInput.removeAttribute('aria-invalid');
      row.nameInput.removeAttribute('aria-describedby');
    }
  }).observe(error, { attributes: true, attributeFilter: ['hidden'] });
  return field;
}

// An ApiError whose field names are the form's, so each server message lands by its question.
function withFormFieldNames(error) {
  if (!(error instanceof ApiError)) return error;
  return new ApiError({
    status: error.status,
    code: error.code,
    detail: error.detail,
    retryAfterSeconds: error.retryAfterSeconds,
    fieldErrors: error.fieldErrors.map((problem) => ({ ...problem, field: formFieldName(problem.field) })),
  });
}

export async function newBallotView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([
    ctx.api.get(`/groups/${encodeURIComponent(params.id)}`),
    ctx.api.get(`/groups/${encodeURIComponent(params.id)}/ballots`),
  ]));
  if (loaded.page) return loaded.page;
  const [{ group }, { can_create: canCreate = false }] = loaded.data;
  if (!canCreate) {
    return {
      title: 'You cannot set up a ballot here',
      content: [ballotCrumbs(group, 'New ballot'), h('h1', {}, 'You cannot set up a ballot here'),
        h('p', {}, `Only officers of ${group.name} can set up its ballots.`),
        h('p', {}, h('a', { href: `/groups/${group.id}/ballots` }, `Ballots in ${group.name}`))],
    };
  }
  const groupZone = group.time_zone || 'Europe/London';
  const zoneHint = (zone) => `Times are in ${zone}, the time zone chosen above.`;

  const title = textField({ name: 'title', label: 'Title', hint: 'What is being decided, in a few words. For example, “Branch committee election 2026”.', maxlength: 200 });
  const { field: description, previewButton, preview } = markdownField(ctx, {
    name: 'description', label: 'Description (optional)', rows: 5, idPrefix: 'f',
    hint: 'Anything voters should know: the motion in full, what the positions involve. You can use Markdown.',
  });
  description.group.append(h('div', { class: 'button-group' }, previewButton), preview);
  const method = selectField({
    name: 'method', label: 'How people vote', value: 'yes_no',
    hint: 'Ranked methods let each voter put the options in order of preference.',
    options: METHODS.map((value) => ({ value, label: methodLabel(value) })),
  });
  const options = optionsEditor(ctx);
  const seats = textField({ name: 'seats', label: 'Number of seats to fill', hint: 'How many options are elected. For approval, how many are chosen.', value: '1', inputmode: 'numeric', width: 'short', spellcheck: false });
  const threshold = radiosField({
    name: 'threshold', legend: 'What it takes to pass', value: 'simple_majority', idPrefix: 'f',
    hint: 'Abstentions do not count towards the threshold, only towards turnout and the quorum.',
    options: THRESHOLDS.map((value) => ({ value, label: thresholdLabel(value) })),
  });
  const quorum = textField({ name: 'quorum_percent', label: 'Quorum, as a percentage of eligible voters (optional)', hint: 'If fewer ballots than this are cast, there is no decision. Leave empty or 0 for no quorum.', inputmode: 'numeric', width: 'short', spellcheck: false });
  const secret = radiosField({
    name: 'secret', legend: 'Secret or open ballot', value: 'secret', idPrefix: 'f',
    options: [
      { value: 'secret', label: 'Secret ballot', hint: 'Nobody, not even officers, can see how anyone voted.' },
      { value: 'open', label: 'Open ballot (roll call)', hint: 'After the close, everyone who can see the ballot sees how each person voted.' },
    ],
  });
  const subgroups = checkboxField({ name: 'include_subgroups', label: `Members of groups within ${group.name} can vote too` });
  const supporters = checkboxField({ name: 'include_supporters', label: 'Supporters can vote too', hint: 'Otherwise only members (and officers) vote.' });
  const joined = textField({ name: 'joined_on_or_before', label: 'Only people who joined on or before this date (optional)', type: 'date', width: 'date' });
  const zone = selectField({
    name: 'time_zone', label: 'Time zone', value: groupZone,
    hint: `The times below are read in this zone and shown in it on the ballot page. ${group.name} uses ${groupZone}.`,
    options: timeZoneChoices(groupZone).map((value) => ({ value, label: value })),
  });
  const timing = radiosField({
    name: 'timing', legend: 'When voting happens', value: 'scheduled', idPrefix: 'f',
    options: [
      { value: 'scheduled', label: 'At set times', hint: 'Plenary opens and closes voting at the times you give.' },
      { value: 'manual', label: 'When an officer opens and closes it', hint: 'For votes taken during a meeting.' },
    ],
  });
  const opensAt = textField({ name: 'opens_at', label: 'Voting opens (optional)', type: 'datetime-local', width: 'date', hint: `Leave empty to open voting as soon as the ballot is set up. ${zoneHint(groupZone)}` });
  const closesAt = textField({ name: 'closes_at', label: 'Voting closes', type: 'datetime-local', width: 'date', hint: zoneHint(groupZone) });

  const fields = [title, description, method, options, seats, threshold, quorum, secret, subgroups, supporters, joined, zone, timing, opensAt, closesAt];

  function showRelevant() {
    const chosen = method.value();
    options.group.hidden = chosen === 'yes_no';
    seats.group.hidden = !isMultiSeat(chosen);
    threshold.group.hidden = chosen !== 'yes_no';
    const manual = timing.value() === 'manual';
    opensAt.group.hidden = manual;
    closesAt.group.hidden = manual;
  }
  method.input.addEventListener('change', showRelevant);
  timing.group.addEventListener('change', showRelevant);
  zone.input.addEventListener('change', () => {
    const chosen = zone.value();
    opensAt.group.querySelector('.hint').textContent = `Leave empty to open voting as soon as the ballot is set up. ${zoneHint(chosen)}`;
    closesAt.group.querySelector('.hint').textContent = zoneHint(chosen);
  });
  showRelevant();

  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Set up the ballot',
    secondary: h('a', { href: `/groups/${group.id}/ballots`, class: 'link-button' }, 'Cancel'),
    check: (values) => checkNewBallot(values),
    async onSubmit(values) {
      let result;
      try {
        result = await ctx.api.post(`/groups/${group.id}/ballots`, newBallotBody(values));
      } catch (error) {
        throw withFormFieldNames(error);
      }
      const ballot = result.ballot;
      const notice = ballot.status === 'open' ? 'The ballot has been set up and voting is open.' : 'The ballot has been set up.';
      ctx.navigate(`/ballots/${ballot.id}`, { notice });
    },
  });
  // Headings split the long form into the questions it asks.
  form.insertBefore(h('h2', {}, 'Who can vote'), subgroups.group);
  form.insertBefore(h('h2', {}, 'When'), zone.group);
  form.insertBefore(h('h2', {}, 'The question'), title.group);

  const heading = `Set up a ballot in ${group.name}`;
  return {
    title: heading,
    content: [ballotCrumbs(group, 'New ballot'), h('h1', {}, heading), form],
  };
}

// ---------------------------------------------------------------------------------------------
// The vote: one control per method, each shaped like a forms.js field (name 'marks').

const activeOptions = (ballot) => ballot.options.filter((option) => !option.withdrawn);

function choiceField(ballot, idPrefix) {
  const field = radiosField({
    name: 'marks', idPrefix,
    legend: ballot.method === 'yes_no' ? 'Your answer' : 'Choose one',
    options: activeOptions(ballot).map((option) => ({ value: String(option.number), label: option.label, hint: option.description || null })),
  });
  const read = field.value;
  field.value = () => (read() ? [Number(read())] : []);
  field.check = (marks) => (marks.length === 1 ? null : ballot.method === 'yes_no' ? 'Choose yes, no or abstain' : 'Choose one option');
  return field;
}

function approvalField(ballot, idPrefix) {
  const id = `${idPrefix}-marks`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const boxes = activeOptions(ballot).map((option, index) => {
    const inputId = index === 0 ? id : `${id}-${index}`;
    const input = h('input', { type: 'checkbox', id: inputId, value: String(option.number), class: 'checkbox__input', 'aria-describedby': option.description ? `${inputId}-hint` : null });
    return {
      input,
      item: h('div', { class: 'form-group checkbox checkboxes__item' }, input,
        h('label', { for: inputId, class: 'checkbox__label' }, option.label),
        option.description ? h('div', { id: `${inputId}-hint`, class: 'hint' }, option.description) : null),
    };
  });
  const seats = ballot.seats > 1 ? ` ${plural(ballot.seats, 'option is', 'options are')} chosen.` : '';
  const fieldset = h('fieldset', { class: 'fieldset', 'aria-describedby': hintId },
    h('legend', { class: 'fieldset__legend' }, 'Choose every option you approve of'),
    h('div', { id: hintId, class: 'hint' }, `You can choose any number, or none.${seats} The option${ballot.seats > 1 ? 's' : ''} with the most approvals win${ballot.seats > 1 ? '' : 's'}.`),
    error, boxes.map(({ item }) => item));
  const field = {
    name: 'marks', input: boxes[0].input, group: h('div', { class: 'form-group' }, fieldset), error, hintId, errorId, label: 'Your choices',
    value: () => boxes.filter(({ input }) => input.checked).map(({ input }) => Number(input.value)),
    check: () => null,
  };
  new MutationObserver(() => {
    fieldset.setAttribute('aria-describedby', [hintId, error.hidden ? null : errorId].filter(Boolean).join(' '));
    const first = boxes[0].input;
    first.removeAttribute('aria-invalid');
    if (activeOptions(ballot)[0].description) first.setAttribute('aria-describedby', `${id}-hint`);
    else first.removeAttribute('aria-describedby');
  }).observe(error, { attributes: true, attributeFilter: ['hidden'] });
  return field;
}

// The ranking: "Your ranking" (an ordered list) and "Not ranked", each candidate with buttons
// whose names say which candidate they move. After each change focus stays on the same button
// of the moved candidate, or on its nearest neighbour when that button is gone, and the new
// place is announced.
function rankingField(ctx, ballot, idPrefix, { initial = [] } = {}) {
  const id = `${idPrefix}-marks`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const rankedHeadingId = `${id}-ranked-heading`;
  const unrankedHeadingId = `${id}-unranked-heading`;
  const candidates = activeOptions(ballot);
  const nameOf = new Map(candidates.map((option) => [option.number, option.label]));
  const describe = new Map(candidates.map((option) => [option.number, option.description || '']));
  let ranking = newRanking(candidates.map((option) => option.number), initial);

  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const rankedList = h('ol', { class: 'ranking__list', 'aria-labelledby': rankedHeadingId });
  const rankedEmpty = h('p', { class: 'ranking__empty' }, 'Nobody yet. Use the “Add to ranking” buttons, starting with your first choice.');
  const unrankedList = h('ul', { class: 'ranking__list ranking__list--unranked', 'aria-labelledby': unrankedHeadingId });
  const unrankedEmpty = h('p', { class: 'ranking__empty' }, 'You have ranked every candidate.');

  const button = (action, text, number, { disabled = false, warning = false } = {}) => h('button', {
    type: 'button',
    class: `button button--secondary button--small${warning ? ' ranking__remove' : ''}`,
    dataset: { action, number: String(number) },
    'aria-disabled': disabled ? 'true' : null,
  }, text, visuallyHidden(`: ${nameOf.get(number)}`));

  function draw() {
    const count = ranking.ranked.length;
    rankedList.replaceChildren(...ranking.ranked.map((number, index) => h('li', { class: 'ranking__item', dataset: { number: String(number) } },
      h('span', { class: 'ranking__place', 'aria-hidden': 'true' }, ordinal(index + 1)),
      h('span', { class: 'ranking__name' }, nameOf.get(number)),
      h('span', { class: 'ranking__actions' },
        button('up', 'Move up', number, { disabled: index === 0 }),
        button('down', 'Move down', number, { disabled: index === count - 1 }),
        button('remove', 'Remove', number, { warning: true })))));
    const rest = unranked(ranking);
    unrankedList.replaceChildren(...rest.map((number) => h('li', { class: 'ranking__item', dataset: { number: String(number) } },
      h('span', { class: 'ranking__name' }, nameOf.get(number),
        describe.get(number) ? h('span', { class: 'ranking__description' }, ` – ${describe.get(number)}`) : null),
      h('span', { class: 'ranking__actions' }, button('add', 'Add to ranking', number)))));
    rankedEmpty.hidden = count > 0;
    rankedList.hidden = count === 0;
    unrankedEmpty.hidden = rest.length > 0;
    unrankedList.hidden = rest.length === 0;
  }

  const focusButton = (list, action, number) => {
    const target = list.querySelector(`button[data-action="${action}"][data-number="${number}"]`);
    if (target) target.focus();
    return Boolean(target);
  };

  function act(action, number) {
    const name = nameOf.get(number);
    const before = { ranked: ranking.ranked, rest: unranked(ranking) };
    let step;
    if (action === 'up' || action === 'down') {
      const at = ranking.ranked.indexOf(number);
      if ((action === 'up' && at === 0) || (action === 'down' && at === ranking.ranked.length - 1)) {
        ctx.announce(`${name} is already your ${action === 'up' ? 'first' : 'last'} preference.`);
        return;
      }
      step = moveInRanking(ranking, number, action === 'up' ? -1 : +1);
    } else if (action === 'add') step = addToRanking(ranking, number);
    else step = removeFromRanking(ranking, number);
    ranking = step.ranking;
    draw();
    if (action === 'up' || action === 'down') {
      focusButton(rankedList, action, number);
    } else if (action === 'add') {
      // The next candidate to add, so ranking several in a row takes one key each; when none is
      // left, the candidate just added.
      const at = before.rest.indexOf(number);
      const rest = unranked(ranking);
      const next = rest[at] ?? rest[at - 1];
      if (next === undefined || !focusButton(unrankedList, 'add', next)) focusButton(rankedList, 'up', number);
    } else {
      const at = before.ranked.indexOf(number);
      const next = ranking.ranked[at] ?? ranking.ranked[at - 1];
      if (next === undefined || !focusButton(rankedList, 'remove', next)) focusButton(unrankedList, 'add', number);
    }
    ctx.announce(rankingMessage(name, step.position, action === 'add' ? 'add' : action === 'remove' ? 'remove' : 'move'));
  }

  const fieldset = h('fieldset', { class: 'fieldset ranking', 'aria-describedby': hintId, tabindex: '-1', id },
    h('legend', { class: 'fieldset__legend' }, 'Rank the candidates'),
    h('div', { id: hintId, class: 'hint' },
      `Put the candidates in order of preference, your first choice first. Rank as many or as few as you like: those you leave out get no part of your vote.${ballot.seats > 1 ? ` ${plural(ballot.seats, 'seat is', 'seats are')} to be filled.` : ''}`),
    error,
    h('div', { class: 'ranking__columns' },
      h('div', { class: 'ranking__column' }, h('h3', { id: rankedHeadingId, class: 'ranking__heading' }, 'Your ranking'), rankedEmpty, rankedList),
      h('div', { class: 'ranking__column' }, h('h3', { id: unrankedHeadingId, class: 'ranking__heading' }, 'Not ranked'), unrankedEmpty, unrankedList)));
  fieldset.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!target) return;
    act(target.dataset.action, Number(target.dataset.number));
  });
  draw();
  return {
    name: 'marks', input: fieldset, group: h('div', { class: 'form-group' }, fieldset), error, hintId, errorId, label: 'Your ranking',
    value: () => [...ranking.ranked],
    check: (marks) => (marks.length ? null : 'Add at least one candidate to your ranking'),
  };
}

// The vote form's one field, as the ballot's method needs it; the live meeting page uses it too.
export function marksField(ctx, ballot, idPrefix) {
  if (isRanked(ballot.method)) return rankingField(ctx, ballot, idPrefix);
  if (ballot.method === 'approval') return approvalField(ballot, idPrefix);
  return choiceField(ballot, idPrefix);
}

// The tracker, once, in a box that takes focus: the code, a Copy button, and why to keep it.
export function trackerBox(ctx, { tracker, replaced }) {
  const code = formatTracker(tracker);
  const codeNode = h('code', { class: 'tracker-box__code', id: uniqueId('tracker-code') }, code);
  const status = h('p', { class: 'tracker-box__status', role: 'status' });
  const copy = h('button', { type: 'button', class: 'button button--secondary', 'aria-describedby': codeNode.id }, 'Copy the tracker code');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code);
      status.textContent = 'Copied. Paste it somewhere safe.';
    } catch {
      // Without clipboard access, the code is selected so the person can copy it themselves.
      const selection = window.getSelection();
      selection.selectAllChildren(codeNode);
      status.textContent = 'The code is selected: press Control and C (Command and C on a Mac) to copy it.';
    }
  });
  const headingId = uniqueId('tracker-heading');
  return h('section', { class: 'tracker-box', tabindex: '-1', 'aria-labelledby': headingId },
    h('h3', { id: headingId, class: 'tracker-box__title' }, replaced ? 'Your vote has been replaced' : 'Your vote has been cast'),
    h('p', {}, 'Your tracker code:'),
    h('p', {}, codeNode),
    h('div', { class: 'button-group' }, copy),
    status,
    h('p', { class: 'tracker-box__keep' }, h('strong', {}, 'Keep this code: after the close it lets you check that your ballot was counted.')),
    h('p', {}, 'It is shown only this once. Plenary keeps no record linking it to you, so nobody can find it for you. You also need it to change your vote before voting closes.'));
}

// ---------------------------------------------------------------------------------------------
// The result

const svgNs = 'http://www.w3.org/2000/svg';
function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

const CHART_LABEL_CHARS = 22;
// A horizontal bar chart; the same figures are in the table next to it, and its accessible name
// reads them all. Elected options say so in words beside their bar, not only by colour.
function barChart(data) {
  const rowHeight = 36;
  const labelWidth = 210;
  const barSpace = 300;
  const width = labelWidth + barSpace + 130;
  const top = data.line ? 24 : 8;
  const height = top + data.bars.length * rowHeight + 8;
  const geometry = chartGeometry(data, { width: barSpace });
  const short = (label) => (label.length > CHART_LABEL_CHARS ? `${label.slice(0, CHART_LABEL_CHARS - 1)}…` : label);
  const rows = geometry.bars.map((bar, index) => {
    const y = top + index * rowHeight;
    const markText = bar.mark === 'elected' ? ' – elected' : bar.mark === 'excluded' ? ' – excluded' : '';
    return svg('g', { class: `chart__row${bar.mark ? ` chart__row--${bar.mark}` : ''}` },
      svg('text', { x: labelWidth - 10, y: y + rowHeight / 2, class: 'chart__label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, short(bar.label)),
      svg('rect', { x: labelWidth, y: y + 6, width: Math.max(bar.length, bar.value > 0 ? 2 : 0).toFixed(2), height: rowHeight - 12, class: 'chart__bar' }),
      svg('text', { x: labelWidth + bar.length + 8, y: y + rowHeight / 2, class: 'chart__value', 'dominant-baseline': 'middle' }, `${figure(bar.value)}${markText}`));
  });
  const line = geometry.line !== null
    ? svg('g', { class: 'chart__quota' },
      svg('line', { x1: labelWidth + geometry.line, x2: labelWidth + geometry.line, y1: top - 4, y2: height - 4, class: 'chart__line' }),
      svg('text', { x: labelWidth + geometry.line, y: top - 8, 'text-anchor': 'middle', class: 'chart__value' }, `${data.lineLabel} ${figure(data.line)}`))
    : null;
  return svg('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': chartSummary(data), focusable: 'false',
  }, rows, line);
}

function chartFigure(result) {
  const data = chartData(result);
  if (!data.bars.length) return null;
  return h('figure', { class: 'chart-figure' },
    barChart(data),
    h('figcaption', { class: 'caption chart-figure__caption' }, `${data.title}. The same figures are in the table.`));
}

function simpleTable(captionText, columns, rows) {
  const captionId = uniqueId('table-caption');
  return tableWrap(captionId, h('table', { class: 'table result-table' },
    h('caption', { id: captionId, class: 'table__caption' }, captionText),
    h('thead', {}, h('tr', {}, columns.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows)));
}

function yesNoResult(ballot, result) {
  return [
    result.threshold ? h('p', {}, `Threshold: ${thresholdLabel(result.threshold.name)}. `, result.threshold.explanation || '') : null,
    simpleTable(`Votes in “${ballot.title}”`, ['Answer', 'Votes', 'Share of yes and no'],
      yesNoRows(result).map((row) => h('tr', {}, h('th', { scope: 'row' }, row.label), h('td', {}, figure(row.votes)), h('td', {}, row.share || 'not counted')))),
  ];
}

function optionsResult(ballot, result) {
  const nameOf = new Map(ballot.options.map((option) => [option.number, option.label]));
  const ties = (result.ties || []).map((tie) => h('li', {},
    `Tie between ${tie.tied.map((n) => nameOf.get(n)).join(', ')}: ${tie.chosen.map((n) => nameOf.get(n)).join(', ')} chosen by ${tie.by || 'lot order'}.`));
  const word = ballot.method === 'approval' && ballot.seats > 1 ? 'Elected' : 'Chosen';
  return [
    simpleTable(`Votes for each option in “${ballot.title}”`, ['Option', 'Votes', 'Result'],
      optionRows(result).map((row) => h('tr', {}, h('th', { scope: 'row' }, row.label), h('td', {}, figure(row.votes)), h('td', {}, row.elected ? h('strong', {}, word) : '')))),
    ties.length ? [h('h3', {}, 'Ties'), h('ul', { class: 'list list--bullet' }, ties)] : null,
  ];
}

function rankedResult(ballot, result) {
  const count = result.count;
  if (!count) return [];
  const table = roundTable(count);
  const captionId = uniqueId('rounds-caption');
  const headRow = h('tr', {}, h('th', { scope: 'col' }, 'Candidate'), table.columns.map((text) => h('th', { scope: 'col' }, text)));
  const body = table.rows.map((row) => h('tr', { class: row.finalStatus === 'elected' ? 'round-table__elected' : null },
    h('th', { scope: 'row' }, row.name, row.finalStatus === 'elected' ? h('span', { class: 'round-table__mark' }, ' (elected)') : null),
    row.cells.map((cell) => h('td', {},
      h('span', { class: 'round-table__votes' }, cell.votes),
      cell.change ? [' ', h('span', { class: 'round-table__change' }, `(${cell.change})`)] : null,
      cell.mark ? [' ', h('strong', { class: `round-table__mark round-table__mark--${cell.mark.toLowerCase()}` }, cell.mark)] : null))));
  const extra = [
    h('tr', { class: 'round-table__extra' }, h('th', { scope: 'row' }, 'Exhausted ballots'), table.exhausted.map((value) => h('td', {}, value))),
    h('tr', { class: 'round-table__extra' }, h('th', { scope: 'row' }, 'Quota'), table.quota.map((value) => h('td', {}, value))),
  ];
  const elected = (count.elected || []).map((entry) => h('li', {}, h('strong', {}, entry.name), ` – round ${entry.round}, ${reasonText(entry.reason)}`));
  const ties = (count.rounds || []).flatMap((round) => (round.ties || []).map((tie) => h('li', {},
    `Round ${round.round}: tie between ${tie.tied.map((t) => t.name).join(', ')}; ${tie.chosen.name} ${tie.purpose ? `chosen (${String(tie.purpose).replace(/_/g, ' ')})` : 'chosen'} ${tie.resolution === 'earlier_round' ? `by the votes at round ${tie.decided_at_round}` : 'by the lot order fixed when voting opened'}.`)));
  return [
    elected.length ? [h('h3', {}, 'Elected, in order'), h('ol', { class: 'list list--bullet' }, elected)] : null,
    h('p', {}, `Quota: ${figure(count.quota)}. Valid ballots: ${figure(count.ballots?.valid ?? 0)}${count.ballots?.invalid ? `, invalid: ${figure(count.ballots.invalid)}` : ''}.`),
    h('h3', {}, 'The count, round by round'),
    h('p', { class: 'hint' }, 'Each column is a round of the count: the votes each candidate held, the change since the round before in brackets, and who was elected or excluded.'),
    tableWrap(captionId, h('table', { class: 'table result-table round-table' },
      h('caption', { id: captionId, class: 'table__caption' }, `Votes for each candidate at each round of “${ballot.title}”`),
      h('thead', {}, headRow),
      h('tbody', {}, body, extra))),
    ties.length ? [h('h3', {}, 'Ties'), h('ul', { class: 'list list--bullet' }, ties)] : null,
    (count.notes || []).length ? h('ul', { class: 'list list--bullet' }, count.notes.map((note) => h('li', {}, note))) : null,
    h('h3', {}, 'Rules of the count'),
    h('p', {}, count.rule || methodLabel(ballot.method)),
    Object.keys(count.options || {}).length
      ? h('dl', { class: 'summary-list' }, Object.entries(count.options).map(([name, setting]) => h('div', { class: 'summary-list__row' },
        h('dt', {}, name.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase())), h('dd', {}, String(setting)))))
      : null,
  ];
}

function trackerCheck(ctx, ballot) {
  const tracker = textField({ name: 'tracker', label: 'Your tracker code', hint: 'The 20 letters and digits you were given when you voted, like ABCDE-FGHJK-MNPQR-STVWX.', idPrefix: 'check', spellcheck: false, autocomplete: 'off' });
  const answer = h('p', { class: 'check-answer', role: 'status' });
  const { form } = buildForm({
    ctx,
    fields: [tracker],
    headingLevel: 3,
    submitText: 'Check',
    buttonClass: 'button button--secondary',
    check(values) {
      const problem = trackerProblem(values.tracker);
      return problem ? [{ name: 'tracker', message: problem }] : [];
    },
    async onSubmit(values) {
      answer.textContent = '';
      // Sent without the session, so the server never sees the person beside their tracker.
      const result = await ctx.api.postAnonymously(`/ballots/${ballot.id}/trackers/check`, { tracker: normaliseTracker(values.tracker) });
      answer.textContent = result.counted
        ? `Counted: ${formatTracker(values.tracker)} is in the list of counted ballots.`
        : `Not found: ${formatTracker(values.tracker)} is not in the list of counted ballots. Check the code; if it is right, tell an officer.`;
      answer.classList.toggle('check-answer--no', !result.counted);
    },
  });
  form.append(answer);
  return h('section', { 'aria-labelledby': 'check-heading' },
    h('h3', { id: 'check-heading' }, 'Check that your ballot was counted'), form);
}

function verifySection(ctx, ballot) {
  const base = `/api/v1/ballots/${ballot.id}`;
  const shown = h('div', { class: 'anonymised' });
  const errors = actionErrors(ctx, { headingLevel: 3 });
  const show = h('button', { type: 'button', class: 'button button--secondary', 'aria-expanded': 'false' }, 'Show the ballots here');
  show.addEventListener('click', async () => {
    if (show.getAttribute('aria-expanded') === 'true') {
      shown.replaceChildren();
      show.setAttribute('aria-expanded', 'false');
      return;
    }
    errors.hide();
    try {
      const data = await ctx.api.get(`/ballots/${ballot.id}/ballots`);
      const rows = (data.ballots || []).map((entry, index) => h('tr', {}, h('th', { scope: 'row' }, String(index + 1)), h('td', {}, marksText(entry.marks, ballot.options, ballot.method))));
      const parts = [simpleTable(`The ${plural(rows.length, 'ballot', 'ballots')} counted, in a fixed order that says nothing about who cast them`, ['Ballot', isRanked(ballot.method) ? 'Preferences' : 'Marks'], rows)];
      if (data.roll_call) {
        parts.push(simpleTable('How each person voted (open ballot)', ['Voter', 'Vote'],
          data.roll_call.map((entry) => h('tr', {}, h('th', { scope: 'row' }, entry.person.display_name), h('td', {}, marksText(entry.marks, ballot.options, ballot.method))))));
      }
      shown.replaceChildren(...parts);
      show.setAttribute('aria-expanded', 'true');
      ctx.announce(`${plural(rows.length, 'ballot', 'ballots')} shown below the button.`);
    } catch (error) {
      errors.show(error);
    }
  });
  const links = [
    h('li', {}, h('a', { href: `${base}/ballots` }, 'The anonymised ballots (JSON)')),
    h('li', {}, h('a', { href: `${base}/trackers` }, 'The list of counted trackers (JSON, each as its SHA-256 hash)')),
    h('li', {}, h('a', { href: `${base}/results` }, 'The result (JSON)')),
  ];
  if (isRanked(ballot.method)) {
    links.unshift(h('li', {}, h('a', { href: `${base}/ballots.blt`, download: `ballot-${ballot.id}.blt` }, 'Download the ballots as a BLT file'),
      ' (recount it with ', h('code', {}, `plenary count --method ${ballot.method.replace('_', '-')}`), ' or any STV program)'));
  }
  return h('section', { 'aria-labelledby': 'verify-heading' },
    h('h3', { id: 'verify-heading' }, 'Check the count yourself'),
    h('ul', { class: 'list list--bullet' }, links),
    errors.element,
    h('div', { class: 'button-group' }, show),
    shown);
}

function resultSection(ctx, ballot, result, resultError) {
  const heading = h('h2', { id: 'result-heading' }, 'Result');
  if (!result) {
    return h('section', { 'aria-labelledby': 'result-heading' }, heading,
      h('p', {}, resultError ? `The result could not be loaded: ${resultError}` : 'The result is being counted. This page will show it when it is ready.'));
  }
  let details = [];
  if (result.method === 'yes_no') details = yesNoResult(ballot, result);
  else if (result.count) details = rankedResult(ballot, result);
  else details = optionsResult(ballot, result);
  return h('section', { 'aria-labelledby': 'result-heading', class: 'result' },
    heading,
    h('p', { class: `result__outcome result__outcome--${result.outcome}` }, h('strong', {}, `${outcomeLabel(result.outcome)}.`), ' ', result.summary || ''),
    h('p', {}, quorumSentence(result.quorum, result.cast ?? ballot.ballots_cast),
      typeof result.eligible === 'number' ? ` ${plural(result.eligible, 'person was', 'people were')} eligible to vote.` : ''),
    details,
    chartFigure(result),
    trackerCheck(ctx, ballot),
    verifySection(ctx, ballot));
}

// ---------------------------------------------------------------------------------------------
// The ballot page

function aboutSection(ballot, turnout) {
  const row = (term, ...value) => h('div', { class: 'summary-list__row' }, h('dt', {}, term), h('dd', {}, ...value));
  const nameOf = new Map(ballot.options.map((option) => [option.number, option.label]));
  const rows = [
    row('Status', ballotStatusLabel(ballot.status),
      ballot.opened_at ? ['. Opened ', zonedTime(ballot.opened_at, ballot.time_zone)] : '',
      ballot.closed_at ? ['. Closed ', zonedTime(ballot.closed_at, ballot.time_zone)] : '', '.'),
    row('How people vote', methodLabel(ballot.method), ballot.seats > 1 ? ` – ${plural(ballot.seats, 'seat', 'seats')} to fill` : ''),
    row('When', windowText(ballot)),
    row('Who can vote', ballot.eligibility?.explanation || ''),
    row('Eligible voters', typeof ballot.eligible_count === 'number'
      ? `${plural(ballot.eligible_count, 'person', 'people')}, listed when voting opened`
      : 'Listed when voting opens'),
    row('Quorum', ballot.quorum_percent
      ? `${ballot.quorum_percent}% of eligible voters${typeof ballot.quorum_required === 'number' ? `: ${plural(ballot.quorum_required, 'ballot', 'ballots')}` : ''}`
      : 'None'),
    row('Ballots cast', turnout),
    row('Secret or open', ballot.secret
      ? 'Secret: nobody, not even officers, can see how anyone voted'
      : 'Open (roll call): after the close, everyone who can see this ballot sees how each person voted'),
  ];
  if (ballot.tie_order && ballot.tie_order.length) {
    rows.push(row('Ties', `Ties the rules do not settle are broken in this order, drawn at random when voting opened: ${ballot.tie_order.map((n) => nameOf.get(n) || `option ${n}`).join(', ')}.`));
  }
  const listed = ballot.method === 'yes_no' ? [] : ballot.options;
  return h('section', { 'aria-labelledby': 'about-heading' },
    h('h2', { id: 'about-heading' }, 'About this ballot'),
    ballot.description_html ? h('div', { class: 'post__body ballot__description' }, safeHtml(ballot.description_html)) : null,
    h('dl', { class: 'summary-list' }, rows),
    h('h3', {}, 'How it is decided'),
    h('p', {}, ballot.rule_explanation || ''),
    listed.length ? [h('h3', {}, isRanked(ballot.method) ? 'Candidates' : 'Options'),
      h('ul', { class: 'list list--bullet' }, listed.map((option) => h('li', {}, h('strong', {}, option.label),
        option.description ? ` – ${option.description}` : '', option.withdrawn ? ' (withdrawn: votes for this option are not counted)' : '')))] : null,
    ballot.created_by ? h('p', { class: 'caption' }, `Set up by ${ballot.created_by.display_name} on `, timeElement(ballot.created_at), '.') : null);
}

function officerSection(ctx, ballot, can) {
  if (!can.open && !can.close && !can.cancel) return null;
  const errors = actionErrors(ctx, { headingLevel: 3 });
  const act = (path, notice) => async () => {
    await ctx.api.post(`/ballots/${ballot.id}/${path}`);
    await ctx.rerender({ notice });
  };
  const buttons = [];
  if (can.open) {
    buttons.push(confirmButton(errors, {
      text: 'Open voting now',
      question: 'Open voting now? The list of voters is fixed at this moment and cannot be changed afterwards.',
      confirmText: 'Yes, open voting', cancelText: 'No, not yet',
      onConfirm: act('open', 'Voting is open.'),
    }));
  }
  if (can.close) {
    buttons.push(confirmButton(errors, {
      text: 'Close voting now',
      question: `Close voting now${ballot.closes_at ? ', before the set closing time' : ''}? Nobody can vote after this, and the result is counted and published at once.`,
      confirmText: 'Yes, close voting', cancelText: 'No, keep it open',
      onConfirm: act('close', 'Voting has closed. The result is below.'),
    }));
  }
  if (can.cancel) {
    buttons.push(confirmButton(errors, {
      text: 'Cancel this ballot', warning: true,
      question: 'Cancel this ballot? No votes will be counted and it cannot be reopened.',
      confirmText: 'Yes, cancel the ballot', cancelText: 'No, keep the ballot',
      onConfirm: act('cancel', 'The ballot has been cancelled.'),
    }));
  }
  return h('section', { 'aria-labelledby': 'officer-heading', class: 'officer-tools' },
    h('h2', { id: 'officer-heading' }, 'Run this ballot'),
    errors.element,
    h('div', { class: 'button-group' }, buttons));
}

export function problemForMarks(field, marks) {
  const message = field.check ? field.check(marks) : null;
  return message ? [{ name: 'marks', message }] : [];
}

export async function ballotView(ctx, { params }) {
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Ballot', () => ctx.api.get(`/ballots/${id}`));
  if (loaded.page) return loaded.page;
  const state = { ballot: loaded.data.ballot, my: loaded.data.my || null, can: loaded.data.can || {}, result: null, resultError: null, cast: null };
  const room = `ballot:${state.ballot.id}`;

  async function loadResult() {
    state.result = null;
    state.resultError = null;
    if (state.ballot.status !== 'closed') return;
    try {
      state.result = (await ctx.api.get(`/ballots/${state.ballot.id}/results`)).result;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code !== 'ballot_not_closed') state.resultError = error.detail;
    }
  }
  await loadResult();

  const statusLine = h('p', { class: 'caption ballot__status', tabindex: '-1' });
  const turnout = h('span', { class: 'ballot__turnout' });
  const body = h('div', { class: 'ballot', dataset: { live: 'off', status: state.ballot.status } });

  function describeTurnout() {
    const { ballot } = state;
    const cast = ballot.ballots_cast ?? 0;
    turnout.textContent = typeof ballot.eligible_count === 'number' && ballot.eligible_count > 0
      ? `${figure(cast)} of ${figure(ballot.eligible_count)} eligible voters (${Math.round((100 * cast) / ballot.eligible_count)}%)`
      : figure(cast);
  }

  function voteSection() {
    const { ballot, my, can } = state;
    const heading = h('h2', { id: 'vote-heading' }, 'Your vote');
    const parts = [];
    if (ballot.status === 'cancelled') {
      parts.push(h('p', {}, 'This ballot was cancelled. No votes are counted.'));
    } else if (state.cast) {
      parts.push(trackerBox(ctx, state.cast));
      if (ballot.status === 'open' && can.replace) parts.push(replaceForm(state.cast.tracker));
    } else if (!ctx.person) {
      parts.push(h('p', {}, h('a', { href: `/sign-in?next=${encodeURIComponent(`/ballots/${ballot.id}`)}` }, 'Sign in'), ballot.status === 'closed' ? ' to see whether you voted.' : ' to vote, if you are eligible.'));
    } else if (my && my.eligible === false) {
      parts.push(h('p', { class: 'warning-text' }, h('strong', {}, 'You cannot vote in this ballot. '), my.reason || ''));
    } else if (ballot.status === 'scheduled') {
      parts.push(h('p', {}, 'You will be able to vote when voting opens',
        ballot.opens_at ? [' on ', zonedTime(ballot.opens_at, ballot.time_zone)] : ', when an officer opens it', '.'));
    } else if (ballot.status === 'closed') {
      parts.push(h('p', {}, my && my.voted ? 'You voted in this ballot. Use your tracker code below to check that your ballot was counted.' : 'You did not vote in this ballot.'));
    } else if (my && my.voted) {
      parts.push(h('p', {}, 'You have voted. Your vote is recorded.'));
      if (can.replace) parts.push(replaceForm(''));
    } else if (can.vote) {
      parts.push(castForm());
    } else {
      parts.push(h('p', {}, 'You cannot vote in this ballot now.'));
    }
    return h('section', { 'aria-labelledby': 'vote-heading', class: 'vote' }, heading, ...parts);
  }

  // Shows the tracker box in place of the form and moves focus to it: the one moment the code is shown.
  async function showTracker(cast, message) {
    state.cast = cast;
    state.my = { ...(state.my || {}), eligible: true, voted: true };
    // Whether the vote may still be replaced is the server's to say; until it answers, the box alone.
    try {
      const fresh = await ctx.api.get(`/ballots/${state.ballot.id}`);
      state.ballot = fresh.ballot;
      state.my = fresh.my || state.my;
      state.can = fresh.can || state.can;
      describeTurnout();
    } catch {
      state.can = { ...state.can, vote: false };
    }
    if (!ctx.isCurrent()) return;
    const fresh = voteSection();
    voteSlot.replaceChildren(fresh);
    fresh.querySelector('.tracker-box').focus();
    ctx.announce(message);
  }

  function castForm() {
    const { ballot } = state;
    // Drawn once per form: a retry after a lost answer sends the same code, so the server sees
    // the same ballot again instead of a second one.
    const tracker = generateTracker();
    const marks = marksField(ctx, ballot, 'vote');
    const { form } = buildForm({
      ctx,
      fields: [marks],
      submitText: 'Cast your vote',
      check: (values) => problemForMarks(marks, values.marks),
      async onSubmit(values) {
        const result = await ctx.api.post(`/ballots/${ballot.id}/votes`, { marks: values.marks, tracker });
        await showTracker({ tracker: result.tracker || tracker, replaced: false }, 'Your vote has been cast.');
      },
    });
    form.classList.add('vote-form');
    return [
      ballot.closes_at ? h('p', {}, 'Voting closes ', zonedTime(ballot.closes_at, ballot.time_zone), '.') : null,
      form,
    ];
  }

  function replaceForm(knownTracker) {
    const { ballot } = state;
    const trackerField = textField({
      name: 'tracker', label: 'Your tracker code', idPrefix: 'replace', spellcheck: false, autocomplete: 'off',
      value: knownTracker ? formatTracker(knownTracker) : '',
      hint: 'The code you were given when you voted. Your new vote takes the place of the old one.',
    });
    const marks = marksField(ctx, ballot, 'replace');
    const { form } = buildForm({
      ctx,
      fields: [trackerField, marks],
      headingLevel: 3,
      submitText: 'Replace your vote',
      buttonClass: 'button button--secondary',
      check(values) {
        const problems = [];
        const problem = trackerProblem(values.tracker);
        if (problem) problems.push({ name: 'tracker', message: problem });
        return problems.concat(problemForMarks(marks, values.marks));
      },
      async onSubmit(values) {
        const tracker = normaliseTracker(values.tracker);
        const result = await ctx.api.post(`/ballots/${ballot.id}/votes/replace`, { tracker, marks: values.marks });
        await showTracker({ tracker: result.tracker || tracker, replaced: true }, 'Your vote has been replaced.');
      },
    });
    return h('section', { 'aria-labelledby': 'replace-heading', class: 'replace' },
      h('h3', { id: 'replace-heading' }, 'Change your vote'),
      h('p', {}, 'Until voting closes you can change your vote with your tracker code.'),
      form);
  }

  const voteSlot = h('div');

  function draw() {
    const { ballot } = state;
    body.dataset.status = ballot.status;
    statusLine.textContent = `${ballotStatusLabel(ballot.status)} · ${methodLabel(ballot.method)} · in ${ballot.group?.name || 'the group'}`;
    describeTurnout();
    voteSlot.replaceChildren(voteSection());
    body.replaceChildren(...[
      ballot.status === 'closed' ? resultSection(ctx, ballot, state.result, state.resultError) : null,
      voteSlot,
      aboutSection(ballot, turnout),
      officerSection(ctx, ballot, state.can),
    ].filter(Boolean));
  }
  draw();

  const ANNOUNCE = {
    'ballot.opened': 'Voting has opened.',
    'ballot.closed': 'Voting has closed. The result is shown on this page.',
    'ballot.cancelled': 'This ballot has been cancelled.',
  };

  async function refresh(announcement) {
    const fresh = await ctx.api.get(`/ballots/${state.ballot.id}`);
    if (!ctx.isCurrent()) return;
    const changed = fresh.ballot.status !== state.ballot.status;
    state.ballot = fresh.ballot;
    state.my = fresh.my || null;
    state.can = fresh.can || {};
    if (!changed) {
      describeTurnout();
      return;
    }
    await loadResult();
    if (!ctx.isCurrent()) return;
    const hadFocus = body.contains(document.activeElement);
    draw();
    // What had focus is gone; the status line, just above, is where reading picks up.
    if (hadFocus && !body.contains(document.activeElement)) statusLine.focus();
    if (announcement) ctx.announce(announcement);
  }

  let queue = Promise.resolve();
  const enqueue = (work) => {
    queue = queue.then(work).catch((error) => console.error(error));
  };
  ctx.watchRooms([room], (event) => {
    if (!ctx.isCurrent()) return;
    if (event.kind === 'subscribed') {
      if ((event.rooms || []).includes(room)) body.dataset.live = 'on';
      return;
    }
    if (event.kind === 'resync') {
      enqueue(() => refresh(null));
      return;
    }
    if (event.room !== room) return;
    if (ANNOUNCE[event.kind]) {
      enqueue(() => refresh(ANNOUNCE[event.kind]));
    } else if (event.kind === 'ballot.turnout' && typeof event.data?.ballots_cast === 'number') {
      state.ballot = { ...state.ballot, ballots_cast: event.data.ballots_cast };
      describeTurnout();
    }
  });

  const ballot = state.ballot;
  return {
    title: ballot.title,
    content: [
      ballotCrumbs(ballot.group, ballot.title),
      h('h1', {}, ballot.title),
      statusLine,
      body,
    ],
  };
}
