// Small builders that seed what a test needs through the public API, so each test makes its own
// people and groups and depends on no other test's data.
import assert from 'node:assert/strict';

import { ApiClient, eventually, explain } from './harness.mjs';

export const goodPassword = 'tangerine-lighthouse-42';

let emailCounter = 0;
export function uniqueEmail(label = 'person') {
  return `${label}.${process.pid}.${++emailCounter}@example.org`;
}

export function expectStatus(response, status) {
  assert.equal(response.status, status, explain(response));
  return response.json;
}

// The newest mail of this kind ("verify_email", "password_reset") queued for this address, and
// the token of the link in it. Test servers have no SMTP server: mail waits in the outbox.
export async function mailedLink(stack, email, kind) {
  const mail = await eventually(() => stack.sql.row(
    "SELECT id, subject, body_text FROM mail_outbox WHERE kind = :'kind' AND lower(to_address) = lower(:'email') " +
    'ORDER BY id DESC LIMIT 1', { kind, email }), { what: `a ${kind} mail to ${email}` });
  const found = /(\S+)\?token=([A-Za-z0-9_-]+)/.exec(mail.body_text);
  assert.ok(found, `the ${kind} mail has no link: ${mail.body_text}`);
  return { url: `${found[1]}?token=${found[2]}`, token: found[2], mail };
}

export async function verificationToken(stack, email) {
  return (await mailedLink(stack, email, 'verify_email')).token;
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
  const created = expectStatus(
    await client.post('/api/v1/accounts', { email, password, display_name: displayName }), 201);
  const token = await verificationToken(stack, email);
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
