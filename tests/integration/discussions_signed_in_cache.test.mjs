// Signed-in thread pages are served from the page cache's shared part plus the reader's own part
// (memberships, read state, watch, thanks, rights), read with one query and then kept for that
// reader a few seconds. Two servers share one database: for a member, a moderator and an outsider,
// the page served from the cache must be byte for byte the page read without it (the first read
// after a change), on either server; a membership taken away through either server ends the
// member's cached pages on both as soon as the event arrives, and one taken away behind the
// servers' backs within the cache's few seconds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { ApiClient, Stack, sleep } from '../lib/harness.mjs';
import {
  agePosts, createCategory, createThread, groupTree, personWithRole, reply, seasonedAccount,
} from './discussions_lib.mjs';

let stack;
let officer;
let member;
let outsider;
let branch;
let open;
let closed;

before(async () => {
  stack = await Stack.start({ servers: 2 });
  const admin = await seasonedAccount(stack, { displayName: 'Signed Admin' });
  ({ branch } = await groupTree(admin.client, 'Signed'));
  officer = await personWithRole(stack, admin.client, branch.id, 'officer', { displayName: 'Ola Officer' });
  member = await personWithRole(stack, admin.client, branch.id, 'member', { displayName: 'Mo Member' });
  outsider = await seasonedAccount(stack, { displayName: 'Otto Outsider' });
  open = await createCategory(officer.client, branch.id, { name: 'Open to all', visibility: 'public' });
  closed = await createCategory(officer.client, branch.id, { name: 'Members only', visibility: 'members' });
});

after(async () => {
  await stack?.close();
});

// The same person's session on the other server.
function onServer(account, index) {
  const client = new ApiClient(stack.servers[index]);
  client.cookies = new Map(account.client.cookies);
  client.csrfToken = account.client.csrfToken;
  return client;
}

// A thread where every personal part differs by reader: the member's own post (they may edit it
// and get its source), a post they thanked, a post the officer hid (only moderators read it), a
// nested reply, the member's read state and watch.
async function threadWithEverything(category, title) {
  const { thread, post: opening } = await createThread(officer.client, category.id, { title, body: 'The opening words.' });
  const own = await reply(member.client, thread.id, { body: 'My **own** reply.' });
  const nested = await reply(officer.client, thread.id, { body: 'An answer to the member.', parentId: own.id });
  const thanked = await reply(officer.client, thread.id, { body: 'Something worth thanks.' });
  const hidden = await reply(member.client, thread.id, { body: 'Something to hide.' });
  expectStatus(await member.client.post(`/api/v1/posts/${thanked.id}/thanks`), 201);
  expectStatus(await officer.client.post(`/api/v1/posts/${hidden.id}/hide`, { reason: 'Off topic.' }), 200);
  expectStatus(await member.client.put(`/api/v1/threads/${thread.id}/read`, { last_read_post_id: own.id }), 204);
  expectStatus(await member.client.post(`/api/v1/threads/${thread.id}/watch`), 204);
  // The next thread's posts are not held back by the posting limit (10 a minute).
  await agePosts(stack, officer.person.id);
  await agePosts(stack, member.person.id);
  return { thread, opening, own, nested, thanked, hidden };
}

async function pageText(client, threadId) {
  const response = await client.get(`/api/v1/threads/${threadId}?limit=50`);
  assert.equal(response.status, 200, response.text);
  return response.text;
}

