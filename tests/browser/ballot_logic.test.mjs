// The ballot pages' pure logic, run in node without a browser: the ranking list moves, tracker
// codes, wall-clock times in a ballot's time zone (across clock changes), the new-ballot form's
// checks and request, and the tables and chart made from a published count.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CROCKFORD, addToRanking, chartData, chartGeometry, chartSummary, checkNewBallot, formFieldName, formatInZone,
  formatTracker, generateTracker, marksText, moveInRanking, newBallotBody, newRanking, normaliseTracker, optionRows,
  ordinal, quorumSentence, rankingMessage, removeFromRanking, roundTable, timeZoneChoices, trackerProblem, unranked,
  utcToZonedLocal, yesNoRows, zonedLocalToUtc,
} from '../../web/js/ballot-logic.js';

test('ordinals read as people say them', () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal),
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
});

test('the ranking: add, move up and down, remove; the not-ranked list keeps the ballot order', () => {
  let ranking = newRanking([1, 2, 3, 4]);
  assert.deepEqual(unranked(ranking), [1, 2, 3, 4]);
  let step = addToRanking(ranking, 3);
  assert.equal(step.position, 1);
  step = addToRanking(step.ranking, 1);
  assert.equal(step.position, 2);
  step = addToRanking(step.ranking, 4);
  ranking = step.ranking;
  assert.deepEqual(ranking.ranked, [3, 1, 4]);
  assert.deepEqual(unranked(ranking), [2]);

  step = moveInRanking(ranking, 4, -1);
  assert.deepEqual(step.ranking.ranked, [3, 4, 1]);
  assert.equal(step.position, 2);
  step = moveInRanking(step.ranking, 4, -1);
  assert.deepEqual(step.ranking.ranked, [4, 3, 1]);
  assert.equal(step.position, 1);
  const top = moveInRanking(step.ranking, 4, -1);
  assert.deepEqual(top.ranking.ranked, [4, 3, 1], 'the first cannot go higher');
  assert.equal(top.position, 1);
  const bottom = moveInRanking(step.ranking, 1, +1);
  assert.deepEqual(bottom.ranking.ranked, [4, 3, 1], 'the last cannot go lower');
  assert.equal(bottom.position, 3);

  step = removeFromRanking(step.ranking, 3);
  assert.deepEqual(step.ranking.ranked, [4, 1]);
  assert.equal(step.position, 0);
  assert.deepEqual(unranked(step.ranking), [2, 3], 'a removed option goes back to its place in the ballot order');

  const again = addToRanking(step.ranking, 4);
  assert.deepEqual(again.ranking.ranked, [4, 1], 'adding twice changes nothing');
  assert.equal(again.position, 1);
  assert.deepEqual(addToRanking(step.ranking, 9).ranking.ranked, [4, 1], 'an unknown option is not added');
  assert.deepEqual(newRanking([1, 2], [2, 2, 7]).ranked, [2], 'a starting ranking is cleaned');
  // The operations never change the ranking they were given (the page keeps the old one on failure).
  assert.deepEqual(ranking.ranked, [3, 1, 4]);
});

test('moves are announced with the new place, and removals as such', () => {
  assert.equal(rankingMessage('Ada Lovelace', 2), 'Ada Lovelace moved to 2nd preference.');
  assert.equal(rankingMessage('Alan Turing', 1), 'Alan Turing moved to 1st preference.');
  assert.equal(rankingMessage('Grace Hopper', 0, 'remove'), 'Grace Hopper removed from your ranking.');
  assert.equal(rankingMessage('Grace Hopper', 3, 'add'), 'Grace Hopper added as your 3rd preference.');
});

