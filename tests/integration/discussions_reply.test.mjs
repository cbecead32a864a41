// A reply is written without reading anything back (the post, the thread, the notification are
// known when they are written): what it answers and announces must still be exactly what reading
// them back gives. And the thread's lock keeps slow mode whole when replies arrive together.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { LiveSocket, Stack } from '../lib/harness.mjs';
import {
  assertDenied, createCategory, createThread, groupTree, personWithRole, seasonedAccount, threadPage,
} from './discussions_lib.mjs';

let stack;
let admin;
let tree;
let moderator;
let author;
let replier;
let watcher;
let category;
const sockets = [];

async function open(client) {
  const socket = await LiveSocket.open(client);
  sockets.push(socket);
  return socket;
}

before(async () => {
  stack = await Stack.start();
  admin = await seasonedAccount(stack);
  tree = await groupTree(admin.client, 'Replies');
  moderator = await personWithRole(stack, admin.client, tree.branch.id, 'moderator', { displayName: 'Mona Mod' });
  author = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Otto Opener' });
  replier = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Rita Replier' });
  watcher = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Walt Watcher' });
  category = await createCategory(admin.client, tree.branch.id, { name: 'Replies', visibility: 'members' });
});

after(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await stack?.close();
});

describe('a reply', () => {
  test('answers, announces and notifies with what reading it back gives', async () => {
    const { thread, post: opening } = await createThread(author.client, category.id, { title: 'Read back' });
    const nested = expectStatus(await author.client.post(`/api/v1/threads/${thread.id}/posts`,
      { body: 'A first answer', parent_id: opening.id }), 201).post;
    expectStatus(await watcher.client.post(`/api/v1/threads/${thread.id}/watch`), 204);

    const live = await open(watcher.client);
    await live.subscribe([`thread:${thread.id}`, `category:${category.id}`]);
    const authorLive = await open(author.client);
    await authorLive.subscribe([`person:${author.person.id}`]);
    const watcherLive = await open(watcher.client);
    await watcherLive.subscribe([`person:${watcher.person.id}`]);

    const answer = await replier.client.post(`/api/v1/threads/${thread.id}/posts`,
      { body: 'Replying to **you**, @OttoOpener', parent_id: nested.id });
    const written = expectStatus(answer, 201).post;

    // The answer is the post as its author reads it back.
    const readBack = expectStatus(await replier.client.get(`/api/v1/posts/${written.id}`), 200).post;
    assert.deepEqual(written, readBack);
    assert.deepEqual(written.in_reply_to, { post_id: nested.id, author: { id: author.person.id, display_name: 'Otto Opener' } });
    assert.equal(written.depth, 2);

    // post.created carries the post as a plain member who did not write it reads it.
    const created = await live.next((m) => m.type === 'event' && m.kind === 'post.created' && m.data.post.id === written.id);
    assert.equal(created.room, `thread:${thread.id}`);
    const asMember = expectStatus(await watcher.client.get(`/api/v1/posts/${written.id}`), 200).post;
    assert.deepEqual(created.data.post, asMember);

    // thread.updated carries the thread as read afterwards: the new count and time.
    const updated = await live.next((m) => m.type === 'event' && m.kind === 'thread.updated' && m.data.thread.id === thread.id);
    assert.equal(updated.room, `category:${category.id}`);
    assert.ok(updated.id > created.id, 'post.created is announced before thread.updated');
    const page = await threadPage(watcher.client, thread.id);
    for (const [key, value] of Object.entries(updated.data.thread)) {
      assert.deepEqual(value, page.thread[key], `thread.${key}`);
    }
    assert.equal(updated.data.thread.post_count, 3);
    assert.equal(updated.data.thread.last_post_at, written.created_at);

    // The parent's author (mentioned too: one notification, as a reply) and the watcher are told,
    // each event as their notification list shows it, with their unread count.
    for (const [person, socket, kind] of [[author, authorLive, 'reply'], [watcher, watcherLive, 'watched_thread']]) {
      const event = await socket.next((m) => m.type === 'event' && m.kind === 'notification.created' &&
        m.data.notification.post_id === written.id);
      assert.equal(event.room, `person:${person.person.id}`);
      const listed = expectStatus(await person.client.get('/api/v1/notifications'), 200);
      const shown = listed.notifications.find((n) => n.id === event.data.notification.id);
      assert.deepEqual(event.data.notification, shown);
      assert.equal(shown.kind, kind);
      assert.equal(event.data.unread_count, listed.unread_count);
    }
    const replierNotes = expectStatus(await replier.client.get('/api/v1/notifications'), 200).notifications;
    assert.equal(replierNotes.filter((n) => n.post_id === written.id).length, 0, 'nobody is told of their own post');
  });

  test('replies sent at the same moment into a slow thread: exactly one is taken', async () => {
    const { thread } = await createThread(author.client, category.id, { title: 'Slow and busy' });
    expectStatus(await moderator.client.patch(`/api/v1/threads/${thread.id}`,
      { slow_mode_seconds: 600, reason: 'One at a time' }), 200);
    for (let round = 0; round < 3; round += 1) {
      const person = await personWithRole(stack, admin.client, tree.branch.id, 'member');
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) =>
        person.client.post(`/api/v1/threads/${thread.id}/posts`, { body: `Round ${round}, reply ${i}` })));
      const taken = answers.filter((a) => a.status === 201);
      assert.equal(taken.length, 1, `statuses ${answers.map((a) => a.status)}`);
      for (const refused of answers.filter((a) => a.status !== 201)) assertDenied(refused, 429, 'slow_mode');
    }
    const page = await threadPage(author.client, thread.id);
    assert.equal(page.thread.post_count, 4);
  });
});
