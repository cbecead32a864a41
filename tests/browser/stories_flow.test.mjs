// Stories in the browser: a visitor finds the Stories section and is sent to sign in to send one
// in; a member sends a story in through the form by keyboard alone (an empty send shows the
// error summary first); an editor asks for changes from the queue, the author makes them from
// their stories page, and the editor publishes it by keyboard; the story then shows in /stories
// with its discussion, whose replies are on the story page and one click from the whole thread.
// The contact line is on the editors' queue and nowhere public. axe-core checks every page and
// state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { ApiClient, Stack } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, fitsWidth, launchBrowser, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

const TITLE = 'How we kept the library open on Saturdays';
const CONTACT = 'Ring Mo on 07700 900777 after six';

let stack;
let group;
let editor;
let author;
let visitor;
let authorBrowser;
let editorBrowser;
const state = {};

before(async () => {
  stack = await Stack.start();
  const admin = await registerAccount(stack, { displayName: 'Site Admin' });
  group = await createGroup(admin.client, { name: 'Story Federation', kind: 'national' });
  editor = await registerAccount(stack, { displayName: 'Edie Editor' });
  await addMember(admin.client, group.id, { email: editor.email, role: 'officer' });
  author = await registerAccount(stack, { displayName: 'Mo Author' });
  await addMember(admin.client, group.id, { email: author.email, role: 'member' });
  [visitor, authorBrowser, editorBrowser] = await Promise.all([launchBrowser(), launchBrowser(), launchBrowser()]);
});

after(async () => {
  await visitor?.close();
  await authorBrowser?.close();
  await editorBrowser?.close();
  await stack?.close();
});

const origin = () => stack.server.origin;

async function press(page, name, options) {
  await tabTo(page, name, options);
  await page.keyboard.press('Enter');
}

async function typeInto(page, label, text) {
  await tabTo(page, label);
  await page.keyboard.type(text);
}

test('a visitor sees the Stories section and is asked to sign in to send one in', async () => {
  const { page, problems } = visitor;
  await page.goto(`${origin()}/stories`);
  await waitForView(page, 'Stories');
  assert.match(await page.locator('main').innerText(), /No stories are published yet/);
  await assertAccessible(page, 'the empty Stories section');
  await press(page, 'Send in a story');
  await waitForView(page, 'Send in a story');
  assert.equal(await page.locator('form').count(), 0, 'no form signed out');
  const signIn = page.getByRole('link', { name: 'Sign in' }).last();
  assert.match(await signIn.getAttribute('href'), /next=%2Fstories%2Fnew/);
  await assertAccessible(page, 'the story form signed out');
  assertNoConsoleProblems(problems);
});

test('a member sends a story in through the form by keyboard alone', async () => {
  const { page, problems } = authorBrowser;
  await signInThroughPage(page, origin(), author, '/stories/new');
  await waitForView(page, 'Send in a story');
  await assertAccessible(page, 'the story form');

  await press(page, 'Send the story to the editors');
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/);
  const summary = await page.locator('.error-summary:not([hidden])').innerText();
  assert.match(summary, /Enter a title/);
  assert.match(summary, /Write your story/);
  await assertAccessible(page, 'the story form with errors');

  await typeInto(page, 'Title', TITLE);
  await typeInto(page, 'Your story', 'The council wanted to close the library on Saturdays. We ran a stall outside it every week.');
  await typeInto(page, 'Where it happened (optional)', 'Riverside');
  await tabTo(page, 'Group (optional)');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#story-group_id option:checked').innerText(), group.name);
  await typeInto(page, 'What worked (optional)', 'Being there every Saturday, rain or shine.');
  await typeInto(page, 'How an editor can reach you (optional)', CONTACT);
  await press(page, 'Send the story to the editors');
  await waitForView(page, 'Your stories');
  assert.match(await page.locator('.notice').innerText(), /is with the editors/);
  assert.match(await page.locator('main').innerText(), /Waiting for review/);
  await assertAccessible(page, 'the author’s stories with the new one');

  const mine = expectStatus(await author.client.get('/api/v1/stories/mine'), 200).stories;
  state.story = mine.find((story) => story.title === TITLE);
  assert.ok(state.story, 'the story was sent');
  assert.equal(state.story.contact, CONTACT);
  assert.equal(state.story.group.id, group.id);
  assertNoConsoleProblems(problems);
});

