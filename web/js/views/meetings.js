// Meetings: a group's list, the form officers schedule one with, the meeting page (details, whether
// you will come, the agenda with its papers, suggestions, the officers' agenda tools), the live
// page the chair and members share during the meeting (current item and its timer, the speakers
// list, votes in the room, quorum) and the minutes (drafted from the record, edited by the
// secretary, printable). Live: the pages listen to the meeting's room, redraw what changed without
// taking focus, and say politely what happened; "You may speak now" is said to the one person.
import { ApiError } from '../api.js';
import { actionButton, askInPlace, replaceKeepingFocus } from '../actions.js';
import { h, plural, uniqueId, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, checkboxField, selectField, textArea, textField } from '../forms.js';
import {
  THRESHOLDS, formatInZone, generateTracker, methodLabel, thresholdLabel, timeZoneChoices,
  utcToZonedLocal, yesNoRows,
} from '../ballot-logic.js';
import {
  ITEM_KINDS, RESPONSES, agendaItemBody, approvalTitle, attendanceModeLabel, calendarFeeds, cancelledText, changeMark, checkAgendaItem, checkCancel, checkDecline,
  checkInCodeProblem, checkMeeting, checkSuggestion, formatCheckInCode, isVotingKind, itemKindLabel, itemName, itemStateLabel,
  itemTimer as itemTimerOf, liveMessages, meetingBody, meetingFieldName, meetingStatusLabel, minutesStatusLabel, myPlaceText, myRequest,
  minutesToApprove, normaliseCheckInCode, notesEditable, quorumRule, quorumText, responseLabel, resultText, speakerRows, splitMeetings,
  suggestionBody, suggestionWindow, timerText, webcalUrl,
} from '../meeting-logic.js';
import { marksField, problemForMarks, trackerBox } from './ballots.js';
import { markdownField, markdownHint, radiosField } from './composer.js';
import { safeHtml } from './post-html.js';
import { crumbTrail } from './group.js';
import { loadOr } from './thread.js';

const DEFAULT_TIME_ZONE = 'Europe/London';
// Events of a ballot's room that change what the live page shows; its turnout does not.
const BALLOT_ENDS = new Set(['ballot.closed', 'ballot.cancelled']);
const ELECTION_METHODS = ['single_choice', 'approval', 'irv', 'scottish_stv'];

function meetingCrumbs(group, meeting, current) {
  return crumbTrail([
    { text: 'Groups', href: '/groups' },
    group && { text: group.name, href: `/groups/${group.id}` },
    group && { text: 'Meetings', href: `/groups/${group.id}/meetings` },
    meeting && { text: meeting.title, href: `/meetings/${meeting.id}` },
    current && { text: current },
  ]);
}

// A moment in the meeting's own time zone, machine-readable in `datetime`.
function zonedTime(iso, timeZone) {
  return iso ? h('time', { datetime: iso }, formatInZone(iso, timeZone)) : '';
}

function statusTag(status) {
  return h('strong', { class: `tag meeting-status meeting-status--${status}` }, visuallyHidden('Status: '), meetingStatusLabel(status));
}

const personName = (person) => (person ? person.display_name : 'someone');

// Events are handled one after another, in the order they came.
function serialQueue() {
  let queue = Promise.resolve();
  return (work) => {
    queue = queue.then(work).catch((error) => {
      if (!(error instanceof ApiError)) console.error(error);
    });
  };
}

// ---------------------------------------------------------------------------------------------
// The list

function meetingItem(meeting) {
  const facts = [zonedTime(meeting.starts_at, meeting.time_zone)];
  if (meeting.place) facts.push(meeting.place);
  if (meeting.online_url) facts.push('online');
  return h('li', { class: 'meeting-list__item' },
    h('a', { href: `/meetings/${meeting.id}`, class: 'meeting-list__link' }, meeting.title), ' ', statusTag(meeting.status),
    h('p', { class: 'caption' }, facts.flatMap((fact, index) => (index ? [' · ', fact] : [fact]))));
}

export async function meetingsView(ctx, { params }) {
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([ctx.api.get(`/groups/${id}`), ctx.api.get(`/groups/${id}/meetings`)]));
  if (loaded.page) return loaded.page;
  const [{ group }, { meetings = [], can_create: canCreate = false }] = loaded.data;
  const { upcoming, past } = splitMeetings(meetings);
  const title = `Meetings of ${group.name}`;
  const section = (headingId, heading, list) => h('section', { 'aria-labelledby': headingId },
    h('h2', { id: headingId }, heading),
    list.length ? h('ul', { class: 'list meeting-list' }, list.map(meetingItem)) : h('p', {}, 'None.'));
  return {
    title,
    content: [
      meetingCrumbs(group, null, null),
      h('h1', {}, title),
      canCreate ? h('p', {}, h('a', { href: `/groups/${group.id}/meetings/new`, class: 'button' }, 'Schedule a meeting')) : null,
      meetings.length
        ? [section('upcoming-heading', 'Coming up', upcoming), past.length ? section('past-heading', 'Past meetings', past) : null]
        : h('p', {}, ctx.person ? 'There are no meetings in this group yet.' : 'There are no meetings here that you can see. Sign in to see your groups’ meetings.'),
      ctx.person ? await calendarSection(ctx, group) : null,
      h('p', {}, h('a', { href: `/groups/${group.id}` }, `Back to ${group.name}`)),
    ],
  };
}

// One feed address: read-only, so it can be selected and copied, with a Copy button and the
// webcal:// link that calendar apps open directly.
function feedField(ctx, { url, label, hint, idPrefix, linkText }) {
  const field = textField({ name: 'url', label, hint, idPrefix, value: url, spellcheck: false });
  field.input.readOnly = true;
  field.input.classList.add('calendar-feed__url');
  field.input.addEventListener('focus', () => field.input.select());
  const copy = h('button', { type: 'button', class: 'button button--secondary button--small', dataset: { key: `${idPrefix}-copy` } },
    'Copy', visuallyHidden(`: ${label}`));
  copy.addEventListener('click', async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // Without clipboard permission, the older way: copy what is selected in the box.
      field.input.select();
      copied = document.execCommand('copy');
    }
    ctx.announce(copied ? 'The address has been copied. Paste it into your calendar app as a new subscription.'
      : 'Copying did not work: select the address in the box and copy it yourself.');
  });
  field.group.append(h('div', { class: 'button-group calendar-feed__tools' }, copy,
    h('a', { href: webcalUrl(url), class: 'calendar-feed__webcal' }, linkText)));
  field.group.classList.add('calendar-feed');
  return field.group;
}

