// The live channel across processes: two `plenary serve` on one database; an event caused
// through one reaches WebSocket clients of the other. Rooms are authorised by the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { ApiClient, LiveSocket, Stack } from '../lib/harness.mjs';

let stack;
let serverA;
let serverB;
let admin;
const sockets = [];

async function open(client, options) {
  const socket = await LiveSocket.open(client, options);
  sockets.push(socket);
  return socket;
}

before(async () => {
  stack = await Stack.start({ servers: 2 });
  [serverA, serverB] = stack.servers;
  admin = await registerAccount(stack, { server: serverA });
});

after(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await stack?.close();
});

describe('live events', () => {
  test('a member added through server A reaches a WebSocket client of server B', async () => {
    const group = await createGroup(admin.client);
    const live = await open(admin.client.on(serverB));
    assert.equal(live.hello.person_id, admin.person.id);
    const subscribed = await live.subscribe([`group:${group.id}`]);
    assert.deepEqual(subscribed.rooms, [`group:${group.id}`]);
    assert.deepEqual(subscribed.denied, []);

    const member = await addMember(admin.client, group.id, { role: 'member', displayName: 'Live Wire' });
    const event = await live.next((m) => m.type === 'event' && m.kind === 'member.added');
    assert.equal(event.room, `group:${group.id}`);
    assert.equal(typeof event.id, 'number');
    assert.equal(typeof event.data, 'object');
    assert.equal(JSON.stringify(event.data).includes(String(member.person_id)), true,
      `the event does not name the member: ${JSON.stringify(event)}`);
    const stored = await stack.sql.row("SELECT room, kind FROM events WHERE id = :'id'", { id: event.id });
    assert.deepEqual(stored, { room: `group:${group.id}`, kind: 'member.added' });
  });

  test('the person added hears membership.changed in their own room, on either server', async () => {
    const group = await createGroup(admin.client);
    const person = await registerAccount(stack, { server: serverB });
    const live = await open(person.client);
    const subscribed = await live.subscribe([`person:${person.person.id}`]);
    assert.deepEqual(subscribed.rooms, [`person:${person.person.id}`]);
    await addMember(admin.client, group.id, { email: person.email, role: 'member' });
    const event = await live.next((m) => m.type === 'event' && m.kind === 'membership.changed');
    assert.equal(event.room, `person:${person.person.id}`);
  });

  test('a client that reconnects with `since` gets the events it missed, in order', async () => {
    const group = await createGroup(admin.client);
    const room = `group:${group.id}`;
    const last = Number(await stack.sql.value('SELECT coalesce(max(id), 0) AS id FROM events'));
    await addMember(admin.client, group.id, { role: 'member' });
    await addMember(admin.client, group.id, { role: 'supporter' });
    const live = await open(admin.client.on(serverB));
    const subscribed = await live.subscribe([room], last);
    assert.deepEqual(subscribed.rooms, [room]);
    const first = await live.next((m) => m.type === 'event' && m.room === room);
    const second = await live.next((m) => m.type === 'event' && m.room === room);
    assert.deepEqual([first.kind, second.kind], ['member.added', 'member.added']);
    assert.ok(first.id > last && second.id > first.id, `${first.id}, ${second.id} after ${last}`);
  });

  test('rooms are authorised: strangers and anonymous viewers are denied a group room and others\' rooms', async () => {
    const group = await createGroup(admin.client);
    const stranger = await registerAccount(stack);
    const live = await open(stranger.client.on(serverB));
    const answer = await live.subscribe([`group:${group.id}`, `person:${admin.person.id}`, `person:${stranger.person.id}`]);
    assert.deepEqual(answer.rooms, [`person:${stranger.person.id}`]);
    assert.deepEqual(answer.denied.map((d) => d.room).sort(),
      [`group:${group.id}`, `person:${admin.person.id}`].sort());
    for (const denial of answer.denied) assert.ok(typeof denial.reason === 'string' && denial.reason.length > 0);

    const anonymous = await open(new ApiClient(serverB));
    assert.equal(anonymous.hello.person_id, null);
    const anonymousAnswer = await anonymous.subscribe([`group:${group.id}`]);
    assert.deepEqual(anonymousAnswer.rooms, []);

    // The stranger hears nothing of the group.
    await addMember(admin.client, group.id, { role: 'member' });
    const ping = live.next((m) => m.type === 'pong');
    live.send({ type: 'ping' });
    await ping;
    assert.ok(!live.messages.some((m) => m.type === 'event' && m.room === `group:${group.id}`),
      JSON.stringify(live.messages));
  });

  test('ping is answered with pong; unsubscribing stops events', async () => {
    const group = await createGroup(admin.client);
    const live = await open(admin.client);
    await live.subscribe([`group:${group.id}`]);
    live.send({ type: 'unsubscribe', rooms: [`group:${group.id}`] });
    live.send({ type: 'ping' });
    await live.next((m) => m.type === 'pong');
    await addMember(admin.client, group.id, { role: 'member' });
    // A second client that stayed subscribed proves the event was sent.
    const witness = await open(admin.client);
    await witness.subscribe([`group:${group.id}`], 0);
    await witness.next((m) => m.type === 'event' && m.kind === 'member.added');
    live.send({ type: 'ping' });
    await live.next((m) => m.type === 'pong');
    assert.ok(!live.messages.some((m) => m.type === 'event'), JSON.stringify(live.messages));
  });

  test('a WebSocket from another site is refused', async () => {
    await assert.rejects(open(admin.client, { origin: 'https://evil.example' }),
      (error) => error.statusCode === 403);
  });

  test('a WebSocket elsewhere than /api/v1/live is refused', async () => {
    await assert.rejects(open(admin.client, { path: '/api/v1/groups' }),
      (error) => error.statusCode >= 400 && error.statusCode < 500);
  });

  test('both servers answer for the same session', async () => {
    const onB = admin.client.on(serverB);
    expectStatus(await onB.get('/api/v1/me'), 200);
    const group = await createGroup(onB);
    const seenOnA = expectStatus(await admin.client.get(`/api/v1/groups/${group.id}`), 200);
    assert.equal(seenOnA.group.id, group.id);
  });
});
