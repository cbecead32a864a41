// Live events across processes and through faults. Events are announced once their transaction
// has committed (not by pg_notify inside it, which serialises every commit): the announcement
// must still reach another process at once; one that was lost (a process killed between its
// commit and its NOTIFY) is made good by the listener's poll; a listener whose PostgreSQL
// restarted reconnects and catches up what was written meanwhile, each event once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, registerAccount } from '../lib/builders.mjs';
import { LiveSocket, Stack, eventually } from '../lib/harness.mjs';

let stack;
let serverA;
let serverB;
let admin;
let group;
const sockets = [];
let clusterDown = false;

before(async () => {
  stack = await Stack.start({ servers: 2 });
  [serverA, serverB] = stack.servers;
  admin = await registerAccount(stack, { server: serverA });
  group = await createGroup(admin.client);
});

after(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  if (clusterDown) await stack.cluster.start().catch(() => {});
  await stack?.close();
});

async function watcherOnB() {
  const socket = await LiveSocket.open(admin.client.on(serverB));
  sockets.push(socket);
  const subscribed = await socket.subscribe([`group:${group.id}`]);
  assert.deepEqual(subscribed.rooms, [`group:${group.id}`]);
  return socket;
}

const eventsOf = (socket, kind) => socket.messages.filter((m) => m.type === 'event' && m.kind === kind);

test('a change through server A reaches a client of server B at once, change after change', async () => {
  const live = await watcherOnB();
  // The listener also polls every few seconds; each of these must come well before a poll would.
  for (let i = 0; i < 5; ++i) {
    await addMember(admin.client, group.id, { role: 'member', displayName: `Prompt ${i}` });
    const answeredAt = Date.now();
    const event = await live.next((m) => m.type === 'event' && m.kind === 'member.added', { timeoutMs: 10_000 });
    const waited = Date.now() - answeredAt;
    assert.ok(waited < 1500, `change ${i + 1}: its event came ${waited} ms after the answer`);
    assert.equal(event.room, `group:${group.id}`);
    assert.match(JSON.stringify(event.data), new RegExp(`Prompt ${i}`));
  }
  assert.equal(eventsOf(live, 'member.added').length, 5, 'each event once');
});

test('an event whose announcement was lost is still delivered, once', async () => {
  const live = await watcherOnB();
  // Written as a service writes it, but never announced: as if its process died after the commit.
  await stack.sql.exec(`INSERT INTO events (room, kind, payload) VALUES (:'room', 'test.unannounced', '{"n": 1}')`,
    { room: `group:${group.id}` });
  const event = await live.next((m) => m.type === 'event' && m.kind === 'test.unannounced', { timeoutMs: 12_000 });
  assert.deepEqual(event.data, { n: 1 });
  await new Promise((resolve) => setTimeout(resolve, 6000));  // another poll: nothing twice
  assert.equal(eventsOf(live, 'test.unannounced').length, 1);
});

test('PostgreSQL restarted: both listeners reconnect, catch up what was written meanwhile, and go on', async () => {
  const live = await watcherOnB();
  const pids = [serverA.pid, serverB.pid];
  await stack.cluster.stop();
  clusterDown = true;
  await stack.cluster.start();
  clusterDown = false;
  // Written the moment the database is back, before the listeners have noticed and reconnected:
  // nobody may be listening when it commits.
  await stack.sql.exec(`INSERT INTO events (room, kind, payload) VALUES (:'room', 'test.while_reconnecting', '{}')`,
    { room: `group:${group.id}` });
  await live.next((m) => m.type === 'event' && m.kind === 'test.while_reconnecting', { timeoutMs: 15_000 });

  // And through the servers again: A's pool reconnects, its announcement reaches B.
  await eventually(async () => {
    const response = await admin.client.post(`/api/v1/groups/${group.id}/members`,
      { email: `after-restart-${Date.now()}@example.org`, role: 'member', display_name: 'After Restart' });
    return response.status === 201;
  }, { timeoutMs: 30_000, what: 'a write through server A after the restart' });
  const answeredAt = Date.now();
  await live.next((m) => m.type === 'event' && m.kind === 'member.added' &&
    JSON.stringify(m.data).includes('After Restart'), { timeoutMs: 10_000 });
  assert.ok(Date.now() - answeredAt < 3000, `after the restart an event took ${Date.now() - answeredAt} ms`);
  assert.equal(eventsOf(live, 'test.while_reconnecting').length, 1);
  assert.deepEqual([serverA.pid, serverB.pid], pids);
  assert.equal(serverA.exited || serverB.exited, false);
});
