// The proposal pages' pure logic, run in node without a browser: the words for states, where a
// proposal stands on its way to a decision, the support figures in words, the amendment diff made
// ready to draw, the checks run before a form is sent, and ballot times converted between a
// group's time zone and UTC (the browser's own zone never enters into it).

export const STEPS = ['draft', 'gathering_support', 'qualified', 'scheduled', 'voting', 'decided'];
export const DECIDED = ['passed', 'rejected', 'no_quorum'];
export const FILTER_STATES = ['draft', 'gathering_support', 'qualified', 'scheduled', 'voting', 'passed', 'rejected', 'no_quorum', 'withdrawn'];

const STATE_LABELS = {
  draft: 'Draft',
  gathering_support: 'Gathering support',
  qualified: 'Qualified',
  scheduled: 'Scheduled',
  voting: 'Voting',
  decided: 'Decided',
  passed: 'Passed',
  rejected: 'Rejected',
  no_quorum: 'No quorum',
  withdrawn: 'Withdrawn',
};

const STEP_HINTS = {
  draft: 'The author is writing it. Only they can see it.',
  gathering_support: 'Members read it, debate it and back it.',
  qualified: 'It has enough supporters. Officers must now put it to a vote.',
  scheduled: 'A ballot or a meeting has been set for it.',
  voting: 'Members are voting on it.',
  decided: 'The vote has been counted.',
};

const AMENDMENT_LABELS = {
  proposed: 'Proposed',
  voting: 'Being voted on',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

const capitalise = (text) => (text ? text[0].toUpperCase() + text.slice(1).replace(/_/g, ' ') : '');

export function stateLabel(state) {
  return STATE_LABELS[state] || capitalise(String(state || ''));
}

export function amendmentStateLabel(state) {
  return AMENDMENT_LABELS[state] || capitalise(String(state || ''));
}

export function isDecided(state) {
  return DECIDED.includes(state);
}

// The step a state belongs to: every decision is the one step "decided".
function stepOf(state) {
  return isDecided(state) ? 'decided' : state;
}

// The way from draft to decision: [{key, label, hint, status: 'done'|'current'|'upcoming'}].
// A withdrawn proposal shows the steps it went through as done and "Withdrawn" as where it is; the
// step it was withdrawn from is read from the history (its last change to "withdrawn").
export function proposalSteps(proposal) {
  const state = proposal.state;
  let reached = stepOf(state);
  const withdrawn = state === 'withdrawn';
  if (withdrawn) {
    const last = [...(proposal.history || [])].reverse().find((entry) => entry.to === 'withdrawn');
    reached = last && last.from ? stepOf(last.from) : 'draft';
  }
  let at = STEPS.indexOf(reached);
  if (at < 0) at = 0;
  const steps = STEPS.map((key, index) => {
    let status = 'upcoming';
    if (index < at || (withdrawn && index === at)) status = 'done';
    else if (index === at) status = 'current';
    let label = stateLabel(key);
    if (key === 'decided' && isDecided(state)) label = `Decided: ${stateLabel(state).toLowerCase()}`;
    return { key, label, hint: STEP_HINTS[key], status };
  });
  if (withdrawn) {
    // The steps after the withdrawal will never come; they are left out rather than shown as waiting.
    const kept = steps.slice(0, at + 1);
    kept.push({ key: 'withdrawn', label: 'Withdrawn', hint: 'It will not be put to a vote.', status: 'current' });
    return kept;
  }
  return steps;
}

// "7 of 12 supporters needed", and what that means for the proposal.
export function supportText(support) {
  const count = Math.max(0, Number(support && support.count) || 0);
  const needed = Math.max(1, Number(support && support.needed) || 1);
  const summary = `${count} of ${needed} supporters needed`;
  const missing = needed - count;
  const detail = missing > 0
    ? `${missing} more ${missing === 1 ? 'supporter is' : 'supporters are'} needed for it to qualify for a vote.`
    : 'It has enough support to qualify for a vote.';
  return { count, needed, summary, detail, value: Math.min(count, needed), max: needed };
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

// The amendment diff ready to draw: neighbouring pieces of the same kind joined, empty ones dropped,
// and long unchanged stretches shortened to their ends, so the changes are easy to find. `context`
// is how many characters of unchanged text are kept on each side of a change.
export function diffModel(ops, { context = 160 } = {}) {
  const merged = [];
  for (const op of ops || []) {
    if (!op || typeof op.text !== 'string' || op.text === '') continue;
    const kind = op.op === 'insert' || op.op === 'delete' ? op.op : 'equal';
    const last = merged[merged.length - 1];
    if (last && last.op === kind) last.text += op.text;
    else merged.push({ op: kind, text: op.text });
  }
  const parts = [];
  let inserted = 0;
  let deleted = 0;
  merged.forEach((part, index) => {
    if (part.op === 'insert') inserted += 1;
    if (part.op === 'delete') deleted += 1;
    if (part.op !== 'equal') {
      parts.push(part);
      return;
    }
    const first = index === 0;
    const last = index === merged.length - 1;
    const keepBefore = first ? 0 : context;
    const keepAfter = last ? 0 : context;
    const text = part.text;
    if (text.length <= keepBefore + keepAfter + 40) {
      parts.push(part);
      return;
    }
    const head = keepBefore ? cutAtWord(text.slice(0, keepBefore), 'end') : '';
    const tail = keepAfter ? cutAtWord(text.slice(text.length - keepAfter), 'start') : '';
    if (head) parts.push({ op: 'equal', text: head });
    parts.push({ op: 'gap', text: '', omitted: text.length - head.length - tail.length });
    if (tail) parts.push({ op: 'equal', text: tail });
  });
  const changes = inserted + deleted;
  let summary;
  if (!changes) summary = 'No changes to the text.';
  else {
    const words = [];
    if (inserted) words.push(plural(inserted, 'insertion', 'insertions'));
    if (deleted) words.push(plural(deleted, 'deletion', 'deletions'));
    summary = `${words.join(' and ')}.`;
  }
  return { parts, inserted, deleted, summary };
}

// Shortens a piece of text to whole words: 'end' keeps its start, 'start' keeps its end.
function cutAtWord(text, side) {
  if (side === 'end') {
    const space = text.lastIndexOf(' ');
    return space > text.length / 2 ? text.slice(0, space + 1) : text;
  }
  const space = text.indexOf(' ');
  return space >= 0 && space < text.length / 2 ? text.slice(space) : text;
}

// ---------------------------------------------------------------------------------------------
// Time: ballot windows are typed in the group's time zone and sent in UTC.

function zoneParts(epochMs, timeZone) {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const parts = {};
  for (const part of format.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second),
  };
}

// How far the zone's clocks are ahead of UTC at that instant, in milliseconds.
function zoneOffset(epochMs, timeZone) {
  const p = zoneParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

export function isTimeZone(timeZone) {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return Boolean(timeZone);
  } catch {
    return false;
  }
}

const LOCAL_VALUE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

// A datetime-local value ("2026-11-21T18:00") read as a wall-clock time in timeZone:
// {ok: true, iso: "2026-11-21T18:00:00.000Z", ambiguous} or {ok: false, reason}. When the clocks go
// back, a time that happens twice is taken at its first occurrence and marked ambiguous; when they
// go forward, a time that never happens is refused.
export function zonedToUtc(value, timeZone) {
  const match = LOCAL_VALUE.exec(String(value || '').trim());
  if (!match) return { ok: false, reason: 'format' };
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part || 0));
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(naive);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return { ok: false, reason: 'format' };
  const DAY = 86_400_000;
  const offsets = new Set([zoneOffset(naive - DAY, timeZone), zoneOffset(naive, timeZone), zoneOffset(naive + DAY, timeZone)]);
  const found = [];
  for (const offset of offsets) {
    const instant = naive - offset;
    const back = zoneParts(instant, timeZone);
    if (back.year === year && back.month === month && back.day === day && back.hour === hour && back.minute === minute) {
      if (!found.includes(instant)) found.push(instant);
    }
  }
  if (!found.length) return { ok: false, reason: 'skipped' };
  found.sort((a, b) => a - b);
  return { ok: true, iso: new Date(found[0]).toISOString(), ambiguous: found.length > 1 };
}

