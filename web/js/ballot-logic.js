// Pure helpers of the ballot pages, free of the DOM so node tests can run them: the words for the
// server's codes, the ranking list, tracker codes, times in a ballot's own time zone, the checks
// and request body of the new-ballot form, and the tables and chart made from a published result.

export const METHODS = ['yes_no', 'single_choice', 'approval', 'irv', 'scottish_stv', 'meek_stv'];
export const RANKED_METHODS = new Set(['irv', 'scottish_stv', 'meek_stv']);
// Methods that may fill more than one seat (approval: "choose up to N").
export const MULTI_SEAT_METHODS = new Set(['approval', 'scottish_stv', 'meek_stv']);
export const THRESHOLDS = ['simple_majority', 'two_thirds', 'three_quarters'];
export const MAX_OPTIONS = 100;
export const TITLE_LIMIT = 200;

const METHOD_LABELS = {
  yes_no: 'Yes, no or abstain',
  single_choice: 'Single choice',
  approval: 'Approval (vote for any number)',
  irv: 'Ranked, one winner (instant run-off)',
  scottish_stv: 'Ranked, several winners (single transferable vote, Scottish rules)',
  meek_stv: 'Ranked, several winners (single transferable vote, Meek rules)',
};

const THRESHOLD_LABELS = {
  simple_majority: 'Simple majority: more yes than no',
  two_thirds: 'Two thirds: at least 2 in 3 of those voting yes or no',
  three_quarters: 'Three quarters: at least 3 in 4 of those voting yes or no',
};

const STATUS_LABELS = {
  scheduled: 'Not open yet',
  open: 'Open for voting',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

const OUTCOME_LABELS = {
  passed: 'Passed',
  rejected: 'Rejected',
  no_quorum: 'No quorum',
  decided: 'Decided',
};

const capitalise = (text) => (text ? text[0].toUpperCase() + text.slice(1) : '');
export const methodLabel = (method) => METHOD_LABELS[method] || capitalise(String(method || '').replace(/_/g, ' '));
export const thresholdLabel = (threshold) => THRESHOLD_LABELS[threshold] || capitalise(String(threshold || '').replace(/_/g, ' '));
export const ballotStatusLabel = (status) => STATUS_LABELS[status] || capitalise(String(status || ''));
export const outcomeLabel = (outcome) => OUTCOME_LABELS[outcome] || capitalise(String(outcome || '').replace(/_/g, ' '));
export const isRanked = (method) => RANKED_METHODS.has(method);
export const isMultiSeat = (method) => MULTI_SEAT_METHODS.has(method);

// 1 → "1st", 2 → "2nd", 11 → "11th", 22 → "22nd".
export function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th'}`;
}

// ---------------------------------------------------------------------------------------------
// The ranking: `ranked` holds option numbers, first preference first; every option not ranked is
// in the "not ranked" list in the ballot's own order. Each operation returns a new ranking and
// where the option now is, so the page can put focus back on it and say where it went.

export function newRanking(optionNumbers, ranked = []) {
  const chosen = ranked.filter((number) => optionNumbers.includes(number));
  return { order: [...optionNumbers], ranked: [...new Set(chosen)] };
}

export function unranked(ranking) {
  return ranking.order.filter((number) => !ranking.ranked.includes(number));
}

export function addToRanking(ranking, number) {
  if (ranking.ranked.includes(number) || !ranking.order.includes(number)) return { ranking, position: ranking.ranked.indexOf(number) + 1 };
  const ranked = [...ranking.ranked, number];
  return { ranking: { ...ranking, ranked }, position: ranked.length };
}

export function removeFromRanking(ranking, number) {
  const ranked = ranking.ranked.filter((item) => item !== number);
  return { ranking: { ...ranking, ranked }, position: 0 };
}

// delta -1 moves towards first preference, +1 away from it; at either end nothing changes.
export function moveInRanking(ranking, number, delta) {
  const from = ranking.ranked.indexOf(number);
  if (from < 0) return { ranking, position: 0 };
  const to = Math.min(ranking.ranked.length - 1, Math.max(0, from + delta));
  const ranked = [...ranking.ranked];
  ranked.splice(from, 1);
  ranked.splice(to, 0, number);
  return { ranking: { ...ranking, ranked }, position: to + 1 };
}