test('trackers: 20 Crockford characters from the random source, shown in groups of five', () => {
  const seen = [];
  const fakeRandom = (array) => {
    for (let i = 0; i < array.length; i += 1) array[i] = i * 13 + 200;
    seen.push(array.length);
    return array;
  };
  const code = generateTracker(fakeRandom);
  assert.deepEqual(seen, [20]);
  assert.equal(code.length, 20);
  assert.equal(code, Array.from({ length: 20 }, (_, i) => CROCKFORD[(i * 13 + 200) & 31]).join(''));
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{20}$/);
  const real = new Set(Array.from({ length: 50 }, () => generateTracker()));
  assert.equal(real.size, 50, 'codes from crypto.getRandomValues do not repeat');
  for (const one of real) assert.match(one, /^[0-9A-HJKMNP-TV-Z]{20}$/);

  assert.equal(formatTracker('abcde fghjk-mnpqr stvwx'), 'ABCDE-FGHJK-MNPQR-STVWX');
  assert.equal(normaliseTracker(' abcde-fghjk-mnpqr-stvwx '), 'ABCDEFGHJKMNPQRSTVWX');
  assert.equal(normaliseTracker('ABCDE-FGHJK-MNPQR-STVWO'), 'ABCDEFGHJKMNPQRSTVW0', 'O is read as zero');
  assert.equal(normaliseTracker('ILCDE-FGHJK-MNPQR-STVWX'), '11CDEFGHJKMNPQRSTVWX', 'I and L are read as one');
  assert.equal(normaliseTracker('ABCDE-FGHJK-MNPQR-STVWU'), null, 'U is not in the alphabet');
  assert.equal(normaliseTracker('ABCDE-FGHJK-MNPQR'), null, 'too short');
  assert.equal(trackerProblem(''), 'Enter your tracker code');
  assert.match(trackerProblem('12345'), /20 letters and digits/);
  assert.equal(trackerProblem('abcde-fghjk-mnpqr-stvwx'), null);
});

test('a wall-clock time means that time in the ballot’s zone, across clock changes', () => {
  assert.equal(zonedLocalToUtc('2026-11-21T18:00', 'Europe/London'), '2026-11-21T18:00:00.000Z', 'winter: London is on UTC');
  assert.equal(zonedLocalToUtc('2026-07-01T18:00', 'Europe/London'), '2026-07-01T17:00:00.000Z', 'summer: one hour ahead');
  assert.equal(zonedLocalToUtc('2026-07-01T09:00', 'America/New_York'), '2026-07-01T13:00:00.000Z');
  assert.equal(zonedLocalToUtc('2026-01-15T09:00', 'America/New_York'), '2026-01-15T14:00:00.000Z');
  assert.equal(zonedLocalToUtc('2026-07-01T09:00', 'Asia/Kolkata'), '2026-07-01T03:30:00.000Z', 'half-hour zones');
  assert.equal(zonedLocalToUtc('2026-07-01T09:00', 'Pacific/Auckland'), '2026-06-30T21:00:00.000Z', 'the day before in UTC');
  // 29 March 2026: London's clocks go from 01:00 to 02:00. 01:30 never happens; it means 02:30 BST.
  assert.equal(zonedLocalToUtc('2026-03-29T01:30', 'Europe/London'), '2026-03-29T01:30:00.000Z');
  // 25 October 2026: 01:30 happens twice; the first (BST) is taken.
  assert.equal(zonedLocalToUtc('2026-10-25T01:30', 'Europe/London'), '2026-10-25T00:30:00.000Z');
  assert.equal(zonedLocalToUtc('2026-02-30T10:00', 'Europe/London'), null, 'no such day');
  assert.equal(zonedLocalToUtc('tomorrow', 'Europe/London'), null);
  assert.equal(zonedLocalToUtc('', 'Europe/London'), null);

  for (const zone of ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
    for (const iso of ['2026-01-15T12:00:00.000Z', '2026-07-15T23:45:00.000Z']) {
      assert.equal(zonedLocalToUtc(utcToZonedLocal(iso, zone), zone), iso, `round trip in ${zone}`);
    }
  }
  assert.equal(utcToZonedLocal('2026-07-01T13:00:00Z', 'America/New_York'), '2026-07-01T09:00');
  assert.equal(utcToZonedLocal('2026-07-01T23:30:00Z', 'Europe/London'), '2026-07-02T00:30', 'midnight is 00, not 24');
  assert.equal(formatInZone('2026-11-21T18:00:00Z', 'Europe/London'), 'Saturday, 21 November 2026 at 18:00 (Europe/London)');
  assert.equal(formatInZone('2026-11-21T18:00:00Z', 'America/New_York'), 'Saturday, 21 November 2026 at 13:00 (America/New_York)');
  assert.equal(formatInZone(null, 'Europe/London'), '');
});

