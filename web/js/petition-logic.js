// Pure helpers of the petition pages, free of the DOM so node tests can run them: the count in
// words, what is said aloud when it changes (and how often), the checks and request bodies of the
// sign and create forms, the choice of groups, the organisers' breakdown tables, and the token
// read from a mailed link.

export const NAME_LIMIT = 100;
export const TITLE_LIMIT = 200;
export const TARGET_LIMIT = 200;
export const SLUG_LIMIT = 60;
export const POSTCODE_MIN = 2;
export const POSTCODE_MAX = 10;
// Counts change with every signature; a screen reader hears them at most this often.
export const ANNOUNCE_GAP_MS = 5_000;

const numberFormat = new Intl.NumberFormat('en-GB');
export const formatCount = (count) => numberFormat.format(Math.max(0, Number(count) || 0));

const STATUS_LABELS = { open: 'Open for signatures', closed: 'Closed' };
export const petitionStatusLabel = (status) => STATUS_LABELS[status] || String(status ?? '');

// {confirmed: 1204, pending: 37} → "1,204 confirmed · 37 waiting for confirmation"
export function countText(counts) {
  const confirmed = formatCount(counts?.confirmed);
  const pending = formatCount(counts?.pending);
  return `${confirmed} confirmed · ${pending} waiting for confirmation`;
}

// The same in a sentence, for the live region: no middle dot, which screen readers read oddly.
export function countSentence(counts) {
  const confirmed = Math.max(0, Number(counts?.confirmed) || 0);
  const pending = Math.max(0, Number(counts?.pending) || 0);
  const signatures = confirmed === 1 ? 'signature' : 'signatures';
  return `The petition now has ${formatCount(confirmed)} confirmed ${signatures} and ${formatCount(pending)} waiting for confirmation.`;
}

const sameCounts = (a, b) => Boolean(a && b) && Number(a.confirmed) === Number(b.confirmed) && Number(a.pending) === Number(b.pending);

