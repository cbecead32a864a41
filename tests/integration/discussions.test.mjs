// Discussions end to end: categories, threads, the reply tree, revisions, tombstones, thanks,
// read state and unread counts, watching, permalinks and the markdown preview.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { ApiClient, Stack } from '../lib/harness.mjs';
import {
  allPosts, assertDenied, createCategory, createThread, groupTree, personWithRole, reply,
  seasonedAccount, threadPage,
} from './discussions_lib.mjs';

let stack;
let admin;
let tree;
let officer;
let member;
let other;

before(async () => {
  stack = await Stack.start();
  admin = await seasonedAccount(stack, { displayName: 'Site Admin' });
  assert.equal(admin.person.site_admin, true);
  tree = await groupTree(admin.client);
  officer = await personWithRole(stack, admin.client, tree.branch.id, 'officer', { displayName: 'Olu Officer' });
  member = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Mina Member' });
  other = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Otto Other' });
});

after(async () => {
  await stack?.close();
});

// These tests post a lot as the same few people; the posting rate limit is tested elsewhere.
beforeEach(async () => {
  await stack.sql.exec("UPDATE posts SET created_at = created_at - interval '1 hour'");
});

describe('editing', () => {
  test('the author gets the Markdown source to edit from; other readers get only the HTML', async () => {
    const category = await createCategory(officer.client, tree.branch.id, { name: 'Sources' });
    const { post } = await createThread(member.client, category.id, { title: 'Source', body: 'Some *text*\nhere' });
    const mine = expectStatus(await member.client.get(`/api/v1/posts/${post.id}`), 200);
    assert.equal(mine.post.body_source, 'Some *text*\nhere');
    assert.match(mine.post.body_html, /<em>text<\/em><br \/>/);
    const theirs = expectStatus(await other.client.get(`/api/v1/posts/${post.id}`), 200);
    assert.equal(theirs.post.body_source, undefined);
    assert.equal(theirs.post.body_html, mine.post.body_html);
  });
});