test('time-zone choices include the current zone even when the browser’s list lacks it', () => {
  const zones = timeZoneChoices('Europe/London', () => ['Europe/Paris', 'Africa/Abidjan']);
  assert.deepEqual(zones, ['Africa/Abidjan', 'Europe/London', 'Europe/Paris', 'UTC']);
  assert.ok(timeZoneChoices('Europe/London').includes('America/New_York'));
});

const NOW = Date.parse('2026-06-01T12:00:00Z');
const goodBallot = {
  title: 'Branch committee election',
  description: '',
  method: 'scottish_stv',
  options: [{ label: 'Ada Lovelace', description: '' }, { label: 'Alan Turing', description: 'Treasurer now' }, { label: 'Grace Hopper' }, { label: ' ' }],
  seats: '2',
  threshold: 'simple_majority',
  quorum_percent: '20',
  secret: 'secret',
  include_subgroups: true,
  include_supporters: false,
  joined_on_or_before: '2026-05-01',
  time_zone: 'Europe/London',
  timing: 'scheduled',
  opens_at: '2026-06-02T09:00',
  closes_at: '2026-06-09T18:00',
};

test('the new-ballot form: a good form passes and becomes the request the contract describes', () => {
  assert.deepEqual(checkNewBallot(goodBallot, NOW), []);
  assert.deepEqual(newBallotBody(goodBallot), {
    title: 'Branch committee election',
    method: 'scottish_stv',
    secret: true,
    time_zone: 'Europe/London',
    manual: false,
    eligibility: { include_subgroups: true, include_supporters: false, joined_on_or_before: '2026-05-01' },
    options: [{ label: 'Ada Lovelace' }, { label: 'Alan Turing', description: 'Treasurer now' }, { label: 'Grace Hopper' }],
    seats: 2,
    quorum_percent: 20,
    opens_at: '2026-06-02T08:00:00.000Z',
    closes_at: '2026-06-09T17:00:00.000Z',
  });
  const yesNo = newBallotBody({ ...goodBallot, method: 'yes_no', threshold: 'two_thirds', timing: 'manual', secret: 'open', quorum_percent: '' });
  assert.equal(yesNo.threshold, 'two_thirds');
  assert.equal(yesNo.options, undefined, 'yes/no ballots get their options from the server');
  assert.equal(yesNo.seats, undefined);
  assert.equal(yesNo.manual, true);
  assert.equal(yesNo.secret, false);
  assert.equal(yesNo.closes_at, undefined, 'manual ballots send no window');
  assert.equal(yesNo.quorum_percent, undefined);
  assert.equal(newBallotBody({ ...goodBallot, method: 'irv' }).seats, undefined, 'single-seat methods send no seats');
});