// What a screen reader hears after a change: `action` is 'add', 'move' or 'remove'.
export function rankingMessage(name, position, action = 'move') {
  if (action === 'remove' || position < 1) return `${name} removed from your ranking.`;
  if (action === 'add') return `${name} added as your ${ordinal(position)} preference.`;
  return `${name} moved to ${ordinal(position)} preference.`;
}

// ---------------------------------------------------------------------------------------------
// Tracker codes: 20 characters of Crockford's base 32 (100 bits), drawn in the browser so that a
// retried cast carries the same code and the server can tell it is the same ballot.

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKER_LENGTH = 20;

// getRandomValues: crypto.getRandomValues, or a stand-in for tests. 256 is a multiple of 32, so
// keeping the low five bits of each byte leaves every character equally likely.
export function generateTracker(getRandomValues = (array) => globalThis.crypto.getRandomValues(array)) {
  const bytes = getRandomValues(new Uint8Array(TRACKER_LENGTH));
  return Array.from(bytes, (byte) => CROCKFORD[byte & 31]).join('');
}

// What a person typed, as the 20-character code, or null when it cannot be one. Dashes and spaces
// are ignored, case does not matter, and the letters Crockford reads as digits (I, L → 1; O → 0)
// are read that way.
export function normaliseTracker(text) {
  const squeezed = String(text ?? '').toUpperCase().replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1').replace(/O/g, '0');
  if (squeezed.length !== TRACKER_LENGTH) return null;
  for (const character of squeezed) if (!CROCKFORD.includes(character)) return null;
  return squeezed;
}

// "ABCDE-FGHJK-MNPQR-STVWX": easier to read aloud and copy down.
export function formatTracker(code) {
  const normal = normaliseTracker(code) ?? String(code ?? '');
  return normal.match(/.{1,5}/g)?.join('-') ?? '';
}

export function trackerProblem(text) {
  if (!String(text ?? '').trim()) return 'Enter your tracker code';
  if (!normaliseTracker(text)) return 'Enter the tracker code as it was shown: 20 letters and digits, like ABCDE-FGHJK-MNPQR-STVWX';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Times in a ballot's time zone. A datetime-local field holds a wall-clock time without a zone;
// it means that time where the ballot is run, not where the officer's computer is.

function zoneParts(date, timeZone) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const value = (type) => Number(parts.find((part) => part.type === type).value);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}

// Milliseconds the zone is ahead of UTC at that instant.
function zoneOffset(epochMs, timeZone) {
  const p = zoneParts(new Date(epochMs), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

// "2026-11-21T18:00" in "Europe/London" → "2026-11-21T18:00:00.000Z" (UTC ISO), or null when the
// text is not a time. A time that happens twice (the hour the clocks go back) is the first of the
// two; a time that never happens (the hour the clocks go forward) is moved on by the gap, as
// Temporal's "compatible" rule does, so 01:30 on that night means 02:30 summer time.
export function zonedLocalToUtc(local, timeZone) {
  const match = LOCAL_PATTERN.exec(String(local ?? ''));
  if (!match) return null;
  const [year, month, day, hour, minute, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wall).getUTCDate() !== day) return null;
  // Zones change their offset at most once around any one time: the offsets a day either side
  // are the only ones that can apply.
  const before = zoneOffset(wall - DAY_MS, timeZone);
  const after = zoneOffset(wall + DAY_MS, timeZone);
  const fitting = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => wall - instant === zoneOffset(instant, timeZone))
    .sort((a, b) => a - b);
  return new Date(fitting.length ? fitting[0] : wall - before).toISOString();
}

// The other way: a UTC instant as the "YYYY-MM-DDTHH:MM" a datetime-local field shows in that zone.
export function utcToZonedLocal(iso, timeZone) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = zoneParts(date, timeZone);
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

// "Saturday 21 November 2026 at 18:00 (Europe/London)": the time where the ballot is run, with the
// zone named, so that nobody reads it in their own zone by mistake.
export function formatInZone(iso, timeZone, locale = 'en-GB') {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  try {
    const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
    const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
    return `${day} at ${time} (${timeZone})`;
  } catch {
    return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  }
}

export function isValidTimeZone(timeZone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return Boolean(timeZone);
  } catch {
    return false;
  }
}

// Every zone the browser knows, with `current` first in line when it is missing from the list.
export function timeZoneChoices(current, supported = () => Intl.supportedValuesOf('timeZone')) {
  let zones = [];
  try {
    zones = supported();
  } catch {
    zones = [];
  }
  const all = new Set(zones);
  for (const zone of ['UTC', current]) if (zone && !all.has(zone)) all.add(zone);
  return [...all].sort((a, b) => a.localeCompare(b));
}

