// Ballots end to end: who may create them, eligibility frozen at the open and enforced, casting
// (idempotent retries, double votes, replacing by tracker), nothing published before the close,
// the close at the set time by the ticker, manual open and close, roll-call ballots.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addMember, assertProblem, expectStatus } from '../lib/builders.mjs';
import { ApiClient, LiveSocket, Stack, eventually } from '../lib/harness.mjs';
import { personWithRole, seasonedAccount } from './discussions_lib.mjs';
import {
  cast, castOk, closeBallot, createBallot, inHours, results, trackerHash, votesServerOptions,
  votingBranch,
} from './votes_lib.mjs';

let stack;
let branch;
let officer;
let members;
let admin;
let tree;

// The server's present: the test clock moves during this file.
async function serverNow() {
  return Date.parse(await stack.advanceClock(0));
}

async function yesNoBallot(extra = {}) {
  const now = await serverNow();
  return createBallot(officer.client, branch.id, {
    title: 'Adopt the budget', method: 'yes_no', closes_at: inHours(1, now), ...extra });
}

before(async () => {
  stack = await Stack.start({ serverOptions: votesServerOptions });
  ({ admin, officer, members, tree } = await votingBranch(stack, { voters: 4 }));
  branch = (await stack.sql.row(
    "SELECT g.id, g.name FROM groups g JOIN memberships m ON m.group_id = g.id " +
    "WHERE m.person_id = :'id' AND m.role = 'officer'", { id: officer.person.id }));
});

after(async () => {
  await stack?.close();
});

describe('creating ballots', () => {
  test('officers create ballots; members may not; invalid input is refused and changes nothing', async () => {
    const ballot = await yesNoBallot({ threshold: 'two_thirds', quorum_percent: 20 });
    assert.equal(ballot.status, 'open');
    assert.equal(ballot.method, 'yes_no');
    assert.deepEqual(ballot.options.map((o) => o.label), ['Yes', 'No', 'Abstain']);
    assert.equal(ballot.threshold, 'two_thirds');
    assert.match(ballot.rule_explanation, /two-thirds/);
    assert.equal(ballot.time_zone, 'Europe/London');
    assert.equal(ballot.eligible_count, 5);  // the officer and four members
    assert.equal(ballot.quorum_required, 1);
    assert.deepEqual([...ballot.tie_order].sort(), [1, 2, 3]);

    assertProblem(await members[0].client.post(`/api/v1/groups/${branch.id}/ballots`,
      { title: 'Mine', method: 'yes_no', closes_at: inHours(1, await serverNow()) }), 403, 'not_an_officer');

    const before = await stack.sql.fingerprint(['ballots', 'ballot_options', 'ballot_electors']);
    const invalid = await officer.client.post(`/api/v1/groups/${branch.id}/ballots`, {
      title: '', method: 'irv', options: [{ label: 'Ann' }, { label: 'ann' }], quorum_percent: 150,
      eligibility: { joined_on_or_before: '2026-02-30' }, time_zone: 'Mars/Olympus',
      closes_at: 'tomorrow' });
    assertProblem(invalid, 422);
    const fields = invalid.json.errors.map((e) => e.field).sort();
    // Shapes and ranges first; the ballot's rules only once the shapes are right.
    assert.deepEqual(fields, ['closes_at', 'quorum_percent']);
    const semantic = await officer.client.post(`/api/v1/groups/${branch.id}/ballots`, {
      title: ' ', method: 'irv', options: [{ label: 'Ann' }, { label: 'ann' }],
      eligibility: { joined_on_or_before: '2026-02-30' }, time_zone: 'Mars/Olympus',
      closes_at: inHours(1, await serverNow()) });
    assertProblem(semantic, 422);
    assert.deepEqual(semantic.json.errors.map((e) => e.field).sort(),
      ['eligibility.joined_on_or_before', 'options[1].label', 'time_zone', 'title']);
    assert.deepEqual(await stack.sql.fingerprint(['ballots', 'ballot_options', 'ballot_electors']), before);

    const list = expectStatus(await members[0].client.get(`/api/v1/groups/${branch.id}/ballots`), 200);
    assert.equal(list.can_create, false);
    assert.ok(list.ballots.some((b) => b.id === ballot.id));
    assert.equal(expectStatus(await officer.client.get(`/api/v1/groups/${branch.id}/ballots`), 200).can_create, true);
  });

  test('a bad cast is refused with 422 and changes nothing', async () => {
    const ballot = await yesNoBallot();
    const tables = ['ballot_participation', 'ballot_inbox', 'ballot_box', 'roll_call_votes'];
    const before = await stack.sql.fingerprint(tables);
    assertProblem(await cast(members[0].client, ballot.id, [1, 2]), 422);
    assertProblem(await cast(members[0].client, ballot.id, [4]), 422);
    assertProblem(await cast(members[0].client, ballot.id, 'yes'), 422);
    assertProblem(await cast(members[0].client, ballot.id, [1], 'not-a-tracker'), 422);
    assert.deepEqual(await stack.sql.fingerprint(tables), before);
  });
});