test('the new-ballot form: each mistake is named against its field', () => {
  const names = (values) => checkNewBallot(values, NOW).map((problem) => problem.name);
  assert.deepEqual(names({ ...goodBallot, title: '  ' }), ['title']);
  assert.deepEqual(names({ ...goodBallot, options: [{ label: 'Only one' }] }), ['options']);
  assert.deepEqual(names({ ...goodBallot, options: [{ label: 'Ada' }, { label: 'ada ' }, { label: 'Bob' }] }), ['options']);
  assert.deepEqual(names({ ...goodBallot, method: 'yes_no', options: [] }), [], 'yes/no needs no options');
  assert.deepEqual(names({ ...goodBallot, seats: '3' }), ['seats'], 'three seats need more than three options');
  assert.deepEqual(names({ ...goodBallot, seats: 'two' }), ['seats']);
  assert.deepEqual(names({ ...goodBallot, method: 'irv', seats: 'two' }), [], 'seats are ignored for single-seat methods');
  assert.deepEqual(names({ ...goodBallot, quorum_percent: '101' }), ['quorum_percent']);
  assert.deepEqual(names({ ...goodBallot, quorum_percent: '12.5' }), ['quorum_percent']);
  assert.deepEqual(names({ ...goodBallot, closes_at: '' }), ['closes_at']);
  assert.deepEqual(names({ ...goodBallot, closes_at: '2026-06-02T08:00' }), ['closes_at'], 'closing before opening');
  assert.match(checkNewBallot({ ...goodBallot, closes_at: '2026-06-02T08:00' }, NOW)[0].message, /after the opening time/);
  assert.match(checkNewBallot({ ...goodBallot, opens_at: '', closes_at: '2026-05-30T08:00' }, NOW)[0].message, /in the future/);
  assert.deepEqual(names({ ...goodBallot, timing: 'manual', closes_at: '' }), [], 'manual ballots need no window');
  assert.deepEqual(names({ ...goodBallot, time_zone: 'Mars/Olympus_Mons' }), ['time_zone']);
  assert.deepEqual(names({ ...goodBallot, joined_on_or_before: '1 May' }), ['joined_on_or_before']);
  assert.equal(formFieldName('options[2].label'), 'options');
  assert.equal(formFieldName('eligibility.joined_on_or_before'), 'joined_on_or_before');
  assert.equal(formFieldName('closes_at'), 'closes_at');
});

test('yes/no and option results: figures, shares of those deciding, and the quorum in words', () => {
  const result = { method: 'yes_no', cast: 16, eligible: 40, yes: 12, no: 3, abstain: 1, quorum: { percent: 25, required: 10, met: true } };
  assert.deepEqual(yesNoRows(result), [
    { label: 'Yes', votes: 12, share: '80%' },
    { label: 'No', votes: 3, share: '20%' },
    { label: 'Abstain', votes: 1, share: '' },
  ]);
  assert.equal(quorumSentence(result.quorum, 16), 'The quorum is 25% of the eligible voters: 10 ballots. 16 were cast, so the quorum was met.');
  assert.equal(quorumSentence({ percent: 50, required: 20, met: false }, 1), 'The quorum is 50% of the eligible voters: 20 ballots. 1 was cast, so the quorum was not met.');
  assert.equal(quorumSentence({ percent: 0, required: 0, met: true }, 3), 'There is no quorum for this ballot.');
  const chart = chartData(result);
  assert.deepEqual(chart.bars.map((bar) => [bar.label, bar.value]), [['Yes', 12], ['No', 3], ['Abstain', 1]]);
  assert.equal(chartSummary(chart), 'Bar chart, Votes cast: Yes 12, No 3, Abstain 1.');

  const approval = { method: 'approval', options: [{ number: 1, label: 'Park', votes: 5 }, { number: 2, label: 'Library', votes: 9 }, { number: 3, label: 'Pool', votes: 5 }], elected: [2] };
  assert.deepEqual(optionRows(approval).map((row) => [row.label, row.elected]), [['Library', true], ['Park', false], ['Pool', false]]);
  assert.equal(chartSummary(chartData(approval)), 'Bar chart, Votes per option: Library 9 (elected), Park 5, Pool 5.');
});

// A two-round IRV count shaped like count_to_json.
const irvCount = {
  method: 'irv', seats: 1, precision: 0, quota: '5',
  candidates: [{ number: 1, name: 'Ada', withdrawn: false }, { number: 2, name: 'Bob', withdrawn: false }, { number: 3, name: 'Cy', withdrawn: false }],
  elected: [{ number: 1, name: 'Ada', round: 2, reason: 'majority' }],
  rounds: [
    {
      round: 1, action: 'first_preferences', subjects: [], quota: '5', exhausted: '0',
      candidates: [{ number: 1, votes: '4', change: '4', status: 'hopeful' }, { number: 2, votes: '3', change: '3', status: 'hopeful' }, { number: 3, votes: '2', change: '2', status: 'hopeful' }],
      elected: [], excluded: [{ number: 3, name: 'Cy', reason: 'lowest_votes' }],
    },
    {
      round: 2, action: 'exclusion', subjects: [{ number: 3, name: 'Cy' }], quota: '5', exhausted: '1',
      candidates: [{ number: 1, name: 'Ada', votes: '5', change: '1', status: 'elected' }, { number: 2, name: 'Bob', votes: '3', change: '0', status: 'hopeful' }, { number: 3, name: 'Cy', votes: '0', change: '-2', status: 'excluded' }],
      elected: [{ number: 1, name: 'Ada', reason: 'majority' }], excluded: [],
    },
  ],
};

