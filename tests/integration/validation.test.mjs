// Bad input of every kind is answered with a 4xx problem+json naming what is wrong, and changes
// no row: the tables are compared, content and all, before and after each request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, createGroup, goodPassword, registerAccount, uniqueEmail } from '../lib/builders.mjs';
import { ApiClient, Stack, explain } from '../lib/harness.mjs';

let stack;
let admin;
let group;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack);
  group = await createGroup(admin.client, { name: 'Validation Group' });
});

after(async () => {
  await stack?.close();
});

const tables = ['persons', 'account_tokens', 'groups', 'memberships', 'events'];

// Sends the request and checks: the status (and code/field when given), problem+json, and that
// no table changed.
async function expectRefused(send, { status, code, field }) {
  await stack.sql.exec('DELETE FROM rate_limits');
  const before = await stack.sql.fingerprint(tables);
  const sessions = await stack.sql.count('sessions');
  const response = await send();
  const expected = Array.isArray(status) ? status : [status];
  assert.ok(expected.includes(response.status), `expected ${expected}: ${explain(response)}`);
  const problem = assertProblem(response, response.status, code);
  if (field !== undefined) {
    assert.ok(Array.isArray(problem.errors), `no errors list: ${explain(response)}`);
    const fields = problem.errors.map((e) => e.field);
    for (const name of [field].flat()) {
      assert.ok(fields.includes(name), `no error for field ${name}: ${explain(response)}`);
    }
    for (const error of problem.errors) {
      assert.equal(typeof error.message, 'string');
      assert.ok(error.message.length > 0);
    }
  }
  assert.deepEqual(await stack.sql.fingerprint(tables), before, `rows changed after ${explain(response)}`);
  assert.equal(await stack.sql.count('sessions'), sessions, 'a session was created');
  return problem;
}

const raw = (client, method, path, body, contentType = 'application/json') =>
  () => client.request(method, path, { body, contentType });

