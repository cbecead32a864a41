// Small builders that seed what a test needs through the public API, so each test makes its own
// people and groups and depends on no other test's data.
import assert from 'node:assert/strict';

import { ApiClient, explain } from './harness.mjs';

export const goodPassword = 'tangerine-lighthouse-42';

let emailCounter = 0;
export function uniqueEmail(label = 'person') {
  return `${label}.${process.pid}.${++emailCounter}@example.org`;
}

export function expectStatus(response, status) {
  assert.equal(response.status, status, explain(response));
  return response.json;
}

// Waits for the server's log line carrying the verification token for this address.
export async function verificationToken(server, email, from = 0) {
  const line = await server.waitForLog(
    (l) => l.msg === 'email verification link' && String(l.email).toLowerCase() === email.toLowerCase(),
    { from });
  assert.ok(line.token, `the verification log line has no token: ${JSON.stringify(line)}`);
  return line.token;
}

// Registers through the API, verifies the address with the token from the log and signs in.
// Rate-limit counters are cleared first: tests that are not about rate limits never trip them.
export async function registerAccount(stack, {
  server = stack.server,
  email = uniqueEmail(),
  password = goodPassword,
  displayName = 'Test Person',
  verify = true,
  signIn = true,
} = {}) {
  await stack.sql.exec('DELETE FROM rate_limits');
  const client = new ApiClient(server);
  const from = server.logs.length;
  const created = expectStatus(
    await client.post('/api/v1/accounts', { email, password, display_name: displayName }), 201);
  const token = await verificationToken(server, email, from);
  let person = created.person;
  if (verify) person = expectStatus(await client.post('/api/v1/accounts/verify-email', { token }), 200).person;
  if (signIn) person = expectStatus(await client.signIn(email, password), 200).person;
  return { client, person, email, password, token };
}

export async function createGroup(client, { name, kind = 'national', parentId, description } = {}) {
  const body = { name: name ?? `Group ${process.pid}.${++emailCounter}`, kind };
  if (parentId !== undefined) body.parent_id = parentId;
  if (description !== undefined) body.description = description;
  return expectStatus(await client.post('/api/v1/groups', body), 201).group;
}

export async function addMember(client, groupId, { email = uniqueEmail('member'), role = 'member', displayName } = {}) {
  const body = { email, role };
  if (displayName !== undefined) body.display_name = displayName;
  return expectStatus(await client.post(`/api/v1/groups/${groupId}/members`, body), 201).member;
}

export function assertProblem(response, status, code) {
  assert.equal(response.status, status, explain(response));
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, explain(response));
  assert.equal(typeof response.json, 'object', `problem body is JSON: ${explain(response)}`);
  assert.equal(response.json.status, status, explain(response));
  assert.equal(typeof response.json.title, 'string', explain(response));
  assert.equal(typeof response.json.detail, 'string', explain(response));
  assert.ok(response.json.detail.length > 0, explain(response));
  if (code !== undefined) assert.equal(response.json.code, code, explain(response));
  return response.json;
}
