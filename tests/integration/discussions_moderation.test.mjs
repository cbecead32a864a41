// Moderators' actions on posts and threads: hide and restore with the reason shown in place,
// editing with a visible note, lock, pin, move, slow mode and archive. Each writes exactly one
// entry in the group's moderation log.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { createGroup, expectStatus } from '../lib/builders.mjs';
import { Stack } from '../lib/harness.mjs';
import {
  assertDenied, createCategory, createThread, groupTree, personWithRole, reply, seasonedAccount,
  threadPage,
} from './discussions_lib.mjs';

let stack;
let admin;
let tree;
let moderator;
let member;
let other;
let category;

async function logEntries(groupId, targetKind, targetId) {
  return stack.sql.rows(
    "SELECT moderator_id, action, target_kind, target_id, reason FROM moderation_log " +
    "WHERE group_id = :'g' AND target_kind = :'k' AND target_id = :'t' ORDER BY id",
    { g: groupId, k: targetKind, t: targetId });
}

before(async () => {
  stack = await Stack.start();
  admin = await seasonedAccount(stack);
  tree = await groupTree(admin.client, 'Moderation');
  moderator = await personWithRole(stack, admin.client, tree.branch.id, 'moderator', { displayName: 'Mo Derator' });
  member = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Mem Ber' });
  other = await personWithRole(stack, admin.client, tree.branch.id, 'member');
  category = await createCategory(admin.client, tree.branch.id, { name: 'Moderated', visibility: 'members' });
});

after(async () => {
  await stack?.close();
});

// Slow mode and the posting rate look at recent posts; each test starts with none.
beforeEach(async () => {
  await stack.sql.exec("UPDATE posts SET created_at = created_at - interval '1 hour'");
});

describe('posts', () => {
  test('hiding: the reason in place, the body gone for members, kept for moderators, logged', async () => {
    const { thread } = await createThread(other.client, category.id, { title: 'Heated' });
    const post = await reply(member.client, thread.id, { body: 'Something *rude*' });
    await stack.sql.exec("INSERT INTO flags (post_id, flagger_id, reason) VALUES (:'p', :'f', 'abuse')",
      { p: post.id, f: other.person.id });

    assertDenied(await member.client.post(`/api/v1/posts/${post.id}/hide`, { reason: 'no' }), 403, 'not_a_moderator');
    assertDenied(await moderator.client.post(`/api/v1/posts/${post.id}/hide`, {}), 422);
    const hidden = expectStatus(await moderator.client.post(`/api/v1/posts/${post.id}/hide`,
      { reason: 'Personal attack' }), 200).post;
    assert.equal(hidden.hidden.reason, 'Personal attack');
    assert.deepEqual(hidden.hidden.by, { id: moderator.person.id, display_name: 'Mo Derator' });
    assert.match(hidden.body_html, /<em>rude<\/em>/);
    assert.match(hidden.hidden.original_html, /<em>rude<\/em>/);
    assert.equal(hidden.can.restore, true);
    assertDenied(await moderator.client.post(`/api/v1/posts/${post.id}/hide`, { reason: 'again' }), 403, 'already_hidden');

    for (const viewer of [member, other]) {
      const seen = (await threadPage(viewer.client, thread.id)).posts.find((p) => p.id === post.id);
      assert.equal(seen.body_html, '');
      assert.equal(seen.hidden.reason, 'Personal attack');
      assert.equal('original_html' in seen.hidden, false);
      assert.equal(seen.can.thank, false);
    }
    assertDenied(await member.client.patch(`/api/v1/posts/${post.id}`, { body: 'sneaky' }), 403, 'post_hidden');
    assertDenied(await other.client.get(`/api/v1/posts/${post.id}/revisions`), 403, 'post_hidden');

    assert.deepEqual(await logEntries(tree.branch.id, 'post', post.id), [{
      moderator_id: moderator.person.id, action: 'hide', target_kind: 'post', target_id: post.id, reason: 'Personal attack' }]);
    const flag = await stack.sql.row("SELECT resolution, resolved_by FROM flags WHERE post_id = :'p'", { p: post.id });
    assert.deepEqual(flag, { resolution: 'actioned', resolved_by: moderator.person.id });
    const notice = await stack.sql.row(
      "SELECT kind, detail FROM notifications WHERE person_id = :'p' AND post_id = :'post'",
      { p: member.person.id, post: post.id });
    assert.deepEqual(notice, { kind: 'post_hidden', detail: 'Personal attack' });

    const restored = expectStatus(await moderator.client.post(`/api/v1/posts/${post.id}/restore`,
      { reason: 'On reflection, fair comment' }), 200).post;
    assert.equal(restored.hidden, null);
    const seen = (await threadPage(member.client, thread.id)).posts.find((p) => p.id === post.id);
    assert.match(seen.body_html, /<em>rude<\/em>/);
    assert.deepEqual((await logEntries(tree.branch.id, 'post', post.id)).map((e) => e.action), ['hide', 'restore']);
    assertDenied(await moderator.client.post(`/api/v1/posts/${post.id}/restore`, { reason: 'x' }), 403, 'not_hidden');
  });

  test('a moderator edits someone else\'s post only with a note, shown with the post and logged', async () => {
    const { thread, post } = await createThread(member.client, category.id, { title: 'Edited by a moderator', body: 'Call 0700 123' });
    const refused = await moderator.client.patch(`/api/v1/posts/${post.id}`, { body: 'Call [removed]' });
    assertDenied(refused, 422);
    assert.deepEqual(refused.json.errors.map((e) => e.field), ['note']);
    const edited = expectStatus(await moderator.client.patch(`/api/v1/posts/${post.id}`,
      { body: 'Call [removed]', note: 'Removed a phone number' }), 200).post;
    assert.equal(edited.moderator_note, 'Removed a phone number');
    const seen = (await threadPage(other.client, thread.id)).posts[0];
    assert.equal(seen.moderator_note, 'Removed a phone number');
    assert.match(seen.body_html, /\[removed\]/);
    const history = expectStatus(await other.client.get(`/api/v1/posts/${post.id}/revisions`), 200).revisions;
    assert.equal(history.length, 1);
    assert.equal(history[0].by_moderator, true);
    assert.equal(history[0].note, 'Removed a phone number');
    assert.equal(history[0].body_source, 'Call 0700 123');
    assert.deepEqual((await logEntries(tree.branch.id, 'post', post.id)).map((e) => [e.action, e.reason]),
      [['edit_post', 'Removed a phone number']]);
  });
});

