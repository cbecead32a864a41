// Campaign stories end to end: a member sends one in, editors are told and work the queue (ask
// for changes with a message, the author edits and it comes back, accept), the story is published
// with a discussion thread that takes replies; declining with a reason; withdrawing; who may do
// what (signed out, unverified, non-editors, editor appointment); validation that changes
// nothing; the contact line, searched for in every public response; and the demo's campaigns
// (its live petition and its stories), loaded into a database of their own.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { addMember, assertProblem, expectStatus, registerAccount } from '../lib/builders.mjs';
import { ApiClient, Stack, plenaryBinary } from '../lib/harness.mjs';
import { groupTree, personWithRole, seasonedAccount } from './discussions_lib.mjs';
import { accept, lastMail, notificationsOf, storyBody, submitStory } from './stories_lib.mjs';

let stack;
let admin;
let tree;
let editor;
let author;
let commenter;
let outsider;
// Every response a signed-out visitor or a non-editor got, searched for contact lines at the end.
const publicResponses = [];
const contacts = [];

const storyTables = ['stories', 'story_history', 'story_editors', 'notifications', 'mail_outbox'];

before(async () => {
  stack = await Stack.start();
  admin = await seasonedAccount(stack, { displayName: 'Site Admin' });
  tree = await groupTree(admin.client, 'Story');
  editor = await personWithRole(stack, admin.client, tree.parent.id, 'officer', { displayName: 'Eda Editor' });
  author = await personWithRole(stack, admin.client, tree.branch.id, 'member', { displayName: 'Aur Author' });
  commenter = await personWithRole(stack, admin.client, tree.parent.id, 'member', { displayName: 'Cora Commenter' });
  outsider = await seasonedAccount(stack, { displayName: 'Out Sider' });
});

after(async () => {
  await stack?.close();
});

function signedOut() {
  return new ApiClient(stack.server);
}

// A GET by someone who must see only what is public; the response is kept for the contact search.
async function publicGet(client, path) {
  const response = await client.get(path);
  publicResponses.push({ path, status: response.status, text: response.text });
  return response;
}

function uniqueContact(label) {
  const contact = `call ${label} on 07700 ${String(process.pid).slice(-3)}${contacts.length}${Date.now() % 1000}`;
  contacts.push(contact);
  return contact;
}