// Says the newest count at most once every `gapMs`: a burst of signatures becomes one message
// with the figures at its end, and nothing is said when the count ends where it was last said.
// `timers` and `now` are injectable so the rhythm can be tested without waiting.
export function countAnnouncer({ announce, initial, gapMs = ANNOUNCE_GAP_MS, timers = globalThis, now = () => Date.now() }) {
  let said = initial ? { ...initial } : null;
  let latest = said;
  let lastSaidAt = -Infinity;
  let timer = null;

  function sayLatest() {
    timer = null;
    if (sameCounts(latest, said)) return;
    said = { ...latest };
    lastSaidAt = now();
    announce(countSentence(said));
  }

  return {
    update(counts) {
      latest = { confirmed: counts?.confirmed ?? 0, pending: counts?.pending ?? 0 };
      if (timer !== null) return;
      const wait = lastSaidAt + gapMs - now();
      if (wait <= 0) sayLatest();
      else timer = timers.setTimeout(sayLatest, wait);
    },
    stop() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

// "sw1a 1aa" → "SW1A 1AA": spaces squeezed, letters upper-cased.
export function normalisePostcode(value) {
  return String(value ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The sign form's own checks, so the common slips are caught before asking the server.
export function checkSignature(values) {
  const problems = [];
  const name = String(values.name ?? '').trim();
  if (!name) problems.push({ name: 'name', message: 'Enter your name' });
  else if (name.length > NAME_LIMIT) problems.push({ name: 'name', message: `Your name must be ${NAME_LIMIT} characters or fewer` });
  const email = String(values.email ?? '').trim();
  if (!email) problems.push({ name: 'email', message: 'Enter your email address' });
  else if (!EMAIL_SHAPE.test(email)) problems.push({ name: 'email', message: 'Enter an email address in the right format, like name@example.com' });
  const postcode = normalisePostcode(values.postcode);
  if (!postcode) problems.push({ name: 'postcode', message: 'Enter your postcode' });
  else if (postcode.length < POSTCODE_MIN || postcode.length > POSTCODE_MAX) {
    problems.push({ name: 'postcode', message: `Enter a postcode of ${POSTCODE_MIN} to ${POSTCODE_MAX} characters, like SW1A 1AA` });
  }
  return problems;
}

// The body of POST /petitions/{slug}/signatures; no group is sent when none was chosen.
export function signatureBody(values) {
  const body = {
    name: String(values.name ?? '').trim(),
    email: String(values.email ?? '').trim(),
    postcode: normalisePostcode(values.postcode),
    hide_name: Boolean(values.hide_name),
    keep_updated: Boolean(values.keep_updated),
  };
  const group = Number.parseInt(values.group_id, 10);
  if (Number.isInteger(group) && group > 0) body.group_id = group;
  return body;
}

// The groups a signer may name, by name, archived ones left out; the first choice is none.
export function groupChoices(groups) {
  const open = (groups || []).filter((group) => !group.archived);
  open.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id - b.id);
  return [{ value: '', label: 'No group' }, ...open.map((group) => ({ value: String(group.id), label: group.name }))];
}

// "Save the Riverside Library!" → "save-the-riverside-library", as the server would make it.
export function slugFromTitle(title) {
  return String(title ?? '')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_LIMIT)
    .replace(/-+$/g, '');
}

const SLUG_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// The create form's checks: title, statement and target are needed; the web address, when
// given, is lower-case letters, digits and single hyphens; the closing date is in the future.
export function checkPetition(values, { today = new Date().toISOString().slice(0, 10) } = {}) {
  const problems = [];
  const title = String(values.title ?? '').trim();
  if (!title) problems.push({ name: 'title', message: 'Enter a title' });
  else if (title.length > TITLE_LIMIT) problems.push({ name: 'title', message: `The title must be ${TITLE_LIMIT} characters or fewer` });
  const target = String(values.target ?? '').trim();
  if (!target) problems.push({ name: 'target', message: 'Enter who the petition is addressed to' });
  else if (target.length > TARGET_LIMIT) problems.push({ name: 'target', message: `Who it is addressed to must be ${TARGET_LIMIT} characters or fewer` });
  if (!String(values.statement ?? '').trim()) problems.push({ name: 'statement', message: 'Enter the statement people will sign' });
  const slug = String(values.slug ?? '').trim();
  if (slug && (!SLUG_SHAPE.test(slug) || slug.length > SLUG_LIMIT)) {
    problems.push({ name: 'slug', message: `The web address may only use lower-case letters, digits and hyphens, up to ${SLUG_LIMIT} characters, like save-the-library` });
  }
  const closes = String(values.closes_on ?? '').trim();
  if (closes && !/^\d{4}-\d{2}-\d{2}$/.test(closes)) problems.push({ name: 'closes_on', message: 'Enter the closing date as a date, like 2027-03-31' });
  else if (closes && closes <= today) problems.push({ name: 'closes_on', message: 'The closing date must be in the future' });
  return problems;
}

// The closing date typed as a day means the end of that day where the organiser is.
export function closesAtFromDate(date) {
  if (!date) return null;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

// The body of POST /groups/{id}/petitions; an empty web address lets the server make one.
export function petitionBody(values) {
  const body = {
    title: String(values.title ?? '').trim(),
    statement: String(values.statement ?? ''),
    target: String(values.target ?? '').trim(),
  };
  const slug = String(values.slug ?? '').trim();
  if (slug) body.slug = slug;
  const closesAt = closesAtFromDate(String(values.closes_on ?? '').trim());
  if (closesAt) body.closes_at = closesAt;
  return body;
}

// The server's field names on the create form's.
export function petitionFieldName(field) {
  return field === 'closes_at' ? 'closes_on' : field;
}

// The organisers' tables: one row per group or postcode area, the unnamed ones in words, most
// confirmed first, and a total row that adds them up.
export function breakdownRows(breakdown) {
  const total = (rows) => rows.reduce((sum, row) => ({ confirmed: sum.confirmed + row.confirmed, pending: sum.pending + row.pending }), { confirmed: 0, pending: 0 });
  const order = (a, b) => b.confirmed - a.confirmed || b.pending - a.pending || a.label.localeCompare(b.label, 'en');
  const byGroup = (breakdown?.by_group || []).map((row) => ({
    label: row.group ? row.group.name : 'No group given',
    groupId: row.group ? row.group.id : null,
    confirmed: Number(row.confirmed) || 0,
    pending: Number(row.pending) || 0,
  })).sort(order);
  const byArea = (breakdown?.by_area || []).map((row) => ({
    label: row.area ? String(row.area) : 'Postcode not recognised',
    confirmed: Number(row.confirmed) || 0,
    pending: Number(row.pending) || 0,
  })).sort(order);
  return { byGroup, byArea, groupTotal: total(byGroup), areaTotal: total(byArea) };
}

// The token of a mailed link (?token=…), or null when the link was cut short.
export function tokenFrom(query) {
  const token = query && typeof query.get === 'function' ? query.get('token') : null;
  return token && /^[A-Za-z0-9_-]+$/.test(token.trim()) ? token.trim() : null;
}

// The words of the message a token link's failure shows: the field's message when there is one.
export function tokenProblem(error) {
  const fields = error && Array.isArray(error.fieldErrors) ? error.fieldErrors : [];
  const token = fields.find((problem) => problem.field === 'token');
  if (token) return token.message;
  if (fields.length) return fields.map((problem) => problem.message).join(' ');
  return (error && error.detail) || 'That did not work. Please try again.';
}
