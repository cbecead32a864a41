// The proposal pages' pure logic, run in node without a browser: the step list a proposal's state
// gives, support in words, the amendment diff as drawn, the checks before sending, and ballot
// windows typed in a group's time zone converted to UTC — whatever zone the browser is in.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  changeAnnouncement, checkAmendment, checkProposal, diffModel, eventConcerns, formatInZone, historyChange, isTimeZone,
  proposalSteps, scheduleRequest, stateLabel, supportText, utcToZoned, zonedToUtc,
} from '../../web/js/proposal-logic.js';

const statuses = (steps) => steps.map((step) => `${step.key}:${step.status}`);

test('the step list marks the steps passed, the current one, and those to come', () => {
  assert.deepEqual(statuses(proposalSteps({ state: 'draft' })), [
    'draft:current', 'gathering_support:upcoming', 'qualified:upcoming', 'scheduled:upcoming', 'voting:upcoming', 'decided:upcoming',
  ]);
  assert.deepEqual(statuses(proposalSteps({ state: 'qualified' })), [
    'draft:done', 'gathering_support:done', 'qualified:current', 'scheduled:upcoming', 'voting:upcoming', 'decided:upcoming',
  ]);
  const passed = proposalSteps({ state: 'passed' });
  assert.deepEqual(statuses(passed), [
    'draft:done', 'gathering_support:done', 'qualified:done', 'scheduled:done', 'voting:done', 'decided:current',
  ]);
  assert.equal(passed.at(-1).label, 'Decided: passed', 'the outcome is in the words of the last step');
  assert.equal(proposalSteps({ state: 'no_quorum' }).at(-1).label, 'Decided: no quorum');
  // Exactly one step is current, whatever the state.
  for (const state of ['draft', 'gathering_support', 'qualified', 'scheduled', 'voting', 'passed', 'rejected', 'no_quorum', 'withdrawn']) {
    const current = proposalSteps({ state, history: [{ from: 'qualified', to: 'withdrawn' }] }).filter((step) => step.status === 'current');
    assert.equal(current.length, 1, `one current step for ${state}`);
  }
});

test('a withdrawn proposal shows how far it got, and "Withdrawn" as where it is now', () => {
  const steps = proposalSteps({
    state: 'withdrawn',
    history: [
      { from: null, to: 'draft' },
      { from: 'draft', to: 'gathering_support' },
      { from: 'gathering_support', to: 'withdrawn' },
    ],
  });
  assert.deepEqual(statuses(steps), ['draft:done', 'gathering_support:done', 'withdrawn:current']);
  const fromDraft = proposalSteps({ state: 'withdrawn', history: [{ from: 'draft', to: 'withdrawn' }] });
  assert.deepEqual(statuses(fromDraft), ['draft:done', 'withdrawn:current']);
  assert.deepEqual(statuses(proposalSteps({ state: 'withdrawn' })), ['draft:done', 'withdrawn:current'], 'no history: from the start');
});

test('state labels are words, and unknown states are still readable', () => {
  assert.equal(stateLabel('gathering_support'), 'Gathering support');
  assert.equal(stateLabel('no_quorum'), 'No quorum');
  assert.equal(stateLabel('some_new_state'), 'Some new state');
  assert.equal(stateLabel(undefined), '');
});

test('support is said in words, and the progress bar never goes past full', () => {
  const some = supportText({ count: 7, needed: 12 });
  assert.equal(some.summary, '7 of 12 supporters needed');
  assert.equal(some.detail, '5 more supporters are needed for it to qualify for a vote.');
  assert.deepEqual([some.value, some.max], [7, 12]);
  assert.equal(supportText({ count: 11, needed: 12 }).detail, '1 more supporter is needed for it to qualify for a vote.');
  const over = supportText({ count: 15, needed: 12 });
  assert.equal(over.summary, '15 of 12 supporters needed');
  assert.equal(over.detail, 'It has enough support to qualify for a vote.');
  assert.deepEqual([over.value, over.max], [12, 12]);
  const none = supportText({ count: 0, needed: 0 });
  assert.equal(none.max, 1, 'at least one supporter is always needed');
});

test('the diff joins neighbours, drops empty pieces and counts the changes', () => {
  const model = diffModel([
    { op: 'equal', text: 'We will ' },
    { op: 'delete', text: 'hold' },
    { op: 'delete', text: ' a' },
    { op: 'insert', text: 'run two' },
    { op: 'insert', text: '' },
    { op: 'equal', text: ' stalls.' },
  ]);
  assert.deepEqual(model.parts, [
    { op: 'equal', text: 'We will ' },
    { op: 'delete', text: 'hold a' },
    { op: 'insert', text: 'run two' },
    { op: 'equal', text: ' stalls.' },
  ]);
  assert.equal(model.summary, '1 insertion and 1 deletion.');
  assert.equal(diffModel([{ op: 'equal', text: 'Same.' }]).summary, 'No changes to the text.');
  assert.equal(diffModel([]).parts.length, 0);
  assert.equal(diffModel([{ op: 'insert', text: 'a' }, { op: 'equal', text: 'b' }, { op: 'insert', text: 'c' }]).summary, '2 insertions.');
});

