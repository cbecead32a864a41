// Builders for the moderation, notification and search tests: an organisation with people in
// every role, categories, threads and posts made through the public API, and a few SQL shortcuts
// where only time would otherwise help (ageing accounts and posts past the posting limits).
import assert from 'node:assert/strict';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { explain } from '../lib/harness.mjs';

let counter = 0;
export function unique(label) {
  return `${label} ${process.pid}.${++counter}`;
}

// A registered, verified, signed-in person whose account is a month old, so the new-account
// posting limit (3 posts in 10 minutes during the first day) applies only where a test wants it.
export async function seasonedAccount(stack, options = {}) {
  const account = await registerAccount(stack, options);
  await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'",
    { id: account.person.id });
  return account;
}

// Moves the person's posts an hour back: the per-minute limit and slow mode forget them.
export async function agePosts(stack, personId) {
  await stack.sql.exec(
    "UPDATE posts SET created_at = created_at - interval '1 hour' WHERE author_id = :'id'",
    { id: personId });
}

// A national group with a branch inside it, and people:
//   nationalOfficer — officer of the national group (acts in the branch by inheritance)
//   moderator       — moderator of the branch
//   member, member2 — members of the branch
//   outsider        — signed in, in no group
export async function organisation(stack, admin, label = 'Mod') {
  const name = unique(label);
  const national = await createGroup(admin.client, { name: `${name} Federation`, kind: 'national' });
  const branch = await createGroup(admin.client, { name: `${name} Branch`, kind: 'branch', parentId: national.id });
  const person = async (displayName, groupId, role) => {
    const account = await seasonedAccount(stack, { displayName });
    if (groupId) await addMember(admin.client, groupId, { email: account.email, role });
    return account;
  };
  const nationalOfficer = await person(`Nadia Officer ${counter}`, national.id, 'officer');
  const moderator = await person(`Max Moderator ${counter}`, branch.id, 'moderator');
  const member = await person(`Mia Member ${counter}`, branch.id, 'member');
  const member2 = await person(`Ben Member ${counter}`, branch.id, 'member');
  const outsider = await person(`Olly Outsider ${counter}`, null, null);
  return { national, branch, nationalOfficer, moderator, member, member2, outsider };
}

export async function createCategory(client, groupId, { name, visibility = 'members' } = {}) {
  return expectStatus(await client.post(`/api/v1/groups/${groupId}/categories`,
    { name: name ?? unique('Category'), visibility }), 201).category;
}

// Returns {thread, post}.
export async function createThread(client, categoryId, { title = 'A thread', body = 'The opening post.' } = {}) {
  return expectStatus(await client.post(`/api/v1/categories/${categoryId}/threads`, { title, body }), 201);
}

export async function reply(client, threadId, { body = 'A reply.', parentId } = {}) {
  const payload = { body };
  if (parentId !== undefined) payload.parent_id = parentId;
  return expectStatus(await client.post(`/api/v1/threads/${threadId}/posts`, payload), 201).post;
}

export async function notificationsOf(client) {
  return expectStatus(await client.get('/api/v1/notifications'), 200);
}

// The person's notifications about one thread (tests share a database, so they look only at
// what they made).
export async function notificationsAbout(client, threadId) {
  const list = await notificationsOf(client);
  return list.notifications.filter((n) => n.thread?.id === threadId);
}

export function assertRefused(response, status, code) {
  assert.equal(response.status, status, explain(response));
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, explain(response));
  if (code) assert.equal(response.json.code, code, explain(response));
  assert.ok(response.json.detail.length > 0, explain(response));
  return response.json;
}

// An ISO date-time `hours` from now.
export function hoursFromNow(hours) {
  return new Date(Date.now() + hours * 3600_000).toISOString();
}