describe('eligibility', () => {
  test('the list is frozen at the open: supporters, late joiners and newcomers are refused with the reason', async () => {
    const supporter = await personWithRole(stack, admin.client, branch.id, 'supporter', { displayName: 'Sam Supporter' });
    const late = await personWithRole(stack, admin.client, branch.id, 'member', { displayName: 'Lee Late' });
    await stack.sql.exec("UPDATE memberships SET joined_at = '2026-03-01' WHERE group_id = :'g'", { g: branch.id });
    await stack.sql.exec("UPDATE memberships SET joined_at = '2026-10-02' WHERE group_id = :'g' AND person_id = :'p'",
      { g: branch.id, p: late.person.id });
    const ballot = await yesNoBallot({ eligibility: { joined_on_or_before: '2026-09-01' } });
    assert.match(ballot.eligibility.explanation, /who joined on or before 1 Sep 2026/);

    // Someone who joins after the open, with a date that would have qualified.
    const newcomer = await personWithRole(stack, admin.client, branch.id, 'member', { displayName: 'Nia Newcomer' });
    await stack.sql.exec("UPDATE memberships SET joined_at = '2026-01-01' WHERE group_id = :'g' AND person_id = :'p'",
      { g: branch.id, p: newcomer.person.id });

    const electors = (await stack.sql.rows("SELECT person_id FROM ballot_electors WHERE ballot_id = :'b'", { b: ballot.id }))
      .map((r) => r.person_id);
    assert.equal(ballot.eligible_count, electors.length);
    for (const person of [officer, ...members]) assert.ok(electors.includes(person.person.id));
    for (const person of [supporter, late, newcomer]) assert.ok(!electors.includes(person.person.id));

    const refusals = [
      [supporter, `Only members can vote; you are a supporter of ${branch.name}.`],
      [late, `You joined ${branch.name} on 2026-10-02, after the cut-off date of 2026-09-01.`],
      [newcomer, 'You were not on the list of voters when the ballot opened.'],
    ];
    for (const [person, reason] of refusals) {
      const view = expectStatus(await person.client.get(`/api/v1/ballots/${ballot.id}`), 200);
      assert.deepEqual(view.my, { eligible: false, reason, voted: false });
      assert.equal(view.can.vote, false);
      const refused = assertProblem(await cast(person.client, ballot.id, [1]), 403, 'not_eligible');
      assert.equal(refused.detail, reason);
    }
    const mine = expectStatus(await members[1].client.get(`/api/v1/ballots/${ballot.id}`), 200);
    assert.deepEqual(mine.my, { eligible: true, reason: null, voted: false });
    assert.equal(mine.can.vote, true);
    assert.equal(await stack.sql.count('ballot_participation', "ballot_id = :'b'", { b: ballot.id }), 0);
    // Ballots are the group's business: signed out, nothing is shown.
    assertProblem(await officer.client.fresh().get(`/api/v1/ballots/${ballot.id}`), 401);
  });
});

