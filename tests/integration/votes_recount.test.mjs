// Ranked ballots can be recounted by anyone: the BLT file a closed ballot exports, counted by
// `plenary count`, gives the published result — the same elected, in the same order, round by
// round.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { expectStatus } from '../lib/builders.mjs';
import { Stack, plenaryBinary, scratchDir } from '../lib/harness.mjs';
import { bulkVoters, castOk, closeBallot, createBallot, inHours, votesServerOptions, votingBranch } from './votes_lib.mjs';

let stack;
let officer;
let branchId;
let voters;

before(async () => {
  stack = await Stack.start({ serverOptions: votesServerOptions });
  const made = await votingBranch(stack, { voters: 0, label: 'Recount' });
  officer = made.officer;
  branchId = made.tree.branch.id;
  voters = await bulkVoters(stack, branchId, 24);
});

after(async () => {
  await stack?.close();
});

// A fixed mixture of rankings with a clear favourite, a close race for the last seats, and some
// short ballots, so that surpluses, exclusions and exhausted ballots all happen.
function rankingOf(index) {
  const patterns = [[1, 2, 3], [1, 3, 2, 4], [2, 4], [3, 2, 1], [4, 5, 3], [5, 4], [1, 5], [2, 1, 4, 3, 5], [3], [4, 1]];
  return patterns[index % patterns.length];
}

for (const [method, cliMethod, seats] of [['scottish_stv', 'scottish-stv', 2], ['meek_stv', 'meek-stv', 3], ['irv', 'irv', 1]]) {
  test(`${method}: the exported BLT recounted by plenary count gives the published result`, async () => {
    const now = Date.parse(await stack.advanceClock(0));
    const ballot = await createBallot(officer.client, branchId, {
      title: `Committee "${method}" election`, method, seats, closes_at: inHours(1, now),
      options: ['Ann Able', 'Bob Baker', 'Cat Cole', 'Dev Dhar', 'Eve Ekwe'].map((label) => ({ label })) });
    for (const [index, voter] of voters.entries()) await castOk(voter, ballot.id, rankingOf(index));
    await closeBallot(officer.client, ballot.id);
    const result = expectStatus(await officer.client.get(`/api/v1/ballots/${ballot.id}/results`), 200).result;
    assert.equal(result.cast, voters.length);
    assert.equal(result.elected.length, seats);

    const download = await officer.client.get(`/api/v1/ballots/${ballot.id}/ballots.blt`);
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-type'), /^text\/plain; charset=utf-8/);
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="ballot-${ballot.id}.blt"`);
    assert.match(download.text, /\[tie( \d+){5}\]/);
    const file = path.join(scratchDir(), `ballot-${ballot.id}.blt`);
    fs.writeFileSync(file, download.text);
    const { stdout } = await promisify(execFile)(plenaryBinary(), ['count', '--method', cliMethod, file]);
    const recount = JSON.parse(stdout);

    assert.deepEqual(recount.elected, result.count.elected);
    assert.deepEqual(recount.rounds, result.count.rounds);
    assert.deepEqual(recount.elected.map((e) => e.number), result.elected);
    assert.equal(recount.ballots.valid, voters.length);
  });
}