describe('the review flow', () => {
  test('sent in → changes asked with a message → edited → accepted → public with a discussion', async () => {
    const contact = uniqueContact('author');
    const story = await submitStory(author.client, { group_id: tree.branch.id, contact });
    assert.equal(story.status, 'submitted');
    assert.equal(story.contact, contact, 'the author sees their own contact line');
    assert.equal(story.group.id, tree.branch.id);
    assert.match(story.body_html, /<strong>2,000 signatures<\/strong>/);

    // The editor is told, with a link to the queue; the author is not told of their own story.
    const told = (await notificationsOf(editor.client)).filter((n) => n.kind === 'story_submitted');
    assert.ok(told.some((n) => n.link === '/stories/review' && n.detail === story.title), JSON.stringify(told));
    assert.equal((await notificationsOf(author.client)).filter((n) => n.kind === 'story_submitted').length, 0);

    // Not public yet.
    assertProblem(await publicGet(signedOut(), `/api/v1/stories/${story.id}`), 404);
    assertProblem(await publicGet(outsider.client, `/api/v1/stories/${story.id}`), 404);
    const before = expectStatus(await publicGet(signedOut(), '/api/v1/stories'), 200);
    assert.ok(!before.stories.some((s) => s.id === story.id));

    const queue = expectStatus(await editor.client.get('/api/v1/stories/review'), 200).stories;
    const queued = queue.find((s) => s.id === story.id);
    assert.ok(queued, 'the story is in the queue');
    assert.equal(queued.contact, contact, 'editors see the contact line');
    assert.deepEqual(queued.author, { id: author.person.id, display_name: 'Aur Author' });
    assert.deepEqual(queued.history.map((h) => h.action), ['submitted']);

    // Asking for changes needs a message; a refused request changes nothing.
    const fingerprint = await stack.sql.fingerprint(storyTables);
    assertProblem(await editor.client.post(`/api/v1/stories/${story.id}/request-changes`, {}), 422);
    assertProblem(await editor.client.post(`/api/v1/stories/${story.id}/request-changes`, { message: '   ' }), 422);
    assert.deepEqual(await stack.sql.fingerprint(storyTables), fingerprint);

    const message = 'Please say when the council changed its mind.';
    const changes = expectStatus(await editor.client.post(`/api/v1/stories/${story.id}/request-changes`,
      { message }), 200).story;
    assert.equal(changes.status, 'changes_requested');
    assert.equal(changes.review_message, message);
    assertProblem(await editor.client.post(`/api/v1/stories/${story.id}/request-changes`, { message }),
      409, 'wrong_state');

    // The author is told and mailed, and sees the message on their stories.
    const reviewed = (await notificationsOf(author.client)).find((n) => n.kind === 'story_reviewed');
    assert.ok(reviewed, 'the author is notified');
    assert.equal(reviewed.link, '/stories/mine');
    const mail = await lastMail(stack, author.email, 'story_reviewed');
    assert.ok(mail, 'the author is mailed');
    assert.ok(mail.body_text.includes(message), mail.body_text);
    assert.match(mail.body_text, /\/stories\/mine/);
    const mine = expectStatus(await author.client.get('/api/v1/stories/mine'), 200).stories;
    const own = mine.find((s) => s.id === story.id);
    assert.equal(own.status, 'changes_requested');
    assert.equal(own.review_message, message);
    assert.equal(own.can.edit, true);

    // Editing sends it back to the queue.
    const edited = expectStatus(await author.client.patch(`/api/v1/stories/${story.id}`,
      { body: 'In March the council changed its mind after we collected **2,000 signatures**.' }), 200).story;
    assert.equal(edited.status, 'submitted');
    assert.equal(edited.contact, contact, 'fields not sent keep their value');
    assert.deepEqual(edited.history.map((h) => h.action), ['submitted', 'changes_requested', 'resubmitted']);
    assert.equal(edited.history[1].note, message);

    const published = await accept(editor.client, story.id, 'Lovely, thank you.');
    assert.equal(published.status, 'published');
    assert.ok(published.thread_id, 'the discussion thread');
    assert.ok(published.published_at);
    assertProblem(await editor.client.post(`/api/v1/stories/${story.id}/accept`, {}), 409, 'wrong_state');
    assertProblem(await editor.client.post(`/api/v1/stories/${story.id}/decline`, { reason: 'Changed my mind' }),
      409, 'wrong_state');
    const publishedMail = await lastMail(stack, author.email, 'story_reviewed');
    assert.ok(publishedMail.body_text.includes(`/stories/${story.id}`), publishedMail.body_text);
    const publishedNote = (await notificationsOf(author.client)).find((n) => n.link === `/stories/${story.id}`);
    assert.ok(publishedNote, 'the author is told where the story is');

    // The author can no longer change or withdraw it.
    assertProblem(await author.client.patch(`/api/v1/stories/${story.id}`, { title: 'Late change' }), 409, 'wrong_state');
    assertProblem(await author.client.delete(`/api/v1/stories/${story.id}`), 409, 'wrong_state');

    // Public: the list and the page, signed out.
    const list = expectStatus(await publicGet(signedOut(), '/api/v1/stories'), 200);
    const listed = list.stories.find((s) => s.id === story.id);
    assert.ok(listed, 'in the public list');
    assert.equal(list.can_review, false);
    assert.equal(listed.place, 'Riverside');
    assert.equal(listed.author.display_name, 'Aur Author');
    assert.deepEqual(listed.group, { id: tree.branch.id, name: tree.branch.name });
    assert.match(listed.excerpt, /^In March the council/);
    assert.equal(expectStatus(await editor.client.get('/api/v1/stories'), 200).can_review, true);

    const page = expectStatus(await publicGet(signedOut(), `/api/v1/stories/${story.id}`), 200);
    assert.equal(page.story.status, 'published');
    assert.match(page.story.body_html, /In March/);
    assert.match(page.story.what_worked_html, /Stalls outside/);
    assert.equal(page.story.body_markdown, undefined);
    assert.equal(page.story.contact, undefined);
    assert.equal(page.story.review_message, undefined);
    assert.equal(page.story.history, undefined);
    assert.deepEqual(page.can, { edit: false, review: false, withdraw: false });
    expectStatus(await publicGet(outsider.client, `/api/v1/stories/${story.id}`), 200);

    // The discussion: public, in the root group's "Stories" category, linking back to the story.
    const thread = expectStatus(await publicGet(signedOut(), `/api/v1/threads/${published.thread_id}`), 200);
    assert.equal(thread.thread.title, story.title);
    assert.equal(thread.thread.category.name, 'Stories');
    assert.ok(thread.posts[0].body_html.includes(`href="/stories/${story.id}"`), thread.posts[0].body_html);
    assert.equal(await stack.sql.value("SELECT c.group_id FROM threads t JOIN categories c ON c.id = t.category_id " +
      "WHERE t.id = :'id'", { id: published.thread_id }), tree.parent.id);
    assert.equal(await stack.sql.value("SELECT c.visibility FROM threads t JOIN categories c ON c.id = t.category_id " +
      "WHERE t.id = :'id'", { id: published.thread_id }), 'public');

    const replied = expectStatus(await commenter.client.post(`/api/v1/threads/${published.thread_id}/posts`,
      { body: 'We did the same in Hillside: it works.' }), 201).post;
    const after = expectStatus(await publicGet(signedOut(), `/api/v1/threads/${published.thread_id}`), 200);
    assert.ok(after.posts.some((p) => p.id === replied.id), 'the reply is in the thread');
  });

  test('declined with a reason: the author sees why, nobody else sees the story', async () => {
    const story = await submitStory(author.client, { contact: uniqueContact('declined') });
    assertProblem(await editor.client.post(`/api/v1/stories/${story.id}/decline`, {}), 422);
    const reason = 'This is about a party event, not a campaign.';
    const declined = expectStatus(await editor.client.post(`/api/v1/stories/${story.id}/decline`, { reason }), 200).story;
    assert.equal(declined.status, 'declined');
    assert.equal(declined.review_message, reason);
    const mail = await lastMail(stack, author.email, 'story_reviewed');
    assert.ok(mail.body_text.includes(reason), mail.body_text);

    const own = expectStatus(await author.client.get(`/api/v1/stories/${story.id}`), 200);
    assert.equal(own.story.review_message, reason);
    assert.deepEqual(own.can, { edit: false, review: false, withdraw: true });
    assertProblem(await author.client.patch(`/api/v1/stories/${story.id}`, { title: 'Again' }), 409, 'wrong_state');
    assertProblem(await publicGet(signedOut(), `/api/v1/stories/${story.id}`), 404);
    assertProblem(await publicGet(outsider.client, `/api/v1/stories/${story.id}`), 404);
    const queue = expectStatus(await editor.client.get('/api/v1/stories/review'), 200).stories;
    assert.ok(!queue.some((s) => s.id === story.id), 'declined stories leave the queue');
    assertProblem(await editor.client.post(`/api/v1/stories/${story.id}/accept`, {}), 409, 'wrong_state');
  });

  test('the queue shows stories waiting for review first, oldest first', async () => {
    const first = await submitStory(author.client, { contact: uniqueContact('q1') });
    const second = await submitStory(author.client, { contact: uniqueContact('q2') });
    const third = await submitStory(author.client, { contact: uniqueContact('q3') });
    expectStatus(await editor.client.post(`/api/v1/stories/${first.id}/request-changes`,
      { message: 'Add a date.' }), 200);
    const ids = expectStatus(await editor.client.get('/api/v1/stories/review'), 200).stories.map((s) => s.id);
    const order = [second.id, third.id, first.id].map((id) => ids.indexOf(id));
    assert.ok(order.every((i) => i >= 0), JSON.stringify(ids));
    assert.deepEqual([...order].sort((a, b) => a - b), order, JSON.stringify(ids));
    for (const story of [first, second, third]) expectStatus(await author.client.delete(`/api/v1/stories/${story.id}`), 204);
  });

  test('an author withdraws a story before it is published; it is gone', async () => {
    const story = await submitStory(author.client, { contact: uniqueContact('withdrawn') });
    assertProblem(await outsider.client.delete(`/api/v1/stories/${story.id}`), 404);
    assertProblem(await editor.client.delete(`/api/v1/stories/${story.id}`), 403, 'not_the_author');
    assert.equal(await stack.sql.count('stories', "id = :'id'", { id: story.id }), 1);
    expectStatus(await author.client.delete(`/api/v1/stories/${story.id}`), 204);
    assertProblem(await author.client.get(`/api/v1/stories/${story.id}`), 404);
    assert.equal(await stack.sql.count('stories', "id = :'id'", { id: story.id }), 0);
    assert.equal(await stack.sql.count('story_history', "story_id = :'id'", { id: story.id }), 0);
  });
});

