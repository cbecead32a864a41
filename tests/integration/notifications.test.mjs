// Notifications: replies, mentions and watched threads and categories, each once, never to the
// author and never about what the recipient cannot read; unread counts, marking read, and the
// live `notification.created` event in the person's room.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectStatus, registerAccount } from '../lib/builders.mjs';
import { LiveSocket, Stack, explain } from '../lib/harness.mjs';
import {
  agePosts, assertRefused, createCategory, createThread, notificationsAbout, notificationsOf,
  organisation, reply, unique,
} from './moderation_lib.mjs';

let stack;
let admin;
let org;
let category;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack, { displayName: 'Site Admin' });
  org = await organisation(stack, admin, 'Notify');
  category = await createCategory(admin.client, org.branch.id, { visibility: 'members' });
});

after(async () => {
  await stack?.close();
});

const handleOf = (account) => account.person.display_name.replace(/\s+/g, '');
const kinds = (list) => list.map((n) => n.kind).sort();

describe('who is told about a new post', () => {
  test('a reply notifies the parent post\'s author, once, with the unread count', async () => {
    const { thread, post } = await createThread(org.member.client, category.id, { title: unique('Reply') });
    const before = (await notificationsOf(org.member.client)).unread_count;
    const answer = await reply(org.member2.client, thread.id, { body: 'I agree.', parentId: post.id });
    const list = await notificationsOf(org.member.client);
    const about = list.notifications.filter((n) => n.thread?.id === thread.id);
    assert.equal(about.length, 1, JSON.stringify(about));
    assert.deepEqual(about[0].kind, 'reply');
    assert.deepEqual(about[0].actor, { id: org.member2.person.id, display_name: org.member2.person.display_name });
    assert.deepEqual(about[0].thread, { id: thread.id, title: thread.title });
    assert.equal(about[0].post_id, answer.id);
    assert.equal(about[0].read, false);
    assert.ok(!Number.isNaN(Date.parse(about[0].created_at)));
    assert.equal(list.unread_count, before + 1);
    // The author of the reply hears nothing of their own post.
    assert.deepEqual(await notificationsAbout(org.member2.client, thread.id), []);
  });

  test('mentions by display name without spaces (any case) or person-<id>; the strongest reason wins', async () => {
    const { thread, post } = await createThread(org.member.client, category.id, { title: unique('Mention') });
    await reply(org.moderator.client, thread.id, {
      parentId: post.id,
      body: `Thoughts, @${handleOf(org.member2).toLowerCase()} and @person-${org.nationalOfficer.person.id}? ` +
        `Also @${handleOf(org.member)}.`,
    });
    const mentioned = await notificationsAbout(org.member2.client, thread.id);
    assert.deepEqual(kinds(mentioned), ['mention'], JSON.stringify(mentioned));
    assert.equal(mentioned[0].actor.id, org.moderator.person.id);
    assert.deepEqual(kinds(await notificationsAbout(org.nationalOfficer.client, thread.id)), ['mention']);
    // Replied to and mentioned: one notification, as a reply.
    assert.deepEqual(kinds(await notificationsAbout(org.member.client, thread.id)), ['reply']);
  });

  test('a mention that names one person links to their page; an unknown handle stays text', async () => {
    const { thread } = await createThread(org.member.client, category.id, { title: unique('Linked') });
    const written = await reply(org.member.client, thread.id, {
      body: `Ask @${handleOf(org.member2)} or @person-${org.moderator.person.id}, not @NobodyByThisName.`,
    });
    const html = written.body_html;
    assert.ok(html.includes(`<a class="mention" href="/people/${org.member2.person.id}">@${handleOf(org.member2)}</a>`), html);
    assert.ok(html.includes(`href="/people/${org.moderator.person.id}"`), html);
    assert.ok(html.includes('@NobodyByThisName') && !html.includes('@NobodyByThisName</a>'), html);

    // The person's page shows the groups the viewer shares with them, and nothing to a stranger.
    const page = expectStatus(await org.member.client.get(`/api/v1/people/${org.member2.person.id}`), 200);
    assert.equal(page.person.display_name, org.member2.person.display_name);
    assert.deepEqual(page.groups.map((g) => g.group_id), [org.branch.id]);
    const stranger = await org.outsider.client.get(`/api/v1/people/${org.member2.person.id}`);
    assert.equal(stranger.status, 404, explain(stranger));
    const own = expectStatus(await org.outsider.client.get(`/api/v1/people/${org.outsider.person.id}`), 200);
    assert.equal(own.is_me, true);
  });

  test('nobody is told about a post they cannot read', async () => {
    const { thread } = await createThread(org.member.client, category.id, { title: unique('Private') });
    // A watch left from a time the outsider could read the category, and a mention.
    await stack.sql.exec("INSERT INTO watches (person_id, thread_id) VALUES (:'p', :'t')",
      { p: org.outsider.person.id, t: thread.id });
    await reply(org.member2.client, thread.id, { body: `Hello @person-${org.outsider.person.id} and @${handleOf(org.outsider)}` });
    assert.deepEqual(await notificationsAbout(org.outsider.client, thread.id), []);
    assert.equal(await stack.sql.count('notifications', "person_id = :'p' AND thread_id = :'t'",
      { p: org.outsider.person.id, t: thread.id }), 0);
  });

  test('watchers of the thread and of the category, while they may read it', async () => {
    const watched = await createCategory(admin.client, org.branch.id, { visibility: 'members' });
    const watch = async (client, path) => {
      const response = await client.post(path);
      assert.equal(response.status, 204, explain(response));
    };
    await watch(org.member2.client, `/api/v1/categories/${watched.id}/watch`);
    const leaver = await registerAccount(stack, { displayName: unique('Lee Leaver') });
    await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'", { id: leaver.person.id });
    expectStatus(await admin.client.post(`/api/v1/groups/${org.branch.id}/members`, { email: leaver.email, role: 'member' }), 201);
    await watch(leaver.client, `/api/v1/categories/${watched.id}/watch`);
    const removed = await admin.client.delete(`/api/v1/groups/${org.branch.id}/members/${leaver.person.id}`);
    assert.equal(removed.status, 204, explain(removed));

    const { thread } = await createThread(org.member.client, watched.id, { title: unique('Watched') });
    assert.deepEqual(kinds(await notificationsAbout(org.member2.client, thread.id)), ['watched_category']);
    assert.deepEqual(await notificationsAbout(leaver.client, thread.id), [], 'left the group: no longer told');

    await watch(org.moderator.client, `/api/v1/threads/${thread.id}/watch`);
    await reply(org.nationalOfficer.client, thread.id, { body: 'An update.' });
    assert.deepEqual(kinds(await notificationsAbout(org.moderator.client, thread.id)), ['watched_thread']);
    const member2 = await notificationsAbout(org.member2.client, thread.id);
    assert.equal(member2.length, 2, JSON.stringify(member2));
    assert.deepEqual(await notificationsAbout(org.nationalOfficer.client, thread.id), []);
    assert.deepEqual(await notificationsAbout(leaver.client, thread.id), []);
  });
});

