// Proposals end to end against a real PostgreSQL: drafting, publishing (the debate thread),
// support up to the threshold, scheduling a ballot, voting through the votes API, the close at
// the set time (the test clock), outcomes, amendments decided before the main question,
// withdrawal, who may do what, and validation that changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { ApiClient, LiveSocket, Stack, eventually, explain } from '../lib/harness.mjs';
import { assertDenied, groupTree, personWithRole, seasonedAccount } from './discussions_lib.mjs';

let stack;
let admin;
let tree;
let officer;
let author;
let members;
let supporter;

before(async () => {
  stack = await Stack.start();
  admin = await seasonedAccount(stack, { displayName: 'Site Admin' });
  tree = await groupTree(admin.client, 'Prop');
  officer = await personWithRole(stack, admin.client, tree.branch.id, 'officer', { displayName: 'Ola Officer' });
  author = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Ada Author' });
  members = [];
  for (const name of ['Ben', 'Cat', 'Dev']) {
    members.push(await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: `${name} Member` }));
  }
  supporter = await personWithRole(stack, admin.client, tree.branch.id, 'supporter', { displayName: 'Sam Supporter' });
  // Two supporters qualify a proposal in this branch.
  expectStatus(await officer.client.put(`/api/v1/groups/${tree.branch.id}/proposal-settings`,
    { support_count: 2, support_percent: null }), 200);
});

after(async () => {
  await stack?.close();
});

const proposalsUrl = () => `/api/v1/groups/${tree.branch.id}/proposals`;

async function draft(client = author.client, overrides = {}) {
  const body = {
    title: 'Meet every week',
    body: 'The branch meets every month. We propose that it meets every week.',
    decision: 'The branch meets every week from January.',
    ...overrides,
  };
  return expectStatus(await client.post(proposalsUrl(), body), 201).proposal;
}

async function published(overrides = {}) {
  const proposal = await draft(author.client, overrides);
  return expectStatus(await author.client.post(`/api/v1/proposals/${proposal.id}/publish`), 200).proposal;
}

async function view(id, client = author.client) {
  return expectStatus(await client.get(`/api/v1/proposals/${id}`), 200);
}

// The servers' clock (the test clock), as ISO text `seconds` from now.
async function clockIn(seconds) {
  const now = await stack.advanceClock(0);
  return new Date(Date.parse(now) + seconds * 1000).toISOString();
}

async function schedule(id, ballot, client = officer.client) {
  return expectStatus(await client.post(`/api/v1/proposals/${id}/schedule`, { mode: 'ballot', ballot }), 200);
}

// Casts `choice` ('Yes', 'No', 'Abstain') in a yes/no ballot.
async function vote(client, ballotId, choice) {
  const { ballot } = expectStatus(await client.get(`/api/v1/ballots/${ballotId}`), 200);
  const option = ballot.options.find((o) => o.label === choice);
  assert.ok(option, `ballot ${ballotId} has an option ${choice}: ${JSON.stringify(ballot.options)}`);
  expectStatus(await client.post(`/api/v1/ballots/${ballotId}/votes`, { marks: [option.number] }), 201);
}

async function waitForState(id, state) {
  return eventually(async () => {
    const page = await view(id);
    return page.proposal.state === state ? page : null;
  }, { what: `proposal ${id} to be ${state}`, timeoutMs: 15_000 });
}

