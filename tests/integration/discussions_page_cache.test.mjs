// Signed-out thread pages are served from a cache in each server process. Two servers share one
// database here: whatever one of them changes must reach the signed-out readers of the other
// through the live events (LISTEN/NOTIFY), well before the cache's maximum age (5 s) would hide a
// missing invalidation; and the server that made the change shows it at once.
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { ApiClient, Stack, eventually } from '../lib/harness.mjs';
import {
  createCategory, createThread, groupTree, personWithRole, reply, seasonedAccount,
} from './discussions_lib.mjs';

// Shorter than the cache's maximum age: an answer within it came from an event.
const withinEvents = { timeoutMs: 3000, intervalMs: 50 };

let stack;
let officer;
let member;
let branch;
let outA;
let outB;

before(async () => {
  stack = await Stack.start({ servers: 2 });
  const admin = await seasonedAccount(stack, { displayName: 'Cache Admin' });
  ({ branch } = await groupTree(admin.client, 'Cache'));
  officer = (await personWithRole(stack, admin.client, branch.id, 'officer', { displayName: 'Olu Officer' })).client;
  member = (await personWithRole(stack, admin.client, branch.id, 'member', { displayName: 'Mel Member' })).client;
  outA = new ApiClient(stack.servers[0]);
  outB = new ApiClient(stack.servers[1]);
});

after(async () => {
  await stack?.close();
});

async function page(client, threadId) {
  return expectStatus(await client.get(`/api/v1/threads/${threadId}?limit=50`), 200);
}

// A public thread, read signed out on both servers so that both have cached it, and proof that
// the second server serves its cached copy: a change made behind the server's back (SQL, no
// event) is not seen.
async function cachedThread(title) {
  const category = await createCategory(officer, branch.id, { name: `${title} place`, visibility: 'public' });
  const { thread, post } = await createThread(officer, category.id, { title, body: 'The opening words.' });
  await page(outA, thread.id);
  await page(outB, thread.id);
  await stack.sql.exec("UPDATE posts SET body_html = '<p>Changed behind the server''s back.</p>' WHERE id = :'id'",
    { id: post.id });
  assert.match((await page(outB, thread.id)).posts[0].body_html, /opening words/,
    'the second server answers from its cache');
  return { category, thread, post };
}

test('a reply through one server reaches the other server\'s signed-out readers, and its own at once', async () => {
  const { thread } = await cachedThread('Replies travel');
  const written = await reply(member, thread.id, { body: 'A reply written through the first server.' });
  const onA = await page(outA, thread.id);
  assert.ok(onA.posts.some((p) => p.id === written.id), 'the writing server shows its reply at once');
  const onB = await eventually(async () => {
    const seen = await page(outB, thread.id);
    return seen.posts.some((p) => p.id === written.id) && seen;
  }, { ...withinEvents, what: 'the reply on the second server' });
  assert.equal(onB.thread.post_count, 2);
  assert.match(onB.posts[0].body_html, /behind the server/, 'the page was read again from the database');
});

test('hiding a post withdraws its body from the other server\'s signed-out page', async () => {
  const { thread } = await cachedThread('Hidden things');
  const written = await reply(member, thread.id, { body: 'Something a moderator will hide.' });
  await eventually(async () => (await page(outB, thread.id)).posts.some((p) => p.id === written.id),
    { ...withinEvents, what: 'the reply on the second server' });
  expectStatus(await officer.post(`/api/v1/posts/${written.id}/hide`, { reason: 'Off topic.' }), 200);
  const hidden = await eventually(async () => {
    const seen = (await page(outB, thread.id)).posts.find((p) => p.id === written.id);
    return seen?.hidden && seen;
  }, { ...withinEvents, what: 'the hidden post on the second server' });
  assert.equal(hidden.body_html, '');
  assert.equal(hidden.hidden.reason, 'Off topic.');
});

test('closing a category to members stops the other server serving its pages signed out', async () => {
  const { category, thread } = await cachedThread('Closing doors');
  expectStatus(await officer.patch(`/api/v1/categories/${category.id}`, { visibility: 'members' }), 200);
  assert.equal((await outA.get(`/api/v1/threads/${thread.id}`)).status, 401);
  await eventually(async () => (await outB.get(`/api/v1/threads/${thread.id}`)).status === 401,
    { ...withinEvents, what: 'a refusal on the second server' });
  const refused = await outB.get(`/api/v1/threads/${thread.id}`);
  assert.match(refused.headers.get('content-type'), /^application\/problem\+json/);
});

test('renaming a category, or moving the thread, shows on the other server', async () => {
  const { category, thread } = await cachedThread('Names change');
  expectStatus(await officer.patch(`/api/v1/categories/${category.id}`, { name: 'A better name' }), 200);
  await eventually(async () => (await page(outB, thread.id)).thread.category.name === 'A better name',
    { ...withinEvents, what: 'the new category name on the second server' });

  const elsewhere = await createCategory(officer, branch.id, { name: 'Elsewhere', visibility: 'public' });
  await page(outB, thread.id);
  expectStatus(await officer.patch(`/api/v1/threads/${thread.id}`,
    { category_id: elsewhere.id, locked: true, reason: 'Belongs elsewhere.' }), 200);
  const moved = await eventually(async () => {
    const seen = await page(outB, thread.id);
    return seen.thread.category.id === elsewhere.id && seen;
  }, { ...withinEvents, what: 'the moved thread on the second server' });
  assert.equal(moved.thread.locked, true);
});

test('signed-in readers never get the signed-out page', async () => {
  const { thread } = await cachedThread('Personal views');
  const signedIn = await page(officer, thread.id);
  assert.equal(signedIn.can.moderate, true);
  assert.match(signedIn.posts[0].body_html, /behind the server/);
  const signedOut = await page(outA, thread.id);
  assert.equal(signedOut.can.moderate, false);
  assert.equal(signedOut.can.reply, false);
});

// The raw bytes of a GET, without the decoding fetch would do.
function rawGet(server, urlPath, headers) {
  return new Promise((resolve, reject) => {
    http.get(`${server.origin}${urlPath}`, { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('a signed-out page comes gzip-compressed to clients that accept it, and plain to others', async () => {
  const { thread } = await cachedThread('Compressed pages');
  await reply(member, thread.id, { body: 'Words worth compressing. '.repeat(40) });
  const path = `/api/v1/threads/${thread.id}?limit=50`;
  const plain = await rawGet(stack.servers[0], path, { 'accept-encoding': 'identity' });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  const expected = JSON.parse(plain.body.toString('utf8'));
  assert.equal(expected.posts.length, 2);
  for (let i = 0; i < 2; ++i) {  // a miss, then a hit
    const compressed = await rawGet(stack.servers[0], path, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(compressed.status, 200);
    assert.equal(compressed.headers['content-encoding'], 'gzip');
    assert.match(compressed.headers.vary ?? '', /accept-encoding/i);
    assert.ok(compressed.body.length < plain.body.length / 2, `${compressed.body.length} < ${plain.body.length} / 2`);
    assert.deepEqual(JSON.parse(zlib.gunzipSync(compressed.body).toString('utf8')), expected);
  }
  const refused = await rawGet(stack.servers[0], path, { 'accept-encoding': 'gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(refused.body.toString('utf8')), expected);
});