describe('who may do what', () => {
  test('signed out: 401 to send in; unverified: 403', async () => {
    assertProblem(await signedOut().post('/api/v1/stories', storyBody(), { csrf: false }), 401);
    assertProblem(await signedOut().get('/api/v1/stories/mine'), 401);
    assertProblem(await signedOut().get('/api/v1/stories/review'), 401);
    const unverified = await registerAccount(stack, { verify: false, displayName: 'Not Yet' });
    const before = await stack.sql.count('stories');
    assertProblem(await unverified.client.post('/api/v1/stories', storyBody()), 403, 'email_not_verified');
    assert.equal(await stack.sql.count('stories'), before);
  });

  test('non-editors: 403 on the queue, the review steps and the editors list', async () => {
    const story = await submitStory(author.client, { contact: uniqueContact('forbidden') });
    for (const client of [outsider.client, author.client, commenter.client]) {
      assertProblem(await client.get('/api/v1/stories/review'), 403, 'not_an_editor');
      assertProblem(await client.get('/api/v1/stories/editors'), 403, 'not_an_editor');
    }
    const fingerprint = await stack.sql.fingerprint(storyTables);
    // The author may not publish their own story either.
    for (const client of [outsider.client, author.client]) {
      assertProblem(await client.post(`/api/v1/stories/${story.id}/accept`, {}), 403, 'not_an_editor');
      assertProblem(await client.post(`/api/v1/stories/${story.id}/decline`, { reason: 'no' }), 403, 'not_an_editor');
      assertProblem(await client.post(`/api/v1/stories/${story.id}/request-changes`, { message: 'no' }), 403, 'not_an_editor');
    }
    assertProblem(await outsider.client.patch(`/api/v1/stories/${story.id}`, { title: 'Mine now' }), 404);
    assert.deepEqual(await stack.sql.fingerprint(storyTables), fingerprint);
    // An officer of a branch (not a top-level group) is no editor.
    const branchOfficer = await personWithRole(stack, admin.client, tree.branch.id, 'officer');
    assertProblem(await branchOfficer.client.get('/api/v1/stories/review'), 403, 'not_an_editor');
    // The site admin is one.
    expectStatus(await admin.client.get('/api/v1/stories/review'), 200);
    expectStatus(await author.client.delete(`/api/v1/stories/${story.id}`), 204);
  });

  test('editors appoint and remove other editors', async () => {
    const appointee = await seasonedAccount(stack, { displayName: 'Ann Appointee' });
    assertProblem(await outsider.client.post('/api/v1/stories/editors', { person_id: appointee.person.id }),
      403, 'not_an_editor');
    assertProblem(await appointee.client.get('/api/v1/stories/review'), 403);

    const appointed = expectStatus(await editor.client.post('/api/v1/stories/editors',
      { person_id: appointee.person.id }), 201).editor;
    assert.deepEqual(appointed.person, { id: appointee.person.id, display_name: 'Ann Appointee' });
    assert.equal(appointed.appointed_by.id, editor.person.id);
    assertProblem(await editor.client.post('/api/v1/stories/editors', { person_id: appointee.person.id }),
      409, 'already_editor');
    assertProblem(await editor.client.post('/api/v1/stories/editors', { person_id: 999999999 }), 422);

    const list = expectStatus(await appointee.client.get('/api/v1/stories/editors'), 200);
    assert.ok(list.editors.some((e) => e.person.id === appointee.person.id));
    assert.ok(list.by_office.some((p) => p.id === editor.person.id), 'officers of top-level groups');
    assert.ok(list.by_office.some((p) => p.id === admin.person.id), 'site admins');
    expectStatus(await appointee.client.get('/api/v1/stories/review'), 200);

    // An appointed editor is told about new stories too.
    const story = await submitStory(author.client, { contact: uniqueContact('appointee') });
    const told = (await notificationsOf(appointee.client)).filter((n) => n.kind === 'story_submitted');
    assert.ok(told.some((n) => n.detail === story.title));

    expectStatus(await editor.client.delete(`/api/v1/stories/editors/${appointee.person.id}`), 204);
    assertProblem(await editor.client.delete(`/api/v1/stories/editors/${appointee.person.id}`), 404);
    assertProblem(await editor.client.delete(`/api/v1/stories/editors/${editor.person.id}`), 404);
    assertProblem(await appointee.client.get('/api/v1/stories/review'), 403, 'not_an_editor');
    expectStatus(await author.client.delete(`/api/v1/stories/${story.id}`), 204);
  });
});