// ---------------------------------------------------------------------------------------------
// The new-ballot form: checks made before asking the server, and the request it sends.

const wholeNumber = (text) => /^\d+$/.test(String(text ?? '').trim());

// values: {title, description, method, options:[{label, description}], seats, threshold,
// quorum_percent, secret ('secret'|'open'), include_subgroups, include_supporters,
// joined_on_or_before, time_zone, timing ('scheduled'|'manual'), opens_at, closes_at}
// `now` (epoch ms) lets tests say what "in the past" means.
export function checkNewBallot(values, now = Date.now()) {
  const problems = [];
  const title = String(values.title ?? '').trim();
  if (!title) problems.push({ name: 'title', message: 'Enter a title for the ballot' });
  else if (title.length > TITLE_LIMIT) problems.push({ name: 'title', message: `Shorten the title to ${TITLE_LIMIT} characters or fewer` });
  if (!METHODS.includes(values.method)) problems.push({ name: 'method', message: 'Choose how people vote' });
  const method = values.method;
  if (method && method !== 'yes_no') {
    const labels = (values.options || []).map((option) => String(option.label ?? '').trim()).filter(Boolean);
    const lower = labels.map((label) => label.toLocaleLowerCase());
    if (labels.length < 2) problems.push({ name: 'options', message: 'Enter at least 2 options' });
    else if (labels.length > MAX_OPTIONS) problems.push({ name: 'options', message: `A ballot can have at most ${MAX_OPTIONS} options` });
    else if (new Set(lower).size !== lower.length) problems.push({ name: 'options', message: 'Give each option a different name' });
    if (isMultiSeat(method)) {
      if (!wholeNumber(values.seats) || Number(values.seats) < 1) problems.push({ name: 'seats', message: 'Enter the number of seats as a whole number, 1 or more' });
      else if (labels.length >= 2 && Number(values.seats) >= labels.length) problems.push({ name: 'seats', message: 'There must be more options than seats' });
    }
  }
  const quorum = String(values.quorum_percent ?? '').trim();
  if (quorum && (!wholeNumber(quorum) || Number(quorum) > 100)) problems.push({ name: 'quorum_percent', message: 'Enter the quorum as a whole number from 0 to 100' });
  if (values.joined_on_or_before && !/^\d{4}-\d{2}-\d{2}$/.test(values.joined_on_or_before)) {
    problems.push({ name: 'joined_on_or_before', message: 'Enter the cut-off date as a date, like 2026-09-01' });
  }
  if (!isValidTimeZone(values.time_zone)) problems.push({ name: 'time_zone', message: 'Choose a time zone' });
  if (values.timing !== 'manual' && isValidTimeZone(values.time_zone)) {
    const opens = values.opens_at ? zonedLocalToUtc(values.opens_at, values.time_zone) : null;
    const closes = values.closes_at ? zonedLocalToUtc(values.closes_at, values.time_zone) : null;
    if (values.opens_at && !opens) problems.push({ name: 'opens_at', message: 'Enter the opening time as a date and a time' });
    if (!values.closes_at) problems.push({ name: 'closes_at', message: 'Enter when voting closes' });
    else if (!closes) problems.push({ name: 'closes_at', message: 'Enter the closing time as a date and a time' });
    else if (Date.parse(closes) <= Math.max(now, opens ? Date.parse(opens) : now)) {
      problems.push({ name: 'closes_at', message: opens && Date.parse(opens) > now ? 'The closing time must be after the opening time' : 'The closing time must be in the future' });
    }
  }
  return problems;
}

