// Turnout on the live page: announced by the ticker (at most once a tick per ballot, by one
// process) rather than by each cast, so a storm of casts neither counts the participation once
// per cast nor floods the ballot's watchers. The announced figure must still catch up with the
// casts, rise only, and not be repeated while nothing changes; a second process does not
// announce it again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { LiveSocket, Stack, sleep } from '../lib/harness.mjs';
import { castOk, createBallot, votesServerOptions, votingBranch } from './votes_lib.mjs';

let stack;

before(async () => {
  stack = await Stack.start({ servers: 2, serverOptions: votesServerOptions });
});

after(async () => {
  await stack?.close();
});

test('turnout events catch up with the casts, rise only, and stop when the casting does', async () => {
  const { officer, members, tree } = await votingBranch(stack, { voters: 5, label: 'Turnout' });
  const ballot = await createBallot(officer.client, tree.branch.id, {
    title: 'Turnout motion', method: 'yes_no', manual: true, secret: true });
  expectStatus(await officer.client.post(`/api/v1/ballots/${ballot.id}/open`), 200);
  const watcher = await LiveSocket.open(members[0].client);
  await watcher.subscribe([`ballot:${ballot.id}`]);

  for (const member of members) await castOk(member.client, ballot.id, [1]);
  await watcher.next((m) => m.type === 'event' && m.kind === 'ballot.turnout' && m.data.ballots_cast === members.length,
    { timeoutMs: 10_000 });
  // Two more ticks of both servers' tickers: the unchanged turnout is not announced again.
  await sleep(2500);
  const turnouts = watcher.messages.filter((m) => m.type === 'event' && m.kind === 'ballot.turnout');
  const figures = turnouts.map((m) => m.data.ballots_cast);
  assert.deepEqual(figures, [...figures].sort((a, b) => a - b), `rising only: ${figures}`);
  assert.equal(new Set(figures).size, figures.length, `each figure once: ${figures}`);
  assert.equal(figures.at(-1), members.length);
  assert.ok(turnouts.every((m) => m.data.ballot_id === ballot.id));
  await watcher.close();
});