describe('casting', () => {
  test('a second vote is refused, a retry with the same tracker is idempotent, the tracker replaces', async () => {
    const ballot = await yesNoBallot();
    const voter = members[0].client;
    const tracker = await castOk(voter, ballot.id, [1]);
    const retry = await cast(voter, ballot.id, [1], tracker.toLowerCase());
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.json, { tracker, replaced: false });
    const counts = async () => ({
      participation: await stack.sql.count('ballot_participation', "ballot_id = :'b'", { b: ballot.id }),
      contents: await stack.sql.count('ballot_inbox', "ballot_id = :'b'", { b: ballot.id }) +
        await stack.sql.count('ballot_box', "ballot_id = :'b'", { b: ballot.id }),
    });
    assert.deepEqual(await counts(), { participation: 1, contents: 1 });

    assertProblem(await cast(voter, ballot.id, [2]), 409, 'already_voted');
    assertProblem(await cast(voter, ballot.id, [2], tracker), 409, 'already_voted');
    assert.deepEqual(await counts(), { participation: 1, contents: 1 });

    const replaced = expectStatus(await voter.post(`/api/v1/ballots/${ballot.id}/votes/replace`,
      { tracker, marks: [2] }), 200);
    assert.deepEqual(replaced, { tracker, replaced: true });
    assertProblem(await voter.post(`/api/v1/ballots/${ballot.id}/votes/replace`,
      { tracker: '00000-00000-00000-00000', marks: [3] }), 404, 'unknown_tracker');
    assertProblem(await members[1].client.post(`/api/v1/ballots/${ballot.id}/votes/replace`,
      { tracker, marks: [3] }), 403, 'not_voted');
    assert.deepEqual(await counts(), { participation: 1, contents: 1 });
    const view = expectStatus(await voter.get(`/api/v1/ballots/${ballot.id}`), 200);
    assert.equal(view.my.voted, true);
    assert.equal(view.can.vote, false);
    assert.equal(view.can.replace, true);
    assert.equal(view.ballot.ballots_cast, 1);

    await castOk(members[1].client, ballot.id, [1]);
    await closeBallot(officer.client, ballot.id);
    const result = await results(voter, ballot.id);
    assert.deepEqual([result.yes, result.no, result.abstain, result.cast], [1, 1, 0, 2]);
    assert.equal(result.outcome, 'rejected');  // a tie is no majority
    const counted = expectStatus(await voter.fresh().post(`/api/v1/ballots/${ballot.id}/trackers/check`, { tracker }), 200);
    assert.equal(counted.counted, true);
    const trackers = expectStatus(await voter.get(`/api/v1/ballots/${ballot.id}/trackers`), 200).trackers;
    assert.equal(trackers.length, 2);
    assert.ok(trackers.includes(await trackerHash(tracker)));
    assert.deepEqual(trackers, [...trackers].sort());
    assertProblem(await voter.post(`/api/v1/ballots/${ballot.id}/votes/replace`, { tracker, marks: [1] }), 409, 'ballot_not_open');
    assertProblem(await cast(members[2].client, ballot.id, [1]), 409, 'ballot_not_open');
  });

  test('nothing of the contents is published before the close', async () => {
    const ballot = await yesNoBallot();
    const tracker = await castOk(members[0].client, ballot.id, [1]);
    for (const path of ['results', 'trackers', 'ballots']) {
      assertProblem(await officer.client.get(`/api/v1/ballots/${ballot.id}/${path}`), 409, 'ballot_not_closed');
    }
    assertProblem(await officer.client.post(`/api/v1/ballots/${ballot.id}/trackers/check`, { tracker }), 409, 'ballot_not_closed');
    const view = expectStatus(await officer.client.get(`/api/v1/ballots/${ballot.id}`), 200);
    assert.equal(JSON.stringify(view).includes('result'), false);
  });
});

