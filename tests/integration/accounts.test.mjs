// Accounts and sessions: register → verify → sign in, the first account administers the site,
// sign-out, revoked and expired sessions, CSRF and cross-site refusals, and the sign-in rate
// limits.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import {
  assertProblem, expectStatus, goodPassword, mailedLink, registerAccount, uniqueEmail, verificationToken,
} from '../lib/builders.mjs';
import { ApiClient, Stack, explain, plenaryBinary } from '../lib/harness.mjs';

let stack;
let admin;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack, { displayName: 'First Person' });
});

after(async () => {
  await stack?.close();
});

const domainTables = ['persons', 'account_tokens', 'groups', 'memberships', 'events'];

async function currentSessionId(client) {
  const list = expectStatus(await client.get('/api/v1/sessions'), 200).sessions;
  const current = list.filter((s) => s.current);
  assert.equal(current.length, 1, `exactly one current session: ${JSON.stringify(list)}`);
  return current[0].id;
}

describe('register, verify, sign in', () => {
  test('the first account of the instance is its site admin; later ones are not', async () => {
    assert.equal(admin.person.site_admin, true, JSON.stringify(admin.person));
    const later = await registerAccount(stack);
    assert.equal(later.person.site_admin, false, JSON.stringify(later.person));
    const me = expectStatus(await admin.client.get('/api/v1/me'), 200);
    assert.equal(me.person.site_admin, true);
    assert.deepEqual(me.memberships, []);
  });

  test('register → token by mail → verify → sign in', async () => {
    await stack.sql.exec('DELETE FROM rate_limits');
    const email = uniqueEmail('flow');
    const client = new ApiClient(stack.server);
    const from = stack.server.logs.length;
    const created = await client.post('/api/v1/accounts',
      { email, password: goodPassword, display_name: 'Ada Lovelace' });
    const person = expectStatus(created, 201).person;
    assert.equal(person.email, email);
    assert.equal(person.display_name, 'Ada Lovelace');
    assert.equal(person.email_verified, false);
    assert.equal(person.site_admin, false);
    assert.equal(typeof person.id, 'number');
    assert.doesNotMatch(created.text, /password|hash/i, 'the response mentions the password');
    const stored = await stack.sql.row("SELECT password_hash, email_verified_at FROM persons WHERE id = :'id'",
      { id: person.id });
    assert.notEqual(stored.password_hash, goodPassword);
    assert.ok(!stored.password_hash.includes(goodPassword));
    assert.equal(stored.email_verified_at, null);

    // The link goes by mail (queued with the token, in the same transaction), never to the log.
    const mailed = await mailedLink(stack, email, 'verify_email');
    assert.equal(mailed.url, `${stack.server.origin}/verify-email?token=${mailed.token}`);
    assert.equal(mailed.mail.subject, 'Confirm your email address for Plenary');
    assert.ok(!stack.server.logs.slice(from).some((l) => JSON.stringify(l).includes(mailed.token)),
      'the token is in the log');

    // Unverified people may sign in.
    const early = expectStatus(await client.signIn(email, goodPassword), 200);
    assert.equal(early.person.email_verified, false);
    assert.equal(typeof early.csrf_token, 'string');
    assert.ok(early.csrf_token.length >= 16);

    const cookie = client.setCookieHeaders.find((c) => c.startsWith('plenary_session='));
    assert.ok(cookie, `no plenary_session cookie: ${client.setCookieHeaders}`);
    assert.match(cookie, /;\s*HttpOnly/i);
    assert.match(cookie, /;\s*SameSite=Lax/i);
    assert.match(cookie, /;\s*Path=\/(;|$)/i);
    assert.doesNotMatch(cookie, /;\s*Secure/i, 'Secure cookie over plain HTTP would never be sent back');

    const verified = expectStatus(await client.post('/api/v1/accounts/verify-email', { token: mailed.token }), 200);
    assert.equal(verified.person.email_verified, true);
    const session = expectStatus(await client.get('/api/v1/session'), 200);
    assert.equal(session.person.id, person.id);
    assert.equal(session.person.email_verified, true);
    assert.equal(session.csrf_token, early.csrf_token);

    // A token works once.
    const again = await client.post('/api/v1/accounts/verify-email', { token: mailed.token });
    const problem = assertProblem(again, 422);
    assert.ok(problem.errors?.some((e) => e.field === 'token'), explain(again));
  });

  test('a made-up verification token is refused on the token field', async () => {
    const response = await new ApiClient(stack.server).post('/api/v1/accounts/verify-email',
      { token: 'A'.repeat(43) });
    const problem = assertProblem(response, 422);
    assert.ok(problem.errors?.some((e) => e.field === 'token'), explain(response));
  });

  test('an address already taken is 409 email_taken, whatever its case, and nothing is written', async () => {
    await stack.sql.exec('DELETE FROM rate_limits');
    const before = await stack.sql.fingerprint(domainTables);
    for (const email of [admin.email, admin.email.toUpperCase()]) {
      const response = await new ApiClient(stack.server).post('/api/v1/accounts',
        { email, password: goodPassword, display_name: 'Copy Cat' });
      assertProblem(response, 409, 'email_taken');
    }
    assert.deepEqual(await stack.sql.fingerprint(domainTables), before);
  });

  test('a wrong password or unknown address is 401 bad_credentials, with the same words', async () => {
    await stack.sql.exec('DELETE FROM rate_limits');
    const wrong = await new ApiClient(stack.server).signIn(admin.email, 'not-the-password-at-all');
    const unknown = await new ApiClient(stack.server).signIn(uniqueEmail('nobody'), goodPassword);
    for (const response of [wrong, unknown]) {
      const problem = assertProblem(response, 401, 'bad_credentials');
      assert.match(problem.detail, /^The email( address)? or password is not right\.$/);
      assert.equal(response.headers.getSetCookie().length, 0, 'a cookie was set on failure');
    }
    // Nothing tells whether the address has an account.
    assert.equal(wrong.text, unknown.text);
  });

  test('signed out: GET /api/v1/session and /api/v1/me are 401', async () => {
    const anonymous = new ApiClient(stack.server);
    assertProblem(await anonymous.get('/api/v1/session'), 401);
    assertProblem(await anonymous.get('/api/v1/me'), 401);
  });

  test('a cookie that was never issued is not a session', async () => {
    const forged = new ApiClient(stack.server);
    forged.cookies.set('plenary_session', 'x'.repeat(43));
    assertProblem(await forged.get('/api/v1/me'), 401);
  });
});