// "Add these meetings to your calendar": the group's feed and the person's own, and a new
// address for people who shared theirs by mistake.
async function calendarSection(ctx, group) {
  const box = h('div');
  const heading = h('h2', { id: 'calendar-heading', tabindex: '-1' }, 'Add these meetings to your calendar');
  const errors = actionErrors(ctx, { headingLevel: 3 });
  let links;
  try {
    links = await ctx.api.get('/me/calendar');
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
  function draw() {
    const feeds = calendarFeeds(links, group.id);
    const parts = [
      h('p', {}, 'Your calendar app can follow these meetings: new ones appear, changed times move and cancelled ones are marked. ',
        'Subscribe with the address below, or open the calendar link on a device with a calendar app.'),
    ];
    if (feeds.group) {
      parts.push(feedField(ctx, { url: feeds.group, label: `Calendar address for meetings of ${group.name}`, idPrefix: 'calendar-group',
        linkText: ['Open in your calendar app', visuallyHidden(`: meetings of ${group.name}`)],
        hint: 'Only this group’s meetings.' }));
    }
    if (feeds.person) {
      parts.push(feedField(ctx, { url: feeds.person, label: 'Calendar address for all your meetings', idPrefix: 'calendar-person',
        linkText: ['Open in your calendar app', visuallyHidden(': all your meetings')],
        hint: 'The meetings of every group you belong to.' }));
    }
    parts.push(h('h3', {}, 'Keep the address private'),
      h('p', {}, 'Anyone with these addresses can see the meetings in them. If you shared one by mistake, make a new address.'));
    const trigger = h('button', { type: 'button', class: 'button button--secondary', dataset: { key: 'calendar-reset' } }, 'Make a new address');
    trigger.addEventListener('click', () => askInPlace(errors, trigger, {
      question: 'Make a new calendar address?',
      details: h('p', {}, 'The old addresses stop working at once: calendars subscribed to them stop showing new and changed meetings until you subscribe again with the new address.'),
      confirmText: 'Yes, make a new address',
      cancelText: 'No, keep the address',
      async onConfirm() {
        links = await ctx.api.post('/me/calendar/reset');
        draw();
        heading.focus();
        ctx.announce('You have a new calendar address. The old one no longer works.');
      },
    }));
    parts.push(h('div', { class: 'button-group' }, trigger));
    box.replaceChildren(...parts);
  }
  draw();
  return h('section', { 'aria-labelledby': 'calendar-heading', class: 'calendar-feeds' }, heading, errors.element, box);
}

// ---------------------------------------------------------------------------------------------
// Scheduling a meeting, and changing one

function meetingFields(ctx, { group, meeting = null, idPrefix }) {
  const zoneValue = meeting ? meeting.time_zone : (group.time_zone || DEFAULT_TIME_ZONE);
  const local = (iso) => (iso ? utcToZonedLocal(iso, zoneValue) : '');
  const zoneHint = (zone) => `In ${zone} time, the time zone chosen above.`;
  const title = textField({ name: 'title', label: 'Title', idPrefix, maxlength: 200, value: meeting?.title || '',
    hint: 'For example, “Branch general meeting, November”.' });
  const { field: description, previewButton, preview } = markdownField(ctx, {
    name: 'description', label: 'Description (optional)', rows: 4, idPrefix, value: meeting?.description || '',
    hint: ['What the meeting is for and anything members should know before they come. ', markdownHint()],
  });
  description.group.append(h('div', { class: 'button-group' }, previewButton), preview);
  const zone = selectField({
    name: 'time_zone', label: 'Time zone', idPrefix, value: zoneValue,
    hint: `The times below are read in this zone and shown in it to everyone. ${group.name} uses ${group.time_zone || DEFAULT_TIME_ZONE}.`,
    options: timeZoneChoices(zoneValue).map((value) => ({ value, label: value })),
  });
  const startsAt = textField({ name: 'starts_at', label: 'Starts', type: 'datetime-local', width: 'date', idPrefix, value: local(meeting?.starts_at), hint: zoneHint(zoneValue) });
  const endsAt = textField({ name: 'ends_at', label: 'Ends', type: 'datetime-local', width: 'date', idPrefix, value: local(meeting?.ends_at), hint: zoneHint(zoneValue) });
  zone.input.addEventListener('change', () => {
    for (const field of [startsAt, endsAt]) field.group.querySelector('.hint').textContent = zoneHint(zone.value());
  });
  const place = textField({ name: 'place', label: 'Place (optional if the meeting is online)', idPrefix, value: meeting?.place || '', maxlength: 500,
    hint: 'The address, or the room and building.' });
  const onlineUrl = textField({ name: 'online_url', label: 'Online meeting link (optional)', type: 'url', idPrefix, value: meeting?.online_url || '',
    spellcheck: false, hint: 'A full address starting with https://. Members who attend online check in from the meeting page.' });
  const observers = checkboxField({ name: 'observers_allowed', label: 'Supporters may attend as observers', idPrefix, checked: Boolean(meeting?.observers_allowed),
    hint: 'Observers see the meeting but may not speak or vote.' });
  const quorumCount = textField({ name: 'quorum_count', label: 'Quorum: number of members (optional)', idPrefix, inputmode: 'numeric', width: 'short',
    spellcheck: false, value: meeting?.quorum_count ?? '' });
  const quorumPercent = textField({ name: 'quorum_percent', label: 'Quorum: share of the members, in per cent (optional)', idPrefix, inputmode: 'numeric', width: 'short',
    spellcheck: false, value: meeting?.quorum_percent ?? '', hint: 'When you give both, the larger is needed. Leave both empty for no quorum.' });
  const notice = textField({ name: 'agenda_notice_hours', label: 'Publish the agenda this many hours before the start', idPrefix, inputmode: 'numeric', width: 'short',
    spellcheck: false, value: meeting ? (meeting.agenda_notice_hours ?? '') : '72', hint: 'Members can suggest items until then. Officers can publish it earlier.' });
  const firstTime = checkboxField({ name: 'first_time_first', label: 'People who have not yet spoken on an item go first', idPrefix, checked: Boolean(meeting?.first_time_first),
    hint: 'Points of order always go first.' });
  const limit = textField({ name: 'speaking_limit_minutes', label: 'Time for each speaker, in minutes (optional)', idPrefix, inputmode: 'numeric', width: 'short',
    spellcheck: false, value: meeting?.speaking_limit_seconds ? String(Math.round(meeting.speaking_limit_seconds / 60)) : '' });
  const fields = [title, description, zone, startsAt, endsAt, place, onlineUrl, observers, quorumCount, quorumPercent, notice, firstTime, limit];
  return { fields, headings: [['When', zone], ['Where', place], ['Who and how', observers]], title };
}

// An ApiError whose field names are the form's, so each server message lands by its question.
function withFormFieldNames(error) {
  if (!(error instanceof ApiError)) return error;
  return new ApiError({
    status: error.status, code: error.code, detail: error.detail, retryAfterSeconds: error.retryAfterSeconds,
    fieldErrors: error.fieldErrors.map((problem) => ({ ...problem, field: meetingFieldName(problem.field) })),
  });
}

export async function newMeetingView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([ctx.api.get(`/groups/${id}`), ctx.api.get(`/groups/${id}/meetings`)]));
  if (loaded.page) return loaded.page;
  const [{ group }, { can_create: canCreate = false }] = loaded.data;
  if (!canCreate) {
    return {
      title: 'You cannot schedule a meeting here',
      content: [meetingCrumbs(group, null, 'New meeting'), h('h1', {}, 'You cannot schedule a meeting here'),
        h('p', {}, `Only officers of ${group.name} can schedule its meetings.`),
        h('p', {}, h('a', { href: `/groups/${group.id}/meetings` }, `Meetings of ${group.name}`))],
    };
  }
  const { fields, headings } = meetingFields(ctx, { group, idPrefix: 'meeting' });
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Schedule the meeting',
    secondary: h('a', { href: `/groups/${group.id}/meetings`, class: 'link-button' }, 'Cancel'),
    check: (values) => checkMeeting(values),
    async onSubmit(values) {
      let answer;
      try {
        answer = await ctx.api.post(`/groups/${group.id}/meetings`, meetingBody(values));
      } catch (error) {
        throw withFormFieldNames(error);
      }
      ctx.navigate(`/meetings/${answer.meeting.id}`, { notice: 'The meeting has been scheduled. Now build its agenda.' });
    },
  });
  for (const [text, field] of headings) form.insertBefore(h('h2', {}, text), field.group);
  const heading = `Schedule a meeting of ${group.name}`;
  return { title: heading, content: [meetingCrumbs(group, null, 'New meeting'), h('h1', {}, heading), form] };
}

// ---------------------------------------------------------------------------------------------
// The meeting page: its parts

function detailsList(meeting) {
  const row = (term, ...value) => h('div', { class: 'summary-list__row' }, h('dt', {}, term), h('dd', {}, ...value));
  const where = [];
  if (meeting.place) where.push(meeting.place);
  if (meeting.online_url) {
    where.push(h('span', { class: 'meeting__online' }, meeting.place ? 'and online: ' : 'Online: ',
      h('a', { href: meeting.online_url, rel: 'noopener external' }, 'the meeting link')));
  }
  return h('dl', { class: 'summary-list' },
    row('Status', meetingStatusLabel(meeting.status)),
    row('Starts', zonedTime(meeting.starts_at, meeting.time_zone)),
    row('Ends', zonedTime(meeting.ends_at, meeting.time_zone)),
    row('Where', where.length ? where.flatMap((part, index) => (index ? [' ', part] : [part])) : 'Not given'),
    row('Who may attend', `Members of ${meeting.group.name}${meeting.observers_allowed ? '; supporters as observers, who may not speak or vote' : ''}.`),
    row('Quorum', quorumRule(meeting)),
    row('Agenda', meeting.agenda_published_at
      ? ['Published ', zonedTime(meeting.agenda_published_at, meeting.time_zone)]
      : ['Not published yet. Members may suggest items until ', zonedTime(meeting.suggestion_deadline, meeting.time_zone), '.']),
    row('Speakers', meeting.first_time_first ? 'People who have not yet spoken on an item go first; points of order before all.' : 'In the order they asked; points of order first.',
      meeting.speaking_limit_seconds ? ` Each speaker has ${plural(Math.round(meeting.speaking_limit_seconds / 60), 'minute', 'minutes')}.` : ''));
}

// One item of the agenda as members read it: number, title, type, time, presenter, marks, papers.
function agendaEntry(item, number, meeting, { tools = null, current = false, approves = null, notes = null } = {}) {
  const mark = changeMark(item, meeting);
  const facts = [itemKindLabel(item.kind)];
  if (item.minutes_allowed) facts.push(plural(item.minutes_allowed, 'minute', 'minutes'));
  if (item.presenter) facts.push(`presented by ${item.presenter.display_name}`);
  const headingId = `item-${item.id}-heading`;
  return h('li', { class: `agenda__item${current ? ' agenda__item--current' : ''}`, dataset: { itemId: String(item.id) }, 'aria-current': current ? 'step' : null },
    h('h3', { class: 'agenda__title', id: headingId, tabindex: '-1' },
      h('span', { class: 'agenda__number' }, `${number}. `), item.title,
      current ? h('strong', { class: 'tag tag--new agenda__now' }, ' Now') : null),
    h('p', { class: 'caption agenda__facts' }, facts.join(' · ')),
    mark ? h('p', { class: 'agenda__changed' }, h('strong', {}, `${mark}.`)) : null,
    item.papers_html ? h('details', { class: 'agenda__papers' },
      h('summary', {}, 'Papers', visuallyHidden(` for item ${number}`)),
      h('div', { class: 'post__body' }, safeHtml(item.papers_html))) : null,
    item.proposal_id ? h('p', {}, h('a', { href: `/proposals/${item.proposal_id}` }, 'The proposal', visuallyHidden(` for item ${number}`))) : null,
    item.ballot_id ? h('p', {}, h('a', { href: `/ballots/${item.ballot_id}` }, 'The vote on this item', visuallyHidden(` (item ${number})`))) : null,
    item.approves_minutes_of ? h('p', { class: 'agenda__approves' }, 'When this passes, it approves ',
      h('a', { href: `/meetings/${item.approves_minutes_of}/minutes` }, `the minutes of ${approves ? approves.title : 'an earlier meeting'}`),
      ' and publishes them to members.') : null,
    notes,
    tools);
}

// The secretary's notes on one item, which go into the minutes. What is typed and not yet saved is
// kept in `drafts` (item id → text), so the agenda can be redrawn by live events without losing
// it. Saving says "Notes saved" and leaves focus where it is.
function notesEditor(ctx, item, { number, drafts, idPrefix, headingLevel = 4 }) {
  const prefix = `${idPrefix}-${item.id}`;
  const { field, previewButton, preview } = markdownField(ctx, {
    name: 'notes', label: number ? `Notes for the minutes on item ${number}` : 'Notes for the minutes', rows: 5, idPrefix: prefix,
    value: drafts.has(item.id) ? drafts.get(item.id) : (item.notes || ''),
    hint: ['What was said and agreed, for the minutes. Votes and speakers are recorded without you. ', markdownHint()],
  });
  field.input.dataset.key = `${prefix}-notes`;
  field.input.classList.add('notes__input');
  field.input.addEventListener('input', () => drafts.set(item.id, field.input.value));
  field.group.append(preview);
  const saved = h('p', { class: 'caption notes__saved' }, item.notes ? 'Saved notes are shown above.' : 'No notes yet.');
  const { form, button } = buildForm({
    ctx,
    fields: [field],
    headingLevel,
    submitText: 'Save the notes',
    buttonClass: 'button button--secondary',
    secondary: previewButton,
    async onSubmit(values) {
      await ctx.api.patch(`/agenda-items/${item.id}`, { notes: values.notes });
      // Saved text is no longer a draft unless it was changed again while the request ran.
      if (drafts.get(item.id) === values.notes) drafts.delete(item.id);
      item.notes = values.notes;
      saved.textContent = `Notes saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.`;
      ctx.announce('Notes saved.');
    },
  });
  button.dataset.key = `${prefix}-save`;
  if (number) button.append(visuallyHidden(` for item ${number}`));
  form.classList.add('notes');
  form.append(saved);
  return form;
}