describe('the window', () => {
  test('a scheduled ballot opens and closes at the set times; the close publishes the result live', async () => {
    const now = await serverNow();
    const ballot = await createBallot(officer.client, branch.id, {
      title: 'Choose a venue', method: 'single_choice',
      options: [{ label: 'Hall' }, { label: 'Library' }, { label: 'Online' }],
      opens_at: inHours(1, now), closes_at: inHours(3, now), time_zone: 'America/New_York' });
    assert.equal(ballot.status, 'scheduled');
    assert.equal(ballot.eligible_count, null);
    const early = assertProblem(await cast(members[0].client, ballot.id, [1]), 409, 'ballot_not_open');
    assert.match(early.detail, /^Voting has not opened yet\. It opens at \d\d:\d\d on .* \(America\/New_York\)\.$/);

    const electorate = await stack.sql.count('memberships',
      "group_id = :'g' AND status = 'active' AND role <> 'supporter'", { g: branch.id });
    const socket = await LiveSocket.open(members[1].client);
    await socket.subscribe([`ballot:${ballot.id}`]);
    await stack.advanceClock(3600 + 5);
    const opened = await socket.next((m) => m.type === 'event' && m.kind === 'ballot.opened', { timeoutMs: 15_000 });
    assert.equal(opened.data.ballot.id, ballot.id);
    const open = expectStatus(await members[0].client.get(`/api/v1/ballots/${ballot.id}`), 200).ballot;
    assert.equal(open.status, 'open');
    assert.equal(open.eligible_count, electorate);

    await castOk(members[0].client, ballot.id, [2]);
    await castOk(members[1].client, ballot.id, [2]);
    await castOk(members[2].client, ballot.id, [3]);
    assertProblem(await officer.client.get(`/api/v1/ballots/${ballot.id}/results`), 409, 'ballot_not_closed');

    await stack.advanceClock(2 * 3600);
    // Past the closing time no vote is taken, even before the ticker has run.
    assertProblem(await cast(members[3].client, ballot.id, [1]), 409, 'ballot_not_open');
    const closed = await socket.next((m) => m.type === 'event' && m.kind === 'ballot.closed', { timeoutMs: 15_000 });
    assert.equal(closed.data.ballot.status, 'closed');
    await socket.close();
    const result = await eventually(async () => {
      const response = await members[0].client.get(`/api/v1/ballots/${ballot.id}/results`);
      return response.status === 200 && response.json.result;
    }, { what: 'the result after the close' });
    assert.deepEqual(result.options.map((o) => o.votes), [0, 2, 1]);
    assert.deepEqual(result.elected, [2]);
    assert.equal(result.outcome, 'decided');
    const done = expectStatus(await members[0].client.get(`/api/v1/ballots/${ballot.id}`), 200).ballot;
    assert.equal(done.status, 'closed');
    assert.ok(done.closed_at);
    assert.equal(await stack.sql.count('ballot_inbox', "ballot_id = :'b'", { b: ballot.id }), 0);
  });

  test('a manual ballot is opened and closed by an officer, and only by an officer', async () => {
    const ballot = await createBallot(officer.client, branch.id, {
      title: 'Motion from the floor', method: 'yes_no', manual: true, secret: true });
    assert.equal(ballot.status, 'scheduled');
    assert.equal(ballot.manual, true);
    const refused = assertProblem(await cast(members[0].client, ballot.id, [1]), 409, 'ballot_not_open');
    assert.match(refused.detail, /an officer will open it/);
    assertProblem(await members[0].client.post(`/api/v1/ballots/${ballot.id}/open`), 403, 'not_an_officer');
    const view = expectStatus(await officer.client.get(`/api/v1/ballots/${ballot.id}`), 200);
    assert.equal(view.can.open, true);
    const opened = expectStatus(await officer.client.post(`/api/v1/ballots/${ballot.id}/open`), 200).ballot;
    assert.equal(opened.status, 'open');
    assertProblem(await officer.client.post(`/api/v1/ballots/${ballot.id}/open`), 409, 'ballot_not_scheduled');
    await castOk(members[0].client, ballot.id, [1]);
    await castOk(members[1].client, ballot.id, [3]);
    // The ticker never closes a manual ballot, however far the clock moves.
    await stack.advanceClock(24 * 3600);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(expectStatus(await officer.client.get(`/api/v1/ballots/${ballot.id}`), 200).ballot.status, 'open');
    assertProblem(await members[0].client.post(`/api/v1/ballots/${ballot.id}/close`), 403, 'not_an_officer');
    const closed = await closeBallot(officer.client, ballot.id);
    assert.equal(closed.status, 'closed');
    const result = await results(members[0].client, ballot.id);
    assert.deepEqual([result.yes, result.no, result.abstain], [1, 0, 1]);
    assert.equal(result.outcome, 'passed');
  });

  test('a cancelled ballot takes no votes and its contents are gone', async () => {
    const ballot = await yesNoBallot();
    await castOk(members[0].client, ballot.id, [1]);
    const cancelled = expectStatus(await officer.client.post(`/api/v1/ballots/${ballot.id}/cancel`), 200).ballot;
    assert.equal(cancelled.status, 'cancelled');
    assertProblem(await cast(members[1].client, ballot.id, [1]), 409, 'ballot_not_open');
    assert.equal(await stack.sql.count('ballot_inbox', "ballot_id = :'b'", { b: ballot.id }) +
      await stack.sql.count('ballot_box', "ballot_id = :'b'", { b: ballot.id }), 0);
  });
});