test('an editor asks for changes; the author makes them; the editor publishes it from the queue', async () => {
  assert.ok(state.story, 'the story from the previous test');
  const { page, problems } = editorBrowser;
  await signInThroughPage(page, origin(), editor, '/stories/review');
  await waitForView(page, 'Stories to review');
  const item = page.locator('.story-review', { hasText: TITLE });
  assert.match(await item.innerText(), new RegExp(CONTACT), 'editors see the contact line');
  await assertAccessible(page, 'the review queue');

  // The message is required: sent empty, the form says so.
  await press(page, /^Ask for these changes/);
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match(await page.locator('.error-summary:not([hidden])').innerText(), /Enter what should change/);
  await assertAccessible(page, 'the queue with a missing message');
  await page.locator(`#message-${state.story.id}-message`).focus();
  await page.keyboard.type('Please say when the council changed its mind.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // The queue is drawn again under the same heading, with the notice.
  await page.locator('.notice', { hasText: 'is asked for changes' }).waitFor();
  await waitForView(page, 'Stories to review');
  assert.match(await item.innerText(), /Waiting for the author’s changes/);
  await assertAccessible(page, 'the queue after asking for changes');

  // The author sees the message and changes the story.
  const authorPage = authorBrowser.page;
  await authorPage.goto(`${origin()}/stories/mine`);
  await waitForView(authorPage, 'Your stories');
  assert.match(await authorPage.locator('.story-message').innerText(), /Please say when the council changed its mind/);
  await assertAccessible(authorPage, 'the author’s stories with the editor’s message');
  await press(authorPage, /^Make the changes/);
  await waitForView(authorPage, `Change “${TITLE}”`);
  await assertAccessible(authorPage, 'the change form');
  await tabTo(authorPage, 'Your story');
  await authorPage.keyboard.press('End');
  await authorPage.keyboard.press('Control+End');
  await authorPage.keyboard.type(' In March the council changed its mind.');
  await press(authorPage, 'Send the story again');
  await waitForView(authorPage, 'Your stories');
  assert.match(await authorPage.locator('main').innerText(), /Waiting for review/);
  assertNoConsoleProblems(authorBrowser.problems);

  await page.reload();
  await waitForView(page, 'Stories to review');
  await press(page, `Publish “${TITLE}”`);
  await page.locator('.notice', { hasText: 'is published' }).waitFor();
  await waitForView(page, 'Stories to review');
  assert.equal(await page.locator('.story-review', { hasText: TITLE }).count(), 0, 'it left the queue');
  await assertAccessible(page, 'the queue after publishing');
  assertNoConsoleProblems(problems);
});

test('the published story is in /stories with its discussion, one click from the thread', async () => {
  const story = expectStatus(await new ApiClient(stack.server).get(`/api/v1/stories/${state.story.id}`), 200).story;
  assert.equal(story.status, 'published');
  expectStatus(await editor.client.post(`/api/v1/threads/${story.thread_id}/posts`,
    { body: 'We should try this in **every branch**.' }), 201);

  const { page, problems } = visitor;
  await page.goto(`${origin()}/stories`);
  await waitForView(page, 'Stories');
  await assertAccessible(page, 'the Stories section with a story');
  await press(page, TITLE);
  await waitForView(page, TITLE);
  const main = await page.locator('main').innerText();
  assert.match(main, /In March the council changed its mind/);
  assert.match(main, /What worked/);
  assert.match(main, /Discussion/);
  assert.match(main, /1 reply/);
  assert.equal(await page.locator('.story-reply strong', { hasText: 'every branch' }).count(), 1, 'the reply, formatted');
  const everything = await page.evaluate(() => document.documentElement.outerHTML);
  assert.ok(!everything.includes(CONTACT), 'the contact line is not on the public page');
  assert.ok(await fitsWidth(page), 'no sideways scrolling');
  await assertAccessible(page, 'the published story signed out');

  await press(page, /^Read the whole discussion and reply/);
  await waitForView(page, TITLE);
  assert.equal(new URL(page.url()).pathname, `/threads/${story.thread_id}`);
  assert.match(await page.locator('main').innerText(), /every branch/);
  assertNoConsoleProblems(problems);

  const authorPage = authorBrowser.page;
  await authorPage.goto(`${origin()}/stories/mine`);
  await waitForView(authorPage, 'Your stories');
  assert.match(await authorPage.locator('main').innerText(), /Published/);
  await assertAccessible(authorPage, 'the author’s stories after publication');
});