for (const [who, account] of [['member', () => member], ['moderator', () => officer], ['outsider', () => outsider]]) {
  test(`a ${who}'s page from the cache is the page read without it, on both servers`, async () => {
    const made = await threadWithEverything(open, `Cached for a ${who}`);
    // The live events of the writes above reach both servers within milliseconds; after them
    // nothing forgets this thread, so the second read on each server comes from its cache.
    await sleep(500);
    const [onA, onB] = [onServer(account(), 0), onServer(account(), 1)];
    const uncachedA = await pageText(onA, made.thread.id);  // the first read: not cached yet
    const uncachedB = await pageText(onB, made.thread.id);
    assert.equal(uncachedB, uncachedA, 'the two servers read the same page');
    await stack.sql.exec("UPDATE posts SET body_html = '<p>Changed behind the server''s back.</p>' WHERE id = :'id'",
      { id: made.opening.id });
    const cachedA = await pageText(onA, made.thread.id);
    const cachedB = await pageText(onB, made.thread.id);
    assert.doesNotMatch(cachedA, /behind the server/, 'the first server answers from its cache');
    assert.doesNotMatch(cachedB, /behind the server/, 'the second server answers from its cache');
    assert.equal(cachedA, uncachedA, 'cached and uncached pages are the same bytes (first server)');
    assert.equal(cachedB, uncachedA, 'cached and uncached pages are the same bytes (second server)');

    // And the page is this person's: the parts that differ by reader are there.
    const page = JSON.parse(cachedB);
    const post = (id) => page.posts.find((p) => p.id === id);
    const isMember = who === 'member';
    const isModerator = who === 'moderator';
    assert.equal(page.watching, isMember);
    // The first post after what they read that is not theirs.
    assert.equal(page.first_unread_post_id, { member: made.nested.id, moderator: made.own.id, outsider: made.opening.id }[who]);
    assert.equal(page.can.moderate, isModerator);
    assert.equal(page.can.reply, !(who === 'outsider'));
    assert.equal(post(made.thanked.id).thanked_by_me, isMember);
    // Its author and moderators may edit the member's post, and get its source to edit.
    const mayEdit = isMember || isModerator;
    assert.equal(post(made.own.id).can.edit, mayEdit);
    assert.equal(post(made.own.id).body_source, mayEdit ? 'My **own** reply.' : undefined);
    assert.equal(post(made.hidden.id).body_html, isModerator ? '<p>Something to hide.</p>\n' : '');
    assert.equal(Boolean(post(made.hidden.id).hidden.original_html), isModerator);
    assert.equal(post(made.nested.id).parent_id, made.own.id);
  });
}

test('a cached members-only page is refused to an outsider, and to a member as soon as they leave', async () => {
  const { thread } = await threadWithEverything(closed, 'Members only, cached');
  await sleep(500);
  const outsiderOnA = onServer(outsider, 0);
  const uncachedRefusal = await outsiderOnA.get(`/api/v1/threads/${thread.id}`);
  assert.equal(uncachedRefusal.status, 403);
  const memberOnA = onServer(member, 0);
  await pageText(memberOnA, thread.id);  // now cached on the first server
  await pageText(memberOnA, thread.id);
  const cachedRefusal = await outsiderOnA.get(`/api/v1/threads/${thread.id}`);
  assert.equal(cachedRefusal.status, 403);
  assert.match(cachedRefusal.headers.get('content-type'), /^application\/problem\+json/);
  assert.deepEqual({ ...cachedRefusal.json, request_id: undefined, instance: undefined },
    { ...uncachedRefusal.json, request_id: undefined, instance: undefined });

  // Through the other server: both hear membership.changed and forget the member's pages.
  expectStatus(await onServer(officer, 1).delete(`/api/v1/groups/${branch.id}/members/${member.person.id}`), 204);
  const heardOnA = await refusedSoon(memberOnA, thread.id, 3000);
  await refusedSoon(onServer(member, 1), thread.id, 3000);
  console.log(`# the removed member's cached page was refused on the other server after ${heardOnA} ms`);

  // Behind the servers' backs, with no event: refused once the cached page's 5 s are over.
  const second = await personWithRole(stack, officer.client, branch.id, 'member', { displayName: 'Sam Second' });
  const secondOnA = onServer(second, 0);
  await pageText(secondOnA, thread.id);
  await pageText(secondOnA, thread.id);
  await stack.sql.exec("DELETE FROM memberships WHERE person_id = :'p' AND group_id = :'g'",
    { p: second.person.id, g: branch.id });
  await refusedSoon(secondOnA, thread.id, 7000);
});

// Polls until the page is refused (403), failing after `limit` ms; returns how long it took.
async function refusedSoon(client, threadId, limit) {
  const started = Date.now();
  for (;;) {
    const response = await client.get(`/api/v1/threads/${threadId}?limit=50`);
    if (response.status === 403) return Date.now() - started;
    assert.equal(response.status, 200, response.text);
    assert.ok(Date.now() - started < limit, `still served after ${limit} ms`);
    await sleep(20);
  }
}
