// Builders for the discussions tests: people with roles, categories, threads and replies made
// through the public API, plus a few SQL shortcuts where the API would only be slow.
import assert from 'node:assert/strict';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { explain } from '../lib/harness.mjs';

// An account old enough that the posting guard's new-account limit (3 posts per 10 minutes in
// the first day) does not get in the way of tests that are not about it.
export async function seasonedAccount(stack, options = {}) {
  const account = await registerAccount(stack, options);
  await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'",
    { id: account.person.id });
  return account;
}

// A signed-in person holding `role` in the group (added by an officer or admin client).
export async function personWithRole(stack, officerClient, groupId, role, options = {}) {
  const account = await seasonedAccount(stack, options);
  await addMember(officerClient, groupId, { email: account.email, role });
  return account;
}

// A national group with a branch inside it, made by the site admin.
export async function groupTree(adminClient, label = 'Disc') {
  const unique = `${label} ${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  const parent = await createGroup(adminClient, { name: `${unique} Federation`, kind: 'national' });
  const branch = await createGroup(adminClient, { name: `${unique} Branch`, kind: 'branch', parentId: parent.id });
  return { parent, branch };
}

export async function createCategory(client, groupId, { name, visibility = 'members', description } = {}) {
  const body = { name: name ?? `Category ${Math.random().toString(36).slice(2, 9)}`, visibility };
  if (description !== undefined) body.description = description;
  return expectStatus(await client.post(`/api/v1/groups/${groupId}/categories`, body), 201).category;
}

// Returns {thread, post}.
export async function createThread(client, categoryId, { title = 'A thread', body = 'The opening post.', tags } = {}) {
  const payload = { title, body };
  if (tags !== undefined) payload.tags = tags;
  return expectStatus(await client.post(`/api/v1/categories/${categoryId}/threads`, payload), 201);
}

export async function reply(client, threadId, { body = 'A reply.', parentId } = {}) {
  const payload = { body };
  if (parentId !== undefined) payload.parent_id = parentId;
  return expectStatus(await client.post(`/api/v1/threads/${threadId}/posts`, payload), 201).post;
}

// Moves a person's posts an hour into the past, so the per-minute posting limit (10) and slow
// mode forget them. For tests that post a lot as one person without testing those limits.
export async function agePosts(stack, personId) {
  await stack.sql.exec(
    "UPDATE posts SET created_at = created_at - interval '1 hour' WHERE author_id = :'id'",
    { id: personId });
}

export async function threadPage(client, threadId, query = '') {
  return expectStatus(await client.get(`/api/v1/threads/${threadId}${query}`), 200);
}

// Every post of a thread, page by page, as the web app would load them.
export async function allPosts(client, threadId, limit = 50) {
  const posts = [];
  let cursor = null;
  let pages = 0;
  do {
    const query = `?limit=${limit}` + (cursor ? `&after=${encodeURIComponent(cursor)}` : '');
    const page = await threadPage(client, threadId, query);
    posts.push(...page.posts);
    cursor = page.next_cursor;
    assert.ok(++pages < 10_000, 'paging does not end');
  } while (cursor);
  return { posts, pages };
}

export function assertDenied(response, status, code) {
  assert.equal(response.status, status, explain(response));
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, explain(response));
  if (code) assert.equal(response.json.code, code, explain(response));
  assert.ok(response.json.detail.length > 0, explain(response));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
