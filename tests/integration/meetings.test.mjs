// Meetings end to end: a scripted meeting of 30 members split across two server processes
// (check-in, quorum, the speakers list, a vote in the room, the result reaching everyone), the
// agenda with suggestions and its publication by the ticker, minutes drafted, approved at a later
// meeting and published, iCalendar feeds read by a real iCalendar parser, validation and
// outsiders.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';

import { assertProblem, expectStatus } from '../lib/builders.mjs';
import { ApiClient, Stack } from '../lib/harness.mjs';
import { personWithRole, seasonedAccount } from './discussions_lib.mjs';
import {
  addItem, everyoneSees, hoursFrom, meetingPage, meetingSockets, scheduleMeeting, serverNow,
} from './meetings_lib.mjs';
import { bulkVoters, votesServerOptions, votingBranch } from './votes_lib.mjs';

let stack;
let branch;
let officer;
let members;  // 29 bulk members, alternating between the two servers
let outsider;
let supporter;

before(async () => {
  stack = await Stack.start({ servers: 2, serverOptions: votesServerOptions });
  const made = await votingBranch(stack, { voters: 0, label: 'Meet' });
  officer = made.officer;
  branch = made.tree.branch;
  const clients = await bulkVoters(stack, branch.id, 29);
  members = clients.map((client, i) => (i % 2 === 1 ? client.on(stack.servers[1]) : client));
  outsider = await seasonedAccount(stack, { displayName: 'Out Sider' });
  supporter = await personWithRole(stack, made.admin.client, branch.id, 'supporter',
    { displayName: 'Sue Supporter' });
});

after(async () => {
  await stack?.close();
});

async function personId(client) {
  return expectStatus(await client.get('/api/v1/me'), 200).person.id;
}

