// The meeting pages' pure logic, run in node without a browser: the item and speaking timers, the
// speakers list in calling order (points of order first, first-time speakers first when the meeting
// says so), quorum in words, agenda change marks, what the live page announces, and the checks
// and request bodies of the meeting, agenda, suggestion and check-in forms.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  agendaItemBody, approvalTitle, calendarFeeds, cancelledText, changeMark, checkCancel, minutesToApprove, notesEditable, webcalUrl, checkAgendaItem, checkInCodeProblem, checkMeeting, clock, formatCheckInCode, itemName, itemTimer,
  liveMessages, meetingBody, meetingFieldName, myPlaceText, myRequest, normaliseCheckInCode, quorumRule, quorumText, resultText,
  speakerRows, splitMeetings, suggestionBody, timerText,
} from '../../web/js/meeting-logic.js';

const at = (minute, second = 0) => `2026-11-21T18:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;
const ms = (iso) => Date.parse(iso);
const person = (id, name = `Person ${id}`) => ({ id, display_name: name });
const entry = (id, personId, kind, state, requestedMinute, startedMinute = null) => ({
  id, person: person(personId), kind, state, requested_at: at(requestedMinute), started_at: startedMinute === null ? null : at(startedMinute),
});

test('clock shows minutes and seconds, and hours when there are any', () => {
  assert.equal(clock(0), '0:00');
  assert.equal(clock(200), '3:20');
  assert.equal(clock(600), '10:00');
  assert.equal(clock(3780), '1:03:00');
  assert.equal(clock(-5), '0:00');
  assert.equal(clock(undefined), '0:00');
});

test('an item timer reads "3:20 of 10:00" and says when it runs over', () => {
  const item = { minutes_allowed: 10 };
  const within = itemTimer(item, at(0), ms(at(3, 20)));
  assert.equal(within.text, '3:20 of 10:00');
  assert.equal(within.over, false);
  assert.equal(within.spoken, '3 minutes 20 seconds of 10 minutes');
  const over = itemTimer(item, at(0), ms(at(11, 5)));
  assert.equal(over.text, '11:05 of 10:00 (1:05 over)');
  assert.equal(over.over, true);
  assert.match(over.spoken, /1 minute 5 seconds over the 10 minutes allowed/);
  // Exactly on time is not over.
  assert.equal(itemTimer(item, at(0), ms(at(10))).over, false);
  // Without an allowance, the time alone.
  assert.equal(itemTimer({ minutes_allowed: null }, at(0), ms(at(2, 7))).text, '2:07');
  // A browser clock behind the server's shows 0:00, not a negative time.
  assert.equal(timerText(at(5), ms(at(4, 58)), 180).text, '0:00 of 3:00');
  assert.equal(timerText('not a time', ms(at(1)), 60).text, '0:00 of 1:00');
});

// The current item's queue as GET /meetings/{id} sends it: waiting requests only, already in the
// order the chair will call them (the server applies points of order and "first time first").
test('the speakers list is shown in the order the server gives, with points of order marked', () => {
  const queue = [
    entry(6, 13, 'point_of_order', 'waiting', 5),
    entry(3, 11, 'speak', 'waiting', 3),
    entry(7, 14, 'speak', 'waiting', 6),
    entry(2, 10, 'speak', 'waiting', 2),
  ];
  const rows = speakerRows(queue, { viewerId: 14 });
  assert.deepEqual(rows.map((row) => [row.place, row.id, row.name, row.mine, row.notes.join(', ')]), [
    [1, 6, 'Person 13', false, 'point of order'],
    [2, 3, 'Person 11', false, ''],
    [3, 7, 'Person 14', true, ''],
    [4, 2, 'Person 10', false, ''],
  ], 'not re-sorted by the time asked: person 10 asked first but has spoken already');
  assert.deepEqual(speakerRows(null), []);
  assert.deepEqual(speakerRows([entry(1, 10, 'speak', 'withdrawn', 0), entry(2, 11, 'speak', 'waiting', 1)]).map((row) => row.id), [2],
    'anything but a waiting request is left out');
  assert.equal(speakerRows(queue).some((row) => row.mine), false, 'nobody is "you" when signed out');
});

test('the viewer’s own request and place in the queue', () => {
  const queue = [entry(6, 13, 'point_of_order', 'waiting', 5), entry(3, 11, 'speak', 'waiting', 3), entry(7, 14, 'speak', 'waiting', 6)];
  const speaking = entry(4, 12, 'speak', 'speaking', 1, 4);
  assert.equal(myRequest(queue, speaking, 12), speaking, 'the one speaking has the floor as their request');
  assert.equal(myRequest(queue, speaking, 14).id, 7);
  assert.equal(myRequest(queue, null, 99), null);
  assert.equal(myRequest(queue, speaking, null), null);
  assert.equal(myPlaceText(queue, 13), 'You are next to speak.');
  assert.equal(myPlaceText(queue, 11), 'You are number 2 in the queue: 1 person is before you.');
  assert.equal(myPlaceText(queue, 14), 'You are number 3 in the queue: 2 people are before you.');
  assert.equal(myPlaceText(queue, 12), null, 'the speaker is not waiting');
  assert.equal(myPlaceText(queue, 99), null);
});

test('quorum in words, met or not, with and without a quorum', () => {
  const met = quorumText({ members_checked_in: 12, observers_checked_in: 1, quorum_required: 10, quorum_met: true });
  assert.equal(met.met, true);
  assert.equal(met.short, 'Quorate: 12 of 10 needed');
  assert.equal(met.sentence, '12 members checked in, and 1 observer. The quorum is 10, so the meeting is quorate.');
  const short = quorumText({ members_checked_in: 7, observers_checked_in: 0, quorum_required: 10, quorum_met: false });
  assert.equal(short.met, false);
  assert.equal(short.short, 'Not quorate: 7 of 10 needed');
  assert.match(short.sentence, /^7 members checked in\. The quorum is 10: 3 more members are needed/);
  assert.match(quorumText({ members_checked_in: 9, quorum_required: 10 }).sentence, /1 more member is needed/, 'met is worked out when the server leaves it out');
  const none = quorumText({ members_checked_in: 1, quorum_required: 0 });
  assert.equal(none.short, 'No quorum needed');
  assert.equal(none.sentence, '1 member checked in. This meeting needs no quorum.');
  assert.equal(quorumRule({ quorum_count: 10, quorum_percent: 20 }), '10 members or 20% of the members, whichever is more');
  assert.equal(quorumRule({ quorum_percent: 25 }), '25% of the members');
  assert.equal(quorumRule({ quorum_count: 1 }), '1 member');
  assert.equal(quorumRule({}), 'None');
});

test('agenda items changed after publication are marked, and items are named by their number', () => {
  const published = { agenda_published_at: at(0) };
  assert.equal(changeMark({ changed_after_publication: true }, published), 'Changed after the agenda was published');
  assert.equal(changeMark({ changed_after_publication: false }, published), null);
  const agenda = [{ id: 7, position: 2, title: 'Budget' }, { id: 3, position: 1, title: 'Welcome' }];
  assert.equal(itemName(agenda[0], agenda), 'Item 2: Budget');
  assert.equal(itemName({ id: 99, title: 'Elsewhere' }, agenda), 'Elsewhere');
});

test('the live page announces a new item, the floor given to the viewer, and votes opening and closing', () => {
  const agenda = [{ id: 1, position: 1, title: 'Welcome' }, { id: 2, position: 2, title: 'Budget' }];
  const state = (current) => ({ agenda, current });
  assert.deepEqual(liveMessages(state(null), state({ item_id: 2, speakers: [], speaking: null, vote: null }), 5), ['The meeting has moved to Item 2: Budget.']);
  const speaking = (personId) => ({ item_id: 2, speakers: [], speaking: { id: 9, person: person(personId), kind: 'speak' }, vote: null });
  assert.deepEqual(liveMessages(state(speaking(4)), state(speaking(5)), 5), ['You may speak now.']);
  assert.deepEqual(liveMessages(state(speaking(5)), state(speaking(5)), 5), [], 'said once, not at every update');
  assert.deepEqual(liveMessages(state(speaking(4)), state(speaking(5)), 6), [], 'only the speaker hears it');
  const voting = (status) => ({ item_id: 2, speakers: [], speaking: null, vote: { ballot_id: 40, status } });
  assert.deepEqual(liveMessages(state({ item_id: 2, vote: null }), state(voting('open')), 5), ['Voting has opened on this item.']);
  assert.deepEqual(liveMessages(state(voting('open')), state(voting('open')), 5), []);
  assert.deepEqual(liveMessages(state(voting('open')), state(voting('closed')), 5), ['Voting has closed. The result is shown.']);
  assert.deepEqual(liveMessages(state(voting('open')), state(voting('cancelled')), 5), ['The vote has been cancelled.']);
  assert.deepEqual(liveMessages(state(voting('cancelled')), state(voting('cancelled')), 5), []);
  assert.equal(resultText({ method: 'yes_no', outcome: 'passed', yes: 3, no: 1, abstain: 0 }), 'Passed: 3 yes, 1 no, 0 abstaining.');
  assert.equal(resultText({ summary: 'Passed: 12 yes, 3 no, 1 abstention.' }), 'Passed: 12 yes, 3 no, 1 abstention.');
});

const goodMeeting = {
  title: ' Branch general meeting ', description: '', time_zone: 'Europe/London',
  starts_at: '2026-11-21T18:00', ends_at: '2026-11-21T20:00', place: 'Leith Community Hall', online_url: '',
  observers_allowed: true, quorum_count: '10', quorum_percent: '', agenda_notice_hours: '72', first_time_first: true,
  speaking_limit_minutes: '3',
};
const before2026 = Date.parse('2026-01-01T00:00:00Z');

test('the meeting form is checked before it is sent', () => {
  assert.deepEqual(checkMeeting(goodMeeting, before2026), []);
  const names = (values, now = before2026, options) => checkMeeting({ ...goodMeeting, ...values }, now, options).map((p) => p.name);
  assert.deepEqual(names({ title: '  ' }), ['title']);
  assert.deepEqual(names({ title: 'x'.repeat(201) }), ['title']);
  assert.deepEqual(names({ starts_at: '' }), ['starts_at']);
  assert.deepEqual(names({ ends_at: '2026-11-21T17:00' }), ['ends_at'], 'the end must come after the start');
  assert.deepEqual(names({}, Date.parse('2026-12-01T00:00:00Z')), ['starts_at'], 'a start in the past');
  assert.deepEqual(names({}, Date.parse('2026-12-01T00:00:00Z'), { editing: true }), [], 'an existing meeting may keep its past start');
  assert.deepEqual(names({ place: '', online_url: '' }), ['place']);
  assert.deepEqual(names({ place: '', online_url: 'http://meet.example.org/x' }), ['online_url'], 'online links must be https');
  assert.deepEqual(names({ place: '', online_url: 'https://meet.example.org/x' }), []);
  assert.deepEqual(names({ quorum_count: 'ten' }), ['quorum_count']);
  assert.deepEqual(names({ quorum_percent: '101' }), ['quorum_percent']);
  assert.deepEqual(names({ agenda_notice_hours: '1.5' }), ['agenda_notice_hours']);
  assert.deepEqual(names({ speaking_limit_minutes: '0' }), ['speaking_limit_minutes']);
  assert.deepEqual(names({ time_zone: 'Mars/Olympus' }), ['time_zone'], 'times cannot be read without a zone, so only the zone is asked for');
});

test('the meeting request carries UTC times read in the meeting zone, whatever zone node runs in', () => {
  const body = meetingBody(goodMeeting);
  assert.equal(body.title, 'Branch general meeting');
  assert.equal(body.starts_at, '2026-11-21T18:00:00.000Z', 'London is on UTC in November');
  assert.equal(body.ends_at, '2026-11-21T20:00:00.000Z');
  const summer = meetingBody({ ...goodMeeting, starts_at: '2026-07-01T18:00', ends_at: '2026-07-01T19:30' });
  assert.equal(summer.starts_at, '2026-07-01T17:00:00.000Z', 'British Summer Time is an hour ahead');
  const berlin = meetingBody({ ...goodMeeting, time_zone: 'Europe/Berlin' });
  assert.equal(berlin.starts_at, '2026-11-21T17:00:00.000Z');
  assert.equal(body.quorum_count, 10);
  assert.equal(body.speaking_limit_seconds, 180);
  assert.equal(body.agenda_notice_hours, 72);
  assert.equal(body.observers_allowed, true);
  assert.equal(body.first_time_first, true);
  assert.equal('quorum_percent' in body, false, 'empty optional numbers are left out of a new meeting');
  assert.equal('online_url' in body, false);
  assert.equal('description' in body, false);
  const edit = meetingBody({ ...goodMeeting, quorum_count: '', speaking_limit_minutes: '' }, { editing: true });
  assert.equal(edit.quorum_count, null, 'editing: a cleared number clears the setting');
  assert.equal(edit.speaking_limit_seconds, null);
  assert.equal(meetingFieldName('speaking_limit_seconds'), 'speaking_limit_minutes');
  assert.equal(meetingFieldName('title'), 'title');
});

test('agenda items and suggestions are checked and sent as the contract says', () => {
  assert.deepEqual(checkAgendaItem({ kind: 'decision', title: 'Adopt the budget', minutes_allowed: '15', proposal_id: '' }), []);
  const names = (values) => checkAgendaItem({ kind: 'discussion', title: 'A', ...values }).map((p) => p.name);
  assert.deepEqual(names({ kind: 'party' }), ['kind']);
  assert.deepEqual(names({ title: '' }), ['title']);
  assert.deepEqual(names({ minutes_allowed: '0' }), ['minutes_allowed']);
  assert.deepEqual(names({ minutes_allowed: 'ten' }), ['minutes_allowed']);
  assert.deepEqual(names({ proposal_id: 'twelve' }), ['proposal_id']);
  assert.deepEqual(agendaItemBody({ kind: 'decision', title: ' Adopt the budget ', minutes_allowed: '15', presenter_id: '4', papers: 'The **budget**', proposal_id: '12' }),
    { kind: 'decision', title: 'Adopt the budget', minutes_allowed: 15, presenter_id: 4, papers: 'The **budget**', proposal_id: 12 });
  assert.deepEqual(agendaItemBody({ kind: 'information', title: 'Report', minutes_allowed: '', presenter_id: '', papers: ' ', proposal_id: '12' }),
    { kind: 'information', title: 'Report' }, 'only decisions and elections link a proposal');
  assert.deepEqual(suggestionBody({ kind: 'discussion', title: ' Bike racks ', papers: '' }), { kind: 'discussion', title: 'Bike racks' });
});

test('check-in codes are read as people type them', () => {
  assert.equal(normaliseCheckInCode('123456'), '123456');
  assert.equal(normaliseCheckInCode(' 123 456 '), '123456');
  assert.equal(normaliseCheckInCode('123-456'), '123456');
  assert.equal(normaliseCheckInCode('12345'), null);
  assert.equal(normaliseCheckInCode('12345a'), null);
  assert.equal(checkInCodeProblem(''), 'Enter the check-in code shown in the room');
  assert.match(checkInCodeProblem('12'), /6 digits/);
  assert.equal(checkInCodeProblem('123 456'), null);
  assert.equal(formatCheckInCode('123456'), '123 456');
});

test('the list puts coming meetings soonest first and past ones latest first', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const meeting = (id, starts, status = 'scheduled') => ({ id, status, starts_at: starts, ends_at: new Date(Date.parse(starts) + 7_200_000).toISOString() });
  const { upcoming, past } = splitMeetings([
    meeting(1, '2026-07-01T18:00:00Z'), meeting(2, '2026-06-10T18:00:00Z'), meeting(3, '2026-03-01T18:00:00Z', 'ended'),
    meeting(4, '2026-05-01T18:00:00Z', 'ended'), meeting(5, '2026-06-20T18:00:00Z', 'cancelled'), meeting(6, '2026-05-31T23:00:00Z', 'live'),
  ], now);
  assert.deepEqual(upcoming.map((m) => m.id), [6, 2, 1]);
  assert.deepEqual(past.map((m) => m.id), [5, 4, 3]);
});

test('the minutes an item may approve: earlier ended meetings of the group with drafted minutes, latest first', () => {
  const meeting = (id, status, startsAt, title = `Meeting ${id}`) => ({ id, status, starts_at: startsAt, title, time_zone: 'Europe/London' });
  const now = meeting(5, 'scheduled', '2026-12-01T18:00:00Z');
  const meetings = [
    meeting(1, 'ended', '2026-09-01T18:00:00Z', 'September'),
    meeting(2, 'ended', '2026-10-01T18:00:00Z', 'October'),
    meeting(3, 'ended', '2026-11-01T18:00:00Z', 'November'),
    meeting(4, 'cancelled', '2026-11-15T18:00:00Z'),
    meeting(6, 'ended', '2026-12-02T18:00:00Z', 'Later'),
    now,
  ];
  const status = new Map([[1, 'draft'], [2, 'published'], [3, 'draft'], [4, 'draft'], [6, 'draft'], [5, 'draft']]);
  const choices = minutesToApprove(meetings, status, now);
  assert.deepEqual(choices.map((choice) => choice.value), ['3', '1']);
  assert.match(choices[0].label, /^November – Sunday,? 1 November 2026 at 18:00 \(Europe\/London\)$/);
  assert.deepEqual(minutesToApprove(meetings, new Map(), now), [], 'no drafted minutes, no choice');
  assert.equal(approvalTitle('October'), 'Approve the minutes of October');
});

test('an agenda item approving minutes must be a decision, and the body carries the meeting', () => {
  const values = { kind: 'decision', title: 'Approve the minutes', minutes_allowed: '', presenter_id: '', papers: '', proposal_id: '', approves_minutes_of: '7' };
  assert.deepEqual(checkAgendaItem(values), []);
  assert.equal(agendaItemBody(values).approves_minutes_of, 7);
  const discussion = { ...values, kind: 'discussion' };
  assert.deepEqual(checkAgendaItem(discussion).map((problem) => problem.name), ['approves_minutes_of']);
  assert.equal(agendaItemBody(discussion).approves_minutes_of, undefined);
  assert.equal(agendaItemBody({ ...values, approves_minutes_of: '' }).approves_minutes_of, undefined);
});

test('notes are written while the meeting can change; calendars, cancelling', () => {
  assert.equal(notesEditable({ status: 'live' }, { write_notes: true }), true);
  assert.equal(notesEditable({ status: 'scheduled' }, { write_notes: true }), true);
  assert.equal(notesEditable({ status: 'ended' }, { write_notes: true }), true);
  assert.equal(notesEditable({ status: 'cancelled' }, { write_notes: true }), false);
  assert.equal(notesEditable({ status: 'live' }, { write_notes: false }), false);
  assert.equal(webcalUrl('https://plenary.example.org/api/v1/calendar/abc/me.ics'), 'webcal://plenary.example.org/api/v1/calendar/abc/me.ics');
  assert.equal(webcalUrl('http://127.0.0.1:8080/x.ics'), 'webcal://127.0.0.1:8080/x.ics');
  const links = { token_url_person: 'https://p/me.ics', token_url_groups: [{ group_id: 3, url: 'https://p/groups/3.ics' }] };
  assert.deepEqual(calendarFeeds(links, '3'), { group: 'https://p/groups/3.ics', person: 'https://p/me.ics' });
  assert.deepEqual(calendarFeeds(links, 4), { group: null, person: 'https://p/me.ics' });
  assert.deepEqual(checkCancel({ reason: '  ' }).map((problem) => problem.name), ['reason']);
  assert.deepEqual(checkCancel({ reason: 'x'.repeat(1001) }).map((problem) => problem.name), ['reason']);
  assert.deepEqual(checkCancel({ reason: 'The hall is flooded' }), []);
  assert.equal(cancelledText({ cancel_reason: 'The hall is flooded' }), 'This meeting has been cancelled: The hall is flooded');
  assert.equal(cancelledText({ cancel_reason: '' }), 'This meeting has been cancelled.');
});