test('the round table of a ranked count: a row per candidate, a column per round, marks in words', () => {
  const table = roundTable(irvCount);
  assert.deepEqual(table.columns, ['Round 1: First preferences', 'Round 2: Cy excluded']);
  assert.deepEqual(table.rows.map((row) => row.name), ['Ada', 'Bob', 'Cy']);
  assert.deepEqual(table.rows[0].cells.map((cell) => [cell.votes, cell.change, cell.mark]), [['4', '', ''], ['5', '+1', 'Elected']]);
  assert.deepEqual(table.rows[1].cells.map((cell) => [cell.votes, cell.change, cell.mark]), [['3', '', ''], ['3', '', '']]);
  assert.deepEqual(table.rows[2].cells.map((cell) => [cell.votes, cell.change, cell.mark]), [['2', '', 'Excluded'], ['0', '−2', '']]);
  assert.deepEqual(table.quota, ['5', '5']);
  assert.deepEqual(table.exhausted, ['0', '1']);
  assert.equal(table.quotaVaries, false);

  const chart = chartData({ method: 'irv', count: irvCount });
  assert.equal(chart.title, 'Votes at the last round (round 2)');
  assert.deepEqual(chart.bars.map((bar) => [bar.label, bar.value, bar.mark]), [['Ada', 5, 'elected'], ['Bob', 3, ''], ['Cy', 0, 'excluded']]);
  assert.equal(chartSummary(chart), 'Bar chart, Votes at the last round (round 2): Ada 5 (elected), Bob 3, Cy 0 (excluded); quota 5.');
  const geometry = chartGeometry(chart);
  assert.deepEqual(geometry.bars.map((bar) => bar.length), [100, 60, 0]);
  assert.equal(geometry.line, 100);
});

test('STV figures keep their decimals and drop trailing zeros; surplus rounds say whose', () => {
  const stv = {
    ...irvCount, method: 'scottish_stv', precision: 5,
    rounds: [{ ...irvCount.rounds[1], round: 3, action: 'surplus_transfer', subjects: [{ number: 1, name: 'Ada' }], quota: '3.50000',
      candidates: [{ number: 1, votes: '3.50000', change: '-1.50000', status: 'elected' }, { number: 2, votes: '4.25000', change: '1.25000', status: 'hopeful' }, { number: 3, votes: '0.00000', change: '0.00000', status: 'withdrawn' }],
      elected: [] }],
  };
  const table = roundTable(stv);
  assert.deepEqual(table.columns, ['Round 3: surplus of Ada transferred']);
  assert.deepEqual(table.rows.map((row) => [row.cells[0].votes, row.cells[0].change, row.cells[0].mark]), [['3.5', '−1.5', ''], ['4.25', '+1.25', ''], ['0', '', 'Withdrawn']]);
  assert.deepEqual(table.quota, ['3.5']);
  const chart = chartData({ method: 'scottish_stv', count: stv });
  assert.deepEqual(chart.bars.map((bar) => bar.label), ['Ada', 'Bob'], 'withdrawn candidates have no bar');
});

test('a ballot’s marks in words', () => {
  const options = [{ number: 1, label: 'Ada' }, { number: 2, label: 'Bob' }];
  assert.equal(marksText([2, 1], options, 'irv'), '1. Bob, 2. Ada');
  assert.equal(marksText([2, 1], options, 'approval'), 'Bob, Ada');
  assert.equal(marksText([], options, 'approval'), 'None approved');
  assert.equal(marksText([1], options, 'yes_no'), 'Ada');
});