describe('threads', () => {
  test('lock: a member\'s reply is refused with thread_locked; moderators still reply; unlock', async () => {
    const { thread } = await createThread(member.client, category.id, { title: 'To be locked' });
    assertDenied(await member.client.patch(`/api/v1/threads/${thread.id}`, { locked: true, reason: 'x' }), 403, 'not_a_moderator');
    assertDenied(await moderator.client.patch(`/api/v1/threads/${thread.id}`, { locked: true }), 422);
    const locked = expectStatus(await moderator.client.patch(`/api/v1/threads/${thread.id}`,
      { locked: true, reason: 'Going in circles' }), 200).thread;
    assert.equal(locked.locked, true);
    assertDenied(await member.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'But…' }), 403, 'thread_locked');
    assert.equal((await threadPage(member.client, thread.id)).can.reply, false);
    await reply(moderator.client, thread.id, { body: 'Closing note from the moderators.' });
    // Asking for the state it already has changes nothing and logs nothing.
    expectStatus(await moderator.client.patch(`/api/v1/threads/${thread.id}`, { locked: true, reason: 'again' }), 200);
    expectStatus(await moderator.client.patch(`/api/v1/threads/${thread.id}`, { locked: false, reason: 'Cooled down' }), 200);
    await reply(member.client, thread.id, { body: 'Thanks for reopening.' });
    assert.deepEqual((await logEntries(tree.branch.id, 'thread', thread.id)).map((e) => [e.action, e.reason]),
      [['lock', 'Going in circles'], ['unlock', 'Cooled down']]);
  });

  test('slow mode: a second reply inside the window is refused with 429 and Retry-After', async () => {
    const { thread } = await createThread(other.client, category.id, { title: 'Slowly now' });
    const slow = expectStatus(await moderator.client.patch(`/api/v1/threads/${thread.id}`,
      { slow_mode_seconds: 600, reason: 'Let people think' }), 200).thread;
    assert.equal(slow.slow_mode_seconds, 600);
    assertDenied(await moderator.client.patch(`/api/v1/threads/${thread.id}`,
      { slow_mode_seconds: 86401, reason: 'too long' }), 422);
    await reply(member.client, thread.id, { body: 'First thought' });
    const second = await member.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'Second thought' });
    assertDenied(second, 429, 'slow_mode');
    const retryAfter = Number(second.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${retryAfter}`);
    // Moderators are exempt.
    await reply(moderator.client, thread.id, { body: 'one' });
    await reply(moderator.client, thread.id, { body: 'two' });
    assert.deepEqual((await logEntries(tree.branch.id, 'thread', thread.id)).map((e) => e.action), ['slow_mode']);
  });

  test('pin puts a thread first; archive closes it to everyone; each change one log entry', async () => {
    const place = await createCategory(admin.client, tree.branch.id, { name: 'Pins' });
    const older = (await createThread(member.client, place.id, { title: 'Older' })).thread;
    await createThread(member.client, place.id, { title: 'Newer' });
    const changed = expectStatus(await moderator.client.patch(`/api/v1/threads/${older.id}`,
      { pinned: true, archived: true, reason: 'Keep for reference' }), 200).thread;
    assert.equal(changed.pinned, true);
    assert.equal(changed.archived, true);
    const list = expectStatus(await member.client.get(`/api/v1/categories/${place.id}/threads`), 200);
    assert.deepEqual(list.threads.map((t) => t.title), ['Older', 'Newer']);
    assertDenied(await member.client.post(`/api/v1/threads/${older.id}/posts`, { body: 'late' }), 403, 'thread_archived');
    assertDenied(await moderator.client.post(`/api/v1/threads/${older.id}/posts`, { body: 'late' }), 403, 'thread_archived');
    assert.deepEqual((await logEntries(tree.branch.id, 'thread', older.id)).map((e) => e.action).sort(), ['archive', 'pin']);
    expectStatus(await moderator.client.patch(`/api/v1/threads/${older.id}`, { pinned: false, reason: 'Done' }), 200);
    assert.deepEqual((await logEntries(tree.branch.id, 'thread', older.id)).map((e) => e.action).sort(), ['archive', 'pin', 'unpin']);
  });

  test('move: to a category of the same group or one below it, never elsewhere', async () => {
    const parentModerator = await personWithRole(stack, admin.client, tree.parent.id, 'moderator');
    const upstairs = await createCategory(admin.client, tree.parent.id, { name: 'Upstairs' });
    const downstairs = await createCategory(admin.client, tree.branch.id, { name: 'Downstairs' });
    const { thread } = await createThread(parentModerator.client, upstairs.id, { title: 'Moving down' });
    const moved = expectStatus(await parentModerator.client.patch(`/api/v1/threads/${thread.id}`,
      { category_id: downstairs.id, reason: 'Belongs to the branch' }), 200).thread;
    assert.deepEqual(moved.category, { id: downstairs.id, name: 'Downstairs', visibility: 'members' });
    assert.deepEqual(moved.group, { id: tree.branch.id, name: tree.branch.name });
    assert.deepEqual((await logEntries(tree.parent.id, 'thread', thread.id)).map((e) => e.action), ['move']);

    // Back up is not "same group or below" for the branch.
    assertDenied(await parentModerator.client.patch(`/api/v1/threads/${thread.id}`,
      { category_id: upstairs.id, reason: 'Back up' }), 422);
    const elsewhere = await createGroup(admin.client, { name: `Elsewhere ${process.pid}`, kind: 'national' });
    const foreign = await createCategory(admin.client, elsewhere.id, { name: 'Foreign' });
    assertDenied(await moderator.client.patch(`/api/v1/threads/${thread.id}`,
      { category_id: foreign.id, reason: 'Away' }), 422);
    assertDenied(await moderator.client.patch(`/api/v1/threads/${thread.id}`,
      { category_id: 987654321, reason: 'Nowhere' }), 422);
    assert.equal((await logEntries(tree.branch.id, 'thread', thread.id)).length, 0);
  });
});