describe('sessions end', () => {
  test('sign-out clears the cookie, and the old cookie no longer works', async () => {
    const account = await registerAccount(stack);
    const stolen = account.client.cookieHeader();
    const response = await account.client.delete('/api/v1/session');
    assert.equal(response.status, 204, explain(response));
    assert.equal(account.client.cookies.has('plenary_session'), false,
      `the cookie was not cleared: ${account.client.setCookieHeaders}`);
    const replay = new ApiClient(stack.server);
    replay.cookies.set('plenary_session', stolen.split('=').slice(1).join('='));
    assertProblem(await replay.get('/api/v1/me'), 401);
  });

  test('a revoked session is refused; the one that revoked it still works', async () => {
    const account = await registerAccount(stack);
    const laptop = account.client;
    const phone = new ApiClient(stack.server);
    expectStatus(await phone.signIn(account.email, account.password), 200);
    const laptopSession = await currentSessionId(laptop);
    const phoneSession = await currentSessionId(phone);
    assert.notEqual(laptopSession, phoneSession);
    const listed = expectStatus(await phone.get('/api/v1/sessions'), 200).sessions.map((s) => s.id);
    assert.ok(listed.includes(laptopSession) && listed.includes(phoneSession), JSON.stringify(listed));

    const revoked = await phone.delete(`/api/v1/sessions/${laptopSession}`);
    assert.equal(revoked.status, 204, explain(revoked));
    assertProblem(await laptop.get('/api/v1/me'), 401);
    expectStatus(await phone.get('/api/v1/me'), 200);
    const row = await stack.sql.row("SELECT revoked_at FROM sessions WHERE id = :'id'", { id: laptopSession });
    assert.notEqual(row.revoked_at, null);
  });

  test("someone else's session cannot be revoked", async () => {
    const victim = await registerAccount(stack);
    const other = await registerAccount(stack);
    const victimSession = await currentSessionId(victim.client);
    const response = await other.client.delete(`/api/v1/sessions/${victimSession}`);
    assert.ok([403, 404].includes(response.status), explain(response));
    assertProblem(response, response.status);
    expectStatus(await victim.client.get('/api/v1/me'), 200);
  });

  test('a session past its idle expiry is refused', async () => {
    const account = await registerAccount(stack);
    const id = await currentSessionId(account.client);
    await stack.sql.exec("UPDATE sessions SET idle_expires_at = now() - interval '1 minute' WHERE id = :'id'", { id });
    // The server keeps a session it read for at most a minute (an expiry set behind its back,
    // here by SQL, counts once that minute is over; accounts_sessions tests the natural one).
    await stack.advanceClock(61);
    assertProblem(await account.client.get('/api/v1/me'), 401);
    assertProblem(await account.client.get('/api/v1/session'), 401);
  });

  test('a session past its absolute expiry is refused, even if recently used', async () => {
    const account = await registerAccount(stack);
    const id = await currentSessionId(account.client);
    await stack.sql.exec(
      "UPDATE sessions SET absolute_expires_at = now() - interval '1 second', " +
      "idle_expires_at = now() + interval '1 day' WHERE id = :'id'", { id });
    await stack.advanceClock(61);
    assertProblem(await account.client.get('/api/v1/me'), 401);
  });

  test('changing the password signs out the other sessions', async () => {
    const account = await registerAccount(stack);
    const other = new ApiClient(stack.server);
    expectStatus(await other.signIn(account.email, account.password), 200);
    const newPassword = 'marmalade-orbit-77';
    const response = await account.client.post('/api/v1/accounts/password',
      { current_password: account.password, new_password: newPassword });
    assert.equal(response.status, 204, explain(response));
    expectStatus(await account.client.get('/api/v1/me'), 200);
    assertProblem(await other.get('/api/v1/me'), 401);
    await stack.sql.exec('DELETE FROM rate_limits');
    assertProblem(await new ApiClient(stack.server).signIn(account.email, account.password), 401, 'bad_credentials');
    expectStatus(await new ApiClient(stack.server).signIn(account.email, newPassword), 200);
  });
});