describe('from a draft to a decision', () => {
  test('draft → published with its debate → qualified by support → scheduled → voting → passed → outcome recorded', async () => {
    const created = await draft();
    assert.equal(created.state, 'draft');
    assert.equal(created.state_label, 'Draft');
    assert.equal(created.thread_id, null);
    assert.deepEqual(created.history.map((h) => [h.from, h.to, h.by?.id]), [[null, 'draft', author.person.id]]);

    // The author may still change a draft.
    const edited = expectStatus(await author.client.patch(`/api/v1/proposals/${created.id}`,
      { title: 'Meet weekly' }), 200);
    assert.equal(edited.proposal.title, 'Meet weekly');
    assert.equal(edited.can.publish, true);

    const publishedPage = expectStatus(await author.client.post(`/api/v1/proposals/${created.id}/publish`), 200);
    const proposal = publishedPage.proposal;
    assert.equal(proposal.state, 'gathering_support');
    assert.ok(proposal.published_at);
    assert.equal(typeof proposal.thread_id, 'number');
    assert.deepEqual(proposal.support, {
      count: 0, needed: 2,
      threshold_explanation: "The group's threshold is a fixed number: 2 supporters needed.",
    });
    // A published text changes only through amendments.
    assertDenied(await author.client.patch(`/api/v1/proposals/${proposal.id}`, { title: 'Again' }), 409, 'wrong_state');

    // The debate thread exists, in the group's "Proposals" category, and links to the proposal.
    const thread = expectStatus(await members[0].client.get(`/api/v1/threads/${proposal.thread_id}`), 200);
    assert.equal(thread.thread.title, 'Meet weekly');
    assert.equal(thread.thread.category.name, 'Proposals');
    assert.equal(thread.thread.group.id, tree.branch.id);
    assert.match(thread.posts[0].body_html, new RegExp(`href="/proposals/${proposal.id}"`));

    // Support: the first supporter is not enough, the second qualifies it.
    const once = expectStatus(await members[0].client.post(`/api/v1/proposals/${proposal.id}/support`), 200);
    assert.equal(once.proposal.state, 'gathering_support');
    assert.equal(once.proposal.support.count, 1);
    assert.deepEqual(once.my, { supported: true });
    // Supporting twice counts once.
    const twice = expectStatus(await members[0].client.post(`/api/v1/proposals/${proposal.id}/support`), 200);
    assert.equal(twice.proposal.support.count, 1);
    const qualified = expectStatus(await members[1].client.post(`/api/v1/proposals/${proposal.id}/support`), 200);
    assert.equal(qualified.proposal.state, 'qualified');
    const reached = qualified.proposal.history.at(-1);
    assert.equal(reached.from, 'gathering_support');
    assert.equal(reached.to, 'qualified');
    assert.deepEqual(reached.by, { id: members[1].person.id, display_name: 'Cat Member' });
    assert.equal(reached.note, 'Reached 2 supporters');
    assert.ok(!Number.isNaN(Date.parse(reached.at)));
    const row = await stack.sql.row(
      "SELECT count(*)::int AS n FROM proposal_supports WHERE proposal_id = :'id'", { id: proposal.id });
    assert.equal(row.n, 2);

    // Only officers schedule; the officer sees the offer, the member does not.
    assert.equal((await view(proposal.id, officer.client)).can.schedule, true);
    assert.equal((await view(proposal.id, members[0].client)).can.schedule, false);
    assertDenied(await members[0].client.post(`/api/v1/proposals/${proposal.id}/schedule`,
      { mode: 'ballot', ballot: { closes_at: await clockIn(3600) } }), 403, 'not_an_officer');

    const scheduled = await schedule(proposal.id, { opens_at: await clockIn(60), closes_at: await clockIn(3600) });
    assert.equal(scheduled.stage, 'main');
    assert.equal(scheduled.proposal.state, 'scheduled');
    const ballotId = scheduled.proposal.ballot_id;
    assert.equal(typeof ballotId, 'number');
    const { ballot } = expectStatus(await members[0].client.get(`/api/v1/ballots/${ballotId}`), 200);
    assert.equal(ballot.method, 'yes_no');
    assert.equal(ballot.status, 'scheduled');
    assert.match(ballot.description, /The decision asked for:\*\* The branch meets every week from January\./);

    // The window opens at its time: the proposal is being voted on.
    await stack.advanceClock(61);
    await waitForState(proposal.id, 'voting');

    await vote(author.client, ballotId, 'Yes');
    await vote(members[0].client, ballotId, 'Yes');
    await vote(members[1].client, ballotId, 'Yes');
    await vote(members[2].client, ballotId, 'No');
    // The decision is still open: no outcome can be recorded yet.
    assertDenied(await officer.client.post(`/api/v1/proposals/${proposal.id}/outcome`, { text: 'Too early' }), 409, 'wrong_state');

    await stack.advanceClock(3600);
    const passed = await waitForState(proposal.id, 'passed');
    assert.equal(passed.proposal.state_label, 'Passed');
    const decision = passed.proposal.history.at(-1);
    assert.equal(decision.from, 'voting');
    assert.equal(decision.to, 'passed');
    assert.equal(decision.by, null);
    assert.match(decision.note, new RegExp(`Passed by ballot ${ballotId}`));
    const result = expectStatus(await members[0].client.get(`/api/v1/ballots/${ballotId}/results`), 200).result;
    assert.equal(result.outcome, 'passed');
    assert.equal(result.yes, 3);
    assert.equal(result.no, 1);

    // The whole path is on the record, in order.
    assert.deepEqual(passed.proposal.history.map((h) => h.to),
      ['draft', 'gathering_support', 'qualified', 'scheduled', 'voting', 'passed']);

    // After the decision an officer records what was done; the proposal shows it.
    assert.equal(passed.can.record_outcome, false, 'the author is no officer');
    assertDenied(await author.client.post(`/api/v1/proposals/${proposal.id}/outcome`, { text: 'Done' }), 403, 'not_an_officer');
    const recorded = expectStatus(await officer.client.post(`/api/v1/proposals/${proposal.id}/outcome`,
      { text: 'Weekly meetings start on *5 January*.' }), 200);
    assert.equal(recorded.proposal.outcome_record.text, 'Weekly meetings start on *5 January*.');
    assert.match(recorded.proposal.outcome_record.html, /<em>5 January<\/em>/);
    assert.deepEqual(recorded.proposal.outcome_record.by, { id: officer.person.id, display_name: 'Ola Officer' });
    const seen = await view(proposal.id, members[2].client);
    assert.equal(seen.proposal.outcome_record.text, 'Weekly meetings start on *5 January*.');
  });

  test('officers put a proposal to the vote directly from gathering support; a majority of no rejects it', async () => {
    const proposal = await published({ title: 'Rename the branch' });
    assert.equal(proposal.state, 'gathering_support');
    const scheduled = await schedule(proposal.id, { closes_at: await clockIn(600) });
    // opens_at defaults to now: the ballot opens at once.
    assert.equal(scheduled.proposal.state, 'voting');
    assert.deepEqual(scheduled.proposal.history.slice(-2).map((h) => [h.from, h.to]),
      [['gathering_support', 'scheduled'], ['scheduled', 'voting']]);
    const ballotId = scheduled.proposal.ballot_id;
    await vote(members[0].client, ballotId, 'No');
    await vote(members[1].client, ballotId, 'No');
    await vote(members[2].client, ballotId, 'Yes');
    await vote(author.client, ballotId, 'Abstain');
    await stack.advanceClock(601);
    const rejected = await waitForState(proposal.id, 'rejected');
    assert.equal(rejected.proposal.history.at(-1).by, null);
    // A rejected proposal can have its outcome recorded too.
    expectStatus(await officer.client.post(`/api/v1/proposals/${proposal.id}/outcome`, { text: 'Nothing changes.' }), 200);
  });

  test('a ballot that misses its quorum leaves the proposal not decided (no_quorum)', async () => {
    const proposal = await published({ title: 'Buy a banner' });
    const scheduled = await schedule(proposal.id, { closes_at: await clockIn(600), quorum_percent: 60 });
    assert.equal(scheduled.proposal.state, 'voting');
    await vote(members[0].client, scheduled.proposal.ballot_id, 'Yes');
    await stack.advanceClock(601);
    const page = await waitForState(proposal.id, 'no_quorum');
    assert.match(page.proposal.history.at(-1).note, /did not reach its quorum/);
    const result = expectStatus(await author.client.get(`/api/v1/ballots/${scheduled.proposal.ballot_id}/results`), 200).result;
    assert.equal(result.outcome, 'no_quorum');
  });

  test('a proposal can be scheduled for a meeting instead', async () => {
    const proposal = await published({ title: 'Discuss at the AGM' });
    const answer = expectStatus(await officer.client.post(`/api/v1/proposals/${proposal.id}/schedule`,
      { mode: 'meeting', note: 'Annual general meeting, March' }), 200);
    assert.equal(answer.proposal.state, 'scheduled');
    assert.deepEqual(answer.proposal.schedule, { mode: 'meeting', note: 'Annual general meeting, March' });
    assert.equal(answer.proposal.ballot_id, null);
  });
});

