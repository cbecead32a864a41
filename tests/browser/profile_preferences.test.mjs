// Choices on the account page, by keyboard alone: a weekly digest of notifications by email and
// showing what one has done on one's page; then the person page shows the counts in words — to
// the person always (saying whether others see them), to others only once chosen. axe-core checks
// every page and state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

let stack;
let doer;
let viewer;
let doerBrowser;
let viewerBrowser;

before(async () => {
  stack = await Stack.start();
  const admin = await registerAccount(stack, { displayName: 'Site Admin' });
  const group = await createGroup(admin.client, { name: 'Harbour Branch', kind: 'national' });
  doer = await registerAccount(stack, { displayName: 'Pat Doer' });
  viewer = await registerAccount(stack, { displayName: 'Vic Viewer' });
  const thanker = await registerAccount(stack, { displayName: 'Tam Thanker' });
  for (const account of [doer, viewer, thanker]) {
    await addMember(admin.client, group.id, { email: account.email, role: 'member' });
  }
  const category = expectStatus(await admin.client.post(`/api/v1/groups/${group.id}/categories`,
    { name: 'General', visibility: 'members' }), 201).category;
  const { thread, post } = expectStatus(await doer.client.post(`/api/v1/categories/${category.id}/threads`,
    { title: 'Leafleting on Saturday', body: 'Who can help with the leaflets?' }), 201);
  const second = expectStatus(await doer.client.post(`/api/v1/threads/${thread.id}/posts`,
    { body: 'Meet at the library at ten.', parent_id: post.id }), 201).post;
  for (const [account, postId] of [[viewer, post.id], [thanker, post.id], [thanker, second.id]]) {
    expectStatus(await account.client.post(`/api/v1/posts/${postId}/thanks`), 201);
  }
  [doerBrowser, viewerBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await doerBrowser?.close();
  await viewerBrowser?.close();
  await stack?.close();
});

const origin = () => stack.server.origin;
const preferences = async () => expectStatus(await doer.client.get('/api/v1/me/preferences'), 200);

test('others see no record of what Pat has done before Pat chooses to show it', async () => {
  const { page, problems } = viewerBrowser;
  await signInThroughPage(page, origin(), viewer, `/people/${doer.person.id}`);
  await waitForView(page, 'Pat Doer');
  assert.equal(await page.getByRole('heading', { name: 'What Pat Doer has done' }).count(), 0);
  await assertAccessible(page, 'a person page without recognition');
  assertNoConsoleProblems(problems);
});

test('Pat chooses a weekly digest and shows what they have done, by keyboard alone', async () => {
  const { page, problems } = doerBrowser;
  await signInThroughPage(page, origin(), doer, '/profile');
  await waitForView(page, 'Your account');
  await assertAccessible(page, 'the account page');
  const group = page.getByRole('group', { name: 'Notifications by email' });
  assert.equal(await group.getByRole('radio', { name: 'No digest' }).isChecked(), true, 'no digest at first');

  await tabTo(page, 'No digest');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal((await describeFocus(page)).text, 'Weekly');
  assert.equal(await group.getByRole('radio', { name: 'Weekly' }).isChecked(), true);
  await tabTo(page, 'Show what I have done on my profile');
  await page.keyboard.press('Space');
  await tabTo(page, 'Save choices');
  await page.keyboard.press('Enter');

  await page.getByText('Your choices have been saved.').waitFor();
  assert.deepEqual(await preferences(), { digest: 'weekly', show_recognition: true });
  await waitForView(page, 'Your account');
  assert.equal(await page.getByRole('radio', { name: 'Weekly' }).isChecked(), true, 'the choice is shown after saving');
  assert.equal(await page.getByRole('checkbox', { name: 'Show what I have done on my profile' }).isChecked(), true);
  await assertAccessible(page, 'the account page after saving');

  await tabTo(page, 'See your page as others see it');
  await page.keyboard.press('Enter');
  await waitForView(page, 'Pat Doer');
  const section = page.getByRole('region', { name: 'What you have done' });
  const text = await section.innerText();
  assert.match(text, /No stories published yet/);
  assert.match(text, /No offers to help taken up yet/);
  assert.match(text, /Thanked 3 times for your posts/);
  assert.match(text, /Visible to others: yes/);
  await assertAccessible(page, 'one’s own person page with recognition');
  assertNoConsoleProblems(problems);
});

test('now others see the counts in words', async () => {
  const { page, problems } = viewerBrowser;
  await page.reload();
  await waitForView(page, 'Pat Doer');
  const section = page.getByRole('region', { name: 'What Pat Doer has done' });
  const text = await section.innerText();
  assert.match(text, /Thanked 3 times for their posts/);
  assert.doesNotMatch(text, /Visible to others/);
  await assertAccessible(page, 'a person page with recognition');
  assertNoConsoleProblems(problems);
});

test('hidden again: Pat sees "Visible to others: no"', async () => {
  expectStatus(await doer.client.put('/api/v1/me/preferences', { digest: 'weekly', show_recognition: false }), 200);
  const { page, problems } = doerBrowser;
  await page.reload();
  await waitForView(page, 'Pat Doer');
  assert.match(await page.getByRole('region', { name: 'What you have done' }).innerText(), /Visible to others: no/);
  await assertAccessible(page, 'one’s own person page, recognition not shown to others');
  assertNoConsoleProblems(problems);
});

test('a notification about a page (an offer to help) links to that page', async () => {
  await stack.sql.exec(
    `INSERT INTO notifications (person_id, kind, actor_id, detail, link)
     VALUES (:'person', 'offer_received', :'actor', 'Leafleting, weekday evenings', '/offers/7')`,
    { person: doer.person.id, actor: viewer.person.id });
  const { page, problems } = doerBrowser;
  await page.goto(`${origin()}/notifications`);
  await waitForView(page, 'Notifications');
  const link = page.getByRole('link', { name: 'Vic Viewer offered to help' });
  assert.equal(await link.getAttribute('href'), '/offers/7');
  assert.match(await page.locator('.notification-list').innerText(), /Leafleting, weekday evenings/);
  assert.equal(await page.getByRole('link', { name: 'choose on your account page' }).getAttribute('href'), '/profile');
  await assertAccessible(page, 'notifications with a campaign notification');
  assertNoConsoleProblems(problems);
});
