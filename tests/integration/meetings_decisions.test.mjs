// A meeting's votes and the rest of the server: a proposal scheduled "at a meeting" is decided by
// the vote in the room (linked to that ballot, scheduled → voting → passed, on its page with its
// history); a meeting's ballot closed or cancelled through the ballots API reaches the meeting's
// live room and approves minutes as the meeting's own close does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus } from '../lib/builders.mjs';
import { Stack } from '../lib/harness.mjs';
import { personWithRole } from './discussions_lib.mjs';
import { addItem, meetingPage, meetingSockets, scheduleMeeting } from './meetings_lib.mjs';
import { votesServerOptions, votingBranch } from './votes_lib.mjs';

let stack;
let branch;
let officer;
let members;  // three members; the second signs in on the other server
let admin;

before(async () => {
  stack = await Stack.start({ servers: 2, serverOptions: votesServerOptions });
  const made = await votingBranch(stack, { voters: 3, label: 'Room' });
  admin = made.admin.client;
  officer = made.officer.client;
  branch = made.tree.branch;
  members = made.members.map((member, i) => (i === 1 ? member.client.on(stack.servers[1]) : member.client));
});

after(async () => {
  await stack?.close();
});

async function proposal(author, title, { scheduleFor } = {}) {
  const drafted = expectStatus(await author.post(`/api/v1/groups/${branch.id}/proposals`, {
    title, body: `Why we should: ${title}.`, decision: `The branch decides: ${title}.` }), 201).proposal;
  expectStatus(await author.post(`/api/v1/proposals/${drafted.id}/publish`), 200);
  if (scheduleFor) await scheduleAtMeeting(drafted.id, scheduleFor);
  return drafted;
}

async function scheduleAtMeeting(proposalId, note) {
  return expectStatus(await officer.post(`/api/v1/proposals/${proposalId}/schedule`,
    { mode: 'meeting', note }), 200).proposal;
}

async function proposalPage(client, id) {
  return expectStatus(await client.get(`/api/v1/proposals/${id}`), 200).proposal;
}

// A live meeting with the officer and every member checked in, and the given items on its agenda.
async function liveMeeting(title, items) {
  const meeting = await scheduleMeeting(stack, officer, branch.id, { title });
  const added = [];
  for (const item of items) added.push(await addItem(officer, meeting.id, item));
  expectStatus(await officer.post(`/api/v1/meetings/${meeting.id}/start`), 200);
  const code = (await meetingPage(officer, meeting.id)).check_in_code;
  for (const client of [officer, ...members]) {
    expectStatus(await client.post(`/api/v1/meetings/${meeting.id}/check-in`, { code }), 200);
  }
  return { meeting, items: added };
}

async function takeUp(meetingId, itemId) {
  expectStatus(await officer.post(`/api/v1/meetings/${meetingId}/current-item`, { item_id: itemId }), 200);
}

async function openVote(itemId, body = {}) {
  return expectStatus(await officer.post(`/api/v1/agenda-items/${itemId}/vote`, body), 201).ballot_id;
}

// 1 is for, 2 against.
async function castAll(ballotId, marks) {
  const voters = [officer, ...members];
  for (let i = 0; i < marks.length; ++i) {
    expectStatus(await voters[i].post(`/api/v1/ballots/${ballotId}/votes`, { marks: [marks[i]] }), 201);
  }
}