describe('a meeting in the room and online', () => {
  test('30 members over two servers: check-in, quorum, speakers, a vote and its result', async () => {
    const meeting = await scheduleMeeting(stack, officer.client, branch.id, { quorum_percent: 50 });
    const reports = await addItem(officer.client, meeting.id, { kind: 'information', title: 'Reports' });
    const budget = await addItem(officer.client, meeting.id, { kind: 'decision', title: 'Adopt the budget' });
    expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/start`), 200);

    const everyone = [officer.client, ...members];
    const sockets = await meetingSockets(everyone, meeting.id);
    try {
      const page = await meetingPage(officer.client, meeting.id);
      assert.match(page.check_in_code, /^\d{6}$/);
      assert.equal((await meetingPage(members[0], meeting.id)).check_in_code, undefined);
      assert.equal(page.attendance.members, 30);
      assert.equal(page.attendance.quorum_required, 15);

      // A wrong code changes nothing; the right one checks in (in the room).
      assertProblem(await members[0].post(`/api/v1/meetings/${meeting.id}/check-in`,
        { code: '000000' === page.check_in_code ? '111111' : '000000' }), 422);
      expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/check-in`,
        { code: page.check_in_code }), 200);
      for (let i = 0; i < 10; ++i) {
        expectStatus(await members[i].post(`/api/v1/meetings/${meeting.id}/check-in`,
          { code: page.check_in_code }), 200);
      }
      const halfway = (await meetingPage(members[3], meeting.id)).attendance;
      assert.equal(halfway.members_checked_in, 11);
      assert.equal(halfway.quorum_met, false);
      for (let i = 10; i < 18; ++i) {  // online
        expectStatus(await members[i].post(`/api/v1/meetings/${meeting.id}/check-in`), 200);
      }
      for (const i of [18, 19]) {  // by an officer
        expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/attendance`,
          { person_id: await personId(members[i]) }), 200);
      }
      await everyoneSees(sockets, 'attendance.updated',
        (d) => d.attendance.members_checked_in === 21 && d.attendance.quorum_met === true);
      const present = (await meetingPage(members[20], meeting.id)).attendance.present;
      assert.equal(present.filter((p) => p.mode === 'online').length, 8);
      assert.equal(present.filter((p) => p.mode === 'room').length, 13);

      // The speakers list.
      expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/current-item`,
        { item_id: reports.id }), 200);
      await everyoneSees(sockets, 'item.current', (d) => d.item_id === reports.id);
      const speakers = `/api/v1/agenda-items/${reports.id}/speakers`;
      expectStatus(await members[0].post(speakers, { kind: 'speak' }), 201);
      expectStatus(await members[1].post(speakers, { kind: 'speak' }), 201);
      expectStatus(await members[3].post(speakers, { kind: 'speak' }), 201);
      const afterPoint = expectStatus(await members[2].post(speakers, { kind: 'point_of_order' }), 201);
      const ids = await Promise.all([2, 0, 1, 3].map((i) => personId(members[i])));
      assert.deepEqual(afterPoint.speakers.map((s) => s.person.id), ids);
      assertProblem(await members[25].post(speakers, { kind: 'speak' }), 403, 'not_checked_in');
      assertProblem(await members[0].post(speakers, { kind: 'speak' }), 409, 'already_waiting');
      expectStatus(await members[1].delete(`${speakers}/mine`), 200);
      const called = expectStatus(await officer.client.post(`${speakers}/next`), 200);
      assert.equal(called.speaking.person.id, ids[0]);  // the point of order first
      const second = expectStatus(await officer.client.post(`${speakers}/next`), 200);
      assert.equal(second.speaking.person.id, ids[1]);
      assert.deepEqual(second.speakers.map((s) => s.person.id), [ids[3]]);
      assertProblem(await members[5].post(`${speakers}/next`), 403, 'not_an_officer');
      await everyoneSees(sockets, 'speakers.updated',
        (d) => d.speaking?.person.id === ids[1] && d.speakers.length === 1 && d.speakers[0].person.id === ids[3]);

      // The vote: only members checked in when it opened.
      expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/current-item`,
        { item_id: budget.id }), 200);
      assertProblem(await officer.client.post(`/api/v1/agenda-items/${reports.id}/vote`, {}), 409);
      const { ballot_id: ballotId } = expectStatus(
        await officer.client.post(`/api/v1/agenda-items/${budget.id}/vote`, {}), 201);
      await everyoneSees(sockets, 'vote.opened', (d) => d.ballot_id === ballotId);
      const votes = [];
      for (let i = 0; i < 18; ++i) votes.push(members[i].post(`/api/v1/ballots/${ballotId}/votes`, { marks: [i < 16 ? 1 : 2] }));
      for (const response of await Promise.all(votes)) assert.equal(response.status, 201);
      const refused = assertProblem(
        await members[22].post(`/api/v1/ballots/${ballotId}/votes`, { marks: [1] }), 403, 'not_eligible');
      assert.match(refused.detail, /checked in to Branch meeting when the vote opened/);
      // Checking in after the vote opened does not make an elector.
      expectStatus(await members[23].post(`/api/v1/meetings/${meeting.id}/check-in`), 200);
      assertProblem(await members[23].post(`/api/v1/ballots/${ballotId}/votes`, { marks: [1] }), 403, 'not_eligible');
      const mine = await meetingPage(members[0], meeting.id);
      assert.equal(mine.current.vote.status, 'open');
      assert.equal(mine.my.may_vote, true);

      const closed = expectStatus(await officer.client.post(`/api/v1/agenda-items/${budget.id}/vote/close`), 200);
      assert.equal(closed.result.yes, 16);
      assert.equal(closed.result.no, 2);
      assert.equal(closed.result.eligible, 21);
      assert.equal(closed.result.outcome, 'passed');
      const results = await everyoneSees(sockets, 'vote.closed', (d) => d.ballot_id === ballotId);
      assert.equal(results.length, 30);
      for (const message of results) assert.equal(message.data.result.yes, 16);
    } finally {
      await Promise.all(sockets.map((socket) => socket.close()));
    }

    // Minutes from the record, edited, approved at a later meeting, then published.
    expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/end`), 200);
    // After the meeting the secretary still writes notes for the record; the agenda is fixed.
    expectStatus(await officer.client.patch(`/api/v1/agenda-items/${reports.id}`,
      { notes: 'The treasurer reported a surplus.' }), 200);
    assertProblem(await officer.client.patch(`/api/v1/agenda-items/${reports.id}`, { title: 'Late change' }),
      409, 'meeting_closed');
    const draft = expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/minutes/draft`), 200).minutes;
    assert.equal(draft.status, 'draft');
    assert.match(draft.body, /Present: 22 members\./);
    assert.match(draft.body, /Quorum: 15 required \(the group has 30 members\); 22 present\. The meeting was quorate\./);
    assert.match(draft.body, /For: 16; against: 2; abstentions: 0\. 18 votes cast of 21 eligible\./);
    assert.match(draft.body, /### 1\. Reports[\s\S]*Speakers, in order: [^\n]*\(point of order\) and /);
    assert.match(draft.body, /The treasurer reported a surplus\./);
    const edited = `${draft.body}\nThe chair thanked the hall's caretaker.\n`;
    expectStatus(await officer.client.put(`/api/v1/meetings/${meeting.id}/minutes`, { body: edited }), 200);
    assertProblem(await members[0].get(`/api/v1/meetings/${meeting.id}/minutes`), 404);
    assertProblem(await members[0].put(`/api/v1/meetings/${meeting.id}/minutes`, { body: 'Mine' }), 403);

    const later = await scheduleMeeting(stack, officer.client, branch.id, { title: 'Next meeting' });
    const approval = await addItem(officer.client, later.id,
      { kind: 'decision', title: 'Approve the minutes', approves_minutes_of: meeting.id });
    expectStatus(await officer.client.post(`/api/v1/meetings/${later.id}/start`), 200);
    const laterPage = await meetingPage(officer.client, later.id);
    for (const client of [officer.client, members[0], members[1]]) {
      expectStatus(await client.post(`/api/v1/meetings/${later.id}/check-in`, { code: laterPage.check_in_code }), 200);
    }
    expectStatus(await officer.client.post(`/api/v1/meetings/${later.id}/current-item`, { item_id: approval.id }), 200);
    const approvalBallot = expectStatus(await officer.client.post(`/api/v1/agenda-items/${approval.id}/vote`, { secret: false }), 201).ballot_id;
    for (const client of [officer.client, members[0], members[1]]) {
      expectStatus(await client.post(`/api/v1/ballots/${approvalBallot}/votes`, { marks: [1] }), 201);
    }
    expectStatus(await officer.client.post(`/api/v1/agenda-items/${approval.id}/vote/close`), 200);
    const published = expectStatus(await members[7].get(`/api/v1/meetings/${meeting.id}/minutes`), 200).minutes;
    assert.equal(published.status, 'published');
    assert.equal(published.approved_at_meeting, later.id);
    assert.equal(published.body, edited);
    assert.match(published.body_html, /caretaker/);
    const file = await members[7].get(`/api/v1/meetings/${meeting.id}/minutes.md`);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type'), /^text\/markdown/);
    assert.match(file.headers.get('content-disposition'), /attachment; filename="minutes-meeting-\d+\.md"/);
    assert.equal(file.text, edited);
    assertProblem(await officer.client.put(`/api/v1/meetings/${meeting.id}/minutes`, { body: 'late' }), 409, 'minutes_approved');
  });
});