describe('amendments', () => {
  test('proposed with a diff, voted before the main question, and an accepted one changes the text decided on', async () => {
    const proposal = await published({
      title: 'Dues',
      body: 'Dues are 5 pounds a month for everyone.',
      decision: 'Set the dues.',
    });
    const made = expectStatus(await members[0].client.post(`/api/v1/proposals/${proposal.id}/amendments`, {
      body: 'Dues are 3 pounds a month for everyone.',
      rationale: 'Cheaper for people on low pay.',
    }), 201).amendment;
    assert.equal(made.state, 'proposed');
    assert.equal(made.number, 1);
    assert.deepEqual(made.diff, [
      { op: 'equal', text: 'Dues are ' },
      { op: 'delete', text: '5' },
      { op: 'insert', text: '3' },
      { op: 'equal', text: ' pounds a month for everyone.' },
    ]);
    const second = expectStatus(await members[1].client.post(`/api/v1/proposals/${proposal.id}/amendments`, {
      body: 'Dues are 5 pounds a month for everyone, 1 pound for students.',
    }), 201).amendment;
    // Its author withdraws the second one before it is voted on; only its author may.
    assertDenied(await members[0].client.post(
      `/api/v1/proposals/${proposal.id}/amendments/${second.id}/withdraw`), 403, 'not_the_author');
    const withdrawn = expectStatus(await members[1].client.post(
      `/api/v1/proposals/${proposal.id}/amendments/${second.id}/withdraw`), 200).amendment;
    assert.equal(withdrawn.state, 'withdrawn');

    // Supporters follow but do not amend; a text that changes nothing is refused.
    assertDenied(await supporter.client.post(`/api/v1/proposals/${proposal.id}/amendments`,
      { body: 'Dues are free.' }), 403, 'not_a_member');
    const same = await members[0].client.post(`/api/v1/proposals/${proposal.id}/amendments`,
      { body: 'Dues are 5 pounds a month for everyone.' });
    assertDenied(same, 422);
    assert.deepEqual(same.json.errors.map((e) => e.field), ['body']);

    // Scheduling with an undecided amendment puts the amendment first.
    const first = await schedule(proposal.id, { closes_at: await clockIn(600) });
    assert.equal(first.stage, 'amendments');
    assert.equal(first.proposal.state, 'gathering_support');
    assert.equal(first.proposal.ballot_id, null);
    const voting = first.proposal.amendments.find((a) => a.id === made.id);
    assert.equal(voting.state, 'voting');
    assert.equal(typeof voting.ballot_id, 'number');
    assert.equal(first.proposal.amendments.find((a) => a.id === second.id).ballot_id, null);
    const { ballot } = expectStatus(await author.client.get(`/api/v1/ballots/${voting.ballot_id}`), 200);
    assert.equal(ballot.title, 'Amendment 1 to: Dues');
    // The main question waits for the amendment.
    assertDenied(await officer.client.post(`/api/v1/proposals/${proposal.id}/schedule`,
      { mode: 'ballot', ballot: { closes_at: await clockIn(900) } }), 409, 'amendments_pending');
    // Once it is being voted on, it can no longer be withdrawn.
    assertDenied(await members[0].client.post(
      `/api/v1/proposals/${proposal.id}/amendments/${made.id}/withdraw`), 409, 'wrong_state');

    await vote(members[0].client, voting.ballot_id, 'Yes');
    await vote(members[1].client, voting.ballot_id, 'Yes');
    await vote(author.client, voting.ballot_id, 'No');
    await stack.advanceClock(601);
    const amended = await eventually(async () => {
      const page = await view(proposal.id);
      return page.proposal.amendments.find((a) => a.id === made.id).state === 'accepted' ? page : null;
    }, { what: 'the amendment to be accepted', timeoutMs: 15_000 });
    assert.equal(amended.proposal.body, 'Dues are 3 pounds a month for everyone.');
    assert.match(amended.proposal.body_html, /3 pounds/);
    assert.match(amended.proposal.history.at(-1).note, /Amendment 1 was accepted; the text now includes it/);
    assert.equal(amended.proposal.history.at(-1).by, null);

    // Now the main question is put, on the amended text.
    const main = await schedule(proposal.id, { closes_at: await clockIn(600) });
    assert.equal(main.stage, 'main');
    assert.equal(main.proposal.state, 'voting');
    const mainBallot = expectStatus(await author.client.get(`/api/v1/ballots/${main.proposal.ballot_id}`), 200).ballot;
    assert.match(mainBallot.description, /Dues are 3 pounds a month for everyone\./);
    assert.doesNotMatch(mainBallot.description, /5 pounds/);
    // No new amendments once the proposal is being voted on.
    assertDenied(await members[0].client.post(`/api/v1/proposals/${proposal.id}/amendments`,
      { body: 'Dues are 1 pound.' }), 409, 'wrong_state');
  });

  test('a rejected amendment leaves the text as it was', async () => {
    const proposal = await published({ title: 'Colours', body: 'Our colour is red.', decision: 'Choose a colour.' });
    const made = expectStatus(await members[2].client.post(`/api/v1/proposals/${proposal.id}/amendments`,
      { body: 'Our colour is green.' }), 201).amendment;
    const first = await schedule(proposal.id, { closes_at: await clockIn(600) });
    const ballotId = first.proposal.amendments.find((a) => a.id === made.id).ballot_id;
    await vote(members[0].client, ballotId, 'No');
    await stack.advanceClock(601);
    const page = await eventually(async () => {
      const p = await view(proposal.id);
      return p.proposal.amendments[0].state === 'rejected' ? p : null;
    }, { what: 'the amendment to be rejected', timeoutMs: 15_000 });
    assert.equal(page.proposal.body, 'Our colour is red.');
    assert.match(page.proposal.history.at(-1).note, /Amendment 1 was rejected/);
  });
});

