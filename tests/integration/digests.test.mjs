// Notification digests and recognition: each person chooses a daily or weekly mail of what they
// have not read (or none), sent by the ticker of whichever server process gets there first —
// once, even with two processes on one database — to a real SMTP server on loopback; and a
// person's page shows what they have done (stories published, offers taken up, thanks received)
// only when they chose to show it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import mailparser from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { assertProblem, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack, eventually, freePort, sleep } from '../lib/harness.mjs';
import { createCategory, createThread, organisation, reply, unique } from './moderation_lib.mjs';

const { simpleParser } = mailparser;
const day = 24 * 3600;

// A plain SMTP server (no STARTTLS, no login) that keeps every mail it is given.
class MailCatcher {
  constructor() {
    this.received = [];
  }

  async start(port) {
    this.server = new SMTPServer({
      logger: false,
      hideSTARTTLS: true,
      authOptional: true,
      onData: (stream, session, callback) => {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', async () => {
          this.received.push({
            parsed: await simpleParser(Buffer.concat(chunks)),
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
        });
      },
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
  }

  async stop() {
    if (this.server) await new Promise((resolve) => this.server.close(resolve));
    this.server = null;
  }

  to(address) {
    return this.received.filter((m) => m.rcptTo.includes(address.toLowerCase()));
  }
}

let stack;
let catcher;
let admin;
let org;
let category;

before(async () => {
  catcher = new MailCatcher();
  const port = await freePort();
  await catcher.start(port);
  stack = await Stack.start({
    servers: 2,
    serverOptions: { args: ['--smtp-url', `smtp://127.0.0.1:${port}`, '--mail-from', 'plenary@example.org'] },
  });
  admin = await registerAccount(stack, { displayName: 'Site Admin' });
  org = await organisation(stack, admin, 'Digest');
  category = await createCategory(admin.client, org.branch.id, { visibility: 'members' });
});

after(async () => {
  await stack?.close();
  await catcher?.stop();
});

// ---------------------------------------------------------------------------------------------

const digestRows = (email) => stack.sql.rows(
  "SELECT id, subject, body_text, to_name, sent_at FROM mail_outbox WHERE kind = 'notification_digest' " +
  "AND lower(to_address) = lower(:'email') ORDER BY id", { email });

const preferencesRow = (personId) => stack.sql.row(
  'SELECT digest, digested_up_to, last_digest_at FROM notification_preferences WHERE person_id = :\'id\'',
  { id: personId });

async function choose(client, digest, showRecognition = false) {
  return expectStatus(await client.put('/api/v1/me/preferences', { digest, show_recognition: showRecognition }), 200);
}

// Waits until a digest run has looked at the person since `previous` (their last_digest_at then).
async function digestRunAfter(personId, previous = null) {
  return eventually(async () => {
    const row = await preferencesRow(personId);
    return row?.last_digest_at && row.last_digest_at !== previous ? row : null;
  }, { what: `a digest run for person ${personId}` });
}

// A fresh member of the branch with nothing unread, who has chosen `digest` and whose first
// digest run (nothing to tell, so no mail) has happened.
async function memberWithDigest(digest, label) {
  const account = await registerAccount(stack, { displayName: unique(label) });
  await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'",
    { id: account.person.id });
  expectStatus(await admin.client.post(`/api/v1/groups/${org.branch.id}/members`,
    { email: account.email, role: 'member' }), 201);
  await choose(account.client, digest);
  const first = await digestRunAfter(account.person.id);
  assert.deepEqual(await digestRows(account.email), [], 'nothing unread: no mail');
  return { ...account, lastDigestAt: first.last_digest_at };
}

// The digest mails to this address that reached the SMTP server (not the sign-up mail).
const digestsDelivered = (email) => catcher.to(email).filter((m) => /digest\)$/.test(m.parsed.subject));

// Waits until `count` digest mails to this address have reached the SMTP server.
async function deliveredDigest(email, count = 1) {
  return eventually(() => {
    const found = digestsDelivered(email);
    return found.length >= count ? found : null;
  }, { what: `${count} digest mail(s) to ${email} at the SMTP server` });
}

const textOf = (mail) => mail.parsed.text.replace(/\r\n/g, '\n');
const linkPattern = (path) => new RegExp(`http://127\\.0\\.0\\.1:\\d+${path.replace(/[?]/g, '\\?')}\\n`);