describe('the agenda', () => {
  test('suggestions before the deadline, publication by the ticker, later changes marked', async () => {
    const meeting = await scheduleMeeting(stack, officer.client, branch.id,
      { title: 'Agenda meeting', agenda_notice_hours: 72 });  // starts in 100 h: deadline in 28 h
    const first = await addItem(officer.client, meeting.id, { kind: 'discussion', title: 'Campaign plans' });
    // The officer's open page hears of a suggestion at once; the event itself says nothing of it.
    const [officerSocket] = await meetingSockets([officer.client], meeting.id);
    const suggested = expectStatus(await members[4].post(`/api/v1/meetings/${meeting.id}/suggestions`,
      { kind: 'discussion', title: 'Bike racks', papers: 'We need **more**.' }), 201).item;
    const heard = await officerSocket.next((m) => m.type === 'event' && m.kind === 'suggestions.changed');
    assert.doesNotMatch(JSON.stringify(heard), /Bike racks/);
    officerSocket.close();
    assert.equal(suggested.state, 'suggested');
    assert.match(suggested.papers_html, /<strong>more<\/strong>/);
    const other = expectStatus(await members[5].post(`/api/v1/meetings/${meeting.id}/suggestions`,
      { kind: 'information', title: 'Raffle' }), 201).item;
    assertProblem(await supporter.client.post(`/api/v1/meetings/${meeting.id}/suggestions`,
      { kind: 'information', title: 'Mine' }), 403, 'not_a_member');
    // Members see their own suggestions; officers see all.
    assert.deepEqual((await meetingPage(members[4], meeting.id)).suggestions.map((s) => s.id), [suggested.id]);
    assert.equal((await meetingPage(officer.client, meeting.id)).suggestions.length, 2);
    expectStatus(await officer.client.post(`/api/v1/agenda-items/${suggested.id}/accept`), 200);
    const declined = expectStatus(await officer.client.post(`/api/v1/agenda-items/${other.id}/decline`,
      { reason: 'Not branch business.' }), 200).item;
    assert.equal(declined.decline_reason, 'Not branch business.');
    let page = await meetingPage(members[4], meeting.id);
    assert.deepEqual(page.agenda.map((i) => i.title), ['Campaign plans', 'Bike racks']);
    assert.equal(page.meeting.agenda_published_at, null);

    await stack.advanceClock(29 * 3600);
    page = await (async () => {
      for (let attempt = 0; attempt < 100; ++attempt) {
        const seen = await meetingPage(members[4], meeting.id);
        if (seen.meeting.agenda_published_at) return seen;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the ticker did not publish the agenda');
    })();
    assert.equal(page.can.suggest, false);
    assertProblem(await members[4].post(`/api/v1/meetings/${meeting.id}/suggestions`,
      { kind: 'discussion', title: 'Too late' }), 409, 'suggestions_closed');
    const late = await addItem(officer.client, meeting.id, { kind: 'information', title: 'Late news' });
    assert.equal(late.changed_after_publication, true);
    expectStatus(await officer.client.post(`/api/v1/agenda-items/${late.id}/move`, { position: 1 }), 200);
    expectStatus(await officer.client.patch(`/api/v1/agenda-items/${first.id}`, { notes: 'Notes only.' }), 200);
    page = await meetingPage(members[4], meeting.id);
    assert.deepEqual(page.agenda.map((i) => [i.title, i.position, i.changed_after_publication]), [
      ['Late news', 1, true], ['Campaign plans', 2, false], ['Bike racks', 3, false]]);
    expectStatus(await officer.client.delete(`/api/v1/agenda-items/${suggested.id}`), 204);
    page = await meetingPage(members[4], meeting.id);
    assert.deepEqual(page.removed_after_publication.map((i) => i.title), ['Bike racks']);
    assert.deepEqual(page.agenda.map((i) => i.title), ['Late news', 'Campaign plans']);
  });
});

describe('calendar feeds', () => {
  function events(text) {
    const calendar = new ICAL.Component(ICAL.parse(text));
    return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
  }

  test('per person and per group, with updates and cancellations, read by ical.js', async () => {
    const meeting = await scheduleMeeting(stack, officer.client, branch.id,
      { title: 'Budget, plans; and \\ more', description: 'Line one\nLine two, with a comma' });
    const links = expectStatus(await members[6].get('/api/v1/me/calendar'), 200);
    assert.match(links.token_url_person, /\/api\/v1\/calendar\/[A-Za-z0-9_-]{40,}\/me\.ics$/);
    const groupUrl = links.token_url_groups.find((g) => g.group_id === branch.id).url;
    const host = new URL(links.token_url_person).host;

    const read = async (url) => {
      const response = await fetch(url);  // no cookie: the token is the credential
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type'), /^text\/calendar; charset=utf-8/);
      const text = await response.text();
      assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'every line ends with CRLF');
      for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
      return events(text).find((e) => e.uid === `meeting-${meeting.id}@${host}`);
    };
    let event = await read(links.token_url_person);
    assert.ok(event, 'the meeting is in the person feed');
    assert.equal(event.sequence, 0);
    assert.equal(event.summary, `Budget, plans; and \\ more (${branch.name})`);
    assert.match(event.description, /^Line one\nLine two, with a comma/);
    assert.equal(event.startDate.toJSDate().toISOString(), meeting.starts_at.replace('Z', '.000Z'));
    assert.equal(event.endDate.toJSDate().toISOString(), meeting.ends_at.replace('Z', '.000Z'));
    assert.equal(event.component.getFirstPropertyValue('status'), 'CONFIRMED');
    assert.ok(await read(groupUrl), 'the meeting is in the group feed');

    const later = hoursFrom(Date.parse(meeting.starts_at), 1);
    const laterEnd = hoursFrom(Date.parse(meeting.ends_at), 1);
    expectStatus(await officer.client.patch(`/api/v1/meetings/${meeting.id}`, { starts_at: later, ends_at: laterEnd }), 200);
    event = await read(links.token_url_person);
    assert.equal(event.sequence, 1);
    assert.equal(event.startDate.toJSDate().toISOString(), new Date(later).toISOString());

    expectStatus(await officer.client.post(`/api/v1/meetings/${meeting.id}/cancel`, { reason: 'Hall flooded' }), 200);
    event = await read(groupUrl);
    assert.equal(event.sequence, 2);
    assert.equal(event.component.getFirstPropertyValue('status'), 'CANCELLED');

    // Resetting the token revokes the old address.
    const reset = expectStatus(await members[6].post('/api/v1/me/calendar/reset'), 200);
    assert.notEqual(reset.token_url_person, links.token_url_person);
    assert.equal((await fetch(links.token_url_person)).status, 404);
    assert.ok(await read(reset.token_url_person));
    assert.equal((await fetch(`${stack.server.origin}/api/v1/calendar/nonsense/me.ics`)).status, 404);
  });
});