describe('withdrawing', () => {
  test('the author or an officer withdraws before voting; not other members, not once voting has started', async () => {
    const proposal = await published({ title: 'To withdraw' });
    assertDenied(await members[0].client.post(`/api/v1/proposals/${proposal.id}/withdraw`, {}), 403, 'not_allowed');
    const withdrawn = expectStatus(await author.client.post(`/api/v1/proposals/${proposal.id}/withdraw`,
      { reason: 'Merged into another proposal' }), 200);
    assert.equal(withdrawn.proposal.state, 'withdrawn');
    assert.deepEqual(withdrawn.proposal.history.at(-1),
      { ...withdrawn.proposal.history.at(-1), from: 'gathering_support', to: 'withdrawn',
        note: 'Withdrawn: Merged into another proposal',
        by: { id: author.person.id, display_name: 'Ada Author' } });
    assertDenied(await members[0].client.post(`/api/v1/proposals/${proposal.id}/support`), 409, 'wrong_state');

    // An officer withdraws a scheduled one: its ballot is cancelled with it.
    const scheduledOne = await published({ title: 'Scheduled then withdrawn' });
    const scheduled = await schedule(scheduledOne.id, { opens_at: await clockIn(300), closes_at: await clockIn(900) });
    assert.equal(scheduled.proposal.state, 'scheduled');
    const byOfficer = expectStatus(await officer.client.post(`/api/v1/proposals/${scheduledOne.id}/withdraw`), 200);
    assert.equal(byOfficer.proposal.state, 'withdrawn');
    const ballot = expectStatus(await author.client.get(`/api/v1/ballots/${scheduled.proposal.ballot_id}`), 200).ballot;
    assert.equal(ballot.status, 'cancelled');
    // The cancellation did not move the withdrawn proposal back.
    assert.equal((await view(scheduledOne.id)).proposal.state, 'withdrawn');

    // Voting has started: it stays on the record.
    const votingOne = await published({ title: 'Too late to withdraw' });
    const voting = await schedule(votingOne.id, { closes_at: await clockIn(900) });
    assert.equal(voting.proposal.state, 'voting');
    assertDenied(await author.client.post(`/api/v1/proposals/${votingOne.id}/withdraw`, {}), 409, 'wrong_state');
  });
});