describe('a proposal decided in the room', () => {
  test('scheduled for a meeting, put to the vote on its agenda item, passed; its page shows the ballot and history', async () => {
    const motion = await proposal(members[0], 'Buy a banner', { scheduleFor: 'the spring meeting' });
    const waiting = await proposal(members[2], 'Paint the office');  // gathering support only
    const { meeting, items: [decision, unscheduled] } = await liveMeeting('Spring meeting', [
      { kind: 'decision', title: 'Buy a banner', proposal_id: motion.id },
      { kind: 'decision', title: 'Paint the office', proposal_id: waiting.id }]);
    const room = await meetingSockets([members[1]], meeting.id);
    try {
      // A proposal that was never scheduled for a meeting cannot be decided by it; nothing is made.
      await takeUp(meeting.id, unscheduled.id);
      const ballotsBefore = await stack.sql.count('ballots', 'true');
      const refused = assertProblem(
        await officer.post(`/api/v1/agenda-items/${unscheduled.id}/vote`, {}), 409, 'proposal_not_scheduled');
      assert.match(refused.detail, /Paint the office/);
      assert.match(refused.detail, /schedule it to be decided at a meeting/);
      assert.equal(await stack.sql.count('ballots', 'true'), ballotsBefore);
      assert.equal((await proposalPage(members[2], waiting.id)).state, 'gathering_support');
      assert.equal((await meetingPage(officer, meeting.id)).current.vote, null);

      await takeUp(meeting.id, decision.id);
      const ballotId = await openVote(decision.id);
      let page = await proposalPage(members[0], motion.id);
      assert.equal(page.state, 'voting');
      assert.equal(page.ballot_id, ballotId);
      const ballot = expectStatus(await members[0].get(`/api/v1/ballots/${ballotId}`), 200).ballot;
      assert.match(ballot.description_html, new RegExp(`/proposals/${motion.id}`));

      await castAll(ballotId, [1, 1, 1, 2]);
      const closed = expectStatus(await officer.post(`/api/v1/agenda-items/${decision.id}/vote/close`), 200);
      assert.equal(closed.result.outcome, 'passed');
      assert.equal(closed.result.yes, 3);
      await room[0].next((m) => m.type === 'event' && m.kind === 'vote.closed' && m.data.ballot_id === ballotId);

      page = await proposalPage(members[1], motion.id);
      assert.equal(page.state, 'passed');
      assert.equal(page.ballot_id, ballotId);
      assert.deepEqual(page.history.map((h) => h.to),
        ['draft', 'gathering_support', 'scheduled', 'scheduled', 'voting', 'passed']);
      assert.match(page.history[3].note, new RegExp(`Put to the vote at Spring meeting \\(ballot ${ballotId}\\)`));
      assert.equal(page.history[3].by.id, (await meetingPage(officer, meeting.id)).meeting.created_by.id);
      assert.equal(page.history.at(-1).note, `Passed by ballot ${ballotId}`);
      const results = expectStatus(await members[1].get(`/api/v1/ballots/${ballotId}/results`), 200).result;
      assert.equal(results.outcome, 'passed');

      // Decided once: the item cannot be put again, nor the proposal to another meeting.
      assertProblem(await officer.post(`/api/v1/agenda-items/${decision.id}/vote`, {}), 409, 'vote_exists');
    } finally {
      await Promise.all(room.map((socket) => socket.close()));
    }
  });
});

describe('a meeting ballot closed through the ballots API', () => {
  test('reaches the meeting room and approves the minutes it was voting on', async () => {
    const { meeting: earlier } = await liveMeeting('Winter meeting', []);
    expectStatus(await officer.post(`/api/v1/meetings/${earlier.id}/end`), 200);
    expectStatus(await officer.post(`/api/v1/meetings/${earlier.id}/minutes/draft`), 200);
    assertProblem(await members[0].get(`/api/v1/meetings/${earlier.id}/minutes`), 404);

    const { meeting, items: [approval] } = await liveMeeting('Follow-up meeting', [
      { kind: 'decision', title: 'Approve the winter minutes', approves_minutes_of: earlier.id }]);
    const room = await meetingSockets([members[0], members[1]], meeting.id);
    try {
      await takeUp(meeting.id, approval.id);
      const ballotId = await openVote(approval.id, { secret: false });
      await castAll(ballotId, [1, 1, 2]);
      // Closed as any ballot is, by an officer on the other server.
      const closed = expectStatus(await officer.on(stack.servers[1]).post(`/api/v1/ballots/${ballotId}/close`), 200).ballot;
      assert.equal(closed.status, 'closed');
      for (const socket of room) {
        const event = await socket.next((m) => m.type === 'event' && m.kind === 'vote.closed' && m.data.ballot_id === ballotId);
        assert.equal(event.data.item_id, approval.id);
        assert.equal(event.data.status, 'closed');
        assert.equal(event.data.result.outcome, 'passed');
        assert.equal(event.data.result.yes, 2);
      }
      const minutes = expectStatus(await members[2].get(`/api/v1/meetings/${earlier.id}/minutes`), 200).minutes;
      assert.equal(minutes.status, 'published');
      assert.equal(minutes.approved_at_meeting, meeting.id);
      assert.equal((await meetingPage(members[0], meeting.id)).current.vote.status, 'closed');
      // The meeting's own close finds nothing left to close.
      assertProblem(await officer.post(`/api/v1/agenda-items/${approval.id}/vote/close`), 409, 'ballot_not_open');
    } finally {
      await Promise.all(room.map((socket) => socket.close()));
    }
  });

  test('a rejected approval leaves the minutes a draft', async () => {
    const { meeting: earlier } = await liveMeeting('Autumn meeting', []);
    expectStatus(await officer.post(`/api/v1/meetings/${earlier.id}/end`), 200);
    expectStatus(await officer.post(`/api/v1/meetings/${earlier.id}/minutes/draft`), 200);
    const { meeting, items: [approval] } = await liveMeeting('Autumn follow-up', [
      { kind: 'decision', title: 'Approve the autumn minutes', approves_minutes_of: earlier.id }]);
    await takeUp(meeting.id, approval.id);
    const ballotId = await openVote(approval.id);
    await castAll(ballotId, [2, 2, 1]);
    expectStatus(await officer.post(`/api/v1/ballots/${ballotId}/close`), 200);
    assertProblem(await members[0].get(`/api/v1/meetings/${earlier.id}/minutes`), 404);
    assert.equal(expectStatus(await officer.get(`/api/v1/meetings/${earlier.id}/minutes`), 200).minutes.status, 'draft');
  });

  test('a cancelled vote reaches the room, sends its proposal back, and the item can be put again', async () => {
    const motion = await proposal(members[0], 'Rent a stall', { scheduleFor: 'the fair meeting' });
    const { meeting, items: [decision] } = await liveMeeting('Fair meeting', [
      { kind: 'decision', title: 'Rent a stall', proposal_id: motion.id }]);
    const room = await meetingSockets([members[1]], meeting.id);
    try {
      await takeUp(meeting.id, decision.id);
      const first = await openVote(decision.id);
      expectStatus(await officer.post(`/api/v1/ballots/${first}/cancel`), 200);
      const event = await room[0].next((m) => m.type === 'event' && m.kind === 'vote.closed' && m.data.ballot_id === first);
      assert.equal(event.data.status, 'cancelled');
      assert.equal(event.data.result, null);
      assert.equal((await proposalPage(members[0], motion.id)).state, 'qualified');

      // Sent back: it must be scheduled for a meeting again before the room can decide it.
      assertProblem(await officer.post(`/api/v1/agenda-items/${decision.id}/vote`, {}), 409, 'proposal_not_scheduled');
      await scheduleAtMeeting(motion.id, 'the fair meeting, again');
      const second = await openVote(decision.id);
      assert.notEqual(second, first);
      assert.equal((await meetingPage(members[1], meeting.id)).current.vote.ballot_id, second);
      await castAll(second, [2, 2, 2]);
      const closed = expectStatus(await officer.post(`/api/v1/agenda-items/${decision.id}/vote/close`), 200);
      assert.equal(closed.result.outcome, 'rejected');
      const page = await proposalPage(members[0], motion.id);
      assert.equal(page.state, 'rejected');
      assert.equal(page.ballot_id, second);
    } finally {
      await Promise.all(room.map((socket) => socket.close()));
    }
  });
});