export function newBallotBody(values) {
  const body = {
    title: String(values.title).trim(),
    method: values.method,
    secret: values.secret !== 'open',
    time_zone: values.time_zone,
    manual: values.timing === 'manual',
    eligibility: {
      include_subgroups: Boolean(values.include_subgroups),
      include_supporters: Boolean(values.include_supporters),
      joined_on_or_before: values.joined_on_or_before || null,
    },
  };
  if (String(values.description ?? '').trim()) body.description = values.description;
  if (values.method === 'yes_no') body.threshold = values.threshold || 'simple_majority';
  else {
    body.options = (values.options || [])
      .filter((option) => String(option.label ?? '').trim())
      .map((option) => {
        const entry = { label: option.label.trim() };
        if (String(option.description ?? '').trim()) entry.description = option.description.trim();
        return entry;
      });
  }
  if (isMultiSeat(values.method) && wholeNumber(values.seats)) body.seats = Number(values.seats);
  const quorum = String(values.quorum_percent ?? '').trim();
  if (quorum) body.quorum_percent = Number(quorum);
  if (!body.manual) {
    if (values.opens_at) body.opens_at = zonedLocalToUtc(values.opens_at, values.time_zone);
    body.closes_at = zonedLocalToUtc(values.closes_at, values.time_zone);
  }
  return body;
}

// The server names fields as in the request ("options[2].label", "eligibility.joined_on_or_before");
// the form has one field per question.
export function formFieldName(serverField) {
  const name = String(serverField ?? '');
  if (name.startsWith('options')) return 'options';
  if (name.startsWith('eligibility.')) return name.slice('eligibility.'.length);
  if (name === 'manual') return 'timing';
  return name;
}

// ---------------------------------------------------------------------------------------------
// Results

// "12 votes", for a figure that may be a decimal string ("12.00000") from an STV count.
export function figure(value) {
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value ?? '');
  return Number.isInteger(number) ? number.toLocaleString('en-GB') : String(value).replace(/\.?0+$/, '');
}

// "+3", "−2.5" (a real minus sign), or "" for no change.
export function change(value) {
  const number = Number(value);
  if (!Number.isFinite(number) || number === 0) return '';
  const size = figure(String(value).trim().replace(/^[-+]/, ''));
  return number > 0 ? `+${size}` : `−${size}`;
}

export function percent(part, whole) {
  if (!whole) return '';
  const share = (100 * part) / whole;
  return `${Number.isInteger(share) ? share : share.toFixed(1)}%`;
}

export function quorumSentence(quorum, cast) {
  if (!quorum || !quorum.percent) return 'There is no quorum for this ballot.';
  const met = quorum.met ?? cast >= quorum.required;
  return `The quorum is ${quorum.percent}% of the eligible voters: ${quorum.required} ${quorum.required === 1 ? 'ballot' : 'ballots'}. `
    + `${cast} ${cast === 1 ? 'was' : 'were'} cast, so the quorum was ${met ? 'met' : 'not met'}.`;
}

// The yes/no figures as table rows with each share of those voting yes or no.
export function yesNoRows(result) {
  const decided = (result.yes || 0) + (result.no || 0);
  return [
    { label: 'Yes', votes: result.yes || 0, share: percent(result.yes || 0, decided) },
    { label: 'No', votes: result.no || 0, share: percent(result.no || 0, decided) },
    { label: 'Abstain', votes: result.abstain || 0, share: '' },
  ];
}

// Options by votes, most first; the marks say who was elected or chosen (in words, not colour).
export function optionRows(result) {
  const elected = new Set(result.elected || []);
  return [...(result.options || [])]
    .sort((a, b) => (b.votes - a.votes) || (a.number - b.number))
    .map((option) => ({ ...option, elected: elected.has(option.number) }));
}

const ACTION_LABELS = {
  first_preferences: 'First preferences',
  exclusion: 'Exclusion',
  surplus_transfer: 'Surplus transfer',
  keep_factor_iteration: 'Keep factors adjusted',
};

function names(list) {
  return (list || []).map((entry) => entry.name).join(', ');
}

// What happened at a round, as a heading for its column: "Round 2: Bob excluded".
export function roundHeading(round) {
  const subject = names(round.subjects);
  let what = ACTION_LABELS[round.action] || capitalise(String(round.action || '').replace(/_/g, ' '));
  if (round.action === 'exclusion' && subject) what = `${subject} excluded`;
  else if (round.action === 'surplus_transfer' && subject) what = `surplus of ${subject} transferred`;
  return `Round ${round.round}: ${what}`;
}

const REASONS = {
  quota: 'reached the quota',
  majority: 'won a majority',
  last_vacancies: 'filled the last places',
  lowest_votes: 'fewest votes',
  batch: 'excluded together with others who could not catch up',
  seats_filled: 'all seats filled',
};
export const reasonText = (reason) => REASONS[reason] || String(reason || '').replace(/_/g, ' ');

