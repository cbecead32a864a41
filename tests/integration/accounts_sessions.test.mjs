// Sessions across server processes, and the touch that keeps an active session alive. A server
// keeps a session it read for at most a minute (accounts/session_cache.hpp); two servers share one
// database here. Whatever ends a session through one of them stops it there on the very next
// request, and on the other as soon as the event announcing it arrives through LISTEN/NOTIFY —
// these tests give that a few seconds and report how long it took. A session ended behind the
// servers' backs (SQL) is refused once the minute has passed. The touch (last seen, idle expiry
// pushed on) is written at most once a minute, when the session is read from the database; these
// tests see that it is written when due, only then, and never past the absolute expiry.
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

// The other server learns of a change through an event: poll until it refuses, and say how long.
async function refusedSoon(client, what) {
  const started = Date.now();
  for (;;) {
    const response = await client.get('/api/v1/me');
    if (response.status === 401) return Date.now() - started;
    assert.equal(response.status, 200, explain(response));
    assert.ok(Date.now() - started < 5000, `${what}: still accepted after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

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

describe('a session ended through one server is refused there at once, and by the other as soon as it hears', () => {
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

  test('sign-out on A: the same cookie is refused by A at once and by B when the event arrives', async () => {
    const { laptopA, laptopB, phoneB } = await twoSessions();
    const cookieHolder = laptopA.on(serverA);
    const response = await laptopA.delete('/api/v1/session');
    assert.equal(response.status, 204, explain(response));
    assertProblem(await cookieHolder.get('/api/v1/me'), 401);
    const waited = await refusedSoon(laptopB, 'signed out on A, used on B');
    assertProblem(await laptopB.request('PATCH', '/api/v1/me', { json: { display_name: 'Too Late' } }), 401);
    expectStatus(await phoneB.get('/api/v1/me'), 200);
    console.log(`# B refused the signed-out session ${waited} ms after the sign-out's answer`);
  });

  test('a session revoked through B is refused by B at once and by A when the event arrives; the revoking one works on both', async () => {
    const { laptopA, laptopB, phoneA, phoneB } = await twoSessions();
    const laptopSession = await currentSessionId(laptopA);
    const revoked = await phoneB.delete(`/api/v1/sessions/${laptopSession}`);
    assert.equal(revoked.status, 204, explain(revoked));
    assertProblem(await laptopB.get('/api/v1/me'), 401);
    await refusedSoon(laptopA, 'revoked on B, used on A');
    expectStatus(await phoneA.get('/api/v1/me'), 200);
    expectStatus(await phoneB.get('/api/v1/me'), 200);
  });

  test('a password changed through B ends the other sessions on B at once and on A when the event arrives', async () => {
    const { account, laptopA, laptopB, phoneA } = await twoSessions();
    const response = await phoneA.on(serverB).post('/api/v1/accounts/password',
      { current_password: account.password, new_password: 'marmalade-orbit-77' });
    assert.equal(response.status, 204, explain(response));
    assertProblem(await laptopB.get('/api/v1/me'), 401);
    await refusedSoon(laptopA, 'password changed on B, used on A');
    expectStatus(await phoneA.get('/api/v1/me'), 200);
  });

  test('a rename through B reaches the session as A knows it', async () => {
    const { laptopA, laptopB } = await twoSessions();
    expectStatus(await laptopA.get('/api/v1/session'), 200);
    expectStatus(await laptopB.request('PATCH', '/api/v1/me', { json: { display_name: 'New Name On B' } }), 200);
    const started = Date.now();
    for (;;) {
      const session = expectStatus(await laptopA.get('/api/v1/session'), 200);
      if (session.person.display_name === 'New Name On B') break;
      assert.ok(Date.now() - started < 5000, 'A still shows the old name after 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  test('a session revoked by SQL behind both servers\' backs is refused by both once their minute has passed', async () => {
    const { laptopA, laptopB } = await twoSessions();
    const id = await currentSessionId(laptopA);
    await stack.sql.exec("UPDATE sessions SET revoked_at = now() WHERE id = :'id'", { id });
    await stack.advanceClock(61);
    assertProblem(await laptopA.get('/api/v1/me'), 401);
    assertProblem(await laptopB.get('/api/v1/me'), 401);
  });
});

describe('the touch', () => {
  // Times are the servers' (tests move their clocks). Moving them on by more than a minute also
  // ends the minute each server keeps a session it read, so the next request reads it afresh.
  async function sessionRow(id, now) {
    return stack.sql.row(`SELECT extract(epoch FROM :'now'::timestamptz - last_seen_at) AS seen_seconds_ago,
      extract(epoch FROM idle_expires_at - :'now'::timestamptz) / 86400 AS idle_days_left,
      extract(epoch FROM absolute_expires_at - :'now'::timestamptz) / 86400 AS absolute_days_left
      FROM sessions WHERE id = :'id'`, { id, now });
  }

  test('a session last seen over a minute ago is touched by its next read: last seen now, idle expiry 14 days on', async () => {
    const { laptopA, laptopB } = await twoSessions();
    const id = await currentSessionId(laptopA);
    const now = await stack.advanceClock(61);
    await stack.sql.exec(`UPDATE sessions SET last_seen_at = :'now'::timestamptz - interval '2 minutes',
      idle_expires_at = :'now'::timestamptz + interval '1 hour' WHERE id = :'id'`, { id, now });
    expectStatus(await laptopB.get('/api/v1/me'), 200);
    const row = await sessionRow(id, now);
    assert.ok(Math.abs(Number(row.seen_seconds_ago)) < 30, `last seen ${row.seen_seconds_ago} s before the server's now`);
    assert.ok(Math.abs(Number(row.idle_days_left) - 14) < 0.01, `idle expiry in ${row.idle_days_left} days`);
  });

  test('a session seen within the minute is not written again', async () => {
    const { laptopA, laptopB } = await twoSessions();
    const id = await currentSessionId(laptopA);
    const now = await stack.advanceClock(61);
    await stack.sql.exec(`UPDATE sessions SET last_seen_at = :'now'::timestamptz - interval '30 seconds',
      idle_expires_at = :'now'::timestamptz + interval '1 hour' WHERE id = :'id'`, { id, now });
    expectStatus(await laptopB.get('/api/v1/me'), 200);
    const row = await sessionRow(id, now);
    assert.ok(Number(row.seen_seconds_ago) >= 29, `last seen ${row.seen_seconds_ago} s ago: touched too soon`);
    assert.ok(Number(row.idle_days_left) < 1, `idle expiry moved to ${row.idle_days_left} days`);
  });

  test('the touch never moves the idle expiry past the absolute one', async () => {
    const { laptopA } = await twoSessions();
    const id = await currentSessionId(laptopA);
    const now = await stack.advanceClock(61);
    await stack.sql.exec(`UPDATE sessions SET last_seen_at = :'now'::timestamptz - interval '2 minutes',
      absolute_expires_at = :'now'::timestamptz + interval '2 days' WHERE id = :'id'`, { id, now });
    expectStatus(await laptopA.get('/api/v1/me'), 200);
    const row = await sessionRow(id, now);
    assert.ok(Math.abs(Number(row.seen_seconds_ago)) < 30, `last seen ${row.seen_seconds_ago} s before the server's now`);
    assert.ok(Math.abs(Number(row.idle_days_left) - Number(row.absolute_days_left)) < 0.0001,
      `idle ${row.idle_days_left} days, absolute ${row.absolute_days_left} days`);
  });

  test('a session past its absolute expiry is refused even by a server that read it moments before', async () => {
    const { laptopA, laptopB } = await twoSessions();
    const id = await currentSessionId(laptopA);
    const now = await stack.advanceClock(61);
    await stack.sql.exec(`UPDATE sessions SET absolute_expires_at = :'now'::timestamptz + interval '20 seconds'
      WHERE id = :'id'`, { id, now });
    expectStatus(await laptopB.get('/api/v1/me'), 200);
    await stack.advanceClock(30);
    assertProblem(await laptopB.get('/api/v1/me'), 401);
  });
});