const pad = (number) => String(number).padStart(2, '0');

// An instant as a datetime-local value in timeZone, for filling a form.
export function utcToZoned(iso, timeZone) {
  const epoch = Date.parse(iso);
  if (Number.isNaN(epoch)) return '';
  const p = zoneParts(epoch, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

// "18:00 on Saturday 21 November 2026 (Europe/London)": how a ballot time is shown to people.
export function formatInZone(iso, timeZone, locale = 'en-GB') {
  const epoch = Date.parse(iso);
  if (Number.isNaN(epoch)) return '';
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(epoch);
  // Built from parts: ICU versions differ in the punctuation they put between them.
  const parts = {};
  for (const part of new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(epoch)) {
    parts[part.type] = part.value;
  }
  return `${time} on ${parts.weekday} ${parts.day} ${parts.month} ${parts.year} (${timeZone})`;
}

// ---------------------------------------------------------------------------------------------
// Checks before sending. Each returns [{name, message}] in the order of the form's fields.

export const PROPOSAL_LIMITS = { title: 200, decision: 2000 };

export function checkProposal({ title, body, decision }) {
  const problems = [];
  if (!String(title || '').trim()) problems.push({ name: 'title', message: 'Enter a title for the proposal' });
  else if (String(title).trim().length > PROPOSAL_LIMITS.title) problems.push({ name: 'title', message: `The title must be ${PROPOSAL_LIMITS.title} characters or fewer` });
  if (!String(body || '').trim()) problems.push({ name: 'body', message: 'Write the text of the proposal' });
  if (!String(decision || '').trim()) problems.push({ name: 'decision', message: 'Say what decision you are asking the group to take' });
  else if (String(decision).trim().length > PROPOSAL_LIMITS.decision) problems.push({ name: 'decision', message: `The decision asked for must be ${PROPOSAL_LIMITS.decision} characters or fewer` });
  return problems;
}

export function checkAmendment({ body, rationale }, currentBody) {
  const problems = [];
  if (!String(body || '').trim()) problems.push({ name: 'body', message: 'Write the text as you want it to read' });
  else if (String(body).trim() === String(currentBody || '').trim()) problems.push({ name: 'body', message: 'Change the text: it is the same as the proposal now' });
  if (!String(rationale || '').trim()) problems.push({ name: 'rationale', message: 'Say why you propose this change' });
  return problems;
}

export const THRESHOLDS = [
  { value: 'simple_majority', label: 'Simple majority', hint: 'More yes votes than no votes.' },
  { value: 'two_thirds', label: 'Two thirds', hint: 'At least two thirds of the yes and no votes are yes.' },
  { value: 'three_quarters', label: 'Three quarters', hint: 'At least three quarters of the yes and no votes are yes.' },
];

// The schedule form's values checked and turned into the request body:
// {problems} or {problems: [], body}. `now` is the current time in milliseconds.
export function scheduleRequest(values, { timeZone, now }) {
  const problems = [];
  const ballot = {};
  const zoneWords = `in ${timeZone} time`;
  let opens = null;
  if (values.opens_at) {
    const read = zonedToUtc(values.opens_at, timeZone);
    if (!read.ok) problems.push({ name: 'opens_at', message: read.reason === 'skipped' ? `That opening time does not exist ${zoneWords}: the clocks go forward then. Choose another time` : 'Enter the date and the time voting opens, both in full' });
    else {
      opens = Date.parse(read.iso);
      ballot.opens_at = read.iso;
    }
  }
  if (!values.closes_at) problems.push({ name: 'closes_at', message: 'Enter when voting closes' });
  else {
    const read = zonedToUtc(values.closes_at, timeZone);
    if (!read.ok) problems.push({ name: 'closes_at', message: read.reason === 'skipped' ? `That closing time does not exist ${zoneWords}: the clocks go forward then. Choose another time` : 'Enter the date and the time voting closes, both in full' });
    else {
      const closes = Date.parse(read.iso);
      if (closes <= (opens ?? now)) problems.push({ name: 'closes_at', message: opens !== null ? 'Voting must close after it opens' : 'Voting must close in the future' });
      ballot.closes_at = read.iso;
    }
  }
  if (values.threshold) {
    if (!THRESHOLDS.some((t) => t.value === values.threshold)) problems.push({ name: 'threshold', message: 'Choose how many yes votes it needs to pass' });
    else ballot.threshold = values.threshold;
  }
  const quorum = String(values.quorum_percent ?? '').trim();
  if (quorum !== '') {
    const number = Number(quorum);
    if (!/^\d{1,3}$/.test(quorum) || number > 100) problems.push({ name: 'quorum_percent', message: 'Enter the quorum as a whole number from 0 to 100' });
    else ballot.quorum_percent = number;
  }
  if (values.joined_on_or_before) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.joined_on_or_before)) problems.push({ name: 'joined_on_or_before', message: 'Enter the cut-off date in full: day, month and year' });
    else ballot.joined_on_or_before = values.joined_on_or_before;
  }
  ballot.secret = Boolean(values.secret);
  ballot.include_subgroups = Boolean(values.include_subgroups);
  ballot.include_supporters = Boolean(values.include_supporters);
  return problems.length ? { problems } : { problems, body: { mode: 'ballot', ballot } };
}

