// The database goes away under a running server and comes back: requests that need it are 503
// with Retry-After (never a sign-out, never a hang), /readyz says not ready, /healthz stays up,
// and everything — requests and live events — recovers without restarting the server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, assertProblem, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { LiveSocket, Stack, eventually, explain } from '../lib/harness.mjs';

let stack;
let admin;
let group;
let clusterDown = false;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack);
  group = await createGroup(admin.client);
});

after(async () => {
  if (clusterDown) await stack.cluster.start().catch(() => {});
  await stack?.close();
});

test('database down: 503 with Retry-After, /readyz fails; back up: recovery without a restart', async () => {
  const pid = stack.server.pid;
  await stack.cluster.stop();
  clusterDown = true;

  // The first request may find its connection broken; each one must still be a quick 503.
  for (let i = 0; i < 3; ++i) {
    const started = Date.now();
    const response = await admin.client.get(`/api/v1/groups/${group.id}`, { timeoutMs: 20_000 });
    assertProblem(response, 503);
    const retryAfter = Number(response.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 0, `Retry-After: ${response.headers.get('retry-after')}`);
    assert.ok(Date.now() - started < 15_000, `a 503 took ${Date.now() - started} ms`);
  }
  // Signed-in people are not signed out by an outage.
  assertProblem(await admin.client.get('/api/v1/me'), 503);
  const write = await admin.client.post('/api/v1/groups', { name: 'During the outage', kind: 'national' });
  assertProblem(write, 503);
  assert.ok(Number(write.headers.get('retry-after')) > 0, explain(write));

  const ready = await admin.client.get('/readyz');
  assertProblem(ready, 503);
  expectStatus(await admin.client.get('/healthz'), 200);

  await stack.cluster.start();
  clusterDown = false;

  await eventually(async () => (await admin.client.get('/readyz')).status === 200,
    { timeoutMs: 30_000, what: '/readyz to recover' });
  await eventually(async () => (await admin.client.get(`/api/v1/groups/${group.id}`)).status === 200,
    { timeoutMs: 30_000, what: 'GET /api/v1/groups/{id} to recover' });
  expectStatus(await admin.client.get('/api/v1/me'), 200);
  assert.equal(stack.server.pid, pid);
  assert.equal(stack.server.exited, false, 'the server exited during the outage');
  assert.equal(await stack.sql.count('groups', "name = 'During the outage'"), 0);
});

test('after the database came back, live events flow again', async () => {
  // Runs after the outage above: the server's LISTEN connection must have been re-established.
  const live = await LiveSocket.open(admin.client);
  try {
    await live.subscribe([`group:${group.id}`]);
    // One change, no retries: an event written while the listener reconnects must not be lost.
    await addMember(admin.client, group.id, { role: 'member' });
    await live.next((m) => m.type === 'event' && m.kind === 'member.added', { timeoutMs: 20_000 });
  } finally {
    await live.close();
  }
});