describe('observers', () => {
  test('supporters may follow a meeting that allows observers, but neither speak nor vote', async () => {
    const supporter = (await personWithRole(stack, admin, branch.id, 'supporter', { displayName: 'Sid Supporter' })).client;
    const closedMeeting = await scheduleMeeting(stack, officer, branch.id, { title: 'Members only' });
    // A members' meeting: a supporter sees that it is on, but may not attend.
    expectStatus(await officer.post(`/api/v1/meetings/${closedMeeting.id}/start`), 200);
    const outside = await meetingPage(supporter, closedMeeting.id);
    assert.equal(outside.my.role, null);
    assert.equal(outside.can.check_in, false);
    assertProblem(await supporter.post(`/api/v1/meetings/${closedMeeting.id}/check-in`), 403);

    const meeting = await scheduleMeeting(stack, officer, branch.id, { title: 'Open to observers', observers_allowed: true });
    const item = await addItem(officer, meeting.id, { kind: 'decision', title: 'Adopt the plan' });
    expectStatus(await officer.post(`/api/v1/meetings/${meeting.id}/start`), 200);
    const seen = await meetingPage(supporter, meeting.id);
    assert.equal(seen.my.role, 'observer');
    assert.equal(seen.my.may_vote, false);
    expectStatus(await supporter.post(`/api/v1/meetings/${meeting.id}/check-in`), 200);
    expectStatus(await members[0].post(`/api/v1/meetings/${meeting.id}/check-in`), 200);
    const attendance = (await meetingPage(officer, meeting.id)).attendance;
    assert.equal(attendance.observers_checked_in, 1);
    assert.equal(attendance.members_checked_in, 1, 'an observer does not count for the quorum');

    expectStatus(await officer.post(`/api/v1/meetings/${meeting.id}/current-item`, { item_id: item.id }), 200);
    assertProblem(await supporter.post(`/api/v1/agenda-items/${item.id}/speakers`, { kind: 'speak' }), 403, 'observer');
    const { ballot_id: ballotId } = expectStatus(await officer.post(`/api/v1/agenda-items/${item.id}/vote`, {}), 201);
    assertProblem(await supporter.post(`/api/v1/ballots/${ballotId}/votes`, { marks: [1] }), 403, 'not_eligible');
    expectStatus(await members[0].post(`/api/v1/ballots/${ballotId}/votes`, { marks: [1] }), 201);
  });
});