describe('who may do what', () => {
  test('a supporter (not a member) can neither make nor support a proposal, and is told why', async () => {
    assertDenied(await supporter.client.post(proposalsUrl(),
      { title: 'Mine', body: 'Text', decision: 'Decide' }), 403, 'not_a_member');
    const list = expectStatus(await supporter.client.get(proposalsUrl()), 200);
    assert.equal(list.can_create, false);
    const proposal = await published({ title: 'Supported by members only' });
    const response = await supporter.client.post(`/api/v1/proposals/${proposal.id}/support`);
    assertDenied(response, 403, 'not_a_member');
    assert.match(response.json.detail, /you are a supporter of/);
    const page = await view(proposal.id, supporter.client);
    assert.equal(page.can.support, false);
    assert.equal(page.proposal.support.count, 0);
  });

  test('drafts are seen only by their author', async () => {
    const proposal = await draft(author.client, { title: 'Secret draft' });
    assertDenied(await members[0].client.get(`/api/v1/proposals/${proposal.id}`), 404);
    assertDenied(await officer.client.get(`/api/v1/proposals/${proposal.id}`), 404);
    assertDenied(await members[0].client.post(`/api/v1/proposals/${proposal.id}/publish`), 404);
    const theirs = expectStatus(await members[0].client.get(proposalsUrl()), 200).proposals;
    assert.ok(!theirs.some((p) => p.id === proposal.id));
    const mine = expectStatus(await author.client.get(`${proposalsUrl()}?state=draft`), 200).proposals;
    assert.ok(mine.some((p) => p.id === proposal.id));
    assert.ok(mine.every((p) => p.state === 'draft'));
  });

  test('proposals are the group\'s business: supporters read them; signed out or outside, nobody does', async () => {
    const proposal = await published({ title: 'Members reading' });
    const list = expectStatus(await supporter.client.get(proposalsUrl()), 200);
    assert.ok(list.proposals.some((p) => p.id === proposal.id));
    assert.equal(list.can_create, false);
    expectStatus(await supporter.client.get(`/api/v1/proposals/${proposal.id}`), 200);

    const anonymous = new ApiClient(stack.server);
    assertDenied(await anonymous.get(proposalsUrl()), 401);
    assertDenied(await anonymous.get(`/api/v1/proposals/${proposal.id}`), 401);
    assertDenied(await anonymous.post(`/api/v1/proposals/${proposal.id}/support`), 401);

    const outsider = await seasonedAccount(stack, { displayName: 'Olly Outsider' });
    assertDenied(await outsider.client.get(proposalsUrl()), 403, 'not_a_member');
    assertDenied(await outsider.client.get(`/api/v1/proposals/${proposal.id}`), 403, 'not_a_member');
    const live = await LiveSocket.open(outsider.client);
    try {
      const answer = await live.subscribe([`proposals:${tree.branch.id}`]);
      assert.deepEqual(answer.rooms, []);
      assert.equal(answer.denied[0].room, `proposals:${tree.branch.id}`);
    } finally {
      live.close();
    }
  });

  test('officers set the support threshold; the explanation follows it', async () => {
    const other = await groupTree(admin.client, 'Thresh');
    const boss = await personWithRole(stack, admin.client, other.branch.id, 'officer');
    for (let i = 0; i < 3; ++i) await personWithRole(stack, admin.client, other.branch.id, 'member');
    const url = `/api/v1/groups/${other.branch.id}/proposal-settings`;
    const initial = expectStatus(await boss.client.get(url), 200);
    assert.equal(initial.support_count, null);
    assert.equal(initial.support_percent, null);
    // 4 members (the officer and three others): 5% is 0.2, rounded up to 1.
    assert.equal(initial.threshold.needed, 1);
    assert.equal(initial.threshold.explanation,
      'The group has set no threshold, so the default applies: 5% of the 4 members (0.2, rounded up to 1): 1 supporter needed.');
    const set = expectStatus(await boss.client.put(url, { support_count: 3, support_percent: 50 }), 200);
    assert.equal(set.threshold.needed, 2);
    assert.equal(set.threshold.explanation,
      '3 supporters or 50% of the 4 members (2), whichever is fewer: 2 supporters needed.');
    assertDenied(await members[0].client.put(url, { support_count: 1 }), 403, 'not_an_officer');
    const bad = await boss.client.put(url, { support_count: 0, support_percent: 101 });
    assertDenied(bad, 422);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['support_count', 'support_percent']);
    assert.equal(expectStatus(await boss.client.get(url), 200).threshold.needed, 2);
  });
});