// Saves notes typed for an item that is no longer on screen (the chair moved on), so nothing typed
// is lost; says so politely.
async function saveLeftNotes(ctx, drafts, item, itemLabel) {
  const itemId = item.id;
  if (!drafts.has(itemId)) return;
  const notes = drafts.get(itemId);
  if (notes === (item.notes || '')) {
    drafts.delete(itemId);
    return;
  }
  try {
    await ctx.api.patch(`/agenda-items/${itemId}`, { notes });
    if (drafts.get(itemId) === notes) drafts.delete(itemId);
    ctx.announce(`Notes saved for ${itemLabel}.`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    ctx.announce(`The notes for ${itemLabel} could not be saved: ${error.detail}`);
  }
}

// The items on the agenda in order. Items taken off a published agenda come back as "removed" so
// that members can see the change; the meeting page shows them, the live page does not.
function sortedAgenda(agenda, { withRemoved = false } = {}) {
  return [...(agenda || [])]
    .filter((item) => !item.state || item.state === 'accepted' || (withRemoved && item.state === 'removed'))
    .sort((a, b) => a.position - b.position);
}

async function loadMembers(ctx, groupId) {
  try {
    const page = await ctx.api.get(`/groups/${groupId}/members`, { limit: 100 });
    return (page.members || []).filter((member) => !member.status || member.status === 'active');
  } catch (error) {
    if (error instanceof ApiError) return [];
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The meeting page

// {byId: meeting id → meeting of the group, group (officers), minutesStatus: id → status (officers)}.
async function loadEarlierMeetings(ctx, meeting, officer) {
  const result = { byId: new Map(), group: null, minutesStatus: new Map() };
  try {
    const [list, group] = await Promise.all([
      ctx.api.get(`/groups/${meeting.group.id}/meetings`),
      officer ? ctx.api.get(`/groups/${meeting.group.id}`) : null,
    ]);
    for (const other of list.meetings || []) result.byId.set(other.id, other);
    result.group = group ? group.group : null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return result;
  }
  if (!officer) return result;
  const ended = [...result.byId.values()].filter((other) => other.status === 'ended' && other.id !== meeting.id);
  await Promise.all(ended.map(async (other) => {
    try {
      result.minutesStatus.set(other.id, (await ctx.api.get(`/meetings/${other.id}/minutes`)).minutes.status);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }));
  return result;
}

export async function meetingView(ctx, { params }) {
  const path = `/meetings/${encodeURIComponent(params.id)}`;
  const loaded = await loadOr(ctx, 'Meeting', () => ctx.api.get(path));
  if (loaded.page) return loaded.page;
  let data = loaded.data;
  const first = data.meeting;
  const room = `meeting:${first.id}`;
  const members = data.can?.edit || data.can?.check_in_others ? await loadMembers(ctx, first.group.id) : [];
  const errors = actionErrors(ctx, { headingLevel: 2 });
  // The group's other meetings name the minutes an item approves; officers also need the group's
  // time zone (for the edit form) and which earlier minutes wait for approval.
  const earlier = await loadEarlierMeetings(ctx, first, Boolean(data.can?.edit));
  const notesDrafts = new Map();
  const openNotes = new Set();

  const statusLine = h('p', { class: 'caption meeting__status', tabindex: '-1' });
  const liveBox = h('div', { class: 'meeting__live' });
  const detailsBox = h('div');
  const descriptionBox = h('div');
  const responseBox = h('div');
  const attendanceBox = h('div');
  const agendaHeading = h('h2', { id: 'agenda-heading', tabindex: '-1' }, 'Agenda');
  const agendaBox = h('div');
  const suggestionsHeading = h('h2', { id: 'suggestions-heading', tabindex: '-1' }, 'Suggested items');
  const suggestionsBox = h('div');
  const toolsBox = h('div');
  const root = h('div', { class: 'meeting', dataset: { live: 'off', status: first.status } });
  let toolsSignature = null;
  let responseSignature = null;

  function drawStatus() {
    const { meeting, can = {} } = data;
    statusLine.replaceChildren(statusTag(meeting.status), ` · ${meeting.group.name} · `, zonedTime(meeting.starts_at, meeting.time_zone));
    root.dataset.status = meeting.status;
    const parts = [];
    if (meeting.status === 'live') {
      parts.push(h('p', {}, h('strong', {}, 'This meeting is under way. '), quorumText(data.attendance).sentence));
      parts.push(h('p', {}, h('a', { href: `/meetings/${meeting.id}/live`, class: 'button', dataset: { key: 'go-live' } }, 'Go to the live meeting')));
    } else if (meeting.status === 'scheduled' && can.chair) {
      parts.push(h('p', {}, 'When the meeting begins, start it here: members’ pages then follow the meeting live.'));
      parts.push(h('div', { class: 'button-group' }, actionButton(errors, {
        text: 'Start the meeting', key: 'start', className: 'button',
        async onClick() {
          await ctx.api.post(`/meetings/${meeting.id}/start`);
          await ctx.navigate(`/meetings/${meeting.id}/live`, { notice: 'The meeting has started.' });
        },
      })));
    } else if (meeting.status === 'ended') {
      parts.push(h('p', {}, 'This meeting has ended. ', h('a', { href: `/meetings/${meeting.id}/minutes` }, 'Read the minutes'), '.'));
    } else if (meeting.status === 'cancelled') {
      parts.push(h('p', { class: 'warning-text meeting__cancelled' }, h('strong', {}, cancelledText(meeting))));
    }
    replaceKeepingFocus(liveBox, parts.length ? h('section', { 'aria-label': 'Meeting status', class: 'panel' }, parts) : [], statusLine);
    replaceKeepingFocus(detailsBox, detailsList(meeting), statusLine);
    descriptionBox.replaceChildren(...(meeting.description_html ? [h('div', { class: 'post__body meeting__description' }, safeHtml(meeting.description_html))] : []));
  }

  function drawResponse() {
    const { meeting, my, can = {} } = data;
    // The form keeps the answer itself; it is drawn again only when whether one may answer changes.
    const signature = JSON.stringify([can.respond, meeting.status]);
    if (signature === responseSignature) return;
    responseSignature = signature;
    if (!ctx.person || !can.respond) {
      responseBox.replaceChildren(...(my?.response ? [h('section', { 'aria-labelledby': 'response-heading' },
        h('h2', { id: 'response-heading' }, 'Will you come?'), h('p', {}, `Your answer: ${responseLabel(my.response)}.`))] : []));
      return;
    }
    const answer = radiosField({
      name: 'response', legend: 'Will you come?', idPrefix: 'rsvp', value: my?.response || '',
      options: RESPONSES.map((value) => ({ value, label: responseLabel(value) })),
    });
    const { form } = buildForm({
      ctx,
      fields: [answer],
      submitText: 'Save your answer',
      buttonClass: 'button button--secondary',
      check: (values) => (values.response ? [] : [{ name: 'response', message: 'Choose whether you will come' }]),
      async onSubmit(values) {
        await ctx.api.put(`/meetings/${data.meeting.id}/response`, { response: values.response });
        data = { ...data, my: { ...(data.my || {}), response: values.response } };
        ctx.announce(`Your answer has been saved: ${responseLabel(values.response)}.`);
      },
    });
    responseBox.replaceChildren(h('section', { 'aria-label': 'Your answer', class: 'meeting__response' }, form));
  }

  function drawAttendance() {
    const { meeting, my, can = {}, attendance } = data;
    if (meeting.status !== 'live' && meeting.status !== 'ended') {
      attendanceBox.replaceChildren();
      return;
    }
    const parts = [h('p', { class: 'meeting__quorum' }, quorumText(attendance).sentence)];
    if (my?.checked_in) parts.push(h('p', {}, `You are checked in${my.role === 'observer' ? ' as an observer' : ''}.`));
    if (data.check_in_code) parts.push(h('p', {}, 'Check-in code for the room: ', h('strong', { class: 'check-in-code' }, formatCheckInCode(data.check_in_code))));
    const present = attendance?.present || [];
    if (present.length) {
      parts.push(h('details', { class: 'meeting__present' }, h('summary', {}, `Who is here (${present.length})`),
        h('ul', { class: 'list list--bullet' }, present.map((entry) => h('li', {}, entry.person.display_name,
          ` – ${attendanceModeLabel(entry.mode)}${entry.observer ? ', observer' : ''}`)))));
    }
    replaceKeepingFocus(attendanceBox, h('section', { 'aria-labelledby': 'attendance-heading' },
      h('h2', { id: 'attendance-heading' }, 'Attendance'), parts,
      meeting.status === 'live' && (can.check_in || can.check_in_others) ? h('p', {}, 'Check in on ', h('a', { href: `/meetings/${meeting.id}/live` }, 'the live meeting page'), '.') : null), statusLine);
  }

  function itemTools(item, index, count) {
    const number = index + 1;
    const move = (delta, text) => actionButton(errors, {
      text, context: `item ${number}, ${item.title}`, key: `item-${item.id}-${delta < 0 ? 'up' : 'down'}`, className: 'button button--secondary button--small',
      async onClick() {
        await ctx.api.post(`/agenda-items/${item.id}/move`, { position: number + delta });
        await refresh({ quiet: true });
        ctx.announce(`${item.title} moved to position ${number + delta}.`);
      },
    });
    const remove = actionButton(errors, {
      text: 'Remove', context: `item ${number}, ${item.title}`, key: `item-${item.id}-remove`, className: 'button button--warning button--small',
      async onClick() {
        await ctx.api.delete(`/agenda-items/${item.id}`);
        await refresh({ quiet: true });
        agendaHeading.focus();
        ctx.announce(`${item.title} removed from the agenda.`);
      },
    });
    return h('div', { class: 'button-group agenda__tools' }, index > 0 ? move(-1, 'Move up') : null, index < count - 1 ? move(1, 'Move down') : null, remove);
  }

  // Officers write the notes for the minutes under each item, during the meeting and after it
  // (the draft minutes are made from them).
  function notesPart(item, number) {
    const { meeting, can = {} } = data;
    if (!can.write_notes) return null;
    const summary = (text) => h('summary', { dataset: { key: `notes-summary-${item.id}` } }, text, visuallyHidden(` on item ${number}`));
    if (notesEditable(meeting, can)) {
      const details = h('details', { class: 'agenda__notes', open: openNotes.has(item.id) || notesDrafts.has(item.id) },
        summary(item.notes ? 'Notes for the minutes' : 'Write notes for the minutes'),
        notesEditor(ctx, item, { number, drafts: notesDrafts, idPrefix: 'meeting-notes' }));
      details.addEventListener('toggle', () => (details.open ? openNotes.add(item.id) : openNotes.delete(item.id)));
      return details;
    }
    if (!item.notes_html) return null;
    return h('details', { class: 'agenda__notes' }, summary('Notes for the minutes'),
      h('div', { class: 'post__body' }, safeHtml(item.notes_html)),
      h('p', { class: 'caption' }, 'The notes are part of the ', h('a', { href: `/meetings/${meeting.id}/minutes` }, 'drafted minutes'), ', where you can correct them.'));
  }

  function drawAgenda() {
    const { meeting, can = {} } = data;
    const agenda = sortedAgenda(data.agenda);
    // The server lists items taken off a published agenda apart; older answers mark them "removed".
    const removed = data.removed_after_publication
      || sortedAgenda(data.agenda, { withRemoved: true }).filter((item) => item.state === 'removed');
    const editable = can.edit && (meeting.status === 'scheduled' || meeting.status === 'live');
    const currentId = data.current?.item_id ?? null;
    replaceKeepingFocus(agendaBox, [
      agenda.length
        ? h('ol', { class: 'agenda', 'aria-labelledby': 'agenda-heading' }, agenda.map((item, index) => agendaEntry(item, index + 1, meeting, {
          current: item.id === currentId,
          tools: editable ? itemTools(item, index, agenda.length) : null,
          approves: item.approves_minutes_of ? earlier.byId.get(item.approves_minutes_of) || null : null,
          notes: notesPart(item, index + 1),
        })))
        : h('p', {}, meeting.agenda_published_at ? 'The agenda has no items.' : 'No items yet.'),
      removed.length ? [h('h3', {}, 'Taken off the agenda after it was published'),
        h('ul', { class: 'list list--bullet agenda__removed' }, removed.map((item) => h('li', {}, h('del', {}, item.title), ` (${itemKindLabel(item.kind)})`)))] : null,
    ], agendaHeading);
  }

  function drawSuggestions() {
    const { meeting, can = {} } = data;
    const suggestions = data.suggestions || [];
    const officer = can.edit;
    const rows = suggestions.map((item) => {
      const tools = [];
      if (officer && item.state === 'suggested') {
        tools.push(actionButton(errors, {
          text: 'Accept', context: item.title, key: `suggestion-${item.id}-accept`, className: 'button button--small',
          async onClick() {
            await ctx.api.post(`/agenda-items/${item.id}/accept`);
            await refresh({ quiet: true });
            ctx.announce(`${item.title} has been added to the agenda.`);
          },
        }));
        tools.push(declineForm(item));
      }
      return h('li', { class: 'suggestion', dataset: { itemId: String(item.id) } },
        h('p', { class: 'suggestion__title' }, h('strong', {}, item.title), ` (${itemKindLabel(item.kind)})`),
        h('p', { class: 'caption' }, item.suggested_by ? `Suggested by ${personName(item.suggested_by)} · ` : '', itemStateLabel(item.state)),
        item.state === 'declined' && item.decline_reason ? h('p', {}, h('strong', {}, 'Why it was declined: '), item.decline_reason) : null,
        item.papers_html ? h('details', {}, h('summary', {}, 'Papers', visuallyHidden(` for ${item.title}`)), h('div', { class: 'post__body' }, safeHtml(item.papers_html))) : null,
        tools.length ? h('div', { class: 'suggestion__tools' }, tools) : null);
    });
    const intro = h('p', {}, suggestionWindow(meeting, can.suggest), officer ? ' Accept a suggestion to put it on the agenda, or decline it with a reason.' : '');
    replaceKeepingFocus(suggestionsBox, [intro, rows.length ? h('ul', { class: 'list suggestions' }, rows) : h('p', {}, officer ? 'No suggestions.' : 'You have not suggested any items.')], suggestionsHeading);
  }

  function declineForm(item) {
    const reason = textField({ name: 'reason', label: `Why decline “${item.title}”?`, idPrefix: `decline-${item.id}`, maxlength: 500 });
    const { form } = buildForm({
      ctx,
      fields: [reason],
      headingLevel: 4,
      submitText: 'Decline',
      buttonClass: 'button button--secondary button--small',
      check: checkDecline,
      async onSubmit(values) {
        await ctx.api.post(`/agenda-items/${item.id}/decline`, { reason: values.reason.trim() });
        await refresh({ quiet: true });
        suggestionsHeading.focus();
        ctx.announce(`${item.title} has been declined.`);
      },
    });
    form.classList.add('decline-form');
    return form;
  }

  function kindField(idPrefix, kinds = ITEM_KINDS) {
    return selectField({
      name: 'kind', label: 'Type of item', idPrefix, value: 'discussion',
      hint: 'Decisions and elections can be put to a vote in the meeting.',
      options: kinds.map((value) => ({ value, label: itemKindLabel(value) })),
    });
  }

  function addItemForm() {
    const kind = kindField('item');
    const title = textField({ name: 'title', label: 'Title', idPrefix: 'item', maxlength: 200 });
    const minutes = textField({ name: 'minutes_allowed', label: 'Time allowed, in minutes (optional)', idPrefix: 'item', inputmode: 'numeric', width: 'short', spellcheck: false });
    const presenter = selectField({
      name: 'presenter_id', label: 'Presenter (optional)', idPrefix: 'item', value: '',
      options: [{ value: '', label: 'Nobody in particular' }, ...members.map((member) => ({ value: String(member.person_id), label: member.display_name }))],
    });
    const { field: papers, previewButton, preview } = markdownField(ctx, {
      name: 'papers', label: 'Papers (optional)', rows: 5, idPrefix: 'item',
      hint: ['The report, motion or background members should read before the meeting. ', markdownHint()],
    });
    papers.group.append(h('div', { class: 'button-group' }, previewButton), preview);
    const proposal = textField({ name: 'proposal_id', label: 'Linked proposal number (optional, for decisions)', idPrefix: 'item', inputmode: 'numeric', width: 'short', spellcheck: false,
      hint: 'A proposal to be decided at this meeting: its number is in its address, /proposals/12 is number 12.' });
    const choices = minutesToApprove([...earlier.byId.values()], earlier.minutesStatus, data.meeting);
    const approves = choices.length ? selectField({
      name: 'approves_minutes_of', label: 'Approves the minutes of an earlier meeting (optional, for decisions)', idPrefix: 'item', value: '',
      hint: 'Minutes drafted and not yet approved. When this item’s vote passes, those minutes are approved and published to members.',
      options: [{ value: '', label: 'No: this decision approves no minutes' }, ...choices],
    }) : null;
    const noMinutes = choices.length ? null
      : h('p', { class: 'hint agenda-form__no-minutes' }, `No earlier meeting of ${data.meeting.group.name} has drafted minutes waiting for approval.`);
    const fields = [kind, title, minutes, presenter, papers, proposal, approves].filter(Boolean);
    const showRelevant = () => {
      proposal.group.hidden = !isVotingKind(kind.value());
      if (approves) approves.group.hidden = kind.value() !== 'decision';
      if (noMinutes) noMinutes.hidden = kind.value() !== 'decision';
    };
    kind.input.addEventListener('change', showRelevant);
    showRelevant();
    // Choosing minutes to approve names the item, unless the officer has written a title.
    let autoTitle = '';
    approves?.input.addEventListener('change', () => {
      const chosen = earlier.byId.get(Number(approves.value()));
      if (title.input.value.trim() && title.input.value !== autoTitle) return;
      autoTitle = chosen ? approvalTitle(chosen.title) : '';
      title.input.value = autoTitle;
    });
    const { form } = buildForm({
      ctx,
      fields,
      headingLevel: 3,
      submitText: 'Add to the agenda',
      check: checkAgendaItem,
      async onSubmit(values) {
        await ctx.api.post(`/meetings/${data.meeting.id}/agenda`, agendaItemBody(values));
        title.input.value = '';
        minutes.input.value = '';
        papers.input.value = '';
        proposal.input.value = '';
        if (approves) approves.input.value = '';
        autoTitle = '';
        await refresh({ quiet: true });
        ctx.announce(`${values.title.trim()} has been added to the agenda.`);
        title.input.focus();
      },
    });
    if (noMinutes) proposal.group.after(noMinutes);
    return h('section', { 'aria-labelledby': 'add-item-heading' }, h('h3', { id: 'add-item-heading' }, 'Add an item'), form);
  }

  function suggestForm() {
    const kind = kindField('suggest');
    const title = textField({ name: 'title', label: 'Title', idPrefix: 'suggest', maxlength: 200 });
    const { field: papers, previewButton, preview } = markdownField(ctx, {
      name: 'papers', label: 'What it is about (optional)', rows: 4, idPrefix: 'suggest',
      hint: ['A motion, a question, or why the meeting should discuss it. ', markdownHint()],
    });
    papers.group.append(h('div', { class: 'button-group' }, previewButton), preview);
    const { form } = buildForm({
      ctx,
      fields: [kind, title, papers],
      headingLevel: 3,
      submitText: 'Suggest this item',
      check: checkSuggestion,
      async onSubmit(values) {
        await ctx.api.post(`/meetings/${data.meeting.id}/suggestions`, suggestionBody(values));
        title.input.value = '';
        papers.input.value = '';
        await refresh({ quiet: true });
        ctx.announce('Your suggestion has been sent to the officers.');
        title.input.focus();
      },
    });
    return h('section', { 'aria-labelledby': 'suggest-heading' }, h('h2', { id: 'suggest-heading' }, 'Suggest an item'),
      h('p', {}, 'Officers decide whether it goes on the agenda; you will see their answer here.'), form);
  }

  function publishTool() {
    return h('section', { 'aria-labelledby': 'publish-heading' }, h('h3', { id: 'publish-heading' }, 'Publish the agenda'),
      h('p', {}, 'Plenary publishes the agenda on its own at the notice time. Publishing now closes suggestions; changes made afterwards are marked on the agenda.'),
      h('div', { class: 'button-group' }, actionButton(errors, {
        text: 'Publish the agenda now', key: 'publish', className: 'button',
        async onClick() {
          await ctx.api.post(`/meetings/${data.meeting.id}/publish-agenda`);
          await refresh({ quiet: true });
          agendaHeading.focus();
          ctx.announce('The agenda has been published.');
        },
      })));
  }

  function drawTools() {
    const { meeting, can = {} } = data;
    const open = meeting.status === 'scheduled' || meeting.status === 'live';
    const officer = can.edit && open;
    const signature = JSON.stringify([officer, can.suggest, meeting.agenda_published_at, meeting.status]);
    if (signature === toolsSignature) return;
    // Not while someone is typing in one of the forms: their words would be lost.
    const active = document.activeElement;
    if (active && toolsBox.contains(active) && active.matches('input, textarea, select')) return;
    toolsSignature = signature;
    replaceKeepingFocus(toolsBox, [
      can.suggest ? suggestForm() : null,
      officer ? h('section', { 'aria-labelledby': 'officer-heading', class: 'officer-tools' },
        h('h2', { id: 'officer-heading' }, 'Build the agenda'),
        addItemForm(),
        !meeting.agenda_published_at && meeting.status === 'scheduled' ? publishTool() : null) : null,
    ], agendaHeading);
  }

  // Officers change the meeting's details (before it ends) and cancel it (before it begins).
  const detailsHeading = h('h2', { id: 'details-heading', tabindex: '-1' }, 'Details');
  const manageBox = h('div');
  let manageSignature = null;

  function editForm() {
    const { meeting } = data;
    const group = { name: meeting.group.name, time_zone: earlier.group?.time_zone || meeting.time_zone };
    const { fields, headings } = meetingFields(ctx, { group, meeting, idPrefix: 'edit-meeting' });
    const { form } = buildForm({
      ctx,
      fields,
      headingLevel: 3,
      submitText: 'Save the changes',
      check: (values) => checkMeeting(values, Date.now(), { editing: true }),
      async onSubmit(values) {
        try {
          await ctx.api.patch(`/meetings/${meeting.id}`, meetingBody(values, { editing: true }));
        } catch (error) {
          throw withFormFieldNames(error);
        }
        manageSignature = null;
        await refresh({ quiet: true });
        detailsHeading.focus();
        ctx.announce('The meeting’s details have been saved. Members’ calendars will show the change.');
      },
    });
    for (const [text, field] of headings) form.insertBefore(h('h3', {}, text), field.group);
    return h('details', { class: 'meeting__edit' }, h('summary', { dataset: { key: 'edit-summary' } }, 'Change the meeting’s details'), form);
  }

  function cancelForm() {
    const { meeting } = data;
    const reason = textArea({ name: 'reason', label: 'Why is the meeting cancelled?', idPrefix: 'cancel-meeting', rows: 3,
      hint: 'Members see this on the meeting’s page; calendars show the meeting as cancelled.' });
    const { form } = buildForm({
      ctx,
      fields: [reason],
      headingLevel: 3,
      submitText: 'Cancel the meeting',
      buttonClass: 'button button--warning',
      check: checkCancel,
      async onSubmit(values) {
        askInPlace(errors, form, {
          question: `Cancel “${meeting.title}”?`,
          details: h('p', {}, 'Members are told, with your reason, and their calendars show the meeting as cancelled. A cancelled meeting cannot be started again: schedule a new one instead.'),
          confirmText: 'Yes, cancel the meeting',
          cancelText: 'No, keep the meeting',
          warning: true,
          returnTo: reason.input,
          async onConfirm() {
            await ctx.api.post(`/meetings/${meeting.id}/cancel`, { reason: values.reason.trim() });
            manageSignature = null;
            await refresh({ quiet: true });
            statusLine.focus();
            ctx.announce('The meeting has been cancelled.');
          },
        });
      },
    });
    return h('section', { 'aria-labelledby': 'cancel-heading' }, h('h3', { id: 'cancel-heading' }, 'Cancel the meeting'),
      h('p', {}, 'Only a meeting that has not begun can be cancelled.'), form);
  }

  function drawManage() {
    const { meeting, can = {} } = data;
    const editable = can.edit && (meeting.status === 'scheduled' || meeting.status === 'live');
    const signature = JSON.stringify([editable, meeting.status, meeting.sequence]);
    if (signature === manageSignature) return;
    const active = document.activeElement;
    if (active && manageBox.contains(active) && active.matches('input, textarea, select')) return;
    manageSignature = signature;
    replaceKeepingFocus(manageBox, editable ? h('section', { 'aria-labelledby': 'manage-heading', class: 'officer-tools meeting__manage' },
      h('h2', { id: 'manage-heading' }, meeting.status === 'scheduled' ? 'Change or cancel the meeting' : 'Change the meeting'),
      editForm(),
      meeting.status === 'scheduled' ? cancelForm() : null) : null, detailsHeading);
  }

  function drawAll() {
    drawStatus();
    drawResponse();
    drawAttendance();
    drawAgenda();
    drawSuggestions();
    drawTools();
    drawManage();
  }

  const KIND_WORDS = {
    'meeting.updated': 'The meeting’s details have changed.',
    'agenda.updated': 'The agenda has been updated.',
  };

  async function refresh({ quiet = false, event = null } = {}) {
    const fresh = await ctx.api.get(path);
    if (!ctx.isCurrent()) return;
    const before = data;
    data = fresh;
    drawAll();
    if (quiet) return;
    const messages = [];
    if (before.meeting.status !== fresh.meeting.status) messages.push(`The meeting is now ${meetingStatusLabel(fresh.meeting.status).toLowerCase()}.`);
    else if (event && KIND_WORDS[event.kind]) messages.push(KIND_WORDS[event.kind]);
    else if (event && event.kind === 'suggestions.changed') {
      // Officers hear when the number waiting for their answer changes; others hear nothing.
      const waiting = (page) => (page.suggestions || []).filter((item) => item.state === 'suggested').length;
      if (fresh.can?.edit && waiting(fresh) !== waiting(before)) {
        messages.push(`${plural(waiting(fresh), 'suggestion', 'suggestions')} for the agenda waiting for an answer.`);
      }
    }
    messages.push(...liveMessages(before, fresh, ctx.person ? ctx.person.id : null));
    if (messages.length) ctx.announce(messages.join(' '));
  }

  const enqueue = serialQueue();
  ctx.watchRooms([room], (event) => {
    if (!ctx.isCurrent()) return;
    if (event.kind === 'subscribed') {
      if ((event.rooms || []).includes(room)) root.dataset.live = 'on';
      return;
    }
    if (event.kind === 'resync') enqueue(() => refresh({ quiet: true }));
    else if (event.room === room) enqueue(() => refresh({ event }));
  });

  drawAll();
  root.append(
    errors.element,
    liveBox,
    h('section', { 'aria-labelledby': 'details-heading' }, detailsHeading, descriptionBox, detailsBox),
    responseBox,
    attendanceBox,
    h('section', { 'aria-labelledby': 'agenda-heading' }, agendaHeading, agendaBox),
    h('section', { 'aria-labelledby': 'suggestions-heading' }, suggestionsHeading, suggestionsBox),
    toolsBox,
    manageBox,
    h('p', {}, h('a', { href: `/meetings/${first.id}/minutes` }, 'Minutes of this meeting'), ' · ',
      h('a', { href: `/groups/${first.group.id}/meetings` }, `All meetings of ${first.group.name}`)));
  return {
    title: first.title,
    content: [meetingCrumbs(first.group, first, null), h('h1', {}, first.title), statusLine, root],
  };
}

// ---------------------------------------------------------------------------------------------
// The live page: the chair's controls and the member's view, according to `can`

// The ballot page's own vote form, so a vote in the room is cast as on the ballot's page: radio
// buttons for yes/no and single choice, check boxes for approval, the ranking for IRV and STV.
function voteFormFor(ctx, ballot, { onCast }) {
  const marks = marksField(ctx, ballot, 'live-vote');
  // Drawn once per form: a retry after a lost answer sends the same code.
  const tracker = generateTracker();
  const { form } = buildForm({
    ctx,
    fields: [marks],
    headingLevel: 3,
    submitText: 'Cast your vote',
    check: (values) => problemForMarks(marks, values.marks),
    async onSubmit(values) {
      const answer = await ctx.api.post(`/ballots/${ballot.id}/votes`, { marks: values.marks, tracker });
      await onCast(answer?.tracker || tracker);
    },
  });
  form.classList.add('vote-form');
  return form;
}

function resultView(result, ballotId) {
  const parts = [h('p', { class: 'vote-result__summary' }, h('strong', {}, resultText(result)))];
  if (result && result.method === 'yes_no') {
    const captionId = uniqueId('result-caption');
    parts.push(h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': captionId },
      h('table', { class: 'table vote-result__table' },
        h('caption', { id: captionId }, 'Votes cast'),
        h('thead', {}, h('tr', {}, ['Answer', 'Votes', 'Share of yes and no'].map((text) => h('th', { scope: 'col' }, text)))),
        h('tbody', {}, yesNoRows(result).map((row) => h('tr', {}, h('th', { scope: 'row' }, row.label), h('td', {}, String(row.votes)), h('td', {}, row.share || '–')))))));
  }
  parts.push(h('p', {}, h('a', { href: `/ballots/${ballotId}` }, 'The full result on the ballot’s page')));
  return h('div', { class: 'vote-result', dataset: { key: 'vote-result' } }, parts);
}

export async function liveMeetingView(ctx, { params }) {
  const path = `/meetings/${encodeURIComponent(params.id)}`;
  const loaded = await loadOr(ctx, 'Meeting', () => ctx.api.get(path));
  if (loaded.page) return loaded.page;
  let data = loaded.data;
  const first = data.meeting;
  const room = `meeting:${first.id}`;
  const viewerId = ctx.person ? ctx.person.id : null;
  const errors = actionErrors(ctx, { headingLevel: 2 });
  // The vote on the current item: the ballot as its page shows it, and the result once closed.
  const vote = { ballotId: null, ballot: null, my: null, result: null, cast: null };

  const statusLine = h('p', { class: 'caption meeting__status', tabindex: '-1' });
  const root = h('div', { class: 'live-meeting', dataset: { live: 'off', status: first.status } });
  const attendanceHeading = h('h2', { id: 'attendance-heading', tabindex: '-1' }, 'Attendance');
  const quorumLine = h('p', { class: 'meeting__quorum' });
  const attendanceBox = h('div');
  const checkInBox = h('div');
  const nowHeading = h('h2', { id: 'now-heading', tabindex: '-1' }, 'Now');
  const nowBox = h('div');
  const itemTimerText = h('span', { 'aria-hidden': 'true' });
  const itemTimerSpoken = visuallyHidden('');
  const itemTimer = h('p', { class: 'timer', dataset: { timer: 'item' } }, h('span', { class: 'timer__label' }, 'Time on this item: '), itemTimerText, itemTimerSpoken);
  const speakersHeading = h('h2', { id: 'speakers-heading', tabindex: '-1' }, 'Speakers');
  const speakingBox = h('div');
  const speakingTimerText = h('span', { 'aria-hidden': 'true' });
  const speakingTimerSpoken = visuallyHidden('');
  const speakingTimer = h('p', { class: 'timer timer--speaker', dataset: { timer: 'speaker' } }, h('span', { class: 'timer__label' }, 'Speaking time: '), speakingTimerText, speakingTimerSpoken);
  const queueBox = h('div');
  const speakerTools = h('div');
  const voteHeading = h('h2', { id: 'vote-heading', tabindex: '-1' }, 'Vote');
  const voteBox = h('div');
  const voteSection = h('section', { 'aria-labelledby': 'vote-heading', class: 'live-vote' }, voteHeading, voteBox);
  const agendaHeading = h('h2', { id: 'live-agenda-heading', tabindex: '-1' }, 'Agenda');
  const agendaBox = h('div');
  const chairBox = h('div');
  const notesBox = h('div', { class: 'live-notes' });
  const notesDrafts = new Map();
  let notesItem = null;
  const signatures = {};

  const agenda = () => sortedAgenda(data.agenda);
  const currentItem = () => (data.current ? agenda().find((item) => item.id === data.current.item_id) || null : null);
  const isLive = () => data.meeting.status === 'live';

  // Redraws a part holding a form only when what it shows changed, and not while someone is typing
  // in it — unless its phase changed (the vote closed), when the old form means nothing any more.
  const phases = {};
  function drawStable(name, box, { signature, phase }, build) {
    if (signatures[name] === signature) return;
    const active = document.activeElement;
    const typing = Boolean(active && box.contains(active) && active.matches('input, textarea, select'));
    if (typing && phases[name] === phase) return;
    signatures[name] = signature;
    phases[name] = phase;
    replaceKeepingFocus(box, build(), box.closest('section')?.querySelector('h2'));
  }

  function tick() {
    const now = Date.now();
    const item = currentItem();
    itemTimer.hidden = !(isLive() && item && data.current?.started_at);
    if (!itemTimer.hidden) {
      const shown = itemTimerOf(item, data.current.started_at, now);
      itemTimerText.textContent = shown.text;
      itemTimerSpoken.textContent = shown.spoken;
      itemTimer.classList.toggle('timer--over', shown.over);
    }
    const speaking = data.current?.speaking;
    speakingTimer.hidden = !(isLive() && speaking && speaking.started_at);
    if (!speakingTimer.hidden) {
      const shown = timerText(speaking.started_at, now, data.meeting.speaking_limit_seconds || 0);
      speakingTimerText.textContent = shown.text;
      speakingTimerSpoken.textContent = shown.spoken;
      speakingTimer.classList.toggle('timer--over', shown.over);
    }
  }

  function drawStatus() {
    const { meeting } = data;
    root.dataset.status = meeting.status;
    statusLine.replaceChildren(statusTag(meeting.status), ` · ${meeting.group.name} · `, h('a', { href: `/meetings/${meeting.id}` }, 'Details and papers'));
  }

  function drawAttendance() {
    const { attendance, my, can = {} } = data;
    const quorum = quorumText(attendance);
    quorumLine.replaceChildren(h('strong', { class: `quorum quorum--${quorum.met ? 'met' : 'not-met'}` }, quorum.short), '. ', quorum.sentence);
    const parts = [];
    if (data.check_in_code) {
      parts.push(h('p', { class: 'check-in-code-line' }, 'Check-in code for the room: ', h('strong', { class: 'check-in-code' }, formatCheckInCode(data.check_in_code))));
    }
    if (my?.checked_in) parts.push(h('p', { class: 'meeting__checked-in' }, `You are checked in${my.role === 'observer' ? ' as an observer: you may follow the meeting but not speak or vote' : ''}.`));
    const present = attendance?.present || [];
    if (present.length) {
      parts.push(h('details', { class: 'meeting__present' }, h('summary', { dataset: { key: 'present' } }, `Who is here (${present.length})`),
        h('ul', { class: 'list list--bullet' }, present.map((entry) => h('li', {}, entry.person.display_name,
          ` – ${attendanceModeLabel(entry.mode)}${entry.observer ? ', observer' : ''}`)))));
    }
    replaceKeepingFocus(attendanceBox, parts, attendanceHeading);
    const needsCheckIn = isLive() && ctx.person && can.check_in && !my?.checked_in;
    const checkInSignature = JSON.stringify([needsCheckIn, Boolean(data.meeting.online_url), can.check_in_others]);
    drawStable('check-in', checkInBox, { signature: checkInSignature, phase: String(needsCheckIn) }, () => [
      needsCheckIn ? checkInForms() : null,
      isLive() && can.check_in_others ? checkInOthersForm() : null,
    ]);
  }

  function checkInForms() {
    const code = textField({ name: 'code', label: 'Check-in code', idPrefix: 'check-in', inputmode: 'numeric', width: 'short', spellcheck: false, autocomplete: 'off',
      hint: 'The 6 digits shown in the room.' });
    const { form } = buildForm({
      ctx,
      fields: [code],
      headingLevel: 3,
      submitText: 'Check in',
      check: (values) => {
        const problem = checkInCodeProblem(values.code);
        return problem ? [{ name: 'code', message: problem }] : [];
      },
      async onSubmit(values) {
        await ctx.api.post(`/meetings/${data.meeting.id}/check-in`, { code: normaliseCheckInCode(values.code) });
        await refresh({ quiet: true });
        attendanceHeading.focus();
        ctx.announce('You are checked in.');
      },
    });
    const online = data.meeting.online_url ? h('div', { class: 'button-group' }, actionButton(errors, {
      text: 'Check in online', key: 'check-in-online',
      async onClick() {
        await ctx.api.post(`/meetings/${data.meeting.id}/check-in`, {});
        await refresh({ quiet: true });
        attendanceHeading.focus();
        ctx.announce('You are checked in online.');
      },
    })) : null;
    return h('section', { 'aria-labelledby': 'check-in-heading', class: 'panel check-in' },
      h('h3', { id: 'check-in-heading' }, 'Check in'),
      h('p', {}, 'Check in to speak and vote.', data.meeting.online_url ? ' In the room, use the code; attending online, check in online.' : ''),
      form, online);
  }

  function checkInOthersForm() {
    const presentIds = new Set((data.attendance?.present || []).map((entry) => entry.person.id));
    const person = selectField({
      name: 'person_id', label: 'Person', idPrefix: 'check-in-other', value: '',
      options: [{ value: '', label: 'Choose someone' }, ...officerMembers.filter((member) => !presentIds.has(member.person_id))
        .map((member) => ({ value: String(member.person_id), label: member.display_name }))],
    });
    const { form } = buildForm({
      ctx,
      fields: [person],
      headingLevel: 4,
      submitText: 'Check this person in',
      buttonClass: 'button button--secondary',
      check: (values) => (values.person_id ? [] : [{ name: 'person_id', message: 'Choose who to check in' }]),
      async onSubmit(values) {
        await ctx.api.post(`/meetings/${data.meeting.id}/attendance`, { person_id: Number(values.person_id) });
        const name = officerMembers.find((member) => String(member.person_id) === values.person_id)?.display_name || 'They';
        signatures['check-in'] = null;
        await refresh({ quiet: true });
        ctx.announce(`${name} is checked in.`);
      },
    });
    return h('details', { class: 'check-in-others' }, h('summary', {}, 'Check someone else in'), form);
  }

  function drawNow() {
    const item = currentItem();
    const { meeting } = data;
    nowHeading.textContent = item ? `Now: ${itemName(item, agenda())}` : 'Now';
    const parts = [];
    if (meeting.status === 'scheduled') parts.push(h('p', {}, 'The meeting has not started yet. This page follows it as soon as the chair starts it.'));
    else if (meeting.status === 'ended') parts.push(h('p', {}, 'The meeting has ended. ', h('a', { href: `/meetings/${meeting.id}/minutes` }, 'The minutes'), '.'));
    else if (meeting.status === 'cancelled') parts.push(h('p', {}, 'This meeting was cancelled.'));
    else if (!item) parts.push(h('p', {}, data.can?.chair ? 'No item has started. Choose one from the agenda below.' : 'No item is being discussed yet.'));
    else {
      const facts = [itemKindLabel(item.kind)];
      if (item.presenter) facts.push(`presented by ${item.presenter.display_name}`);
      parts.push(h('p', { class: 'caption' }, facts.join(' · ')));
      if (item.papers_html) parts.push(h('details', { class: 'agenda__papers' }, h('summary', { dataset: { key: 'now-papers' } }, 'Papers for this item'), h('div', { class: 'post__body' }, safeHtml(item.papers_html))));
    }
    replaceKeepingFocus(nowBox, parts, nowHeading);
    drawNotes();
  }

  // The secretary's notes on the current item. The editor stays put while its item is current, so
  // live events never take what is being typed; when the chair moves on, notes left unsaved are
  // saved to the item they were written for.
  function drawNotes() {
    const item = currentItem();
    const show = Boolean(item && isLive() && notesEditable(data.meeting, data.can));
    const shownId = show ? item.id : null;
    if (notesItem && notesItem.id !== shownId) {
      const left = notesItem;
      enqueue(() => saveLeftNotes(ctx, notesDrafts, left, itemName(left, agenda())));
    }
    notesItem = show ? item : null;
    drawStable('notes', notesBox, { signature: JSON.stringify([shownId]), phase: String(shownId) }, () => (show
      ? h('section', { 'aria-labelledby': 'notes-heading', class: 'officer-tools' },
        h('h3', { id: 'notes-heading' }, 'Notes for the minutes'),
        notesEditor(ctx, item, { drafts: notesDrafts, idPrefix: 'live-notes' }))
      : null));
  }

  function drawSpeakers() {
    const item = currentItem();
    const current = data.current;
    const speakers = current?.speakers || [];
    const options = { viewerId };
    const speaking = current?.speaking || null;
    replaceKeepingFocus(speakingBox, item && isLive()
      ? h('p', { class: 'speaking-now' }, speaking
        ? [h('strong', {}, 'Speaking now: '), speaking.person ? speaking.person.display_name : 'someone', speaking.kind === 'point_of_order' ? ' (point of order)' : '',
          speaking.person && speaking.person.id === viewerId ? h('strong', { class: 'tag tag--new you-speak' }, ' You may speak now') : null]
        : 'Nobody is speaking.')
      : null, speakersHeading);
    const rows = speakerRows(speakers, options);
    replaceKeepingFocus(queueBox, item && isLive() ? [
      h('h3', { id: 'queue-heading' }, 'Waiting to speak'),
      rows.length
        ? h('ol', { class: 'speakers', 'aria-labelledby': 'queue-heading' }, rows.map((row) => h('li', { class: `speakers__item${row.mine ? ' speakers__item--mine' : ''}` },
          row.name, row.mine ? ' (you)' : '', row.notes.length ? h('span', { class: 'speakers__notes' }, ` – ${row.notes.join(', ')}`) : null)))
        : h('p', {}, 'Nobody has asked to speak.'),
      data.meeting.first_time_first ? h('p', { class: 'caption' }, 'People who have not yet spoken on this item go first; points of order before all.') : null,
    ] : null, speakersHeading);
    const mine = myRequest(speakers, speaking, viewerId);
    const place = myPlaceText(speakers, viewerId);
    const tools = [];
    if (item && isLive()) {
      if (data.my?.checked_in && data.my.role === 'member') {
        if (mine && mine !== speaking) {
          tools.push(h('p', { class: 'my-place' }, place || 'You have asked to speak.'));
          tools.push(actionButton(errors, {
            text: 'Withdraw your request', key: 'withdraw',
            async onClick() {
              await ctx.api.delete(`/agenda-items/${item.id}/speakers/mine`);
              await refresh({ quiet: true });
              ctx.announce('Your request to speak has been withdrawn.');
            },
          }));
        } else if (!mine) {
          const ask = (kind, text, key, said) => actionButton(errors, {
            text, key, className: kind === 'speak' ? 'button' : 'button button--secondary',
            async onClick() {
              await ctx.api.post(`/agenda-items/${item.id}/speakers`, { kind });
              await refresh({ quiet: true });
              ctx.announce(`${said} ${myPlaceText(data.current?.speakers || [], viewerId) || ''}`.trim());
            },
          });
          tools.push(ask('speak', 'Ask to speak', 'ask-speak', 'You are on the list of speakers.'));
          tools.push(ask('point_of_order', 'Raise a point of order', 'ask-order', 'Your point of order is first in the queue.'));
        }
      } else if (ctx.person && !data.my?.checked_in && data.can?.check_in) {
        tools.push(h('p', {}, 'Check in above to ask to speak.'));
      }
      if (data.can?.chair) {
        const chairTools = [];
        if (rows.length) {
          chairTools.push(actionButton(errors, {
            text: 'Call the next speaker', key: 'next-speaker', className: 'button',
            async onClick() {
              await ctx.api.post(`/agenda-items/${item.id}/speakers/next`);
              await refresh({ quiet: true });
              const now = data.current?.speaking;
              ctx.announce(now ? `${personName(now.person)} may speak now.` : 'Nobody is waiting to speak.');
            },
          }));
        }
        if (speaking) {
          chairTools.push(actionButton(errors, {
            text: 'End this speaker', context: speaking.person ? `(${speaking.person.display_name})` : '', key: 'end-speaker',
            async onClick() {
              await ctx.api.post(`/agenda-items/${item.id}/speakers/end`);
              await refresh({ quiet: true });
              ctx.announce('The speaker has finished.');
            },
          }));
        }
        if (chairTools.length) tools.push(h('div', { class: 'button-group chair-tools' }, chairTools));
      }
    }
    replaceKeepingFocus(speakerTools, tools.length ? h('div', { class: 'button-group speaker-tools' }, tools) : null, speakersHeading);
  }

  // The ballot's own room says when it closes too: the page follows it while a vote is on, so the
  // result arrives however the ballot was closed (here, or on the ballot's page).
  let ballotRoom = null;
  function followBallot(ballotId) {
    const wanted = `ballot:${ballotId}`;
    if (ballotRoom === wanted) return;
    ballotRoom = wanted;
    ctx.watchRooms([room, wanted], () => {});
  }

  async function loadVote() {
    const current = data.current?.vote || null;
    if (!current) {
      Object.assign(vote, { ballotId: null, ballot: null, my: null, result: null, cast: null });
      return;
    }
    followBallot(current.ballot_id);
    if (current.ballot_id !== vote.ballotId) Object.assign(vote, { ballotId: current.ballot_id, ballot: null, my: null, result: null, cast: null });
    try {
      const fresh = await ctx.api.get(`/ballots/${current.ballot_id}`);
      vote.ballot = fresh.ballot;
      vote.my = fresh.my || null;
      if (current.status === 'closed' && !vote.result) vote.result = (await ctx.api.get(`/ballots/${current.ballot_id}/results`)).result;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }

  function openVoteForm(item) {
    const election = item.kind === 'election';
    const method = election ? selectField({
      name: 'method', label: 'How people vote', idPrefix: 'open-vote', value: 'single_choice',
      options: ELECTION_METHODS.map((value) => ({ value, label: methodLabel(value) })),
    }) : null;
    const options = election ? textArea({ name: 'options', label: 'Candidates or options, one on each line', idPrefix: 'open-vote', rows: 4 }) : null;
    const seats = election ? textField({ name: 'seats', label: 'Number of seats to fill', idPrefix: 'open-vote', value: '1', inputmode: 'numeric', width: 'short', spellcheck: false }) : null;
    const threshold = election ? null : radiosField({
      name: 'threshold', legend: 'What it takes to pass', idPrefix: 'open-vote', value: 'simple_majority', small: true,
      options: THRESHOLDS.map((value) => ({ value, label: thresholdLabel(value) })),
    });
    const secret = checkboxField({ name: 'secret', label: 'Secret ballot', idPrefix: 'open-vote', checked: true,
      hint: 'Nobody can see how anyone voted. Otherwise everyone sees each person’s vote after the close.' });
    const fields = [method, options, seats, threshold, secret].filter(Boolean);
    const { form } = buildForm({
      ctx,
      fields,
      headingLevel: 4,
      submitText: 'Open the vote',
      check(values) {
        if (!election) return [];
        const lines = String(values.options || '').split('\n').map((line) => line.trim()).filter(Boolean);
        const problems = [];
        if (lines.length < 2) problems.push({ name: 'options', message: 'Enter at least 2 candidates or options, one on each line' });
        if (!/^\d+$/.test(String(values.seats).trim()) || Number(values.seats) < 1) problems.push({ name: 'seats', message: 'Enter the number of seats as a whole number, 1 or more' });
        return problems;
      },
      async onSubmit(values) {
        const body = { secret: Boolean(values.secret) };
        if (election) {
          body.method = values.method;
          body.options = String(values.options).split('\n').map((line) => line.trim()).filter(Boolean).map((label) => ({ label }));
          body.seats = Number(values.seats);
        } else {
          body.method = 'yes_no';
          body.threshold = values.threshold || 'simple_majority';
        }
        await ctx.api.post(`/agenda-items/${item.id}/vote`, body);
        await refresh({ quiet: true });
        voteHeading.focus();
        ctx.announce('Voting has opened on this item.');
      },
    });
    return h('div', { class: 'open-vote' }, h('p', {}, 'Only members checked in now can vote, in the room or online.'), form);
  }

  function drawVote() {
    const item = currentItem();
    const current = data.current?.vote || null;
    voteSection.hidden = !(isLive() && item && (isVotingKind(item.kind) || current));
    if (voteSection.hidden) return;
    const can = data.can || {};
    const signature = JSON.stringify([item.id, current?.ballot_id, current?.status, vote.ballot?.id, vote.my?.voted, vote.my?.eligible,
      Boolean(vote.cast), Boolean(vote.result), can.chair, data.my?.may_vote]);
    drawStable('vote', voteBox, { signature, phase: `${item.id}:${current?.ballot_id}:${current?.status}` }, () => {
      const parts = [];
      if (!current || current.status === 'cancelled') {
        parts.push(h('p', {}, current ? 'The vote on this item was cancelled: it decided nothing.' : 'No vote has been opened on this item.'));
        if (can.chair) parts.push(openVoteForm(item));
        return parts;
      }
      if (current.status === 'open') {
        parts.push(h('p', { class: 'vote-status' }, h('strong', {}, 'Voting is open.'), vote.ballot ? ` ${methodLabel(vote.ballot.method)}.` : ''));
        if (vote.cast) parts.push(trackerBox(ctx, { tracker: vote.cast, replaced: false }));
        else if (vote.my?.voted) parts.push(h('p', {}, 'You have voted.'));
        else if (vote.my && vote.my.eligible === false) parts.push(h('p', { class: 'warning-text' }, h('strong', {}, 'You cannot vote. '), vote.my.reason || ''));
        else if (vote.ballot && (data.my?.may_vote || vote.my?.eligible)) {
          parts.push(voteFormFor(ctx, vote.ballot, {
            async onCast(tracker) {
              vote.cast = tracker;
              vote.my = { ...(vote.my || {}), eligible: true, voted: true };
              signatures.vote = null;
              drawVote();
              const box = voteBox.querySelector('.tracker-box');
              if (box) box.focus();
              ctx.announce('Your vote has been cast.');
            },
          }));
        } else if (!vote.ballot) parts.push(h('p', {}, 'Loading the vote…'));
        if (can.chair) {
          parts.push(h('div', { class: 'button-group' }, actionButton(errors, {
            text: 'Close the vote', key: 'close-vote', className: 'button button--warning',
            async onClick() {
              await ctx.api.post(`/agenda-items/${item.id}/vote/close`);
              await refresh({ quiet: true });
              ctx.announce(`Voting has closed. ${resultText(vote.result)}`);
            },
          })));
        }
      } else {
        parts.push(h('p', { class: 'vote-status' }, h('strong', {}, 'Voting has closed.')));
        if (vote.result) parts.push(resultView(vote.result, current.ballot_id));
        else parts.push(h('p', {}, h('a', { href: `/ballots/${current.ballot_id}` }, 'The result on the ballot’s page')));
      }
      return parts;
    });
  }

  function drawAgenda() {
    const list = agenda();
    const chair = data.can?.chair && isLive();
    const currentId = data.current?.item_id ?? null;
    replaceKeepingFocus(agendaBox, list.length ? h('ol', { class: 'agenda agenda--live', 'aria-labelledby': 'live-agenda-heading' }, list.map((item, index) => {
      const isCurrent = item.id === currentId;
      const tools = chair && !isCurrent ? h('div', { class: 'button-group agenda__tools' }, actionButton(errors, {
        text: 'Start item', context: `${index + 1}: ${item.title}`, key: `current-${item.id}`, className: 'button button--secondary button--small',
        async onClick() {
          await ctx.api.post(`/meetings/${data.meeting.id}/current-item`, { item_id: item.id });
          await refresh({ quiet: true });
          nowHeading.focus();
          ctx.announce(`The meeting has moved to ${itemName(item, list)}.`);
        },
      })) : null;
      return agendaEntry(item, index + 1, data.meeting, { current: isCurrent, tools });
    })) : h('p', {}, 'The agenda has no items.'), agendaHeading);
  }

  function drawChair() {
    const { meeting, can = {} } = data;
    const parts = [];
    if (can.chair && meeting.status === 'scheduled') {
      parts.push(h('div', { class: 'button-group' }, actionButton(errors, {
        text: 'Start the meeting', key: 'start', className: 'button',
        async onClick() {
          await ctx.api.post(`/meetings/${meeting.id}/start`);
          await refresh({ quiet: true });
          ctx.announce('The meeting has started.');
        },
      })));
    }
    if (can.chair && meeting.status === 'live') {
      const trigger = actionButton(errors, {
        text: 'End the meeting', key: 'end-meeting', className: 'button button--warning',
        async onClick() {
          await ctx.api.post(`/meetings/${meeting.id}/end`);
          await refresh({ quiet: true });
          statusLine.focus();
          ctx.announce('The meeting has ended.');
        },
      });
      parts.push(h('p', {}, 'Ending the meeting closes the speakers list. Close any open vote first.'), h('div', { class: 'button-group' }, trigger));
    }
    if (meeting.status === 'ended') parts.push(h('p', {}, h('a', { href: `/meetings/${meeting.id}/minutes`, dataset: { key: 'minutes' } }, 'The minutes of this meeting')));
    replaceKeepingFocus(chairBox, parts.length ? h('section', { 'aria-labelledby': 'chair-heading', class: 'officer-tools' },
      h('h2', { id: 'chair-heading' }, can.chair ? 'Chair' : 'After the meeting'), parts) : null, statusLine);
  }

  function drawAll() {
    drawStatus();
    drawAttendance();
    drawNow();
    drawSpeakers();
    drawVote();
    drawAgenda();
    drawChair();
    tick();
  }

  async function refresh({ quiet = false, event = null } = {}) {
    const fresh = await ctx.api.get(path);
    if (!ctx.isCurrent()) return;
    const before = data;
    data = fresh;
    if (event && event.kind === 'vote.closed' && event.data?.result && event.data.ballot_id === vote.ballotId) vote.result = event.data.result;
    await loadVote();
    if (!ctx.isCurrent()) return;
    drawAll();
    if (quiet) return;
    const messages = liveMessages(before, fresh, viewerId);
    if (before.meeting.status !== fresh.meeting.status) messages.push(fresh.meeting.status === 'live' ? 'The meeting has started.' : `The meeting is now ${meetingStatusLabel(fresh.meeting.status).toLowerCase()}.`);
    const closed = messages.indexOf('Voting has closed. The result is shown.');
    if (closed >= 0 && vote.result) messages[closed] = `Voting has closed. ${resultText(vote.result)}`;
    if (messages.length) ctx.announce(messages.join(' '));
  }

  const enqueue = serialQueue();
  ctx.watchRooms([room], (event) => {
    if (!ctx.isCurrent()) return;
    if (event.kind === 'subscribed') {
      if ((event.rooms || []).includes(room)) root.dataset.live = 'on';
      return;
    }
    if (event.kind === 'resync') enqueue(() => refresh({ quiet: true }));
    else if (event.room === room) enqueue(() => refresh({ event }));
    else if (event.room === ballotRoom && BALLOT_ENDS.has(event.kind)) enqueue(() => refresh({ event }));
  });
  const ticker = setInterval(() => {
    if (ctx.isCurrent()) tick();
  }, 1000);
  ctx.onLeave(() => clearInterval(ticker));

  const officerMembers = data.can?.check_in_others ? await loadMembers(ctx, first.group.id) : [];
  await loadVote();
  drawAll();
  root.append(
    errors.element,
    h('section', { 'aria-labelledby': 'attendance-heading', class: 'live-attendance' }, attendanceHeading, quorumLine, attendanceBox, checkInBox),
    h('section', { 'aria-labelledby': 'now-heading', class: 'live-now' }, nowHeading, itemTimer, nowBox, notesBox),
    h('section', { 'aria-labelledby': 'speakers-heading', class: 'live-speakers' }, speakersHeading, speakingBox, speakingTimer, speakerTools, queueBox),
    voteSection,
    h('section', { 'aria-labelledby': 'live-agenda-heading', class: 'live-agenda' }, agendaHeading, agendaBox),
    chairBox);
  const heading = `Live: ${first.title}`;
  return {
    title: heading,
    content: [meetingCrumbs(first.group, first, 'Live'), h('h1', {}, heading), statusLine, root],
  };
}

// ---------------------------------------------------------------------------------------------
// The minutes

export async function minutesView(ctx, { params }) {
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Meeting', () => ctx.api.get(`/meetings/${id}`));
  if (loaded.page) return loaded.page;
  const { meeting, can = {} } = loaded.data;
  const errors = actionErrors(ctx, { headingLevel: 2 });
  const title = `Minutes: ${meeting.title}`;
  let minutes = null;
  let unavailable = null;
  try {
    minutes = (await ctx.api.get(`/meetings/${id}/minutes`)).minutes;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) return ctx.signInRedirect();
    unavailable = error.status === 404
      ? (can.minutes ? 'The minutes have not been drafted yet.' : 'There are no minutes of this meeting yet.')
      : error.detail;
  }

  const draftButton = (text) => actionButton(errors, {
    text, key: 'draft', className: minutes ? 'button button--secondary' : 'button',
    async onClick() {
      await ctx.api.post(`/meetings/${meeting.id}/minutes/draft`);
      await ctx.rerender({ notice: 'The minutes have been drafted from the record of the meeting.' });
    },
  });

  const parts = [];
  if (!minutes) {
    parts.push(h('p', {}, unavailable));
    if (can.minutes && meeting.status === 'ended') {
      parts.push(h('p', {}, 'Plenary drafts them from the record: who attended and the quorum, each item with its notes, every decision with its figures, and who spoke.'));
      parts.push(h('div', { class: 'button-group' }, draftButton('Draft the minutes from the record')));
    } else if (can.minutes) {
      parts.push(h('p', {}, 'They can be drafted once the meeting has ended.'));
    }
  } else {
    parts.push(h('p', { class: 'minutes__status' }, h('strong', { class: `tag minutes-status minutes-status--${minutes.status}` }, minutesStatusLabel(minutes.status)),
      minutes.approved_at ? [' · approved ', zonedTime(minutes.approved_at, meeting.time_zone)] : '',
      minutes.status === 'draft' ? ' · a draft, seen only by officers until approved at a later meeting' : ''));
    parts.push(h('div', { class: 'button-group no-print' },
      h('a', { href: `/api/v1/meetings/${meeting.id}/minutes.md`, download: `minutes-${meeting.id}.md`, class: 'button button--secondary' }, 'Download as Markdown'),
      h('button', { type: 'button', class: 'button button--secondary', on: { click: () => window.print() } }, 'Print the minutes')));
    parts.push(h('article', { class: 'minutes post__body', 'aria-labelledby': 'minutes-heading' },
      h('h2', { id: 'minutes-heading', class: 'visually-hidden' }, 'The minutes'),
      safeHtml(minutes.body_html || '')));
    if (can.minutes && minutes.status === 'draft') {
      const { field, previewButton, preview } = markdownField(ctx, {
        name: 'body', label: 'The minutes', rows: 20, idPrefix: 'minutes', value: minutes.body || '',
        hint: ['Correct and complete the draft. Keep the figures of each decision as they are. ', markdownHint()],
      });
      field.group.append(preview);
      const { form } = buildForm({
        ctx,
        fields: [field],
        headingLevel: 3,
        submitText: 'Save the minutes',
        secondary: previewButton,
        check: (values) => (values.body.trim() ? [] : [{ name: 'body', message: 'Write the minutes' }]),
        async onSubmit(values) {
          await ctx.api.put(`/meetings/${meeting.id}/minutes`, { body: values.body });
          await ctx.rerender({ notice: 'The minutes have been saved.' });
        },
      });
      parts.push(h('section', { 'aria-labelledby': 'edit-minutes-heading', class: 'officer-tools no-print' },
        h('h2', { id: 'edit-minutes-heading' }, 'Edit the draft'),
        h('p', {}, 'The minutes are approved by a decision at a later meeting: on that meeting’s page, add a decision item and choose this meeting under “Approves the minutes of an earlier meeting”. When its vote passes, they are published to members.'),
        form,
        h('h3', {}, 'Start again'),
        h('p', {}, 'Drafting again from the record replaces the text above, including your changes.'),
        h('div', { class: 'button-group' }, draftButton('Draft again from the record'))));
    }
  }

  return {
    title,
    content: [
      meetingCrumbs(meeting.group, meeting, 'Minutes'),
      h('h1', {}, title),
      h('p', { class: 'caption minutes__meta' }, `${meeting.group.name} · `, zonedTime(meeting.starts_at, meeting.time_zone)),
      errors.element,
      parts,
      h('p', { class: 'no-print' }, h('a', { href: `/meetings/${meeting.id}` }, 'Back to the meeting')),
    ],
  };
}
