// Pure helpers of the meeting pages, free of the DOM so node tests can run them: the words for the
// server's codes, the item and speaking timers ("3:20 of 10:00"), the speakers list in the order
// the server gives it, quorum in words, agenda change marks, what the live page says when
// something changes, and the checks and request bodies of the meeting, agenda and check-in forms.
// Times typed in the meeting form are read in the meeting's zone with ballot-logic.js's helpers.
import { formatInZone, isValidTimeZone, outcomeLabel, zonedLocalToUtc } from './ballot-logic.js';

export const ITEM_KINDS = ['information', 'discussion', 'decision', 'election'];
// Items on which the chair may open a vote in the room.
export const VOTING_KINDS = new Set(['decision', 'election']);
export const RESPONSES = ['yes', 'no', 'maybe'];
export const TITLE_LIMIT = 200;
export const CHECK_IN_CODE_LENGTH = 6;

const capitalise = (text) => (text ? text[0].toUpperCase() + text.slice(1) : '');
const words = (code) => capitalise(String(code ?? '').replace(/_/g, ' '));

const STATUS_LABELS = { scheduled: 'Scheduled', live: 'Under way', ended: 'Ended', cancelled: 'Cancelled' };
const KIND_LABELS = { information: 'Information', discussion: 'Discussion', decision: 'Decision', election: 'Election' };
const RESPONSE_LABELS = { yes: 'Yes, I will come', no: 'No, I cannot come', maybe: 'Maybe' };
const ITEM_STATE_LABELS = { suggested: 'Suggested, waiting for an officer', accepted: 'On the agenda', declined: 'Declined' };
const MINUTES_LABELS = { draft: 'Draft', approved: 'Approved', published: 'Approved and published' };
const MODE_LABELS = { room: 'in the room', online: 'online', officer: 'checked in by an officer' };

export const meetingStatusLabel = (status) => STATUS_LABELS[status] || words(status);
export const itemKindLabel = (kind) => KIND_LABELS[kind] || words(kind);
export const responseLabel = (response) => RESPONSE_LABELS[response] || words(response);
export const itemStateLabel = (state) => ITEM_STATE_LABELS[state] || words(state);
export const minutesStatusLabel = (status) => MINUTES_LABELS[status] || words(status);
export const attendanceModeLabel = (mode) => MODE_LABELS[mode] || String(mode ?? '').replace(/_/g, ' ');
export const isVotingKind = (kind) => VOTING_KINDS.has(kind);

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// Timers