describe('live updates', () => {
  test('members following the group hear proposal.updated when support changes; drafts stay quiet', async () => {
    const live = await LiveSocket.open(members[2].client);
    try {
      await live.subscribe([`proposals:${tree.branch.id}`]);
      const quiet = await draft(author.client, { title: 'Quiet draft' });
      const proposal = await published({ title: 'Heard live' });
      const announced = await live.next((m) => m.type === 'event' && m.kind === 'proposal.updated');
      assert.equal(announced.data.proposal.id, proposal.id, 'the first event is the publication, not the draft');
      assert.equal(announced.data.proposal.state, 'gathering_support');
      expectStatus(await members[0].client.post(`/api/v1/proposals/${proposal.id}/support`), 200);
      const supported = await live.next((m) => m.type === 'event' && m.kind === 'proposal.updated' &&
        m.data.proposal.support.count === 1);
      assert.equal(supported.data.proposal.id, proposal.id);
      assert.notEqual(supported.data.proposal.id, quiet.id);
    } finally {
      live.close();
    }
  });
});

describe('validation', () => {
  test('invalid input is refused with 422 and changes nothing', async () => {
    const count = async (table) => (await stack.sql.row(`SELECT count(*)::int AS n FROM ${table}`)).n;
    const proposalsBefore = await count('proposals');
    const invalid = await author.client.post(proposalsUrl(), { title: '', body: '   ', decision: 'x'.repeat(2001) });
    assertDenied(invalid, 422);
    assert.deepEqual(invalid.json.errors.map((e) => e.field).sort(), ['body', 'decision', 'title']);
    assertDenied(await author.client.post(proposalsUrl(), { title: 'T', body: 'B', decision: 'D', extra: 1 }), 422);
    assert.equal(await count('proposals'), proposalsBefore);
    assertDenied(await author.client.get(`${proposalsUrl()}?state=nonsense`), 422);

    const proposal = await published({ title: 'Validated scheduling' });
    const ballotsBefore = await count('ballots');
    const historyBefore = (await view(proposal.id)).proposal.history.length;
    const noClose = await officer.client.post(`/api/v1/proposals/${proposal.id}/schedule`,
      { mode: 'ballot', ballot: { threshold: 'most', quorum_percent: 120 } });
    assertDenied(noClose, 422);
    assert.deepEqual(noClose.json.errors.map((e) => e.field).sort(),
      ['ballot.closes_at', 'ballot.quorum_percent', 'ballot.threshold']);
    // The votes module's own checks (closing before opening) also roll everything back.
    const backwards = await officer.client.post(`/api/v1/proposals/${proposal.id}/schedule`,
      { mode: 'ballot', ballot: { opens_at: await clockIn(900), closes_at: await clockIn(600) } });
    assertDenied(backwards, 422);
    assertDenied(await officer.client.post(`/api/v1/proposals/${proposal.id}/schedule`, { mode: 'vote' }), 422);
    const after = await view(proposal.id);
    assert.equal(after.proposal.state, 'gathering_support');
    assert.equal(after.proposal.ballot_id, null);
    assert.equal(after.proposal.history.length, historyBefore);
    assert.equal(await count('ballots'), ballotsBefore, explain(backwards));
  });
});

describe('a long list', () => {
  test('comes a page at a time, newest first, with no proposal missed or shown twice', async () => {
    const busy = await groupTree(admin.client, 'Busy');
    const writer = await personWithRole(stack, admin.client, busy.branch.id, 'member', { displayName: 'Wren Writer' });
    const url = `/api/v1/groups/${busy.branch.id}/proposals`;
    const made = [];
    for (let n = 0; n < 130; ++n) {
      made.push(expectStatus(await writer.client.post(url,
        { title: `Proposal ${n}`, body: 'A body.', decision: 'A decision.' }), 201).proposal.id);
    }
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = expectStatus(await writer.client.get(cursor ? `${url}?cursor=${cursor}` : url), 200);
      seen.push(...page.proposals.map((p) => p.id));
      cursor = page.next_cursor;
      ++pages;
    } while (cursor && pages < 10);
    assert.equal(pages, 2);
    assert.deepEqual(seen, [...made].reverse());
    assertDenied(await writer.client.get(`${url}?cursor=abc`), 422);
  });
});