// One line of the history table: what changed, in words.
export function historyChange(entry) {
  if (!entry.from) return `Created as ${stateLabel(entry.to).toLowerCase()}`;
  if (entry.from === entry.to) return stateLabel(entry.to);
  return `${stateLabel(entry.from)} to ${stateLabel(entry.to).toLowerCase()}`;
}

// Is a live event about this proposal? Servers may send the proposal, or only its id.
export function eventConcerns(event, proposalId) {
  if (!event || event.kind !== 'proposal.updated') return false;
  const data = event.data || {};
  const id = data.proposal ? data.proposal.id : (data.proposal_id ?? data.id);
  return String(id) === String(proposalId);
}

// What changed that a reader should hear about, in one sentence, or '' when nothing worth saying.
export function changeAnnouncement(before, after) {
  if (!before || !after) return '';
  const parts = [];
  if (before.state !== after.state) parts.push(`It is now ${stateLabel(after.state).toLowerCase()}.`);
  const was = before.support ? before.support.count : null;
  const now = after.support ? after.support.count : null;
  if (was !== now && now !== null) parts.push(`${supportText(after.support).summary}.`);
  const amendmentsBefore = (before.amendments || []).map((a) => `${a.id}:${a.state}`).join(',');
  const amendmentsAfter = (after.amendments || []).map((a) => `${a.id}:${a.state}`).join(',');
  if (amendmentsBefore !== amendmentsAfter) parts.push('The amendments have changed.');
  if (!before.outcome_record && after.outcome_record) parts.push('What was done about it has been recorded.');
  return parts.length ? `This proposal has been updated. ${parts.join(' ')}` : '';
}