describe('validation', () => {
  test('a bad story is refused field by field and nothing is written', async () => {
    const fingerprint = await stack.sql.fingerprint(storyTables);
    const missing = assertProblem(await author.client.post('/api/v1/stories', { place: 'Nowhere' }), 422);
    assert.deepEqual(missing.errors.map((e) => e.field).sort(), ['body', 'title']);
    const long = assertProblem(await author.client.post('/api/v1/stories', storyBody({
      title: 't'.repeat(151), place: 'p'.repeat(121), contact: 'c'.repeat(201), what_worked: 'w'.repeat(4001),
    })), 422);
    assert.deepEqual(long.errors.map((e) => e.field).sort(), ['contact', 'place', 'title', 'what_worked']);
    const group = assertProblem(await author.client.post('/api/v1/stories', storyBody({ group_id: 999999999 })), 422);
    assert.deepEqual(group.errors.map((e) => e.field), ['group_id']);
    assertProblem(await author.client.post('/api/v1/stories', storyBody({ surprise: true })), 422);
    assertProblem(await author.client.post('/api/v1/stories', storyBody({ title: 42 })), 422);
    assert.deepEqual(await stack.sql.fingerprint(storyTables), fingerprint);

    const story = await submitStory(author.client, { contact: uniqueContact('validation') });
    const afterSubmit = await stack.sql.fingerprint(storyTables);
    assertProblem(await author.client.patch(`/api/v1/stories/${story.id}`, { title: '' }), 422);
    assertProblem(await author.client.patch(`/api/v1/stories/${story.id}`, { body: 'b'.repeat(20001) }), 422);
    assert.deepEqual(await stack.sql.fingerprint(storyTables), afterSubmit);
    assertProblem(await author.client.get('/api/v1/stories?cursor=abc'), 400);
    assertProblem(await author.client.get('/api/v1/stories/999999999'), 404);
    expectStatus(await author.client.delete(`/api/v1/stories/${story.id}`), 204);
  });
});