test('long unchanged stretches are shortened around the changes, and the whole text is still accounted for', () => {
  const long = 'word '.repeat(200);
  const model = diffModel([
    { op: 'equal', text: long },
    { op: 'insert', text: 'NEW' },
    { op: 'equal', text: long },
    { op: 'delete', text: 'OLD' },
    { op: 'equal', text: long },
  ], { context: 50 });
  const kinds = model.parts.map((part) => part.op);
  assert.deepEqual(kinds, ['gap', 'equal', 'insert', 'equal', 'gap', 'equal', 'delete', 'equal', 'gap']);
  const shown = model.parts.filter((part) => part.op === 'equal').reduce((sum, part) => sum + part.text.length, 0);
  const omitted = model.parts.filter((part) => part.op === 'gap').reduce((sum, part) => sum + part.omitted, 0);
  assert.equal(shown + omitted, long.length * 3, 'every unchanged character is either shown or counted as left out');
  for (const part of model.parts.filter((p) => p.op === 'equal')) assert.ok(part.text.length <= 55, 'kept context is short');
  // Short stretches stay whole.
  assert.deepEqual(diffModel([{ op: 'equal', text: 'short ' }, { op: 'insert', text: 'x' }], { context: 50 }).parts[0], { op: 'equal', text: 'short ' });
});

test('a wall-clock time in the group’s zone becomes the right UTC instant, summer and winter', () => {
  assert.deepEqual(zonedToUtc('2026-11-21T18:00', 'Europe/London'), { ok: true, iso: '2026-11-21T18:00:00.000Z', ambiguous: false });
  assert.equal(zonedToUtc('2026-07-01T18:00', 'Europe/London').iso, '2026-07-01T17:00:00.000Z', 'British Summer Time is UTC+1');
  assert.equal(zonedToUtc('2026-11-21T18:00', 'America/New_York').iso, '2026-11-21T23:00:00.000Z');
  assert.equal(zonedToUtc('2026-01-01T00:00', 'Asia/Kolkata').iso, '2025-12-31T18:30:00.000Z', 'half-hour offsets, across a year end');
  assert.equal(zonedToUtc('2026-01-10T09:15', 'Pacific/Chatham').iso, '2026-01-09T19:30:00.000Z', 'UTC+13:45 in summer');
  assert.equal(zonedToUtc('2026-11-21T18:00', 'UTC').iso, '2026-11-21T18:00:00.000Z');
  assert.equal(zonedToUtc('2026-11-21T18:00:30', 'UTC').iso, '2026-11-21T18:00:30.000Z', 'seconds are kept when given');
});

test('times the clocks skip are refused; times they repeat are taken the first time', () => {
  // 29 March 2026: London's clocks go from 01:00 to 02:00.
  assert.deepEqual(zonedToUtc('2026-03-29T01:30', 'Europe/London'), { ok: false, reason: 'skipped' });
  assert.equal(zonedToUtc('2026-03-29T02:00', 'Europe/London').iso, '2026-03-29T01:00:00.000Z');
  // 25 October 2026: 01:30 happens twice, first in summer time.
  assert.deepEqual(zonedToUtc('2026-10-25T01:30', 'Europe/London'), { ok: true, iso: '2026-10-25T00:30:00.000Z', ambiguous: true });
  // Lord Howe Island moves its clocks by half an hour.
  assert.equal(zonedToUtc('2026-10-04T02:15', 'Australia/Lord_Howe').ok, false);
});

test('malformed values are refused, not guessed', () => {
  for (const value of ['', '2026-11-21', '21/11/2026 18:00', '2026-02-30T10:00', '2026-11-21T24:00', '2026-13-01T10:00', null]) {
    assert.deepEqual(zonedToUtc(value, 'Europe/London'), { ok: false, reason: 'format' }, `refuses ${value}`);
  }
  assert.equal(isTimeZone('Europe/London'), true);
  assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
  assert.equal(isTimeZone(''), false);
});

test('UTC instants go back to the form’s wall-clock value and read as words with the zone', () => {
  assert.equal(utcToZoned('2026-07-01T17:00:00Z', 'Europe/London'), '2026-07-01T18:00');
  assert.equal(utcToZoned('2025-12-31T18:30:00Z', 'Asia/Kolkata'), '2026-01-01T00:00');
  assert.equal(utcToZoned('not a date', 'Europe/London'), '');
  for (const value of ['2026-03-29T03:00', '2026-10-25T00:59', '2026-06-15T12:34']) {
    assert.equal(utcToZoned(zonedToUtc(value, 'Europe/London').iso, 'Europe/London'), value, `round trip of ${value}`);
  }
  assert.equal(formatInZone('2026-11-21T18:00:00Z', 'Europe/London'), '18:00 on Saturday 21 November 2026 (Europe/London)');
  assert.equal(formatInZone('2026-11-21T18:00:00Z', 'America/New_York'), '13:00 on Saturday 21 November 2026 (America/New_York)');
});

