// Sessions across server processes, and the touch that keeps an active session alive. Every
// request reads the session afresh in one statement (no transaction, no cache): two servers share
// one database here, and whatever ends a session through one of them must stop it on the other at
// the very next request — no waiting, no retry. The touch (last seen, idle expiry pushed on) is
// written at most once a minute, in the same statement; these tests see that it is written when
// due, only then, and never past the absolute expiry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus, registerAccount } from '../lib/builders.mjs';
import { ApiClient, Stack, explain } from '../lib/harness.mjs';

let stack;
let serverA;
let serverB;

before(async () => {
  stack = await Stack.start({ servers: 2 });
  [serverA, serverB] = stack.servers;
});

after(async () => {
  await stack?.close();
});

async function sessionIds(client) {
  return expectStatus(await client.get('/api/v1/sessions'), 200).sessions;
}

async function currentSessionId(client) {
  const current = (await sessionIds(client)).filter((s) => s.current);
  assert.equal(current.length, 1, 'exactly one current session');
  return current[0].id;
}

// A person signed in twice through server A (laptop, phone), each session also used on server B.
async function twoSessions() {
  const account = await registerAccount(stack, { server: serverA });
  const laptopA = account.client;
  const phoneA = new ApiClient(serverA);
  expectStatus(await phoneA.signIn(account.email, account.password), 200);
  const laptopB = laptopA.on(serverB);
  const phoneB = phoneA.on(serverB);
  expectStatus(await laptopB.get('/api/v1/me'), 200);
  expectStatus(await phoneB.get('/api/v1/me'), 200);
  return { account, laptopA, phoneA, laptopB, phoneB };
}

describe('a session ended through one server is refused by the other at once', () => {
  test('the actor read on the other server is the whole session: person, flags and CSRF token', async () => {
    const { account, laptopA, laptopB } = await twoSessions();
    const onA = expectStatus(await laptopA.get('/api/v1/session'), 200);
    const onB = expectStatus(await laptopB.get('/api/v1/session'), 200);
    assert.deepEqual(onB, onA);
    assert.equal(onB.person.id, account.person.id);
    assert.equal(onB.csrf_token, laptopA.csrfToken);
    // The CSRF token checked on B is the session's own: with it a change goes through, without it not.
    const renamed = expectStatus(await laptopB.request('PATCH', '/api/v1/me', { json: { display_name: 'Renamed On B' } }), 200);
    assert.equal(renamed.person.display_name, 'Renamed On B');
    assertProblem(await laptopB.request('PATCH', '/api/v1/me', { json: { display_name: 'No Token' }, csrf: false }),
      403, 'csrf_token_missing');
    assert.equal(expectStatus(await laptopA.get('/api/v1/me'), 200).person.display_name, 'Renamed On B');
  });

  test('sign-out on A: the same cookie is refused by B on the very next request', async () => {
    const { laptopA, laptopB, phoneB } = await twoSessions();
    const response = await laptopA.delete('/api/v1/session');
    assert.equal(response.status, 204, explain(response));
    assertProblem(await laptopB.get('/api/v1/me'), 401);
    assertProblem(await laptopB.request('PATCH', '/api/v1/me', { json: { display_name: 'Too Late' } }), 401);
    expectStatus(await phoneB.get('/api/v1/me'), 200);
  });

  test('a session revoked through B is refused by A at once; the revoking one works on both', async () => {
    const { laptopA, phoneA, phoneB } = await twoSessions();
    const laptopSession = await currentSessionId(laptopA);
    const revoked = await phoneB.delete(`/api/v1/sessions/${laptopSession}`);
    assert.equal(revoked.status, 204, explain(revoked));
    assertProblem(await laptopA.get('/api/v1/me'), 401);
    expectStatus(await phoneA.get('/api/v1/me'), 200);
    expectStatus(await phoneB.get('/api/v1/me'), 200);
  });

  test('a password changed through B ends the other sessions on A at once', async () => {
    const { account, laptopA, laptopB, phoneA } = await twoSessions();
    const response = await phoneA.on(serverB).post('/api/v1/accounts/password',
      { current_password: account.password, new_password: 'marmalade-orbit-77' });
    assert.equal(response.status, 204, explain(response));
    assertProblem(await laptopA.get('/api/v1/me'), 401);
    assertProblem(await laptopB.get('/api/v1/me'), 401);
    expectStatus(await phoneA.get('/api/v1/me'), 200);
  });

  test('a session revoked by SQL behind both servers\' backs is refused by both', async () => {
    const { laptopA, laptopB } = await twoSessions();
    const id = await currentSessionId(laptopA);
    await stack.sql.exec("UPDATE sessions SET revoked_at = now() WHERE id = :'id'", { id });
    assertProblem(await laptopA.get('/api/v1/me'), 401);
    assertProblem(await laptopB.get('/api/v1/me'), 401);
  });
});

describe('the touch', () => {
  async function sessionRow(id) {
    return stack.sql.row(`SELECT extract(epoch FROM now() - last_seen_at) AS seen_seconds_ago,
      extract(epoch FROM idle_expires_at - now()) / 86400 AS idle_days_left,
      extract(epoch FROM absolute_expires_at - now()) / 86400 AS absolute_days_left
      FROM sessions WHERE id = :'id'`, { id });
  }

  test('a session last seen over a minute ago is touched by its next request: last seen now, idle expiry 14 days on', async () => {
    const { laptopA, laptopB } = await twoSessions();
    const id = await currentSessionId(laptopA);
    await stack.sql.exec(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes',
      idle_expires_at = now() + interval '1 hour' WHERE id = :'id'`, { id });
    expectStatus(await laptopB.get('/api/v1/me'), 200);
    const row = await sessionRow(id);
    assert.ok(Number(row.seen_seconds_ago) < 30, `last seen ${row.seen_seconds_ago} s ago`);
    assert.ok(Math.abs(Number(row.idle_days_left) - 14) < 0.01, `idle expiry in ${row.idle_days_left} days`);
  });

  test('a session seen within the minute is not written again', async () => {
    const { laptopA, laptopB } = await twoSessions();
    const id = await currentSessionId(laptopA);
    await stack.sql.exec(`UPDATE sessions SET last_seen_at = now() - interval '30 seconds',
      idle_expires_at = now() + interval '1 hour' WHERE id = :'id'`, { id });
    expectStatus(await laptopB.get('/api/v1/me'), 200);
    const row = await sessionRow(id);
    assert.ok(Number(row.seen_seconds_ago) >= 30, `last seen ${row.seen_seconds_ago} s ago: touched too soon`);
    assert.ok(Number(row.idle_days_left) < 1, `idle expiry moved to ${row.idle_days_left} days`);
  });

  test('the touch never moves the idle expiry past the absolute one', async () => {
    const { laptopA } = await twoSessions();
    const id = await currentSessionId(laptopA);
    await stack.sql.exec(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes',
      absolute_expires_at = now() + interval '2 days' WHERE id = :'id'`, { id });
    expectStatus(await laptopA.get('/api/v1/me'), 200);
    const row = await sessionRow(id);
    assert.ok(Number(row.seen_seconds_ago) < 30, `last seen ${row.seen_seconds_ago} s ago`);
    assert.ok(Math.abs(Number(row.idle_days_left) - Number(row.absolute_days_left)) < 0.0001,
      `idle ${row.idle_days_left} days, absolute ${row.absolute_days_left} days`);
  });
});