describe('the public list', () => {
  test('pages newest first with a cursor', async () => {
    const made = [];
    for (let i = 0; i < 22; ++i) {
      const story = await submitStory(author.client, { title: `Paged story ${i}`, contact: uniqueContact(`page${i}`) });
      await accept(editor.client, story.id);
      made.push(story.id);
    }
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = expectStatus(await publicGet(signedOut(), `/api/v1/stories${cursor ? `?cursor=${cursor}` : ''}`), 200);
      assert.ok(page.stories.length <= 20);
      seen.push(...page.stories.map((s) => s.id));
      cursor = page.next_cursor;
      assert.ok(++pages < 50);
    } while (cursor);
    assert.ok(pages >= 2, 'more than one page');
    assert.equal(new Set(seen).size, seen.length, 'no story twice');
    const positions = made.map((id) => seen.indexOf(id));
    assert.ok(positions.every((p) => p >= 0));
    assert.deepEqual(positions, [...positions].sort((a, b) => b - a), 'newest first');
  });
});

describe('the contact line', () => {
  test('never appears in any public response', async () => {
    // Every published story's page and discussion, read signed out and by a non-editor.
    const list = [];
    let cursor = null;
    do {
      const page = expectStatus(await publicGet(signedOut(), `/api/v1/stories${cursor ? `?cursor=${cursor}` : ''}`), 200);
      list.push(...page.stories);
      cursor = page.next_cursor;
    } while (cursor);
    for (const story of list) {
      for (const client of [signedOut(), outsider.client, commenter.client]) {
        const page = expectStatus(await publicGet(client, `/api/v1/stories/${story.id}`), 200);
        await publicGet(client, `/api/v1/threads/${page.story.thread_id}`);
      }
    }
    await publicGet(outsider.client, '/api/v1/notifications');
    await publicGet(commenter.client, '/api/v1/notifications');
    await publicGet(signedOut(), `/api/v1/groups/${tree.parent.id}/categories`);
    assert.ok(contacts.length >= 5);
    assert.ok(publicResponses.length > 20, `${publicResponses.length} responses`);
    for (const response of publicResponses) {
      for (const contact of [...contacts, 'Ring me on 07700 900123']) {
        assert.ok(!response.text.includes(contact), `${response.path} (${response.status}) shows "${contact}"`);
      }
      assert.ok(!response.text.includes('"contact"'), `${response.path} has a contact field`);
    }
    // The editors do see it: the search above would have caught it if the shapes were shared.
    const queue = expectStatus(await editor.client.get('/api/v1/stories/review'), 200).stories;
    assert.ok(queue.length === 0 || queue.every((s) => typeof s.contact === 'string'));
  });
});