test('the schedule form becomes the request the server expects, or says what to correct', () => {
  const now = Date.parse('2026-11-01T12:00:00Z');
  const good = scheduleRequest({
    opens_at: '2026-11-20T09:00', closes_at: '2026-11-21T18:00', threshold: 'two_thirds', quorum_percent: '20',
    secret: true, include_subgroups: false, include_supporters: true, joined_on_or_before: '2026-09-01',
  }, { timeZone: 'Europe/London', now });
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.body, {
    mode: 'ballot',
    ballot: {
      opens_at: '2026-11-20T09:00:00.000Z', closes_at: '2026-11-21T18:00:00.000Z', threshold: 'two_thirds', quorum_percent: 20,
      joined_on_or_before: '2026-09-01', secret: true, include_subgroups: false, include_supporters: true,
    },
  });
  const openNow = scheduleRequest({ closes_at: '2026-11-02T10:00', quorum_percent: '', secret: false }, { timeZone: 'America/New_York', now });
  assert.deepEqual(openNow.body.ballot, { closes_at: '2026-11-02T15:00:00.000Z', secret: false, include_subgroups: false, include_supporters: false });

  const names = (result) => result.problems.map((problem) => problem.name);
  assert.deepEqual(names(scheduleRequest({}, { timeZone: 'Europe/London', now })), ['closes_at']);
  assert.deepEqual(names(scheduleRequest({ closes_at: '2026-10-01T10:00' }, { timeZone: 'Europe/London', now })), ['closes_at'], 'closing in the past');
  assert.match(scheduleRequest({ closes_at: '2026-10-01T10:00' }, { timeZone: 'Europe/London', now }).problems[0].message, /future/);
  assert.match(scheduleRequest({ opens_at: '2026-11-21T10:00', closes_at: '2026-11-21T09:00' }, { timeZone: 'Europe/London', now }).problems[0].message, /close after it opens/);
  assert.deepEqual(names(scheduleRequest({ closes_at: '2027-03-28T01:30', quorum_percent: '101', threshold: 'most' }, { timeZone: 'Europe/London', now })),
    ['closes_at', 'threshold', 'quorum_percent']);
  assert.match(scheduleRequest({ closes_at: '2027-03-28T01:30' }, { timeZone: 'Europe/London', now }).problems[0].message, /does not exist in Europe\/London time/);
  assert.deepEqual(names(scheduleRequest({ closes_at: '2026-12-01T10:00', quorum_percent: '12.5', joined_on_or_before: '1/9/2026' }, { timeZone: 'Europe/London', now })),
    ['quorum_percent', 'joined_on_or_before']);
});

test('proposal and amendment checks name each missing answer', () => {
  assert.deepEqual(checkProposal({ title: ' ', body: '', decision: '' }).map((p) => p.name), ['title', 'body', 'decision']);
  assert.deepEqual(checkProposal({ title: 'A', body: 'B', decision: 'C' }), []);
  assert.deepEqual(checkProposal({ title: 'x'.repeat(201), body: 'B', decision: 'C' }).map((p) => p.name), ['title']);
  assert.deepEqual(checkAmendment({ body: 'Same text', rationale: '' }, 'Same text\n').map((p) => p.message), [
    'Change the text: it is the same as the proposal now', 'Say why you propose this change',
  ]);
  assert.deepEqual(checkAmendment({ body: 'New text', rationale: 'Clearer' }, 'Old text'), []);
});

test('history lines, live events and what is announced', () => {
  assert.equal(historyChange({ from: null, to: 'draft' }), 'Created as draft');
  assert.equal(historyChange({ from: 'gathering_support', to: 'qualified' }), 'Gathering support to qualified');
  assert.equal(eventConcerns({ kind: 'proposal.updated', data: { proposal: { id: 5 } } }, '5'), true);
  assert.equal(eventConcerns({ kind: 'proposal.updated', data: { proposal_id: 5 } }, 5), true);
  assert.equal(eventConcerns({ kind: 'proposal.updated', data: { proposal_id: 6 } }, 5), false);
  assert.equal(eventConcerns({ kind: 'member.added', data: { proposal_id: 5 } }, 5), false);
  const before = { state: 'gathering_support', support: { count: 11, needed: 12 }, amendments: [] };
  assert.equal(changeAnnouncement(before, { ...before, support: { count: 12, needed: 12 }, state: 'qualified' }),
    'This proposal has been updated. It is now qualified. 12 of 12 supporters needed.');
  assert.equal(changeAnnouncement(before, { ...before }), '', 'nothing to say when nothing changed');
  assert.equal(changeAnnouncement(before, { ...before, amendments: [{ id: 1, state: 'proposed' }] }), 'This proposal has been updated. The amendments have changed.');
});