// 200 → "3:20"; 3780 → "1:03:00". Negative and missing values count as 0.
export function clock(totalSeconds) {
  const seconds = Math.max(0, Math.floor(Number(totalSeconds) || 0));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

// Whole seconds from `startedAt` (ISO) to `now` (epoch ms), never negative: a browser clock a
// little behind the server's shows 0:00 rather than a negative time.
export function elapsedSeconds(startedAt, now) {
  const start = Date.parse(startedAt ?? '');
  if (Number.isNaN(start)) return 0;
  return Math.max(0, Math.floor((now - start) / 1000));
}

// A timer against an allowance: {text: "3:20 of 10:00", over: false, elapsed, spoken}. Without an
// allowance, the time alone. `spoken` is the sentence for screen readers, which read "3:20" badly.
export function timerText(startedAt, now, allowedSeconds) {
  const elapsed = elapsedSeconds(startedAt, now);
  const allowed = Number(allowedSeconds) > 0 ? Math.floor(Number(allowedSeconds)) : 0;
  const spokenSpan = (seconds) => {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    if (minutes) parts.push(plural(minutes, 'minute', 'minutes'));
    if (rest || !minutes) parts.push(plural(rest, 'second', 'seconds'));
    return parts.join(' ');
  };
  if (!allowed) return { text: clock(elapsed), over: false, elapsed, spoken: `${spokenSpan(elapsed)} so far` };
  const over = elapsed > allowed;
  return {
    text: over ? `${clock(elapsed)} of ${clock(allowed)} (${clock(elapsed - allowed)} over)` : `${clock(elapsed)} of ${clock(allowed)}`,
    over,
    elapsed,
    spoken: over
      ? `${spokenSpan(elapsed)}, ${spokenSpan(elapsed - allowed)} over the ${spokenSpan(allowed)} allowed`
      : `${spokenSpan(elapsed)} of ${spokenSpan(allowed)}`,
  };
}

// The item timer: minutes_allowed from the agenda.
export function itemTimer(item, startedAt, now) {
  return timerText(startedAt, now, item && item.minutes_allowed ? item.minutes_allowed * 60 : 0);
}

// ---------------------------------------------------------------------------------------------
// The speakers list

const personId = (entry) => (entry.person ? entry.person.id : entry.person_id);
const waiting = (queue) => (queue || []).filter((entry) => !entry.state || entry.state === 'waiting');

// The server sends the current item's queue already in the order the chair will call it (points of
// order first; with "first time first", people who have not spoken on the item before those who
// have): the rule lives there, once, and the page shows the order as it comes.

// Rows for the list on screen: place, name, whether it is the viewer, and marks in words.
export function speakerRows(queue, { viewerId = null } = {}) {
  return waiting(queue).map((entry, index) => ({
    id: entry.id,
    place: index + 1,
    name: entry.person ? entry.person.display_name : 'Someone',
    mine: viewerId !== null && viewerId !== undefined && personId(entry) === viewerId,
    notes: entry.kind === 'point_of_order' ? ['point of order'] : [],
  }));
}

// The viewer's own open request: the one speaking now if it is theirs, else their place in the
// queue; null when they have none.
export function myRequest(queue, speaking, viewerId) {
  if (viewerId === null || viewerId === undefined) return null;
  if (speaking && personId(speaking) === viewerId) return speaking;
  return waiting(queue).find((entry) => personId(entry) === viewerId) || null;
}

// "You are 2nd in the queue" in plain words, or null when not waiting.
export function myPlaceText(queue, viewerId) {
  const at = waiting(queue).findIndex((entry) => personId(entry) === viewerId);
  if (at < 0) return null;
  if (at === 0) return 'You are next to speak.';
  return `You are number ${at + 1} in the queue: ${plural(at, 'person is', 'people are')} before you.`;
}

// ---------------------------------------------------------------------------------------------
// Attendance and quorum

// attendance: {members_checked_in, observers_checked_in, quorum_required, quorum_met}
export function quorumText(attendance) {
  const present = Number(attendance?.members_checked_in) || 0;
  const required = Number(attendance?.quorum_required) || 0;
  const observers = Number(attendance?.observers_checked_in) || 0;
  const who = `${plural(present, 'member', 'members')} checked in${observers ? `, and ${plural(observers, 'observer', 'observers')}` : ''}.`;
  if (!required) return { met: true, short: 'No quorum needed', sentence: `${who} This meeting needs no quorum.` };
  const met = attendance.quorum_met ?? present >= required;
  const short = met ? `Quorate: ${present} of ${required} needed` : `Not quorate: ${present} of ${required} needed`;
  const more = required - present;
  return {
    met,
    short,
    sentence: met
      ? `${who} The quorum is ${required}, so the meeting is quorate.`
      : `${who} The quorum is ${required}: ${plural(more, 'more member is', 'more members are')} needed before the meeting can decide anything.`,
  };
}

// How the quorum is set, for the meeting's details.
export function quorumRule(meeting) {
  const count = Number(meeting?.quorum_count) || 0;
  const percent = Number(meeting?.quorum_percent) || 0;
  if (count && percent) return `${count} members or ${percent}% of the members, whichever is more`;
  if (count) return plural(count, 'member', 'members');
  if (percent) return `${percent}% of the members`;
  return 'None';
}

// ---------------------------------------------------------------------------------------------
// The agenda

// Accepted items in their order, numbered from 1 as the agenda shows them.
export function agendaNumbers(agenda) {
  return new Map([...(agenda || [])].sort((a, b) => a.position - b.position).map((item, index) => [item.id, index + 1]));
}

// The mark an item carries when it changed after the agenda was published, or null.
export function changeMark(item, meeting) {
  if (!item || !item.changed_after_publication) return null;
  return meeting && meeting.agenda_published_at ? 'Changed after the agenda was published' : 'Changed';
}

// "Item 3: Budget 2027" for announcements and headings.
export function itemName(item, agenda) {
  if (!item) return 'no item';
  const number = agendaNumbers(agenda).get(item.id);
  return number ? `Item ${number}: ${item.title}` : item.title;
}

// When members may suggest items, in words, given the server's `can.suggest`.
export function suggestionWindow(meeting, canSuggest) {
  if (meeting.status !== 'scheduled') return 'Suggestions for this meeting are closed.';
  if (meeting.agenda_published_at) return 'The agenda has been published, so suggestions are closed.';
  return canSuggest ? 'You can suggest an item until the agenda is published.' : 'Only members can suggest items.';
}

// ---------------------------------------------------------------------------------------------
// What the live page says

// The words for a closed vote's result: the server's summary when there is one.
export function resultText(result) {
  if (!result) return 'The result is not available.';
  if (result.summary) return result.summary;
  if (result.method === 'yes_no') {
    return `${outcomeLabel(result.outcome)}: ${result.yes || 0} yes, ${result.no || 0} no, ${result.abstain || 0} abstaining.`;
  }
  return outcomeLabel(result.outcome);
}

// Messages for a change from `before` to `after` (the live state: {current, agenda}) as seen by
// `viewerId`. "You may speak now" is first when it applies, since it asks something of the person.
export function liveMessages(before, after, viewerId) {
  const messages = [];
  const was = before?.current || null;
  const now = after?.current || null;
  const agenda = after?.agenda || [];
  const speakingId = (current) => (current && current.speaking ? personId(current.speaking) : null);
  if (viewerId !== null && viewerId !== undefined && speakingId(now) === viewerId
    && !(speakingId(was) === viewerId && was.item_id === now.item_id)) {
    messages.push('You may speak now.');
  }
  if (now && now.item_id && (!was || was.item_id !== now.item_id)) {
    messages.push(`The meeting has moved to ${itemName(agenda.find((item) => item.id === now.item_id), agenda)}.`);
  } else if (was && was.item_id && (!now || !now.item_id)) {
    messages.push('No item is being discussed now.');
  }
  const voteOf = (current) => (current && current.vote ? current.vote : null);
  const wasVote = voteOf(was);
  const nowVote = voteOf(now);
  if (nowVote && nowVote.status === 'open' && (!wasVote || wasVote.ballot_id !== nowVote.ballot_id || wasVote.status !== 'open')) {
    messages.push('Voting has opened on this item.');
  }
  if (nowVote && nowVote.status === 'closed' && wasVote && wasVote.ballot_id === nowVote.ballot_id && wasVote.status !== 'closed') {
    messages.push('Voting has closed. The result is shown.');
  }
  if (nowVote && nowVote.status === 'cancelled' && wasVote && wasVote.ballot_id === nowVote.ballot_id && wasVote.status !== 'cancelled') {
    messages.push('The vote has been cancelled.');
  }
  return messages;
}

// ---------------------------------------------------------------------------------------------
// Forms

const wholeNumber = (text) => /^\d+$/.test(String(text ?? '').trim());
const blank = (text) => !String(text ?? '').trim();

export function isHttpsUrl(text) {
  try {
    const url = new URL(String(text ?? '').trim());
    return url.protocol === 'https:' && Boolean(url.hostname);
  } catch {
    return false;
  }
}

// values: {title, description, time_zone, starts_at, ends_at (datetime-local in time_zone), place,
// online_url, observers_allowed, quorum_count, quorum_percent, agenda_notice_hours,
// first_time_first, speaking_limit_minutes}. `now` (epoch ms) says what "the past" is;
// `{editing}` lets an existing meeting keep a start time that has passed.
export function checkMeeting(values, now = Date.now(), { editing = false } = {}) {
  const problems = [];
  const title = String(values.title ?? '').trim();
  if (!title) problems.push({ name: 'title', message: 'Enter a title for the meeting' });
  else if (title.length > TITLE_LIMIT) problems.push({ name: 'title', message: `Shorten the title to ${TITLE_LIMIT} characters or fewer` });
  const zoneOk = isValidTimeZone(values.time_zone);
  if (!zoneOk) problems.push({ name: 'time_zone', message: 'Choose a time zone' });
  const starts = zoneOk && values.starts_at ? zonedLocalToUtc(values.starts_at, values.time_zone) : null;
  const ends = zoneOk && values.ends_at ? zonedLocalToUtc(values.ends_at, values.time_zone) : null;
  if (blank(values.starts_at)) problems.push({ name: 'starts_at', message: 'Enter when the meeting starts' });
  else if (zoneOk && !starts) problems.push({ name: 'starts_at', message: 'Enter the start as a date and a time' });
  else if (starts && !editing && Date.parse(starts) <= now) problems.push({ name: 'starts_at', message: 'The start must be in the future' });
  if (blank(values.ends_at)) problems.push({ name: 'ends_at', message: 'Enter when the meeting ends' });
  else if (zoneOk && !ends) problems.push({ name: 'ends_at', message: 'Enter the end as a date and a time' });
  else if (starts && ends && Date.parse(ends) <= Date.parse(starts)) problems.push({ name: 'ends_at', message: 'The end must be after the start' });
  if (blank(values.place) && blank(values.online_url)) {
    problems.push({ name: 'place', message: 'Enter a place, an online link, or both' });
  }
  if (!blank(values.online_url) && !isHttpsUrl(values.online_url)) {
    problems.push({ name: 'online_url', message: 'Enter the online link as a full address starting with https://' });
  }
  if (!blank(values.quorum_count) && !wholeNumber(values.quorum_count)) {
    problems.push({ name: 'quorum_count', message: 'Enter the quorum as a whole number of members, like 10' });
  }
  if (!blank(values.quorum_percent) && (!wholeNumber(values.quorum_percent) || Number(values.quorum_percent) > 100)) {
    problems.push({ name: 'quorum_percent', message: 'Enter the quorum share as a whole number from 0 to 100' });
  }
  if (!blank(values.agenda_notice_hours) && !wholeNumber(values.agenda_notice_hours)) {
    problems.push({ name: 'agenda_notice_hours', message: 'Enter the notice as a whole number of hours, like 72' });
  }
  if (!blank(values.speaking_limit_minutes) && (!wholeNumber(values.speaking_limit_minutes) || Number(values.speaking_limit_minutes) < 1)) {
    problems.push({ name: 'speaking_limit_minutes', message: 'Enter the speaking time as a whole number of minutes, 1 or more, or leave it empty' });
  }
  return problems;
}

// The request body of POST /groups/{id}/meetings (and PATCH /meetings/{id}). Optional numbers that
// were left empty are sent as null when editing, so that clearing a field clears the setting.
export function meetingBody(values, { editing = false } = {}) {
  const optionalNumber = (text, scale = 1) => (blank(text) ? (editing ? null : undefined) : Number(String(text).trim()) * scale);
  const optionalText = (text) => (blank(text) ? (editing ? '' : undefined) : String(text).trim());
  const body = {
    title: String(values.title).trim(),
    description: values.description ?? '',
    time_zone: values.time_zone,
    starts_at: zonedLocalToUtc(values.starts_at, values.time_zone),
    ends_at: zonedLocalToUtc(values.ends_at, values.time_zone),
    place: optionalText(values.place),
    online_url: optionalText(values.online_url),
    observers_allowed: Boolean(values.observers_allowed),
    quorum_count: optionalNumber(values.quorum_count),
    quorum_percent: optionalNumber(values.quorum_percent),
    agenda_notice_hours: optionalNumber(values.agenda_notice_hours),
    first_time_first: Boolean(values.first_time_first),
    speaking_limit_seconds: optionalNumber(values.speaking_limit_minutes, 60),
  };
  if (!editing && !String(body.description).trim()) delete body.description;
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

// The server names `speaking_limit_seconds`; the form asks in minutes.
export function meetingFieldName(serverField) {
  return serverField === 'speaking_limit_seconds' ? 'speaking_limit_minutes' : String(serverField ?? '');
}

// values: {kind, title, minutes_allowed, presenter_id, papers, proposal_id, approves_minutes_of}
export function checkAgendaItem(values) {
  const problems = [];
  if (!ITEM_KINDS.includes(values.kind)) problems.push({ name: 'kind', message: 'Choose the type of item' });
  const title = String(values.title ?? '').trim();
  if (!title) problems.push({ name: 'title', message: 'Enter a title for the item' });
  else if (title.length > TITLE_LIMIT) problems.push({ name: 'title', message: `Shorten the title to ${TITLE_LIMIT} characters or fewer` });
  if (!blank(values.minutes_allowed) && (!wholeNumber(values.minutes_allowed) || Number(values.minutes_allowed) < 1)) {
    problems.push({ name: 'minutes_allowed', message: 'Enter the time allowed as a whole number of minutes, 1 or more' });
  }
  if (!blank(values.proposal_id) && !wholeNumber(values.proposal_id)) {
    problems.push({ name: 'proposal_id', message: 'Enter the proposal’s number, as in its address: /proposals/12 is number 12' });
  }
  if (!blank(values.approves_minutes_of) && values.kind !== 'decision') {
    problems.push({ name: 'approves_minutes_of', message: 'Minutes are approved by a decision: choose “Decision” as the type of item, or no minutes' });
  }
  return problems;
}

export function agendaItemBody(values) {
  const body = { kind: values.kind, title: String(values.title).trim() };
  if (!blank(values.minutes_allowed)) body.minutes_allowed = Number(values.minutes_allowed);
  if (!blank(values.presenter_id)) body.presenter_id = Number(values.presenter_id);
  if (!blank(values.papers)) body.papers = values.papers;
  if (!blank(values.proposal_id) && VOTING_KINDS.has(values.kind)) body.proposal_id = Number(values.proposal_id);
  if (!blank(values.approves_minutes_of) && values.kind === 'decision') body.approves_minutes_of = Number(values.approves_minutes_of);
  return body;
}

// ---------------------------------------------------------------------------------------------
// Approving minutes, the secretary's notes, cancelling, calendars

// The earlier meetings whose minutes a decision item of `meeting` may approve: meetings of the
// same group that ended before it starts and whose minutes are a draft (`minutesStatus`: meeting id
// → "draft" | "approved" | "published"; absent when none are drafted). Latest first, as
// {value, label} for a select.
export function minutesToApprove(meetings, minutesStatus, meeting) {
  const starts = Date.parse(meeting?.starts_at ?? '');
  return (meetings || [])
    .filter((earlier) => earlier.id !== meeting?.id && earlier.status === 'ended'
      && (Number.isNaN(starts) || Date.parse(earlier.starts_at) < starts)
      && minutesStatus.get(earlier.id) === 'draft')
    .sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at))
    .map((earlier) => ({ value: String(earlier.id), label: `${earlier.title} – ${formatInZone(earlier.starts_at, earlier.time_zone)}` }));
}

