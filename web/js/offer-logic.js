// Pure logic of the offer pages: the offer form's checks and body, the group choices, and where an
// offer stands in words (for the person who offered and for officers). No DOM, so the browser
// tests run it alone.

export const NAME_LIMIT = 100;
export const PHONE_LIMIT = 40;
export const OTHER_SKILLS_LIMIT = 1000;
export const AVAILABILITY_LIMIT = 500;
export const WHERE_LIMIT = 200;
export const NOTE_LIMIT = 2000;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const text = (value) => String(value ?? '').trim();
const length = (value) => [...value].length;

// The form's checks before asking the server (which checks the same again). Returns
// [{name, message}] in the order of the form.
export function checkOffer(values, { signedIn = false } = {}) {
  const problems = [];
  if (!signedIn) {
    const name = text(values.name);
    if (!name) problems.push({ name: 'name', message: 'Enter your name' });
    else if (length(name) > NAME_LIMIT) problems.push({ name: 'name', message: `Your name must be ${NAME_LIMIT} characters or fewer` });
    if (!EMAIL_SHAPE.test(text(values.email))) {
      problems.push({ name: 'email', message: 'Enter an email address in the right format, like name@example.org' });
    }
  }
  if (length(text(values.phone)) > PHONE_LIMIT) problems.push({ name: 'phone', message: `A phone number must be ${PHONE_LIMIT} characters or fewer` });
  const skills = Array.isArray(values.skill_ids) ? values.skill_ids : [];
  const other = text(values.other_skills);
  if (!skills.length && !other) {
    problems.push({ name: 'skill_ids', message: 'Choose at least one skill, or say in your own words how you could help' });
  }
  if (length(other) > OTHER_SKILLS_LIMIT) problems.push({ name: 'other_skills', message: `Other skills must be ${OTHER_SKILLS_LIMIT} characters or fewer` });
  const availability = text(values.availability);
  if (!availability) problems.push({ name: 'availability', message: 'Say when you could help, like “weekday evenings, 4 hours a month”' });
  else if (length(availability) > AVAILABILITY_LIMIT) problems.push({ name: 'availability', message: `Availability must be ${AVAILABILITY_LIMIT} characters or fewer` });
  if (length(text(values.where_text)) > WHERE_LIMIT) problems.push({ name: 'where_text', message: `The place must be ${WHERE_LIMIT} characters or fewer` });
  return problems;
}

const idOrNull = (value) => {
  const number = Number(value);
  return value !== '' && value !== null && value !== undefined && Number.isInteger(number) && number > 0 ? number : null;
};

// The request body: a signed-in person's name and address come from their account.
export function offerBody(values, { signedIn = false } = {}) {
  const body = {
    phone: text(values.phone),
    skill_ids: (values.skill_ids || []).map(Number).filter((id) => Number.isInteger(id) && id > 0),
    other_skills: text(values.other_skills),
    availability: text(values.availability),
    where_text: text(values.where_text),
  };
  if (!signedIn) {
    body.name = text(values.name);
    body.email = text(values.email);
  }
  const livesIn = idOrNull(values.lives_in_group_id);
  const worksIn = idOrNull(values.works_in_group_id);
  if (livesIn) body.lives_in_group_id = livesIn;
  if (worksIn) body.works_in_group_id = worksIn;
  return body;
}