describe('cross-site requests', () => {
  test('a signed-in POST without X-CSRF-Token is 403 csrf_token_missing and changes nothing', async () => {
    const before = await stack.sql.fingerprint(domainTables);
    const missing = await admin.client.post('/api/v1/groups', { name: 'Sneaky', kind: 'national' }, { csrf: false });
    assertProblem(missing, 403, 'csrf_token_missing');
    const wrong = await admin.client.post('/api/v1/groups', { name: 'Sneaky', kind: 'national' },
      { headers: { 'x-csrf-token': 'not-the-token' } });
    assertProblem(wrong, 403, 'csrf_token_missing');
    const patch = await admin.client.patch('/api/v1/me', { display_name: 'Changed' }, { csrf: false });
    assertProblem(patch, 403, 'csrf_token_missing');
    assert.deepEqual(await stack.sql.fingerprint(domainTables), before);
  });

  test('a POST from another site is 403 cross_site_request, even with the right token', async () => {
    const before = await stack.sql.fingerprint(domainTables);
    const sessionsBefore = await stack.sql.count('sessions');
    const evil = { origin: 'https://evil.example' };
    assertProblem(await admin.client.post('/api/v1/groups', { name: 'Evil', kind: 'national' }, evil),
      403, 'cross_site_request');
    assertProblem(await admin.client.delete('/api/v1/session', evil), 403, 'cross_site_request');
    // Sign-in and registration need no token, but the Origin check still holds.
    await stack.sql.exec('DELETE FROM rate_limits');
    const anonymous = new ApiClient(stack.server);
    assertProblem(await anonymous.post('/api/v1/session', { email: admin.email, password: admin.password }, evil),
      403, 'cross_site_request');
    assertProblem(await anonymous.post('/api/v1/accounts',
      { email: uniqueEmail('evil'), password: goodPassword, display_name: 'Evil' }, evil), 403, 'cross_site_request');
    // Browsers that send Sec-Fetch-Site say so too.
    assertProblem(await admin.client.post('/api/v1/groups', { name: 'Evil', kind: 'national' },
      { headers: { 'sec-fetch-site': 'cross-site' } }), 403, 'cross_site_request');
    assert.deepEqual(await stack.sql.fingerprint(domainTables), before);
    assert.equal(await stack.sql.count('sessions'), sessionsBefore);
    // The admin's session survived the attempt to sign it out.
    expectStatus(await admin.client.get('/api/v1/me'), 200);
  });
});