// The title an approval item is given unless the officer writes their own.
export function approvalTitle(earlierTitle) {
  return `Approve the minutes of ${earlierTitle}`;
}

// The secretary writes notes while the server lets officers change the meeting: before and during it.
export function notesEditable(meeting, can) {
  return Boolean(can?.write_notes) && meeting?.status !== 'cancelled';
}

// Calendar apps subscribe to webcal:// addresses; they fetch the same feed over http(s).
export function webcalUrl(url) {
  return String(url ?? '').replace(/^https?:\/\//i, 'webcal://');
}

// From GET /me/calendar: the feed of one group (null when the person cannot attend its meetings)
// and the person's own feed of every group.
export function calendarFeeds(links, groupId) {
  const group = (links?.token_url_groups || []).find((entry) => String(entry.group_id) === String(groupId));
  return { group: group ? group.url : null, person: links?.token_url_person || null };
}

export const REASON_LIMIT = 1000;

export function checkCancel(values) {
  const reason = String(values.reason ?? '').trim();
  if (!reason) return [{ name: 'reason', message: 'Say why the meeting is cancelled: members are told' }];
  if (reason.length > REASON_LIMIT) return [{ name: 'reason', message: `Shorten the reason to ${REASON_LIMIT} characters or fewer` }];
  return [];
}

// "This meeting has been cancelled: the hall is closed." for the meeting page.
export function cancelledText(meeting) {
  const reason = String(meeting?.cancel_reason ?? '').trim();
  return reason ? `This meeting has been cancelled: ${reason}` : 'This meeting has been cancelled.';
}

// A member's suggestion: {kind, title, papers}.
export function checkSuggestion(values) {
  return checkAgendaItem({ ...values, minutes_allowed: '', proposal_id: '' });
}

export function suggestionBody(values) {
  const body = { kind: values.kind, title: String(values.title).trim() };
  if (!blank(values.papers)) body.papers = values.papers;
  return body;
}

// The code as typed ("123 456", "123-456") as its six digits, or null.
export function normaliseCheckInCode(text) {
  const digits = String(text ?? '').replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CHECK_IN_CODE_LENGTH}}$`).test(digits) ? digits : null;
}

export function checkInCodeProblem(text) {
  if (blank(text)) return 'Enter the check-in code shown in the room';
  if (!normaliseCheckInCode(text)) return `Enter the check-in code as it is shown: ${CHECK_IN_CODE_LENGTH} digits, like 123 456`;
  return null;
}

// "123 456": easier to read out in the room.
export function formatCheckInCode(code) {
  const text = String(code ?? '');
  return /^\d{6}$/.test(text) ? `${text.slice(0, 3)} ${text.slice(3)}` : text;
}

export function checkDecline(values) {
  return blank(values.reason) ? [{ name: 'reason', message: 'Say why the item is declined: the member who suggested it reads this' }] : [];
}

// The meetings of a group, split as the list shows them: coming (soonest first) and past (latest first).
export function splitMeetings(meetings, now = Date.now()) {
  const upcoming = [];
  const past = [];
  for (const meeting of meetings || []) {
    const ended = meeting.status === 'ended' || meeting.status === 'cancelled' || Date.parse(meeting.ends_at) < now;
    (ended && meeting.status !== 'live' ? past : upcoming).push(meeting);
  }
  upcoming.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  past.sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at));
  return { upcoming, past };
}