// The group choices, each under its parent with its place in the tree spelled out ("Riverside
// Branch (in Northern Region)"), so a screen reader hears where it is without indentation.
export function groupOptions(groups) {
  const open = (groups || []).filter((group) => !group.archived);
  const byId = new Map(open.map((group) => [group.id, group]));
  const children = new Map();
  const roots = [];
  for (const group of open) {
    const parent = group.parent_id != null ? byId.get(group.parent_id) : null;
    if (parent) {
      if (!children.has(parent.id)) children.set(parent.id, []);
      children.get(parent.id).push(group);
    } else {
      roots.push(group);
    }
  }
  const byName = (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id - b.id;
  const options = [{ value: '', label: 'Not listed, or I would rather not say' }];
  const seen = new Set();
  const walk = (group, parent) => {
    if (seen.has(group.id)) return;
    seen.add(group.id);
    options.push({ value: String(group.id), label: parent ? `${group.name} (in ${parent.name})` : group.name });
    for (const child of (children.get(group.id) || []).sort(byName)) walk(child, group);
  };
  for (const root of roots.sort(byName)) walk(root, null);
  return options;
}

const STATUS_LABELS = {
  awaiting_confirmation: 'Waiting for email confirmation',
  waiting: 'Waiting for an answer',
  acknowledged: 'Acknowledged',
  answered: 'Answered',
};

export function statusLabel(status) {
  return STATUS_LABELS[status] || status;
}

// For officers: overdue comes first and is said in words, not only shown in colour.
export function officerStatusLabel(offer) {
  if (offer.status === 'waiting' && offer.overdue) return 'Overdue: waiting for an answer';
  return statusLabel(offer.status);
}

const OUTCOME_LABELS = {
  contacted: 'Contacted',
  matched: 'Matched to a task',
  not_now: 'Not now',
};

export function outcomeLabel(outcome) {
  return OUTCOME_LABELS[outcome] || outcome;
}

export const OUTCOME_CHOICES = [
  { value: 'contacted', label: 'Contacted', hint: 'You have been in touch with them. A note is optional.' },
  { value: 'matched', label: 'Matched to a task', hint: 'Say which task in the note.' },
  { value: 'not_now', label: 'Not now', hint: 'Say why, kindly, in the note.' },
];

// A note is needed for matched and not now (the server says so too).
export function checkOutcome(values) {
  const problems = [];
  if (!values.outcome) problems.push({ name: 'outcome', message: 'Choose what happened' });
  const note = text(values.note);
  if (!note && (values.outcome === 'matched' || values.outcome === 'not_now')) {
    problems.push({
      name: 'note',
      message: values.outcome === 'matched' ? 'Say which task they were matched to' : 'Say why not now: the person who offered will read this',
    });
  }
  if (length(note) > NOTE_LIMIT) problems.push({ name: 'note', message: `The note must be ${NOTE_LIMIT} characters or fewer` });
  return problems;
}

const joinNames = (names) => {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

// Where the offer stands, as the person who offered reads it: one line per step, oldest first,
// each {text, at, note?}. The view writes "<text> on <date>." and the note below.
export function offererSteps(offer) {
  const steps = [];
  if (offer.status === 'awaiting_confirmation') {
    steps.push({ text: 'You offered to help. Confirm your email address with the link we sent you, and your offer goes to the officers', at: offer.created_at });
    return steps;
  }
  const byLevel = new Map();
  for (const recipient of offer.sent_to || []) {
    if (!byLevel.has(recipient.level)) byLevel.set(recipient.level, { at: recipient.added_at, names: [] });
    byLevel.get(recipient.level).names.push(recipient.group.name);
  }
  const levels = [...byLevel.keys()].sort((a, b) => a - b);
  if (!levels.length) steps.push({ text: 'Your offer is waiting for an officer to take it up', at: offer.confirmed_at || offer.created_at });
  for (const level of levels) {
    const { at, names } = byLevel.get(level);
    steps.push({
      text: level === 0
        ? `Sent to the officers of ${joinNames(names)}`
        : `Nobody had answered yet, so it was also sent to the officers of ${joinNames(names)}`,
      at,
    });
  }
  if (offer.acknowledged) {
    const by = offer.acknowledged.by?.display_name;
    steps.push({ text: by ? `Acknowledged by ${by}` : 'Acknowledged', at: offer.acknowledged.at, note: offer.acknowledged.note || '' });
  }
  for (const outcome of offer.outcomes || []) {
    const by = outcome.by?.display_name;
    const lines = {
      contacted: by ? `${by} got in touch with you` : 'An officer got in touch with you',
      matched: by ? `Matched to a task by ${by}` : 'Matched to a task',
      not_now: by ? `${by} said there is nothing to match just now` : 'Nothing to match just now',
    };
    steps.push({ text: lines[outcome.outcome] || outcomeLabel(outcome.outcome), at: outcome.at, note: outcome.note || '' });
  }
  return steps;
}

// The one-line summary of where it stands, for the top of the status page.
export function offererHeadline(offer) {
  switch (offer.status) {
    case 'awaiting_confirmation': return 'Please confirm your email address: your offer has not been sent yet.';
    case 'waiting': return 'Your offer has been sent. The officers have not answered yet.';
    case 'acknowledged': return 'An officer has acknowledged your offer.';
    case 'answered': {
      const last = offer.outcome?.outcome;
      if (last === 'matched') return 'You have been matched to a task.';
      if (last === 'not_now') return 'There is nothing to match your offer to just now.';
      return 'An officer has been in touch about your offer.';
    }
    default: return statusLabel(offer.status);
  }
}

// The dashboard's sections in the server's order, each with its heading; empty ones left out.
export function dashboardSections(offers) {
  const sections = [
    { key: 'overdue', heading: 'Overdue: nobody has answered in time', offers: [] },
    { key: 'waiting', heading: 'Waiting for an answer', offers: [] },
    { key: 'acknowledged', heading: 'Acknowledged: record what follows', offers: [] },
    { key: 'answered', heading: 'Recent outcomes', offers: [] },
  ];
  const byKey = Object.fromEntries(sections.map((section) => [section.key, section]));
  for (const offer of offers || []) {
    if (offer.status === 'waiting') byKey[offer.overdue ? 'overdue' : 'waiting'].offers.push(offer);
    else if (offer.status === 'acknowledged') byKey.acknowledged.offers.push(offer);
    else if (offer.status === 'answered') byKey.answered.offers.push(offer);
  }
  return sections.filter((section) => section.offers.length);
}

// "Leafleting, Driving; also: baking".
export function skillsText(offer) {
  const names = (offer.skills || []).map((skill) => skill.name);
  const other = text(offer.other_skills);
  if (names.length && other) return `${names.join(', ')}; also: ${other}`;
  return names.length ? names.join(', ') : other;
}

// "Lives in Riverside Branch · works in Harbour Workers · Upper Valley".
export function placeText(offer) {
  const parts = [];
  if (offer.lives_in) parts.push(`Lives in the area of ${offer.lives_in.name}`);
  if (offer.works_in) parts.push(`works in the area of ${offer.works_in.name}`);
  if (text(offer.where_text)) parts.push(text(offer.where_text));
  if (!parts.length) return 'No place given';
  const joined = parts.join(' · ');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

const HISTORY_LABELS = {
  offered: 'Offered to help',
  confirmed: 'Email address confirmed',
  routed: 'Sent to officers',
  escalated: 'Escalated',
  acknowledged: 'Acknowledged',
  contacted: 'Contacted',
  matched: 'Matched to a task',
  not_now: 'Not now',
};

export function historyLabel(action) {
  return HISTORY_LABELS[action] || action;
}

// The token of a link from a mail (?token=…), when it looks like one.
export function tokenFrom(query) {
  const token = query && typeof query.get === 'function' ? query.get('token') : null;
  return token && /^[A-Za-z0-9_-]+$/.test(token.trim()) ? token.trim() : null;
}