// The round-by-round table of a ranked count: a row per candidate and a column per round; each
// cell has the votes, the change since the round before, and the candidate's state in words
// ("Elected", "Excluded") when it changed at that round. Quota and exhausted rows follow.
export function roundTable(count) {
  const rounds = count.rounds || [];
  const rows = (count.candidates || []).map((candidate) => {
    let previous = null;
    const cells = rounds.map((round) => {
      const entry = (round.candidates || []).find((item) => item.number === candidate.number) || {};
      const elected = (round.elected || []).some((item) => item.number === candidate.number);
      const excluded = (round.excluded || []).some((item) => item.number === candidate.number);
      let mark = '';
      if (elected) mark = 'Elected';
      else if (excluded) mark = 'Excluded';
      else if (entry.status === 'withdrawn' && previous !== 'withdrawn') mark = 'Withdrawn';
      previous = entry.status;
      return { votes: figure(entry.votes ?? 0), change: round.action === 'first_preferences' ? '' : change(entry.change), mark, status: entry.status || '' };
    });
    const finalStatus = cells.length ? cells[cells.length - 1].status : '';
    return { number: candidate.number, name: candidate.name, cells, finalStatus };
  });
  return {
    columns: rounds.map((round) => roundHeading(round)),
    rows,
    quota: rounds.map((round) => figure(round.quota ?? count.quota)),
    exhausted: rounds.map((round) => figure(round.exhausted ?? 0)),
    quotaVaries: new Set(rounds.map((round) => round.quota)).size > 1,
  };
}

// The bars of the chart: for a ranked count, the votes at the last round (and the quota); for the
// other methods, the votes per option.
export function chartData(result) {
  if (result.count) {
    const rounds = result.count.rounds || [];
    const last = rounds[rounds.length - 1] || { candidates: [] };
    const elected = new Set((result.count.elected || []).map((entry) => entry.number));
    const nameOf = new Map((result.count.candidates || []).map((candidate) => [candidate.number, candidate.name]));
    const bars = (last.candidates || [])
      .filter((entry) => entry.status !== 'withdrawn')
      .map((entry) => ({ label: nameOf.get(entry.number) ?? entry.name, value: Number(entry.votes) || 0, mark: elected.has(entry.number) ? 'elected' : entry.status === 'excluded' ? 'excluded' : '' }));
    return {
      title: rounds.length > 1 ? `Votes at the last round (round ${last.round})` : 'Votes at the count',
      bars,
      line: Number(last.quota ?? result.count.quota) || null,
      lineLabel: 'quota',
    };
  }
  if (result.method === 'yes_no') {
    return { title: 'Votes cast', bars: yesNoRows(result).map((row) => ({ label: row.label, value: row.votes, mark: '' })), line: null };
  }
  return {
    title: 'Votes per option',
    bars: optionRows(result).map((row) => ({ label: row.label, value: Number(row.votes) || 0, mark: row.elected ? 'elected' : '' })),
    line: null,
  };
}

const MARK_WORDS = { elected: 'elected', excluded: 'excluded' };

// The chart's accessible name: its title and every bar's figure, so it says what the eye sees.
export function chartSummary(data) {
  const bars = data.bars.map((bar) => `${bar.label} ${figure(bar.value)}${bar.mark ? ` (${MARK_WORDS[bar.mark]})` : ''}`);
  const line = data.line ? `; ${data.lineLabel} ${figure(data.line)}` : '';
  return `Bar chart, ${data.title}: ${bars.join(', ')}${line}.`;
}

// Geometry of a horizontal bar chart in a 0–100 wide drawing: bar lengths in proportion to the
// largest value (or the line, when it is larger).
export function chartGeometry(data, { width = 100 } = {}) {
  const top = Math.max(1, data.line || 0, ...data.bars.map((bar) => bar.value));
  return {
    bars: data.bars.map((bar) => ({ ...bar, length: (bar.value / top) * width })),
    line: data.line ? (data.line / top) * width : null,
  };
}

// A ballot's marks in words: "1. Ada Lovelace, 2. Alan Turing" (ranked) or "Ada, Alan".
export function marksText(marks, options, method) {
  const label = (number) => (options.find((option) => option.number === number) || {}).label || `Option ${number}`;
  if (!marks || !marks.length) return method === 'approval' ? 'None approved' : 'Blank';
  if (isRanked(method)) return marks.map((number, index) => `${index + 1}. ${label(number)}`).join(', ');
  return marks.map(label).join(', ');
}