describe('categories', () => {
  test('officers create and rename categories; members may not; names are unique in a group', async () => {
    const category = await createCategory(officer.client, tree.branch.id, {
      name: 'General', visibility: 'members', description: 'Anything at all' });
    assert.equal(category.name, 'General');
    assert.equal(category.visibility, 'members');
    assert.equal(category.visibility_label, 'Members of the group');
    assert.equal(category.thread_count, 0);
    const row = await stack.sql.row("SELECT group_id, name, visibility FROM categories WHERE id = :'id'", { id: category.id });
    assert.deepEqual(row, { group_id: tree.branch.id, name: 'General', visibility: 'members' });

    assertDenied(await member.client.post(`/api/v1/groups/${tree.branch.id}/categories`,
      { name: 'Mine', visibility: 'public' }), 403, 'not_an_officer');
    assertDenied(await officer.client.post(`/api/v1/groups/${tree.branch.id}/categories`,
      { name: 'general', visibility: 'public' }), 409, 'name_taken');
    const invalid = await officer.client.post(`/api/v1/groups/${tree.branch.id}/categories`,
      { name: '', visibility: 'everyone' });
    assertDenied(invalid, 422);
    assert.deepEqual(invalid.json.errors.map((e) => e.field).sort(), ['name', 'visibility']);

    const renamed = expectStatus(await officer.client.patch(`/api/v1/categories/${category.id}`,
      { name: 'General chat', visibility: 'supporters' }), 200).category;
    assert.equal(renamed.name, 'General chat');
    assert.equal(renamed.visibility, 'supporters');
    assertDenied(await member.client.patch(`/api/v1/categories/${category.id}`, { name: 'X' }), 403, 'not_an_officer');

    const view = expectStatus(await member.client.get(`/api/v1/categories/${category.id}`), 200);
    assert.equal(view.category.id, category.id);
    assert.deepEqual(view.group, { id: tree.branch.id, name: tree.branch.name });
    assert.deepEqual(view.can, { create_thread: true, moderate: false, manage: false, watch: true });
    const officerView = expectStatus(await officer.client.get(`/api/v1/categories/${category.id}`), 200);
    assert.deepEqual(officerView.can, { create_thread: true, moderate: true, manage: true, watch: true });

    const list = expectStatus(await member.client.get(`/api/v1/groups/${tree.branch.id}/categories`), 200);
    assert.ok(list.categories.some((c) => c.id === category.id));
    assert.deepEqual(list.can, { manage_categories: false, moderate: false });
    const officerList = expectStatus(await officer.client.get(`/api/v1/groups/${tree.branch.id}/categories`), 200);
    assert.deepEqual(officerList.can, { manage_categories: true, moderate: true });
    assertDenied(await member.client.get('/api/v1/groups/999999/categories'), 404);
  });

  test('the thread list puts pinned threads first, then the latest activity, in keyset pages', async () => {
    const category = await createCategory(officer.client, tree.branch.id, { name: 'Paged list' });
    const first = (await createThread(member.client, category.id, { title: 'First' })).thread;
    const second = (await createThread(member.client, category.id, { title: 'Second' })).thread;
    const third = (await createThread(other.client, category.id, { title: 'Third' })).thread;
    await reply(other.client, first.id, { body: 'Bringing this back up.' });
    expectStatus(await officer.client.patch(`/api/v1/threads/${second.id}`, { pinned: true, reason: 'Important' }), 200);

    const page1 = expectStatus(await member.client.get(`/api/v1/categories/${category.id}/threads?limit=2`), 200);
    assert.deepEqual(page1.threads.map((t) => t.title), ['Second', 'First']);
    assert.equal(page1.threads[0].pinned, true);
    assert.equal(typeof page1.next_cursor, 'string');
    const page2 = expectStatus(await member.client.get(
      `/api/v1/categories/${category.id}/threads?limit=2&cursor=${encodeURIComponent(page1.next_cursor)}`), 200);
    assert.deepEqual(page2.threads.map((t) => t.id), [third.id]);
    assert.equal(page2.next_cursor, null);
    const firstRow = page1.threads[1];
    assert.equal(firstRow.post_count, 2);
    assert.deepEqual(firstRow.author, { id: member.person.id, display_name: 'Mina Member' });
    assertDenied(await member.client.get(`/api/v1/categories/${category.id}/threads?cursor=garbage!`), 422);
  });
});

