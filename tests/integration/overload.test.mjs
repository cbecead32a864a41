// Overload: a server with one database connection and a queue of four jobs, hit by far more
// requests at once than that. The excess is refused at once with 503, Retry-After and
// problem+json (never queued without bound, never a 500 or a hang), every write that was
// acknowledged is stored, and the server answers normally once the burst has passed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack } from '../lib/harness.mjs';

let stack;
let admin;
let group;

before(async () => {
  stack = await Stack.start({ serverOptions: { args: ['--db-connections', '1', '--db-queue', '4'] } });
  admin = await registerAccount(stack);
  group = await createGroup(admin.client);
});

after(async () => {
  await stack?.close();
});

test('a burst beyond the queue: 503 with Retry-After for the excess, every acknowledged write stored', async () => {
  const reads = Array.from({ length: 60 }, () => admin.client.get(`/api/v1/groups/${group.id}`, { timeoutMs: 20_000 }));
  const names = Array.from({ length: 30 }, (_, i) => `Burst group ${i}`);
  const writes = names.map((name) => admin.client.post('/api/v1/groups', { name, kind: 'national' }, { timeoutMs: 20_000 }));
  const answers = await Promise.all([...reads, ...writes]);

  const statuses = answers.map((a) => a.status);
  const refused = answers.filter((a) => a.status === 503);
  assert.ok(refused.length > 0, `some requests must be refused when the queue is full: ${statuses.join(' ')}`);
  assert.ok(answers.some((a) => a.status === 200), 'and some served');
  for (const answer of refused) {
    assertProblem(answer, 503, 'overloaded');
    assert.ok(Number(answer.headers.get('retry-after')) > 0, `Retry-After: ${answer.headers.get('retry-after')}`);
  }
  assert.deepEqual(answers.filter((a) => a.status !== 503 && (a.status < 200 || a.status >= 300)).map((a) => a.status), [],
    'nothing but 2xx and 503');

  const acknowledged = names.filter((_, i) => writes.length && answers[reads.length + i].status === 201);
  const stored = await stack.sql.rows("SELECT name FROM groups WHERE name LIKE 'Burst group %'");
  assert.deepEqual(stored.map((r) => r.name).sort(), [...acknowledged].sort(), 'exactly the acknowledged writes are stored');

  // The burst over, the same server answers as before.
  assert.equal(stack.server.exited, false);
  expectStatus(await admin.client.get(`/api/v1/groups/${group.id}`), 200);
});