describe('roll-call ballots', () => {
  test('an open ballot shows who voted how; re-casting with the tracker replaces', async () => {
    const ballot = await createBallot(officer.client, branch.id, {
      title: 'Delegates to conference', method: 'approval', seats: 2, secret: false,
      options: [{ label: 'Ann' }, { label: 'Bob' }, { label: 'Cat' }],
      closes_at: inHours(1, await serverNow()) });
    const first = await castOk(members[0].client, ballot.id, [1, 2]);
    const replaced = expectStatus(await cast(members[0].client, ballot.id, [1, 3], first), 200);
    assert.deepEqual(replaced, { tracker: first, replaced: true });
    await castOk(members[1].client, ballot.id, [3]);
    await castOk(members[2].client, ballot.id, []);
    assertProblem(await cast(members[1].client, ballot.id, [2]), 409, 'already_voted');
    await closeBallot(officer.client, ballot.id);

    const published = expectStatus(await members[3].client.get(`/api/v1/ballots/${ballot.id}/ballots`), 200);
    const byName = Object.fromEntries(published.roll_call.map((r) => [r.person.display_name, r.marks]));
    assert.deepEqual(byName, { 'Voter A': [1, 3], 'Voter B': [3], 'Voter C': [] });
    assert.deepEqual(published.ballots.map((b) => b.marks), [[], [1, 3], [3]]);
    const result = await results(members[3].client, ballot.id);
    assert.deepEqual(result.options.map((o) => o.votes), [1, 0, 2]);
    assert.deepEqual(result.elected, [3, 1]);
    assert.equal(result.cast, 3);
    assertProblem(await members[3].client.get(`/api/v1/ballots/${ballot.id}/ballots.blt`), 404);
  });
});

describe('who sees ballots', () => {
  test('the group\'s supporters and members, and electors from sub-groups; not outsiders or the signed-out', async () => {
    const federationBallot = await createBallot(admin.client, tree.parent.id, {
      title: 'Federation-wide question', method: 'yes_no', eligibility: { include_subgroups: true },
      closes_at: inHours(1, await serverNow()) });
    // A member of the branch below is on the list of voters, so sees the ballot and may vote.
    const seen = expectStatus(await members[0].client.get(`/api/v1/ballots/${federationBallot.id}`), 200);
    assert.equal(seen.my.eligible, true);
    assert.equal(seen.can.vote, true);
    // The federation's own list is for its members.
    assertProblem(await members[0].client.get(`/api/v1/groups/${tree.parent.id}/ballots`), 403, 'not_a_member');

    const branchBallot = await yesNoBallot({ title: 'Branch business' });
    const supporter = await personWithRole(stack, admin.client, branch.id, 'supporter', { displayName: 'Sue Supporter' });
    expectStatus(await supporter.client.get(`/api/v1/ballots/${branchBallot.id}`), 200);
    const outsider = await seasonedAccount(stack, { displayName: 'Olly Outsider' });
    assertProblem(await outsider.client.get(`/api/v1/ballots/${branchBallot.id}`), 403, 'not_a_member');
    assertProblem(await outsider.client.get(`/api/v1/groups/${branch.id}/ballots`), 403, 'not_a_member');
    const anonymous = new ApiClient(stack.server);
    assertProblem(await anonymous.get(`/api/v1/ballots/${branchBallot.id}`), 401);
    const live = await LiveSocket.open(outsider.client);
    try {
      const answer = await live.subscribe([`ballot:${branchBallot.id}`]);
      assert.deepEqual(answer.rooms, []);
    } finally {
      live.close();
    }
  });
});