describe('threads and posts', () => {
  let category;
  before(async () => {
    category = await createCategory(officer.client, tree.branch.id, { name: 'Threads', visibility: 'members' });
  });

  test('starting a thread renders the markdown, stores the source beside it and counts the post', async () => {
    const created = await createThread(member.client, category.id, {
      title: '  Rent strike plans ', body: 'We **must** act.\n\n- now\n- together', tags: ['Housing', 'housing', 'Rent'] });
    const { thread, post } = created;
    assert.equal(thread.title, 'Rent strike plans');
    assert.deepEqual(thread.tags, ['housing', 'rent']);
    assert.deepEqual(thread.category, { id: category.id, name: 'Threads', visibility: 'members' });
    assert.deepEqual(thread.group, { id: tree.branch.id, name: tree.branch.name });
    assert.equal(thread.post_count, 1);
    assert.equal(post.depth, 0);
    assert.equal(post.parent_id, null);
    assert.equal(post.in_reply_to, null);
    assert.match(post.body_html, /<strong>must<\/strong>/);
    assert.match(post.body_html, /<li>now<\/li>/);
    assert.equal(post.can.edit, true);
    assert.equal(post.can.thank, false);
    const stored = await stack.sql.row(
      "SELECT body_source, tree_path, depth, body_text FROM posts WHERE id = :'id'", { id: post.id });
    assert.equal(stored.body_source, 'We **must** act.\n\n- now\n- together');
    assert.equal(stored.tree_path, String(post.id).padStart(12, '0'));
    assert.equal(stored.depth, 0);
    assert.ok(!stored.body_text.includes('**'), stored.body_text);
    const counted = await stack.sql.row("SELECT post_count FROM threads WHERE id = :'id'", { id: thread.id });
    assert.equal(counted.post_count, 1);
  });

  test('titles, bodies and tags are validated with field errors', async () => {
    const long = await member.client.post(`/api/v1/categories/${category.id}/threads`,
      { title: 'x'.repeat(201), body: 'ok' });
    assertDenied(long, 422);
    assert.deepEqual(long.json.errors.map((e) => e.field), ['title']);
    const huge = await member.client.post(`/api/v1/categories/${category.id}/threads`,
      { title: 'Big', body: 'x'.repeat(64 * 1024 + 1) });
    assertDenied(huge, 422);
    assert.deepEqual(huge.json.errors.map((e) => e.field), ['body']);
    const exactly = await member.client.post(`/api/v1/categories/${category.id}/threads`,
      { title: 'Exactly 64 KiB', body: 'y'.repeat(64 * 1024) });
    assert.equal(exactly.status, 201, exactly.text.slice(0, 300));
    const tags = await member.client.post(`/api/v1/categories/${category.id}/threads`,
      { title: 'Tags', body: 'ok', tags: ['a', 'b', 'c', 'd', 'e', 'f'] });
    assertDenied(tags, 422);
    assert.deepEqual(tags.json.errors.map((e) => e.field), ['tags']);
    const blank = await member.client.post(`/api/v1/categories/${category.id}/threads`, { title: 'Blank', body: ' \n ' });
    assert.deepEqual(blank.json.errors.map((e) => e.field), ['body']);
    const unknownField = await member.client.post(`/api/v1/categories/${category.id}/threads`,
      { title: 'T', body: 'b', colour: 'red' });
    assertDenied(unknownField, 422);
  });

  test('replies form a tree: depth-first order, true depth, parents and in_reply_to', async () => {
    const { thread, post: opening } = await createThread(member.client, category.id, { title: 'Tree' });
    const a = await reply(other.client, thread.id, { body: 'A' });
    const b = await reply(member.client, thread.id, { body: 'B' });
    const a1 = await reply(member.client, thread.id, { body: 'A1', parentId: a.id });
    const a1x = await reply(other.client, thread.id, { body: 'A1x', parentId: a1.id });
    const a2 = await reply(officer.client, thread.id, { body: 'A2', parentId: a.id });
    assert.equal(a.parent_id, opening.id);
    assert.equal(a.depth, 1);
    assert.equal(a1.depth, 2);
    assert.equal(a1x.depth, 3);
    // A reply on its own (as just written) names the post it answers, beyond the first level.
    assert.equal(a.in_reply_to, null);
    assert.deepEqual(a1.in_reply_to, { post_id: a.id, author: { id: other.person.id, display_name: 'Otto Other' } });

    const page = await threadPage(member.client, thread.id);
    assert.deepEqual(page.posts.map((p) => p.id), [opening.id, a.id, a1.id, a1x.id, a2.id, b.id]);
    assert.deepEqual(page.posts.map((p) => p.depth), [0, 1, 2, 3, 2, 1]);
    // On a page where the parent is drawn just above, indentation says it all.
    assert.ok(page.posts.every((p) => p.in_reply_to === null), JSON.stringify(page.posts.map((p) => p.in_reply_to)));
    assert.equal(page.thread.post_count, 6);
    assert.equal(page.next_cursor, null);
    assert.deepEqual(page.can, { reply: true, moderate: false, watch: true });
    assert.ok(Date.parse(page.thread.last_post_at) >= Date.parse(page.thread.created_at));

    // A page that starts in the middle of the conversation names the parents it does not show.
    const half = await threadPage(member.client, thread.id, '?limit=3');
    const rest = await threadPage(member.client, thread.id, `?limit=3&after=${encodeURIComponent(half.next_cursor)}`);
    assert.deepEqual(rest.posts.map((p) => p.id), [a1x.id, a2.id, b.id]);
    assert.notEqual(rest.posts[0].in_reply_to, null);
    assert.deepEqual(rest.posts[0].in_reply_to.post_id, a1.id);
    assert.deepEqual(rest.posts[1].in_reply_to.post_id, a.id);
    assert.equal(rest.posts[2].in_reply_to, null);

    const foreign = (await createThread(member.client, category.id, { title: 'Elsewhere' })).post;
    assertDenied(await member.client.post(`/api/v1/threads/${thread.id}/posts`, { body: 'x', parent_id: foreign.id }), 422);
    assertDenied(await member.client.post('/api/v1/threads/999999/posts', { body: 'x' }), 404);
  });

  test('a permalink gives the thread and a cursor whose page starts with the post', async () => {
    const { thread } = await createThread(member.client, category.id, { title: 'Permalinks' });
    const first = await reply(other.client, thread.id, { body: 'first' });
    const deep = await reply(member.client, thread.id, { body: 'deep', parentId: first.id });
    await reply(other.client, thread.id, { body: 'later' });
    const link = expectStatus(await member.client.get(`/api/v1/posts/${deep.id}`), 200);
    assert.equal(link.thread_id, thread.id);
    assert.equal(link.post.id, deep.id);
    assert.equal(typeof link.cursor, 'string');
    const page = await threadPage(member.client, thread.id, `?after=${encodeURIComponent(link.cursor)}`);
    assert.equal(page.posts[0].id, deep.id);
    assert.equal(page.posts[0].in_reply_to.post_id, first.id);
  });

  test('edits keep every earlier version as a revision, listed newest first', async () => {
    const { thread, post } = await createThread(member.client, category.id, { title: 'Edits', body: 'version one' });
    const edited = expectStatus(await member.client.patch(`/api/v1/posts/${post.id}`, { body: 'version *two*' }), 200).post;
    assert.match(edited.body_html, /<em>two<\/em>/);
    assert.equal(typeof edited.edited_at, 'string');
    assert.equal(edited.revision_count, 1);
    expectStatus(await member.client.patch(`/api/v1/posts/${post.id}`, { body: 'version three', note: 'typo' }), 200);
    const history = expectStatus(await other.client.get(`/api/v1/posts/${post.id}/revisions`), 200).revisions;
    assert.deepEqual(history.map((r) => r.body_source), ['version *two*', 'version one']);
    assert.deepEqual(history.map((r) => r.note), ['typo', '']);
    assert.ok(history.every((r) => r.by_moderator === false && r.editor.id === member.person.id));
    const stored = await stack.sql.value("SELECT count(*) AS n FROM post_revisions WHERE post_id = :'id'", { id: post.id });
    assert.equal(Number(stored), 2);
    const page = await threadPage(other.client, thread.id);
    assert.equal(page.posts[0].revision_count, 2);
    assert.match(page.posts[0].body_html, /version three/);
    assertDenied(await other.client.patch(`/api/v1/posts/${post.id}`, { body: 'hijack' }), 403, 'not_your_post');
  });

  test('deleting leaves a tombstone in place and the replies keep theirs', async () => {
    const { thread } = await createThread(member.client, category.id, { title: 'Tombstones' });
    const doomed = await reply(member.client, thread.id, { body: 'I will regret this' });
    const answer = await reply(other.client, thread.id, { body: 'An answer', parentId: doomed.id });
    assertDenied(await other.client.delete(`/api/v1/posts/${doomed.id}`), 403, 'not_your_post');
    assert.equal((await member.client.delete(`/api/v1/posts/${doomed.id}`)).status, 204);
    assert.equal((await member.client.delete(`/api/v1/posts/${doomed.id}`)).status, 204);
    const page = await threadPage(other.client, thread.id);
    const tomb = page.posts.find((p) => p.id === doomed.id);
    assert.equal(tomb.deleted, true);
    assert.equal(tomb.body_html, '');
    assert.equal(tomb.can.reply, false);
    assert.deepEqual(page.posts.map((p) => p.id).slice(1), [doomed.id, answer.id]);
    assert.equal(page.posts[2].parent_id, doomed.id);
    assert.equal(page.posts[2].body_html.includes('An answer'), true);
    assertDenied(await member.client.patch(`/api/v1/posts/${doomed.id}`, { body: 'back' }), 403, 'post_deleted');
    assertDenied(await other.client.get(`/api/v1/posts/${doomed.id}/revisions`), 403, 'post_deleted');
  });

  test('thanks: once per person, never for one\'s own post, counted on the post', async () => {
    const { thread, post } = await createThread(member.client, category.id, { title: 'Thanks' });
    const thanked = expectStatus(await other.client.post(`/api/v1/posts/${post.id}/thanks`), 201);
    assert.deepEqual(thanked, { thanks_count: 1 });
    assertDenied(await other.client.post(`/api/v1/posts/${post.id}/thanks`), 409, 'already_thanked');
    assertDenied(await member.client.post(`/api/v1/posts/${post.id}/thanks`), 422, 'own_post');
    expectStatus(await officer.client.post(`/api/v1/posts/${post.id}/thanks`), 201);
    const people = expectStatus(await member.client.get(`/api/v1/posts/${post.id}/thanks`), 200).people;
    assert.deepEqual(people.map((p) => p.id), [other.person.id, officer.person.id]);
    let page = await threadPage(other.client, thread.id);
    assert.equal(page.posts[0].thanks_count, 2);
    assert.equal(page.posts[0].thanked_by_me, true);
    assert.equal((await threadPage(member.client, thread.id)).posts[0].thanked_by_me, false);
    assert.deepEqual(expectStatus(await other.client.delete(`/api/v1/posts/${post.id}/thanks`), 200), { thanks_count: 1 });
    assert.deepEqual(expectStatus(await other.client.delete(`/api/v1/posts/${post.id}/thanks`), 200), { thanks_count: 1 });
    const rows = await stack.sql.row(
      "SELECT (SELECT count(*) FROM thanks WHERE post_id = :'id') AS n, (SELECT thanks_count FROM posts WHERE id = :'id') AS c",
      { id: post.id });
    assert.deepEqual(rows, { n: 1, c: 1 });
    page = await threadPage(other.client, thread.id);
    assert.equal(page.posts[0].thanked_by_me, false);
  });

  test('read state: unread counts per thread and per category, the first unread post, never backwards', async () => {
    const place = await createCategory(officer.client, tree.branch.id, { name: 'Unread' });
    const { thread, post: opening } = await createThread(member.client, place.id, { title: 'Catch up' });
    const quiet = (await createThread(member.client, place.id, { title: 'Quiet' })).thread;

    let list = expectStatus(await other.client.get(`/api/v1/groups/${tree.branch.id}/categories`), 200);
    assert.equal(list.categories.find((c) => c.id === place.id).unread_threads, 2);
    // Own posts are never unread.
    list = expectStatus(await member.client.get(`/api/v1/groups/${tree.branch.id}/categories`), 200);
    assert.equal(list.categories.find((c) => c.id === place.id).unread_threads, 0);

    let page = await threadPage(other.client, thread.id);
    assert.equal(page.first_unread_post_id, opening.id);
    expectStatus(await other.client.put(`/api/v1/threads/${thread.id}/read`, { last_read_post_id: opening.id }), 204);
    expectStatus(await other.client.put(`/api/v1/threads/${quiet.id}/read`,
      { last_read_post_id: (await threadPage(other.client, quiet.id)).posts[0].id }), 204);
    list = expectStatus(await other.client.get(`/api/v1/groups/${tree.branch.id}/categories`), 200);
    assert.equal(list.categories.find((c) => c.id === place.id).unread_threads, 0);
    page = await threadPage(other.client, thread.id);
    assert.equal(page.first_unread_post_id, null);

    const r1 = await reply(member.client, thread.id, { body: 'news 1' });
    const r2 = await reply(member.client, thread.id, { body: 'news 2', parentId: r1.id });
    await reply(other.client, thread.id, { body: 'my own' });
    page = await threadPage(other.client, thread.id);
    assert.equal(page.first_unread_post_id, r1.id);
    const threads = expectStatus(await other.client.get(`/api/v1/categories/${place.id}/threads`), 200).threads;
    assert.equal(threads.find((t) => t.id === thread.id).unread_count, 2);
    assert.equal(threads.find((t) => t.id === quiet.id).unread_count, 0);
    list = expectStatus(await other.client.get(`/api/v1/groups/${tree.branch.id}/categories`), 200);
    assert.equal(list.categories.find((c) => c.id === place.id).unread_threads, 1);

    expectStatus(await other.client.put(`/api/v1/threads/${thread.id}/read`, { last_read_post_id: r2.id }), 204);
    expectStatus(await other.client.put(`/api/v1/threads/${thread.id}/read`, { last_read_post_id: opening.id }), 204);
    const stored = await stack.sql.value(
      "SELECT last_read_post_id FROM read_states WHERE person_id = :'p' AND thread_id = :'t'",
      { p: other.person.id, t: thread.id });
    assert.equal(Number(stored), r2.id);
    page = await threadPage(other.client, thread.id);
    assert.equal(page.first_unread_post_id, null);
    assertDenied(await other.client.put(`/api/v1/threads/${quiet.id}/read`, { last_read_post_id: r2.id }), 422);
    assertDenied(await new ApiClient(stack.server).put(`/api/v1/threads/${thread.id}/read`, { last_read_post_id: r2.id }), 401);
  });

  test('watching a thread and a category', async () => {
    const { thread } = await createThread(member.client, category.id, { title: 'Watch me' });
    assert.equal((await threadPage(other.client, thread.id)).watching, false);
    assert.equal((await other.client.post(`/api/v1/threads/${thread.id}/watch`)).status, 204);
    assert.equal((await other.client.post(`/api/v1/threads/${thread.id}/watch`)).status, 204);
    assert.equal((await threadPage(other.client, thread.id)).watching, true);
    assert.equal(await stack.sql.count('watches', `person_id = ${other.person.id} AND thread_id = ${thread.id}`), 1);
    assert.equal((await other.client.delete(`/api/v1/threads/${thread.id}/watch`)).status, 204);
    assert.equal((await threadPage(other.client, thread.id)).watching, false);

    assert.equal((await other.client.post(`/api/v1/categories/${category.id}/watch`)).status, 204);
    const list = expectStatus(await other.client.get(`/api/v1/groups/${tree.branch.id}/categories`), 200);
    assert.equal(list.categories.find((c) => c.id === category.id).watching, true);
    assert.equal((await other.client.delete(`/api/v1/categories/${category.id}/watch`)).status, 204);
    assertDenied(await new ApiClient(stack.server).post(`/api/v1/threads/${thread.id}/watch`), 401);
  });

  test('the markdown preview uses the same renderer and limits', async () => {
    const preview = expectStatus(await member.client.post('/api/v1/markdown/preview',
      { body: '# Hello\n\n<script>alert(1)</script> [x](javascript:alert(1))' }), 200);
    assert.match(preview.html, /<h3>Hello<\/h3>/);
    assert.ok(!preview.html.includes('<script>'), preview.html);
    assert.ok(!/href="javascript/i.test(preview.html), preview.html);
    assertDenied(await member.client.post('/api/v1/markdown/preview', { body: 'x'.repeat(64 * 1024 + 1) }), 422);
    assertDenied(await new ApiClient(stack.server).post('/api/v1/markdown/preview', { body: 'hi' }), 401);
  });
});