// ---------------------------------------------------------------------------------------------

describe('choosing a digest', () => {
  test('GET and PUT /api/v1/me/preferences; bad values change nothing; signed out is 401', async () => {
    const account = await registerAccount(stack, { displayName: unique('Chooser') });
    const client = account.client;
    assert.deepEqual(expectStatus(await client.get('/api/v1/me/preferences'), 200),
      { digest: 'off', show_recognition: false });

    assert.deepEqual(await choose(client, 'weekly', true), { digest: 'weekly', show_recognition: true });
    // Read back through the other server process.
    assert.deepEqual(expectStatus(await client.on(stack.servers[1]).get('/api/v1/me/preferences'), 200),
      { digest: 'weekly', show_recognition: true });

    // The digest ticker moves last_digest_at on its own: only the choices are compared.
    const choices = () => stack.sql.rows(
      'SELECT person_id, digest, show_recognition FROM notification_preferences ORDER BY person_id');
    const before = await choices();
    const bad = [
      [{ digest: 'monthly', show_recognition: true }, 'digest'],
      [{ digest: 'daily' }, 'show_recognition'],
      [{ digest: 'daily', show_recognition: 'yes' }, 'show_recognition'],
      [{ show_recognition: false }, 'digest'],
      [{ digest: 'daily', show_recognition: false, colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of bad) {
      const problem = assertProblem(await client.put('/api/v1/me/preferences', body), 422);
      assert.ok(problem.errors.some((e) => e.field === field), JSON.stringify(problem));
    }
    assertProblem(await client.put('/api/v1/me/preferences', undefined, { body: 'not json', contentType: 'application/json' }), 400);
    assert.deepEqual(await choices(), before, '422 changed nothing');

    const signedOut = client.fresh();
    assertProblem(await signedOut.get('/api/v1/me/preferences'), 401);
    assertProblem(await signedOut.put('/api/v1/me/preferences', { digest: 'off', show_recognition: false }), 401);
    // A cross-site form cannot change it.
    assertProblem(await client.put('/api/v1/me/preferences', { digest: 'off', show_recognition: false },
      { origin: 'http://evil.example' }), 403);
    assert.deepEqual(await choices(), before);

    assert.deepEqual(await choose(client, 'off', false), { digest: 'off', show_recognition: false });
  });
});

describe('daily digests', () => {
  test('one mail a day later, from one of two servers, listing each unread notification with its link', async () => {
    const reader = await memberWithDigest('daily', 'Dana Daily');
    const { thread, post } = await createThread(reader.client, category.id, { title: unique('Digest thread') });
    // member2 replies on the second server; the moderator mentions the reader; a third reply is
    // read before the digest and so is left out of it.
    const first = await reply(org.member2.client.on(stack.servers[1]), thread.id, { body: 'I agree.', parentId: post.id });
    const elsewhere = await createThread(org.member2.client, category.id, { title: unique('Other thread') });
    const mention = await reply(org.moderator.client, elsewhere.thread.id, { body: `What do you think, @person-${reader.person.id}?` });
    const readOne = await reply(org.member.client, thread.id, { body: 'Read this already.', parentId: post.id });
    const list = expectStatus(await reader.client.get('/api/v1/notifications'), 200);
    const readNotification = list.notifications.find((n) => n.post_id === readOne.id);
    assert.ok(readNotification, JSON.stringify(list));
    expectStatus(await reader.client.post('/api/v1/notifications/read', { ids: [readNotification.id] }), 204);

    // Not a day yet: nothing.
    await sleep(2500);
    assert.deepEqual(await digestRows(reader.email), [], 'no digest before the day is over');

    await stack.advanceClock(day + 5);
    const [mail] = await deliveredDigest(reader.email);
    await eventually(async () => (await digestRows(reader.email))[0]?.sent_at, { what: 'the digest sent' });
    await sleep(2500);  // both servers have ticked more than once since
    const rows = await digestRows(reader.email);
    assert.equal(rows.length, 1, 'exactly one digest queued, whichever server sent it');
    assert.equal(digestsDelivered(reader.email).length, 1, 'exactly one digest delivered');

    assert.equal(mail.parsed.subject, 'Plenary: 2 unread notifications (your daily digest)');
    assert.equal(rows[0].subject, mail.parsed.subject);
    assert.equal(mail.parsed.to.value[0].name, reader.person.display_name);
    const text = textOf(mail);
    assert.match(text, new RegExp(`^Hello ${reader.person.display_name},`));
    assert.ok(text.includes(`${org.member2.person.display_name} replied to your post in "${thread.title}".`), text);
    assert.match(text, linkPattern(`/threads/${thread.id}?post=${first.id}`));
    assert.ok(text.includes(`${org.moderator.person.display_name} mentioned you in "${elsewhere.thread.title}".`), text);
    assert.match(text, linkPattern(`/threads/${elsewhere.thread.id}?post=${mention.id}`));
    assert.ok(!text.includes(`post=${readOne.id}\n`), 'the notification already read is not in the digest');
    assert.match(text, linkPattern('/profile'), 'says where to change the choice');
    assert.ok(text.indexOf(`post=${first.id}`) < text.indexOf(`post=${mention.id}`), 'oldest first');

    const afterFirst = await preferencesRow(reader.person.id);
    assert.notEqual(afterFirst.last_digest_at, reader.lastDigestAt);
    const newest = Number(await stack.sql.value(
      "SELECT max(id) FROM notifications WHERE person_id = :'id'", { id: reader.person.id }));
    assert.equal(Number(afterFirst.digested_up_to), newest);

    // Another day with nothing new (the two still unread were told already): no mail, but the
    // run is recorded.
    await stack.advanceClock(day + 5);
    await digestRunAfter(reader.person.id, afterFirst.last_digest_at);
    await sleep(1500);
    assert.equal((await digestRows(reader.email)).length, 1, 'no mail when nothing new is unread');

    // Something new: the next day's digest tells only that.
    const later = await reply(org.member2.client, thread.id, { body: 'One more thing.', parentId: post.id });
    const beforeSecond = (await preferencesRow(reader.person.id)).last_digest_at;
    await stack.advanceClock(day + 5);
    await digestRunAfter(reader.person.id, beforeSecond);
    const mails = await deliveredDigest(reader.email, 2);
    assert.equal(mails[1].parsed.subject, 'Plenary: 1 unread notification (your daily digest)');
    const secondText = textOf(mails[1]);
    assert.match(secondText, linkPattern(`/threads/${thread.id}?post=${later.id}`));
    assert.ok(!secondText.includes(`post=${first.id}\n`), 'what was told before is not told again');
    await sleep(1500);
    assert.equal((await digestRows(reader.email)).length, 2);
  });

  test('nothing unread: no mail, and the next digest is still a day away', async () => {
    const reader = await memberWithDigest('daily', 'Nora Nothing');
    const { thread, post } = await createThread(reader.client, category.id, { title: unique('Quiet thread') });
    await reply(org.member2.client, thread.id, { body: 'Hello.', parentId: post.id });
    expectStatus(await reader.client.post('/api/v1/notifications/read', { all: true }), 204);
    await stack.advanceClock(day + 5);
    await digestRunAfter(reader.person.id, reader.lastDigestAt);
    await sleep(1500);
    assert.deepEqual(await digestRows(reader.email), []);
    assert.equal(digestsDelivered(reader.email).length, 0);
  });

  test('notifications about a post hidden since are not in the digest', async () => {
    const reader = await memberWithDigest('daily', 'Hana Hidden');
    const { thread, post } = await createThread(reader.client, category.id, { title: unique('Hidden thread') });
    const kept = await reply(org.member2.client, thread.id, { body: 'Fair point.', parentId: post.id });
    const rude = await reply(org.member.client, thread.id, { body: 'Something rude.', parentId: post.id });
    expectStatus(await org.moderator.client.post(`/api/v1/posts/${rude.id}/hide`, { reason: 'Insults' }), 200);
    await stack.advanceClock(day + 5);
    const [mail] = await deliveredDigest(reader.email);
    assert.equal(mail.parsed.subject, 'Plenary: 1 unread notification (your daily digest)');
    assert.ok(textOf(mail).includes(`post=${kept.id}\n`), textOf(mail));
    assert.ok(!textOf(mail).includes(`post=${rude.id}\n`), 'the hidden post is left out');
  });
  test('a notification about a page links to it; an address not confirmed gets no digest', async () => {
    const reader = await memberWithDigest('daily', 'Olga Offers');
    const unconfirmed = await registerAccount(stack, { displayName: unique('Una Unconfirmed'), verify: false });
    await choose(unconfirmed.client, 'daily');
    const unconfirmedFirst = await digestRunAfter(unconfirmed.person.id);
    // Offers to help are the offers module's; a notification like the ones it writes will do.
    for (const personId of [reader.person.id, unconfirmed.person.id]) {
      await stack.sql.exec(
        `INSERT INTO notifications (person_id, kind, actor_id, detail, link)
         VALUES (:'person', 'offer_received', :'actor', 'Leafleting, weekday evenings', '/offers/42')`,
        { person: personId, actor: org.member2.person.id });
    }
    await stack.advanceClock(day + 5);
    const [mail] = await deliveredDigest(reader.email);
    assert.ok(textOf(mail).includes(`${org.member2.person.display_name} offered to help.\n` +
      '   Leafleting, weekday evenings\n'), textOf(mail));
    assert.match(textOf(mail), linkPattern('/offers/42'));

    await digestRunAfter(unconfirmed.person.id, unconfirmedFirst.last_digest_at);
    await sleep(1500);
    assert.deepEqual(await digestRows(unconfirmed.email), [], 'nothing is mailed to an address not confirmed');
  });
});

describe('weekly digests', () => {
  test('a weekly digest waits seven days', async () => {
    const reader = await memberWithDigest('weekly', 'Wren Weekly');
    const { thread, post } = await createThread(reader.client, category.id, { title: unique('Weekly thread') });
    const answer = await reply(org.member2.client, thread.id, { body: 'Noted.', parentId: post.id });

    await stack.advanceClock(day + 5);
    await sleep(2500);
    assert.deepEqual(await digestRows(reader.email), [], 'not after one day');
    await stack.advanceClock(5 * day);
    await sleep(2500);
    assert.deepEqual(await digestRows(reader.email), [], 'not after six days');

    await stack.advanceClock(day);
    const [mail] = await deliveredDigest(reader.email);
    assert.equal(mail.parsed.subject, 'Plenary: 1 unread notification (your weekly digest)');
    assert.match(textOf(mail), linkPattern(`/threads/${thread.id}?post=${answer.id}`));
    assert.match(textOf(mail), /once a week/);
    await sleep(2500);
    assert.equal((await digestRows(reader.email)).length, 1, 'one weekly digest from two servers');
  });

  test('switching off stops digests; switching on again sends the first at once', async () => {
    const reader = await memberWithDigest('daily', 'Otto Off');
    await choose(reader.client, 'off');
    const { thread, post } = await createThread(reader.client, category.id, { title: unique('Off thread') });
    await reply(org.member2.client, thread.id, { body: 'Hi.', parentId: post.id });
    await stack.advanceClock(day + 5);
    await sleep(2500);
    assert.deepEqual(await digestRows(reader.email), [], 'no digest while off');

    const before = (await preferencesRow(reader.person.id)).last_digest_at;
    await choose(reader.client, 'weekly');
    await digestRunAfter(reader.person.id, before);
    const [mail] = await deliveredDigest(reader.email);
    assert.equal(mail.parsed.subject, 'Plenary: 1 unread notification (your weekly digest)');
  });
});

// ---------------------------------------------------------------------------------------------

describe('recognition on the person page', () => {
  const page = async (client, personId) => client.get(`/api/v1/people/${personId}`);

  test('hidden from others until chosen; the person always sees it; thanks counted on shown posts', async () => {
    const doer = await registerAccount(stack, { displayName: unique('Rita Recognised') });
    await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'",
      { id: doer.person.id });
    expectStatus(await admin.client.post(`/api/v1/groups/${org.branch.id}/members`,
      { email: doer.email, role: 'member' }), 201);
    const viewer = org.member2.client;

    const { thread, post } = await createThread(doer.client, category.id, { title: unique('Thanks thread') });
    const second = await reply(doer.client, thread.id, { body: 'And another idea.', parentId: post.id });
    const thirdPost = await reply(doer.client, thread.id, { body: 'A third idea, to be deleted.', parentId: post.id });
    const others = await reply(org.member.client, thread.id, { body: 'Not the doer’s post.', parentId: post.id });
    for (const [client, postId] of [[org.member2.client, post.id], [org.member.client, post.id],
      [org.moderator.client, second.id], [org.member.client, thirdPost.id], [org.member2.client, others.id]]) {
      expectStatus(await client.post(`/api/v1/posts/${postId}/thanks`), 201);
    }

    const hidden = expectStatus(await page(viewer, doer.person.id), 200);
    assert.equal(hidden.recognition, null, 'not shown to others before it is chosen');
    assert.equal(hidden.recognition_public, false);
    const own = expectStatus(await page(doer.client, doer.person.id), 200);
    assert.deepEqual(own.recognition, { stories_published: 0, offers_taken_up: 0, thanks_received: 4 });
    assert.equal(own.recognition_public, false);

    await choose(doer.client, 'off', true);
    const shown = expectStatus(await page(viewer.on(stack.servers[1]), doer.person.id), 200);
    assert.deepEqual(shown.recognition, { stories_published: 0, offers_taken_up: 0, thanks_received: 4 });
    assert.equal(shown.recognition_public, true);

    // A deleted post's thanks no longer count; a thank-you taken back neither.
    expectStatus(await doer.client.delete(`/api/v1/posts/${thirdPost.id}`), 204);
    expectStatus(await org.moderator.client.delete(`/api/v1/posts/${second.id}/thanks`), 200);
    assert.equal(expectStatus(await page(viewer, doer.person.id), 200).recognition.thanks_received, 2);

    // Whoever may not see the person page at all learns nothing.
    const outsider = await registerAccount(stack, { displayName: unique('Outsider') });
    assertProblem(await page(outsider.client, doer.person.id), 404);
    assertProblem(await page(outsider.client.fresh(), doer.person.id), 404);

    await choose(doer.client, 'off', false);
    assert.equal(expectStatus(await page(viewer, doer.person.id), 200).recognition, null, 'hidden again');
  });

  // Stories and offers belong to the stories and offers helpers (schema 0012 and 0013, landing
  // with this change): rows are seeded by SQL in the columns those migrations define. Skipped
  // while the tables do not exist.
  test('stories published and offers taken up count (needs schema 0012 stories and 0013 offers)', async (t) => {
    const present = await stack.sql.value(
      "SELECT to_regclass('public.stories') IS NOT NULL AND to_regclass('public.volunteer_offers') IS NOT NULL AS present");
    if (!present) {
      t.skip('the stories and volunteer_offers tables are not there yet');
      return;
    }
    const doer = await registerAccount(stack, { displayName: unique('Sam Stories') });
    expectStatus(await admin.client.post(`/api/v1/groups/${org.branch.id}/members`,
      { email: doer.email, role: 'member' }), 201);
    const story = async (status, published) => {
      const { thread } = await createThread(admin.client, category.id, { title: unique('Story discussion') });
      await stack.sql.exec(
        `INSERT INTO stories (author_id, title, body_markdown, body_html, status, published_at, thread_id,
           submitted_at, updated_at)
         VALUES (:'author', 'A story', 'Text', '<p>Text</p>', :'status',
           ${published ? 'now()' : 'NULL'}, ${published ? ":'thread'" : 'NULL'}, now(), now())`,
        { author: doer.person.id, status, thread: thread.id });
    };
    await story('published', true);
    await story('published', true);
    await story('submitted', false);
    await story('declined', false);
    const offer = (outcome, personId = doer.person.id) => stack.sql.exec(
      `INSERT INTO volunteer_offers (person_id, name, email, status, created_at, confirmed_at, routed_at,
         acknowledged_at, outcome, outcome_at)
       VALUES (:'person', 'Sam', 'sam@example.org', 'answered', now(), now(), now(), now(), :'outcome', now())`,
      { person: personId, outcome });
    await offer('matched');
    await offer('contacted');
    await offer('not_now');
    await offer('matched', org.member.person.id);

    await choose(doer.client, 'off', true);
    const shown = expectStatus(await page(org.member2.client, doer.person.id), 200);
    assert.deepEqual(shown.recognition, { stories_published: 2, offers_taken_up: 1, thanks_received: 0 });
  });
});