describe('POST /api/v1/accounts', () => {
  const anonymous = () => new ApiClient(stack.server);
  const good = () => ({ email: uniqueEmail('v'), password: goodPassword, display_name: 'Val Idation' });
  const register = (body) => () => anonymous().post('/api/v1/accounts', body);

  test('malformed JSON is 400', () =>
    expectRefused(raw(anonymous(), 'POST', '/api/v1/accounts', '{"email": "a@example.org",'), { status: 400 }));
  test('a JSON array is 400', () =>
    expectRefused(raw(anonymous(), 'POST', '/api/v1/accounts', JSON.stringify([good()])), { status: 400 }));
  test('a JSON string is 400', () =>
    expectRefused(raw(anonymous(), 'POST', '/api/v1/accounts', '"hello"'), { status: 400 }));
  test('an empty body is 400', () =>
    expectRefused(raw(anonymous(), 'POST', '/api/v1/accounts', ''), { status: 400 }));
  test('JSON nested a thousand deep is 400', () =>
    expectRefused(raw(anonymous(), 'POST', '/api/v1/accounts', '['.repeat(1000) + ']'.repeat(1000)), { status: 400 }));
  test('invalid UTF-8 is refused', () =>
    expectRefused(() => anonymous().request('POST', '/api/v1/accounts', {
      body: Buffer.concat([Buffer.from('{"email":"u@example.org","password":"tangerine-lighthouse-42","display_name":"'),
        Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
      contentType: 'application/json',
    }), { status: [400, 422] }));
  test('a body that is not JSON by its content type is 400 unsupported_media_type', () =>
    // The contract says 400; 415 is the HTTP status for it, so either is accepted.
    expectRefused(raw(anonymous(), 'POST', '/api/v1/accounts', JSON.stringify(good()), 'text/plain'),
      { status: [400, 415], code: 'unsupported_media_type' }));
  test('a body without a content type is 400 unsupported_media_type', () =>
    expectRefused(() => anonymous().request('POST', '/api/v1/accounts', { body: JSON.stringify(good()) }),
      { status: [400, 415], code: 'unsupported_media_type' }));
  test('missing fields are each named (422)', () =>
    expectRefused(register({}), { status: 422, field: ['email', 'password', 'display_name'] }));
  test('null for a required field is 422', () =>
    expectRefused(register({ ...good(), email: null }), { status: 422, field: 'email' }));
  test('wrong types are 422 on their fields', () =>
    expectRefused(register({ email: 42, password: ['x'], display_name: true }),
      { status: 422, field: ['email', 'password', 'display_name'] }));
  test('an unknown field is 422 on that field', () =>
    expectRefused(register({ ...good(), site_admin: true }), { status: 422, field: 'site_admin' }));
  test('an overlong display name is 422', () =>
    expectRefused(register({ ...good(), display_name: 'x'.repeat(101) }), { status: 422, field: 'display_name' }));
  test('an empty display name is 422', () =>
    expectRefused(register({ ...good(), display_name: '' }), { status: 422, field: 'display_name' }));
  test('an overlong password is 422', () =>
    expectRefused(register({ ...good(), password: 'p'.repeat(201) }), { status: 422, field: 'password' }));
  test('a short password is 422', () =>
    expectRefused(register({ ...good(), password: 'short1' }), { status: 422, field: 'password' }));
  test('a common password is 422', () =>
    expectRefused(register({ ...good(), password: 'password123' }), { status: 422, field: 'password' }));
  for (const email of ['not-an-email', 'two@@example.org', 'spaces in@example.org', '@example.org', 'nobody@',
    `${'a'.repeat(250)}@example.org`, 'line\nbreak@example.org']) {
    test(`invalid email ${JSON.stringify(email).slice(0, 40)} is 422`, () =>
      expectRefused(register({ ...good(), email }), { status: 422, field: 'email' }));
  }
  test('a body over the limit is 413', () =>
    expectRefused(register({ ...good(), display_name: 'x'.repeat(200_000) }), { status: 413 }));
  test('a body of megabytes is 413 too, answered rather than dropped', () =>
    expectRefused(register({ ...good(), display_name: 'x'.repeat(3_000_000) }), { status: 413 }));
});

describe('POST /api/v1/groups (site admin)', () => {
  const create = (body) => () => admin.client.post('/api/v1/groups', body);

  test('malformed JSON is 400', () =>
    expectRefused(raw(admin.client, 'POST', '/api/v1/groups', '{"name": }'), { status: 400 }));
  test('an unknown kind is 422', () =>
    expectRefused(create({ name: 'Bad kind', kind: 'empire' }), { status: 422, field: 'kind' }));
  test('missing name and kind are 422', () =>
    expectRefused(create({}), { status: 422, field: ['name', 'kind'] }));
  test('an overlong name is 422', () =>
    expectRefused(create({ name: 'n'.repeat(121), kind: 'national' }), { status: 422, field: 'name' }));
  test('a name of another type is 422', () =>
    expectRefused(create({ name: 12, kind: 'national' }), { status: 422, field: 'name' }));
  test('a parent id that is not a number is 422', () =>
    expectRefused(create({ name: 'Child', kind: 'region', parent_id: 'one' }), { status: 422, field: 'parent_id' }));
  test('a parent that does not exist is refused', () =>
    expectRefused(create({ name: 'Orphan', kind: 'region', parent_id: 987654321 }), { status: [404, 422] }));
  test('an unknown field is 422', () =>
    expectRefused(create({ name: 'Extra', kind: 'national', colour: 'red' }), { status: 422, field: 'colour' }));
  test('a body over the limit is 413', () =>
    expectRefused(create({ name: 'Big', kind: 'national', description: 'd'.repeat(300_000) }), { status: 413 }));
});

describe('POST /api/v1/groups/{id}/members (officer)', () => {
  const add = (body) => () => admin.client.post(`/api/v1/groups/${group.id}/members`, body);

  test('an unknown role is 422', () =>
    expectRefused(add({ email: uniqueEmail(), role: 'emperor' }), { status: 422, field: 'role' }));
  test('an invalid email is 422', () =>
    expectRefused(add({ email: 'nope', role: 'member' }), { status: 422, field: 'email' }));
  test('an impossible joined_at is 422', () =>
    expectRefused(add({ email: uniqueEmail(), role: 'member', joined_at: '2023-02-30' }), { status: 422, field: 'joined_at' }));
  test('joined_at in another format is 422', () =>
    expectRefused(add({ email: uniqueEmail(), role: 'member', joined_at: '30/01/2023' }), { status: 422, field: 'joined_at' }));
  test('an overlong display name is 422', () =>
    expectRefused(add({ email: uniqueEmail(), role: 'member', display_name: 'x'.repeat(101) }), { status: 422, field: 'display_name' }));
  test('an unknown field is 422', () =>
    expectRefused(add({ email: uniqueEmail(), role: 'member', vip: true }), { status: 422, field: 'vip' }));
  test('to a group that does not exist is 404', () =>
    expectRefused(() => admin.client.post('/api/v1/groups/987654321/members', { email: uniqueEmail(), role: 'member' }),
      { status: 404 }));
});

describe('PATCH /api/v1/me', () => {
  test('a wrong type is 422', () =>
    expectRefused(() => admin.client.patch('/api/v1/me', { hidden_from_directory: 'yes' }),
      { status: 422, field: 'hidden_from_directory' }));
  test('an unknown field is 422', () =>
    expectRefused(() => admin.client.patch('/api/v1/me', { site_admin: false }), { status: 422, field: 'site_admin' }));
  test('an overlong display name is 422', () =>
    expectRefused(() => admin.client.patch('/api/v1/me', { display_name: 'y'.repeat(101) }),
      { status: 422, field: 'display_name' }));
});

describe('member import', () => {
  test('a CSV over 2 MB is 413', () =>
    expectRefused(() => admin.client.request('POST', `/api/v1/groups/${group.id}/members/import`, {
      body: 'email,name,group,role,joined_at\n' + `${'x'.repeat(60)}@example.org,Name,,member,\n`.repeat(40_000),
      contentType: 'text/csv',
    }), { status: 413 }));
});
