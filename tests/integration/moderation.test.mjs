// Moderation: flags and the queue (a group's moderators and the officers above it), resolving,
// suspensions that stop posting with a clear message, the posting limits, and the public,
// append-only moderation log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addMember, expectStatus, registerAccount } from '../lib/builders.mjs';
import { ApiClient, Stack, explain } from '../lib/harness.mjs';
import {
  agePosts, assertRefused, createCategory, createThread, hoursFromNow, notificationsOf,
  organisation, reply, unique,
} from './moderation_lib.mjs';

let stack;
let admin;
let org;
let category;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack, { displayName: 'Site Admin' });
  assert.equal(admin.person.site_admin, true);
  org = await organisation(stack, admin);
  category = await createCategory(admin.client, org.branch.id, { visibility: 'members' });
});

after(async () => {
  await stack?.close();
});

const queueOf = async (client, groupId, query = '') =>
  client.get(`/api/v1/groups/${groupId}/moderation/queue${query}`);
const itemFor = (queue, postId) => queue.items.find((item) => item.post.id === postId);
const logOf = async (client, groupId, query = '') =>
  expectStatus(await client.get(`/api/v1/groups/${groupId}/moderation/log${query}`), 200);

describe('flags and the moderation queue', () => {
  test('a flag reaches the group moderator and an officer of the group above, not a member', async () => {
    const { thread, post } = await createThread(org.member.client, category.id, { title: unique('Flagged') });
    const flagged = await org.member2.client.post(`/api/v1/posts/${post.id}/flags`,
      { reason: 'spam', detail: 'Selling watches' });
    const flag = expectStatus(flagged, 201).flag;
    assert.equal(typeof flag.id, 'number');
    const row = await stack.sql.row("SELECT post_id, flagger_id, reason, detail, resolved_at FROM flags WHERE id = :'id'",
      { id: flag.id });
    assert.deepEqual(row, { post_id: post.id, flagger_id: org.member2.person.id, reason: 'spam',
      detail: 'Selling watches', resolved_at: null });

    for (const [who, groupId] of [[org.moderator, org.branch.id], [org.nationalOfficer, org.branch.id],
      [org.nationalOfficer, org.national.id], [admin, org.national.id]]) {
      const queue = expectStatus(await queueOf(who.client, groupId), 200);
      const item = itemFor(queue, post.id);
      assert.ok(item, `${who.person.display_name} sees the flagged post in group ${groupId}: ${JSON.stringify(queue)}`);
      assert.deepEqual(item.thread, { id: thread.id, title: thread.title });
      assert.deepEqual(item.group, { id: org.branch.id, name: org.branch.name });
      assert.equal(item.post.author.id, org.member.person.id);
      assert.match(item.post.body_html, /opening post/);
      assert.deepEqual(item.flags.map((f) => [f.id, f.reason, f.detail, f.flagger.id]),
        [[flag.id, 'spam', 'Selling watches', org.member2.person.id]]);
      assert.equal(typeof item.flags[0].created_at, 'string');
      assert.ok('next_cursor' in queue);
    }

    const refused = assertRefused(await queueOf(org.member.client, org.branch.id), 403, 'not_a_moderator');
    assert.match(refused.detail, /moderators/);
    // A branch moderator does not moderate the group above.
    assertRefused(await queueOf(org.moderator.client, org.national.id), 403, 'not_a_moderator');
    assertRefused(await queueOf(org.member.client.fresh(), org.branch.id), 401);
  });

  test('flagging: once per person while open, not by those who cannot read it, a reason that is explained', async () => {
    const { post } = await createThread(org.member.client, category.id, { title: unique('Twice') });
    expectStatus(await org.member2.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'abuse' }), 201);
    assertRefused(await org.member2.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'spam' }), 409);
    assertRefused(await org.outsider.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'spam' }), 403, 'not_a_member');
    const other = assertRefused(
      await org.moderator.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'other' }), 422);
    assert.deepEqual(other.errors.map((e) => e.field), ['detail']);
    const reason = assertRefused(
      await org.moderator.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'boring' }), 422);
    assert.deepEqual(reason.errors.map((e) => e.field), ['reason']);
    assertRefused(await org.moderator.client.post('/api/v1/posts/999999999/flags', { reason: 'spam' }), 404);
    expectStatus(await org.moderator.client.post(`/api/v1/posts/${post.id}/flags`,
      { reason: 'other', detail: 'Personal details of someone' }), 201);
    assert.equal(await stack.sql.count('flags', "post_id = :'p' AND resolved_at IS NULL", { p: post.id }), 2);
  });

  test('resolving takes the post off the queue, once, and is logged', async () => {
    const { post } = await createThread(org.member.client, category.id, { title: unique('Resolve') });
    const flag = expectStatus(await org.member2.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'off_topic' }), 201).flag;
    assertRefused(await org.member.client.post(`/api/v1/flags/${flag.id}/resolve`,
      { resolution: 'dismissed', reason: 'mine' }), 403, 'not_a_moderator');
    assertRefused(await org.moderator.client.post(`/api/v1/flags/${flag.id}/resolve`,
      { resolution: 'ignored', reason: 'x' }), 422);

    const resolved = await org.moderator.client.post(`/api/v1/flags/${flag.id}/resolve`,
      { resolution: 'dismissed', reason: 'It is on topic for this branch' });
    assert.equal(resolved.status, 204, explain(resolved));
    const row = await stack.sql.row("SELECT resolution, resolved_by, resolved_at IS NOT NULL AS done FROM flags WHERE id = :'id'",
      { id: flag.id });
    assert.deepEqual(row, { resolution: 'dismissed', resolved_by: org.moderator.person.id, done: true });
    assert.equal(itemFor(expectStatus(await queueOf(org.moderator.client, org.branch.id), 200), post.id), undefined);
    assertRefused(await org.moderator.client.post(`/api/v1/flags/${flag.id}/resolve`,
      { resolution: 'actioned', reason: 'again' }), 409, 'already_resolved');

    const log = await logOf(org.member.client, org.branch.id);
    const entry = log.entries.find((e) => e.action === 'resolve_flag' && e.target_id === flag.id);
    assert.ok(entry, JSON.stringify(log));
    assert.equal(entry.target_kind, 'flag');
    assert.equal(entry.moderator.id, org.moderator.person.id);
    assert.match(entry.reason, /It is on topic for this branch/);
  });

  test('hiding a flagged post resolves its flags as actioned', async () => {
    const { post } = await createThread(org.member.client, category.id, { title: unique('Hide') });
    const flag = expectStatus(await org.member2.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'abuse' }), 201).flag;
    expectStatus(await org.moderator.client.post(`/api/v1/posts/${post.id}/hide`, { reason: 'Insults' }), 200);
    assert.equal(await stack.sql.value("SELECT resolution FROM flags WHERE id = :'id'", { id: flag.id }), 'actioned');
    assert.equal(itemFor(expectStatus(await queueOf(org.moderator.client, org.branch.id), 200), post.id), undefined);
    const log = await logOf(org.member.client, org.branch.id);
    assert.ok(log.entries.some((e) => e.action === 'hide' && e.target_kind === 'post' && e.target_id === post.id &&
      e.reason === 'Insults'), JSON.stringify(log));
  });

  test('the queue shows a moderator only the categories they may read', async () => {
    const officersOnly = await createCategory(admin.client, org.branch.id, { visibility: 'officers' });
    const { post } = await createThread(org.nationalOfficer.client, officersOnly.id, { title: unique('Officers') });
    expectStatus(await admin.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'other', detail: 'Check this' }), 201);
    assert.ok(itemFor(expectStatus(await queueOf(org.nationalOfficer.client, org.branch.id), 200), post.id));
    assert.equal(itemFor(expectStatus(await queueOf(org.moderator.client, org.branch.id), 200), post.id), undefined);
  });

  test('the queue pages oldest report first', async () => {
    const pagedCategory = await createCategory(admin.client, org.branch.id, { visibility: 'public' });
    const posts = [];
    for (let i = 0; i < 3; ++i) {
      const { post } = await createThread(org.member2.client, pagedCategory.id, { title: unique('Paged') });
      posts.push(post);
      expectStatus(await org.member.client.post(`/api/v1/posts/${post.id}/flags`, { reason: 'spam' }), 201);
    }
    await agePosts(stack, org.member2.person.id);
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const query = `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = expectStatus(await queueOf(org.moderator.client, org.branch.id, query), 200);
      assert.ok(page.items.length <= 1);
      seen.push(...page.items.map((item) => item.post.id));
      cursor = page.next_cursor;
      assert.ok(++pages < 100);
    } while (cursor);
    const ours = seen.filter((id) => posts.some((p) => p.id === id));
    assert.deepEqual(ours, posts.map((p) => p.id));
    assert.equal(new Set(seen).size, seen.length, 'no item twice');
    assertRefused(await queueOf(org.moderator.client, org.branch.id, '?cursor=bogus'), 422);
  });
});

describe('suspensions', () => {
  const suspend = (client, groupId, body) => client.post(`/api/v1/groups/${groupId}/suspensions`, body);

  test('a suspended member is told why and until when, is notified, and may post again once lifted', async () => {
    const { thread } = await createThread(org.member2.client, category.id, { title: unique('Suspension') });
    const endsAt = hoursFromNow(48);
    const reason = 'Repeated personal attacks';
    const created = expectStatus(await suspend(org.moderator.client, org.branch.id,
      { person_id: org.member.person.id, ends_at: endsAt, reason }), 201).suspension;
    assert.equal(created.person.id, org.member.person.id);
    assert.equal(created.group.id, org.branch.id);
    assert.equal(created.reason, reason);
    assert.equal(created.active, true);
    assert.equal(created.created_by.id, org.moderator.person.id);
    assert.equal(Date.parse(created.ends_at), Date.parse(endsAt));

    const until = `${endsAt.slice(0, 10)} ${endsAt.slice(11, 16)} UTC`;
    const refused = assertRefused(await org.member.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'Let me speak' }),
      403, 'suspended');
    assert.equal(refused.detail, `You are suspended from posting in ${org.branch.name} until ${until}: ${reason}`);
    assertRefused(await org.member.client.post(`/api/v1/categories/${category.id}/threads`,
      { title: 'New', body: 'Still here' }), 403, 'suspended');

    const notices = await notificationsOf(org.member.client);
    const notice = notices.notifications.find((n) => n.kind === 'suspended');
    assert.ok(notice, JSON.stringify(notices));
    assert.equal(notice.actor.id, org.moderator.person.id);
    assert.equal(notice.read, false);
    assert.ok(notice.detail.includes(reason) && notice.detail.includes(until), notice.detail);
    assert.ok(notices.unread_count >= 1);

    const list = expectStatus(await org.moderator.client.get(`/api/v1/groups/${org.branch.id}/suspensions`), 200);
    assert.ok(list.suspensions.some((s) => s.id === created.id && s.active), JSON.stringify(list));
    assertRefused(await org.member2.client.get(`/api/v1/groups/${org.branch.id}/suspensions`), 403, 'not_a_moderator');

    assertRefused(await org.member2.client.delete(`/api/v1/suspensions/${created.id}`), 403, 'not_a_moderator');
    const lifted = await org.moderator.client.delete(`/api/v1/suspensions/${created.id}`, { json: { reason: 'Apologised' } });
    assert.equal(lifted.status, 204, explain(lifted));
    assertRefused(await org.moderator.client.delete(`/api/v1/suspensions/${created.id}`), 409, 'already_lifted');
    await reply(org.member.client, thread.id, { body: 'Sorry, everyone.' });
    const after = await notificationsOf(org.member.client);
    assert.ok(after.notifications.some((n) => n.kind === 'suspended' && /lifted/.test(n.detail) && /Apologised/.test(n.detail)),
      JSON.stringify(after));

    const log = await logOf(org.member2.client, org.branch.id);
    const suspended = log.entries.find((e) => e.action === 'suspend' && e.target_id === org.member.person.id);
    assert.ok(suspended, JSON.stringify(log));
    assert.deepEqual([suspended.target_kind, suspended.moderator.id, suspended.reason],
      ['person', org.moderator.person.id, reason]);
    const liftedEntry = log.entries.find((e) => e.action === 'lift_suspension' && e.target_id === org.member.person.id);
    assert.ok(liftedEntry && liftedEntry.reason === 'Apologised', JSON.stringify(log));
    assert.ok(log.entries.indexOf(liftedEntry) < log.entries.indexOf(suspended), 'newest first');
  });

  test('a suspension in the group above stops posting below; one below does not stop posting above', async () => {
    const nationalCategory = await createCategory(admin.client, org.national.id, { visibility: 'public' });
    const person = await registerAccount(stack, { displayName: unique('Dana') });
    await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'", { id: person.person.id });
    await addMember(admin.client, org.branch.id, { email: person.email, role: 'member' });
    await addMember(admin.client, org.national.id, { email: person.email, role: 'member' });
    const { thread } = await createThread(org.member2.client, category.id, { title: unique('Below') });
    const { thread: top } = await createThread(admin.client, nationalCategory.id, { title: unique('Above') });

    const branchOnly = expectStatus(await suspend(org.moderator.client, org.branch.id,
      { person_id: person.person.id, ends_at: hoursFromNow(2), reason: 'Branch only' }), 201).suspension;
    assertRefused(await person.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'x' }), 403, 'suspended');
    await reply(person.client, top.id, { body: 'Fine up here.' });
    const lifted = await org.moderator.client.delete(`/api/v1/suspensions/${branchOnly.id}`);
    assert.equal(lifted.status, 204, explain(lifted));
    await reply(person.client, thread.id, { body: 'Back in the branch.' });

    expectStatus(await suspend(org.nationalOfficer.client, org.national.id,
      { person_id: person.person.id, ends_at: hoursFromNow(5), reason: 'Everywhere' }), 201);
    const refused = assertRefused(await person.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'x' }), 403, 'suspended');
    assert.match(refused.detail, new RegExp(`in ${org.national.name} until .*: Everywhere$`));
  });

  test('what a suspension must say, and whom it cannot silence', async () => {
    assertRefused(await suspend(org.member.client, org.branch.id,
      { person_id: org.member2.person.id, ends_at: hoursFromNow(1), reason: 'x' }), 403, 'not_a_moderator');
    const past = assertRefused(await suspend(org.moderator.client, org.branch.id,
      { person_id: org.member2.person.id, ends_at: hoursFromNow(-1), reason: 'x' }), 422);
    assert.deepEqual(past.errors.map((e) => e.field), ['ends_at']);
    const shape = assertRefused(await suspend(org.moderator.client, org.branch.id,
      { person_id: org.member2.person.id, ends_at: 'next week' }), 422);
    assert.deepEqual(shape.errors.map((e) => e.field).sort(), ['ends_at', 'reason']);
    assertRefused(await suspend(org.moderator.client, org.branch.id,
      { person_id: org.nationalOfficer.person.id, ends_at: hoursFromNow(1), reason: 'x' }), 403, 'target_is_moderator');
    const self = assertRefused(await suspend(org.moderator.client, org.branch.id,
      { person_id: org.moderator.person.id, ends_at: hoursFromNow(1), reason: 'x' }), 422);
    assert.deepEqual(self.errors.map((e) => e.field), ['person_id']);
    const unknown = assertRefused(await suspend(org.moderator.client, org.branch.id,
      { person_id: 999999999, ends_at: hoursFromNow(1), reason: 'x' }), 422);
    assert.deepEqual(unknown.errors.map((e) => e.field), ['person_id']);
    assertRefused(await org.moderator.client.delete('/api/v1/suspensions/999999999'), 404);
  });
});

describe('posting limits', () => {
  test('slow mode holds members to one post per interval, with Retry-After; moderators are exempt', async () => {
    const { thread } = await createThread(org.moderator.client, category.id, { title: unique('Slow') });
    expectStatus(await org.moderator.client.patch(`/api/v1/threads/${thread.id}`,
      { slow_mode_seconds: 600, reason: 'Heated' }), 200);
    await reply(org.member2.client, thread.id, { body: 'First.' });
    const slowed = await org.member2.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'Second.' });
    const problem = assertRefused(slowed, 429, 'slow_mode');
    const retryAfter = Number(slowed.headers.get('retry-after'));
    assert.ok(retryAfter > 590 && retryAfter <= 600, `Retry-After ${retryAfter}`);
    assert.match(problem.detail, /slow mode/);
    await reply(org.moderator.client, thread.id, { body: 'Mod one.' });
    await reply(org.moderator.client, thread.id, { body: 'Mod two.' });
    await agePosts(stack, org.member2.person.id);
    await reply(org.member2.client, thread.id, { body: 'Later.' });
  });

  test('at most 10 posts a minute', async () => {
    const person = await registerAccount(stack, { displayName: unique('Quick') });
    await stack.sql.exec("UPDATE persons SET created_at = now() - interval '30 days' WHERE id = :'id'", { id: person.person.id });
    await addMember(admin.client, org.branch.id, { email: person.email, role: 'member' });
    const { thread } = await createThread(person.client, category.id, { title: unique('Fast') });
    for (let i = 0; i < 9; ++i) await reply(person.client, thread.id, { body: `Reply ${i}` });
    const limited = await person.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'Eleventh' });
    assertRefused(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(await stack.sql.count('posts', "author_id = :'id'", { id: person.person.id }), 10);
  });

  test('an account younger than a day posts at most 3 times in 10 minutes', async () => {
    const person = await registerAccount(stack, { displayName: unique('Newcomer') });
    await addMember(admin.client, org.branch.id, { email: person.email, role: 'member' });
    const { thread } = await createThread(person.client, category.id, { title: unique('New') });
    await reply(person.client, thread.id, { body: 'Two' });
    await reply(person.client, thread.id, { body: 'Three' });
    const limited = await person.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'Four' });
    const problem = assertRefused(limited, 429, 'rate_limited');
    assert.match(problem.detail, /New accounts/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 500 && retryAfter <= 600, `Retry-After ${retryAfter}`);
  });
});

describe('the moderation log', () => {
  test('members read it, others are refused, and nobody can change it', async () => {
    const log = await logOf(org.member.client, org.branch.id);
    assert.ok(log.entries.length > 0);
    for (const entry of log.entries) {
      assert.deepEqual(Object.keys(entry).sort(),
        ['action', 'created_at', 'id', 'moderator', 'reason', 'target_id', 'target_kind']);
      assert.ok(!Number.isNaN(Date.parse(entry.created_at)));
      assert.equal(typeof entry.moderator.display_name, 'string');
    }
    const ids = log.entries.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');

    assertRefused(await org.outsider.client.get(`/api/v1/groups/${org.branch.id}/moderation/log`), 403, 'not_a_member');
    assertRefused(await new ApiClient(stack.server).get(`/api/v1/groups/${org.branch.id}/moderation/log`), 401);

    const first = await logOf(org.member.client, org.branch.id, '?limit=1');
    assert.equal(first.entries.length, 1);
    assert.equal(typeof first.next_cursor, 'string');
    const second = await logOf(org.member.client, org.branch.id, `?limit=1&cursor=${encodeURIComponent(first.next_cursor)}`);
    assert.equal(second.entries.length, 1);
    assert.ok(second.entries[0].id < first.entries[0].id);

    await assert.rejects(stack.sql.exec('UPDATE moderation_log SET reason = \'rewritten\''), /cannot be changed/);
    await assert.rejects(stack.sql.exec('DELETE FROM moderation_log'), /cannot be changed/);
    assert.equal(await stack.sql.count('moderation_log', "reason = 'rewritten'"), 0);
  });
});