describe('reading notifications', () => {
  test('marking some or all as read; nobody else\'s', async () => {
    const person = await registerAccount(stack, { displayName: unique('Rita Reader') });
    await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'", { id: person.person.id });
    expectStatus(await admin.client.post(`/api/v1/groups/${org.branch.id}/members`, { email: person.email, role: 'member' }), 201);
    const { thread, post } = await createThread(person.client, category.id, { title: unique('Read') });
    for (let i = 0; i < 3; ++i) await reply(org.member2.client, thread.id, { body: `Answer ${i}`, parentId: post.id });
    await agePosts(stack, org.member2.person.id);

    let list = await notificationsOf(person.client);
    assert.equal(list.unread_count, 3);
    assert.equal(list.notifications.length, 3);
    const ids = list.notifications.map((n) => n.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');

    const stranger = await org.member.client.post('/api/v1/notifications/read', { ids: [ids[0]] });
    assert.equal(stranger.status, 204, explain(stranger));
    assert.equal((await notificationsOf(person.client)).unread_count, 3, 'not marked by someone else');

    const some = await person.client.post('/api/v1/notifications/read', { ids: [ids[0]] });
    assert.equal(some.status, 204, explain(some));
    list = await notificationsOf(person.client);
    assert.equal(list.unread_count, 2);
    assert.deepEqual(list.notifications.map((n) => n.read), [true, false, false]);

    const page = expectStatus(await person.client.get('/api/v1/notifications?limit=2'), 200);
    assert.equal(page.notifications.length, 2);
    const rest = expectStatus(await person.client.get(`/api/v1/notifications?limit=2&cursor=${encodeURIComponent(page.next_cursor)}`), 200);
    assert.deepEqual(rest.notifications.map((n) => n.id), [ids[2]]);
    assert.equal(rest.next_cursor, null);

    const all = await person.client.post('/api/v1/notifications/read', { all: true });
    assert.equal(all.status, 204, explain(all));
    assert.equal((await notificationsOf(person.client)).unread_count, 0);

    for (const body of [{}, { all: false }, { ids: 'x' }, { ids: [1], all: true }, { ids: [-1] }, { ids: [1], colour: 'red' }]) {
      assertRefused(await person.client.post('/api/v1/notifications/read', body), 422);
    }
    assertRefused(await person.client.fresh().get('/api/v1/notifications'), 401);
  });

  test('a notification about a post that is then hidden is no longer shown', async () => {
    const { thread, post } = await createThread(org.member.client, category.id, { title: unique('Hidden') });
    const answer = await reply(org.member2.client, thread.id, { body: 'Something rude', parentId: post.id });
    assert.deepEqual(kinds(await notificationsAbout(org.member.client, thread.id)), ['reply']);
    expectStatus(await org.moderator.client.post(`/api/v1/posts/${answer.id}/hide`, { reason: 'Rude' }), 200);
    assert.deepEqual(await notificationsAbout(org.member.client, thread.id), []);
    // The author of the hidden post is told why.
    const told = await notificationsAbout(org.member2.client, thread.id);
    assert.ok(told.some((n) => n.kind === 'post_hidden' && n.post_id === answer.id && /Rude/.test(n.detail)),
      JSON.stringify(told));
  });
});

describe('live', () => {
  test('notification.created arrives in the person\'s room with the unread count', async () => {
    const socket = await LiveSocket.open(org.member.client);
    try {
      const room = `person:${org.member.person.id}`;
      const subscribed = await socket.subscribe([room]);
      assert.deepEqual(subscribed.rooms, [room]);
      const { thread, post } = await createThread(org.member.client, category.id, { title: unique('Live') });
      const answer = await reply(org.member2.client, thread.id, { body: 'Live reply', parentId: post.id });
      const event = await socket.next((m) => m.type === 'event' && m.kind === 'notification.created' &&
        m.data.notification.post_id === answer.id);
      assert.equal(event.room, room);
      assert.equal(event.data.notification.kind, 'reply');
      assert.deepEqual(event.data.notification.thread, { id: thread.id, title: thread.title });
      assert.equal(event.data.notification.actor.id, org.member2.person.id);
      assert.equal(event.data.unread_count, (await notificationsOf(org.member.client)).unread_count);
    } finally {
      await socket.close();
    }
  });

  test('another person\'s room is refused', async () => {
    const socket = await LiveSocket.open(org.member2.client);
    try {
      const subscribed = await socket.subscribe([`person:${org.member.person.id}`]);
      assert.deepEqual(subscribed.rooms, []);
      assert.equal(subscribed.denied.length, 1);
    } finally {
      await socket.close();
    }
  });
});
