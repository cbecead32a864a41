// Builders for the ballot tests: a branch with an officer and voters, ballots made through the
// API, casting helpers, and voters made in bulk (one account registered through the API, the rest
// copied from it in SQL, then each signs in through the API).
import assert from 'node:assert/strict';

import { expectStatus } from '../lib/builders.mjs';
import { ApiClient, explain } from '../lib/harness.mjs';
import { groupTree, personWithRole, seasonedAccount } from './discussions_lib.mjs';

// Servers for ballot tests: the clock can be moved, and one address may sign in many voters.
export const votesServerOptions = {
  args: ['--test-clock', 'on', '--address-rate-limit', '1000000', '--db-queue', '10000'],
};

// A federation with a branch; a site admin, an officer of the branch and `voters` members.
export async function votingBranch(stack, { voters = 3, label = 'Votes' } = {}) {
  const admin = await seasonedAccount(stack, { displayName: 'Site Admin' });
  const tree = await groupTree(admin.client, label);
  const officer = await personWithRole(stack, admin.client, tree.branch.id, 'officer',
    { displayName: 'Olu Officer' });
  const members = [];
  for (let i = 0; i < voters; ++i) {
    members.push(await personWithRole(stack, admin.client, tree.branch.id, 'member',
      { displayName: `Voter ${String.fromCharCode(65 + i)}` }));
  }
  return { admin, tree, officer, members };
}

// An hour from the server's present (the test clock may have moved).
export function inHours(hours, from = Date.now()) {
  return new Date(from + hours * 3600_000).toISOString();
}

export async function createBallot(client, groupId, body) {
  return expectStatus(await client.post(`/api/v1/groups/${groupId}/ballots`, body), 201).ballot;
}

export function cast(client, ballotId, marks, tracker) {
  const body = { marks };
  if (tracker !== undefined) body.tracker = tracker;
  return client.post(`/api/v1/ballots/${ballotId}/votes`, body);
}

export async function castOk(client, ballotId, marks, tracker) {
  const response = await cast(client, ballotId, marks, tracker);
  assert.equal(response.status, 201, explain(response));
  assert.match(response.json.tracker, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
  return response.json.tracker;
}

export async function closeBallot(client, ballotId) {
  return expectStatus(await client.post(`/api/v1/ballots/${ballotId}/close`), 200).ballot;
}

export async function results(client, ballotId) {
  return expectStatus(await client.get(`/api/v1/ballots/${ballotId}/results`), 200).result;
}

// The SHA-256 (hex) of a tracker as the server normalises it: what /trackers lists.
export async function trackerHash(tracker) {
  const normalised = tracker.replace(/[-\s]/g, '').toUpperCase();
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(normalised).digest('hex');
}

// `count` members of the group, each signed in on their own client. The first account goes
// through registration; the others copy its password hash in SQL (hashing 200 passwords through
// the API would take most of a minute and test nothing about ballots).
export async function bulkVoters(stack, groupId, count, { role = 'member' } = {}) {
  const template = await seasonedAccount(stack, { displayName: 'Bulk Template' });
  const tag = `bulk${process.pid}x${Math.random().toString(36).slice(2, 8)}`;
  await stack.sql.exec(`
    INSERT INTO persons (email, display_name, password_hash, email_verified_at, created_at)
    SELECT '${tag}.' || n || '@example.org', 'Bulk Voter ' || n, t.password_hash, now(),
           now() - interval '30 days'
    FROM generate_series(1, :'count') AS n, persons t WHERE t.id = :'template'`,
  { count, template: template.person.id });
  await stack.sql.exec(`
    INSERT INTO memberships (person_id, group_id, role, joined_at)
    SELECT id, :'group', :'role', current_date - 30 FROM persons WHERE email LIKE :'pattern'`,
  { group: groupId, role, pattern: `${tag}.%` });
  const emails = (await stack.sql.rows(
    "SELECT email FROM persons WHERE email LIKE :'pattern' ORDER BY id", { pattern: `${tag}.%` }))
    .map((row) => row.email);
  const voters = [];
  for (let start = 0; start < emails.length; start += 10) {
    const batch = emails.slice(start, start + 10);
    voters.push(...await Promise.all(batch.map(async (email) => {
      const client = new ApiClient(stack.server);
      expectStatus(await client.signIn(email, template.password), 200);
      return client;
    })));
  }
  return voters;
}