describe('rate limits', () => {
  test('failed sign-ins to one account are limited: 429 with Retry-After, then even the right password waits', async () => {
    const account = await registerAccount(stack, { signIn: false });
    await stack.sql.exec('DELETE FROM rate_limits');
    const statuses = [];
    let limited = null;
    for (let attempt = 0; attempt < 30 && !limited; ++attempt) {
      const response = await new ApiClient(stack.server).signIn(account.email, `wrong-password-${attempt}`);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else assertProblem(response, 401, 'bad_credentials');
    }
    assert.ok(limited, `no 429 after ${statuses.length} failed sign-ins: ${statuses}`);
    assert.ok(statuses.length >= 3, `limited after only ${statuses.length} attempts`);
    assertProblem(limited, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 3600,
      `Retry-After: ${limited.headers.get('retry-after')}`);
    const right = await new ApiClient(stack.server).signIn(account.email, account.password);
    assertProblem(right, 429);
    // Another account is not affected.
    expectStatus(await new ApiClient(stack.server).signIn(admin.email, admin.password), 200);
  });

  test('sign-ins from one address are limited across accounts (--address-rate-limit)', async () => {
    // A server of its own with a small limit, so the test needs few attempts.
    const limit = 5;
    const server = await stack.startServer({ args: ['--address-rate-limit', String(limit)] });
    await stack.sql.exec('DELETE FROM rate_limits');
    let limited = null;
    let attempts = 0;
    while (attempts < limit + 5 && !limited) {
      ++attempts;
      const response = await new ApiClient(server).signIn(uniqueEmail('spray'), goodPassword);
      if (response.status === 429) limited = response;
      else assertProblem(response, 401, 'bad_credentials');
    }
    assert.ok(limited, `no 429 after ${attempts} sign-ins to different accounts from one address`);
    assert.equal(attempts, limit + 1, `limited at attempt ${attempts} with a limit of ${limit}`);
    assertProblem(limited, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0, `Retry-After: ${limited.headers.get('retry-after')}`);
    // Registration from the same address is held back too, and nothing is written.
    const before = await stack.sql.count('persons');
    const register = await new ApiClient(server).post('/api/v1/accounts',
      { email: uniqueEmail('late'), password: goodPassword, display_name: 'Late' });
    assertProblem(register, 429);
    assert.equal(await stack.sql.count('persons'), before);
    await stack.sql.exec('DELETE FROM rate_limits');
  });
});

describe('password reset', () => {
  test('reset: 202 for any address, token by mail, new password works, all sessions end', async () => {
    const account = await registerAccount(stack);
    const anonymous = new ApiClient(stack.server);
    const unknown = await anonymous.post('/api/v1/accounts/password-reset', { email: uniqueEmail('ghost') });
    assert.equal(unknown.status, 202, explain(unknown));
    const known = await anonymous.post('/api/v1/accounts/password-reset', { email: account.email });
    assert.equal(known.status, 202, explain(known));
    const line = await mailedLink(stack, account.email, 'password_reset');
    assert.equal(await stack.sql.count('mail_outbox', "kind = 'password_reset' AND to_address NOT IN " +
      '(SELECT email FROM persons)'), 0, 'no mail to an unknown address');
    const newPassword = 'quartz-meadow-5150';
    const done = await anonymous.post('/api/v1/accounts/password-reset/complete', { token: line.token, new_password: newPassword });
    assert.equal(done.status, 204, explain(done));
    assertProblem(await account.client.get('/api/v1/me'), 401);
    expectStatus(await new ApiClient(stack.server).signIn(account.email, newPassword), 200);
    const reused = await anonymous.post('/api/v1/accounts/password-reset/complete', { token: line.token, new_password: 'another-good-one-1' });
    assertProblem(reused, 422);
  });

  test('the verification token of a new account also comes on resend', async () => {
    const account = await registerAccount(stack, { verify: false });
    const response = await account.client.post('/api/v1/accounts/resend-verification');
    assert.equal(response.status, 202, explain(response));
    const token = await verificationToken(stack, account.email);
    assert.notEqual(token, account.token);
    expectStatus(await account.client.post('/api/v1/accounts/verify-email', { token }), 200);
  });
});

describe('mail without an SMTP server', () => {
  test('plenary outbox prints what waits, so a trial can still follow its sign-up link', async () => {
    const account = await registerAccount(stack, { verify: false, displayName: 'Otto Outbox' });
    const { stdout } = await promisify(execFile)(plenaryBinary(), ['outbox', '--database-url', stack.databaseUrl]);
    assert.match(stdout, new RegExp(`To: Otto Outbox <${account.email.replace(/[.+]/g, '\\$&')}>`));
    assert.ok(stdout.includes(`/verify-email?token=${account.token}`), stdout);
  });
});
