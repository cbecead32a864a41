// 200 voters cast at once, some of them twice at the same moment with the same tracker (a retried
// request): every 2xx is counted exactly once, and the count equals the number of voters whose
// cast succeeded.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { Stack } from '../lib/harness.mjs';
import { bulkVoters, cast, closeBallot, createBallot, inHours, trackerHash, votesServerOptions, votingBranch } from './votes_lib.mjs';

let stack;

before(async () => {
  stack = await Stack.start({ serverOptions: votesServerOptions });
});

after(async () => {
  await stack?.close();
});

// A tracker the client chooses, so a retried request can carry the same one.
function clientTracker() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return [...randomBytes(20)].map((byte) => alphabet[byte % 32]).join('');
}

test('200 concurrent voters: every 2xx is counted exactly once', { timeout: 240_000 }, async () => {
  const { officer, tree } = await votingBranch(stack, { voters: 0, label: 'Load' });
  const voters = await bulkVoters(stack, tree.branch.id, 200);
  const now = Date.parse(await stack.advanceClock(0));
  const ballot = await createBallot(officer.client, tree.branch.id, {
    title: 'Strike ballot', method: 'yes_no', closes_at: inHours(1, now) });
  assert.equal(ballot.eligible_count, 201);  // the officer too

  const attempts = voters.map((client, index) => {
    const marks = [1 + (index % 3)];
    const tracker = clientTracker();
    // Every tenth voter's request is sent twice at once, as a client retrying would.
    const requests = index % 10 === 0
      ? [cast(client, ballot.id, marks, tracker), cast(client, ballot.id, marks, tracker)]
      : [cast(client, ballot.id, marks, tracker)];
    return Promise.all(requests).then((responses) => ({ index, marks, tracker, responses }));
  });
  const outcomes = await Promise.all(attempts);

  const succeeded = [];
  for (const outcome of outcomes) {
    const statuses = outcome.responses.map((r) => r.status);
    for (const response of outcome.responses) {
      assert.ok([200, 201, 503].includes(response.status), `unexpected ${response.status} ${response.text}`);
    }
    const created = statuses.filter((s) => s === 201).length;
    assert.ok(created <= 1, `voter ${outcome.index} got ${created} new ballots`);
    if (statuses.some((s) => s === 200 || s === 201)) {
      // A 200 alone would mean a retry found a ballot nobody created: impossible.
      assert.equal(created, 1, `voter ${outcome.index}: ${statuses}`);
      for (const response of outcome.responses.filter((r) => r.status < 300)) {
        assert.equal(response.json.tracker.replace(/-/g, ''), outcome.tracker);
      }
      succeeded.push(outcome);
    }
  }
  assert.ok(succeeded.length >= 190, `only ${succeeded.length} of 200 casts succeeded`);

  const view = expectStatus(await officer.client.get(`/api/v1/ballots/${ballot.id}`), 200).ballot;
  assert.equal(view.ballots_cast, succeeded.length);
  await closeBallot(officer.client, ballot.id);
  const result = expectStatus(await officer.client.get(`/api/v1/ballots/${ballot.id}/results`), 200).result;
  const expected = { yes: 0, no: 0, abstain: 0 };
  for (const outcome of succeeded) expected[['yes', 'no', 'abstain'][outcome.marks[0] - 1]] += 1;
  assert.equal(result.cast, succeeded.length);
  assert.deepEqual({ yes: result.yes, no: result.no, abstain: result.abstain }, expected);
  const trackers = expectStatus(await officer.client.get(`/api/v1/ballots/${ballot.id}/trackers`), 200).trackers;
  const hashes = await Promise.all(succeeded.map((o) => trackerHash(o.tracker)));
  assert.deepEqual(trackers, hashes.sort());
  assert.equal(await stack.sql.count('ballot_participation', "ballot_id = :'b'", { b: ballot.id }), succeeded.length);
});
