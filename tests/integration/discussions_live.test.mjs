// Discussions live: two `plenary serve` processes on one database. A reply written through one
// reaches WebSocket clients of the other in the thread's room; a new thread reaches the
// category's room; hidden bodies never travel in events.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { LiveSocket, Stack } from '../lib/harness.mjs';
import {
  createCategory, createThread, groupTree, personWithRole, reply, seasonedAccount,
} from './discussions_lib.mjs';

let stack;
let serverA;
let serverB;
let officer;
let member;
let moderator;
let category;
let branch;
const sockets = [];

async function open(client) {
  const socket = await LiveSocket.open(client);
  sockets.push(socket);
  return socket;
}

before(async () => {
  stack = await Stack.start({ servers: 2 });
  [serverA, serverB] = stack.servers;
  const admin = await seasonedAccount(stack, { server: serverA });
  ({ branch } = await groupTree(admin.client, 'Live'));
  officer = await personWithRole(stack, admin.client, branch.id, 'officer', { server: serverA, displayName: 'Ola Officer' });
  member = await personWithRole(stack, admin.client, branch.id, 'member', { server: serverB, displayName: 'Meg Member' });
  moderator = await personWithRole(stack, admin.client, branch.id, 'moderator', { server: serverA });
  category = await createCategory(officer.client, branch.id, { name: 'Live talk', visibility: 'members' });
});

after(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await stack?.close();
});

describe('live discussions across processes', () => {
  test('post.created written through server A reaches a client of server B', async () => {
    const { thread, post: opening } = await createThread(officer.client, category.id, { title: 'Live thread' });
    const live = await open(member.client);  // member's session lives on server B
    assert.equal(live.hello.person_id, member.person.id);
    const subscribed = await live.subscribe([`thread:${thread.id}`]);
    assert.deepEqual(subscribed.rooms, [`thread:${thread.id}`]);

    const written = await reply(officer.client, thread.id, { body: 'Hello **live** world', parentId: opening.id });
    const event = await live.next((m) => m.type === 'event' && m.kind === 'post.created');
    assert.equal(event.room, `thread:${thread.id}`);
    assert.equal(event.data.post.id, written.id);
    assert.equal(event.data.post.thread_id, thread.id);
    assert.match(event.data.post.body_html, /<strong>live<\/strong>/);
    assert.deepEqual(event.data.post.author, { id: officer.person.id, display_name: 'Ola Officer' });
    assert.equal(event.data.post.thanked_by_me, false);
    // Shaped for a plain member: nothing a moderator alone may do.
    assert.equal(event.data.post.can.hide, false);
    const stored = await stack.sql.row("SELECT room, kind FROM events WHERE id = :'id'", { id: event.id });
    assert.deepEqual(stored, { room: `thread:${thread.id}`, kind: 'post.created' });
  });

  test('thread.created reaches the category room; thanks and deletions reach the thread room', async () => {
    const live = await open(member.client);
    await live.subscribe([`category:${category.id}`]);
    const { thread, post } = await createThread(officer.client, category.id, { title: 'Announced' });
    const created = await live.next((m) => m.type === 'event' && m.kind === 'thread.created');
    assert.equal(created.room, `category:${category.id}`);
    assert.equal(created.data.thread.id, thread.id);
    assert.equal(created.data.thread.title, 'Announced');

    await live.subscribe([`thread:${thread.id}`]);
    expectStatus(await member.client.post(`/api/v1/posts/${post.id}/thanks`), 201);
    const thanked = await live.next((m) => m.type === 'event' && m.kind === 'post.thanked');
    assert.deepEqual(thanked.data, { post_id: post.id, thanks_count: 1 });

    const mine = await reply(member.client, thread.id, { body: 'Soon gone' });
    assert.equal((await member.client.delete(`/api/v1/posts/${mine.id}`)).status, 204);
    const deleted = await live.next((m) => m.type === 'event' && m.kind === 'post.deleted');
    assert.deepEqual(deleted.data, { post_id: mine.id });
    const updated = await live.next((m) => m.type === 'event' && m.kind === 'thread.updated');
    assert.equal(updated.data.thread.id, thread.id);
  });

  test('a hidden post\'s body never travels in an event, even when a moderator edits it', async () => {
    const { thread } = await createThread(officer.client, category.id, { title: 'Hiding live' });
    const live = await open(member.client);
    await live.subscribe([`thread:${thread.id}`]);
    const secret = 'my phone number is 0700 900 123';
    const post = await reply(member.client, thread.id, { body: secret });
    await live.next((m) => m.type === 'event' && m.kind === 'post.created');

    expectStatus(await moderator.client.post(`/api/v1/posts/${post.id}/hide`, { reason: 'Personal details' }), 200);
    const hidden = await live.next((m) => m.type === 'event' && m.kind === 'post.hidden');
    assert.deepEqual(hidden.data, { post_id: post.id, reason: 'Personal details' });

    expectStatus(await moderator.client.patch(`/api/v1/posts/${post.id}`,
      { body: 'my phone number is [removed]', note: 'Removed the number' }), 200);
    const edited = await live.next((m) => m.type === 'event' && m.kind === 'post.updated');
    assert.equal(edited.data.post.body_html, '');
    assert.equal(edited.data.post.hidden.reason, 'Personal details');
    assert.equal('original_html' in edited.data.post.hidden, false);
    const all = JSON.stringify(live.messages);
    assert.ok(!all.includes('[removed]'), all);
    assert.equal((all.match(/0700 900 123/g) ?? []).length, 1, 'only the original post.created carried it');

    expectStatus(await moderator.client.post(`/api/v1/posts/${post.id}/restore`, { reason: 'Number removed' }), 200);
    const restored = await live.next((m) => m.type === 'event' && m.kind === 'post.restored');
    assert.match(restored.data.post.body_html, /\[removed\]/);
    assert.equal(restored.data.post.hidden, null);
  });

  test('a thread moved where a follower may not read: they are told, and hear nothing more', async () => {
    const officersOnly = await createCategory(officer.client, branch.id, { name: 'Officers only', visibility: 'officers' });
    const { thread } = await createThread(officer.client, category.id, { title: 'About to move' });
    const live = await open(member.client);  // on server B
    await live.subscribe([`thread:${thread.id}`]);
    expectStatus(await officer.client.patch(`/api/v1/threads/${thread.id}`,
      { category_id: officersOnly.id, reason: 'For officers' }), 200);
    const revoked = await live.next((m) => m.type === 'revoked');
    assert.equal(revoked.room, `thread:${thread.id}`);
    assert.match(revoked.reason, /\S/);

    await reply(officer.client, thread.id, { body: 'Officers only from here on' });
    // A later event in a room the member still follows arrives; nothing from the moved thread did.
    const openRoom = await createThread(officer.client, category.id, { title: 'Still open' });
    await live.subscribe([`thread:${openRoom.thread.id}`]);
    await reply(officer.client, openRoom.thread.id, { body: 'Visible' });
    await live.next((m) => m.type === 'event' && m.kind === 'post.created' && m.room === `thread:${openRoom.thread.id}`);
    assert.ok(!live.messages.some((m) => m.type === 'event' && m.kind === 'post.created' && m.room === `thread:${thread.id}`),
      JSON.stringify(live.messages));
  });
});