describe('refusals', () => {
  test('invalid input is refused with 422 and changes nothing; outsiders and members are refused', async () => {
    const tables = ['meetings', 'agenda_items', 'meeting_attendance'];
    const before = await stack.sql.fingerprint(tables);
    const invalid = await officer.client.post(`/api/v1/groups/${branch.id}/meetings`, {
      title: ' ', starts_at: '2026-11-21T18:00:00Z', ends_at: '2026-11-21T17:00:00Z',
      online_url: 'http://insecure.example.org', time_zone: 'Mars/Olympus' });
    assertProblem(invalid, 422);
    assert.deepEqual(invalid.json.errors.map((e) => e.field).sort(), ['ends_at', 'online_url', 'time_zone', 'title']);
    assertProblem(await officer.client.post(`/api/v1/groups/${branch.id}/meetings`,
      { title: 'X', starts_at: 'tomorrow', ends_at: 'later', quorum_percent: 101 }), 422);
    assertProblem(await members[0].post(`/api/v1/groups/${branch.id}/meetings`, {
      title: 'Mine', starts_at: '2030-01-01T18:00:00Z', ends_at: '2030-01-01T19:00:00Z' }), 403, 'not_an_officer');
    const meeting = await scheduleMeeting(stack, officer.client, branch.id, { title: 'Refusals' });
    const middle = await stack.sql.fingerprint(tables);
    assertProblem(await officer.client.post(`/api/v1/meetings/${meeting.id}/agenda`, { kind: 'vote', title: '' }), 422);
    assertProblem(await officer.client.post(`/api/v1/meetings/${meeting.id}/agenda`,
      { kind: 'discussion', title: 'Approve', approves_minutes_of: meeting.id }), 422);
    assertProblem(await officer.client.patch(`/api/v1/meetings/${meeting.id}`, { ends_at: '2000-01-01T00:00:00Z' }), 422);
    assert.deepEqual(await stack.sql.fingerprint(tables), middle);
    assert.notDeepEqual(middle, before);

    assertProblem(await outsider.client.get(`/api/v1/meetings/${meeting.id}`), 403, 'not_a_member');
    assertProblem(await outsider.client.post(`/api/v1/meetings/${meeting.id}/check-in`), 403);
    assertProblem(await new ApiClient(stack.server).get(`/api/v1/meetings/${meeting.id}`), 401);
    // The supporter sees the meeting but, without observers, cannot attend.
    const seen = await meetingPage(supporter.client, meeting.id);
    assert.equal(seen.can.check_in, false);
    assertProblem(await supporter.client.put(`/api/v1/meetings/${meeting.id}/response`, { response: 'yes' }), 403);
    expectStatus(await members[0].put(`/api/v1/meetings/${meeting.id}/response`, { response: 'maybe' }), 200);
    assert.equal((await meetingPage(members[0], meeting.id)).my.response, 'maybe');
    // Online check-in waits for the meeting to begin.
    assertProblem(await members[0].post(`/api/v1/meetings/${meeting.id}/check-in`), 409, 'meeting_not_live');
    const socket = await (await import('../lib/harness.mjs')).LiveSocket.open(outsider.client);
    try {
      const answer = await socket.subscribe([`meeting:${meeting.id}`]);
      assert.deepEqual(answer.rooms, []);
      assert.equal(answer.denied.length, 1);
    } finally {
      await socket.close();
    }
  });
});