describe('the demo organisation’s campaigns', () => {
  const run = promisify(execFile);
  const slug = 'keep-riverside-library-open-on-saturdays';
  const hiddenNames = ['Nadia Karim', 'Peter Holm'];
  let demo;

  before(async () => {
    demo = await Stack.start({ servers: 0 });
    await run(plenaryBinary(), ['migrate', '--database-url', demo.databaseUrl]);
    const { stdout } = await run(plenaryBinary(), ['demo', '--database-url', demo.databaseUrl]);
    assert.match(stdout, /Loaded the demo organisation/);
    await demo.startServer();
  });

  after(async () => {
    await demo?.close();
  });

  test('a live petition with confirmed signatures, hidden names kept out of every public response', async () => {
    const visitor = new ApiClient(demo.server);
    const texts = [];
    const page = await visitor.get(`/api/v1/petitions/${slug}`);
    texts.push(page.text);
    const body = expectStatus(page, 200);
    assert.equal(body.petition.status, 'open');
    assert.equal(body.petition.target, 'Riverside Council');
    assert.equal(body.petition.title, 'Keep Riverside Library open on Saturdays');
    assert.equal(body.petition.group.name, 'Riverside Branch');
    assert.deepEqual(body.counts, { confirmed: 12, pending: 3 });
    assert.equal(body.recent_signers.length, 10, 'the confirmed signers who show their names');
    assert.ok(body.recent_signers.some((signer) => signer.name === 'Farah Haddad'));
    assert.ok(!body.recent_signers.some((signer) => signer.name === 'Jon Marsh'), 'pending signers are not listed');
    const signers = await visitor.get(`/api/v1/petitions/${slug}/signers`);
    texts.push(signers.text);
    assert.equal(expectStatus(signers, 200).signers.length, 10);
    const groupPetitions = await visitor.get(`/api/v1/groups/${body.petition.group.id}/petitions`);
    texts.push(groupPetitions.text);
    expectStatus(groupPetitions, 200);
    texts.push((await visitor.get('/api/v1/stories')).text);
    for (const text of texts) {
      for (const name of hiddenNames) assert.ok(!text.includes(name), `a public response names ${name}`);
    }
    // The hidden signatures exist and are confirmed: they count, they are just not shown.
    assert.equal(await demo.sql.count('petition_signatures', "hide_name AND status = 'confirmed'"), 2);
  });

  test('a published story with comments in its discussion, and one waiting for review', async () => {
    const visitor = new ApiClient(demo.server);
    const list = expectStatus(await visitor.get('/api/v1/stories'), 200).stories;
    const published = list.find((story) => story.title === 'How we got the 42 bus back to Riverside');
    assert.ok(published, JSON.stringify(list.map((story) => story.title)));
    assert.ok(!list.some((story) => story.title === 'Fixing the lifts at Cedar House'), 'the waiting story is not public');
    const page = await visitor.get(`/api/v1/stories/${published.id}`);
    const story = expectStatus(page, 200).story;
    assert.equal(story.status, 'published');
    assert.equal(story.author.display_name, 'Farah Haddad');
    assert.ok(!page.text.includes('07700 900462'), 'the contact line is not public');
    const thread = expectStatus(await visitor.get(`/api/v1/threads/${story.thread_id}`), 200);
    const comments = thread.posts.filter((post) => post.depth > 0);
    assert.ok(comments.length >= 3, `${comments.length} comments`);
    assert.ok(new Set(comments.map((post) => post.author.display_name)).size >= 2, 'from more than one person');

    const editor = new ApiClient(demo.server);
    expectStatus(await editor.signIn('alex@demo.plenary.test', 'plenary-demo-2026'), 200);
    const queue = expectStatus(await editor.get('/api/v1/stories/review'), 200).stories;
    assert.deepEqual(queue.map((s) => [s.title, s.status]), [['Fixing the lifts at Cedar House', 'submitted']]);
  });
});
