// Moderation in the browser: a member flags a post (reason and words), a moderator hides it from
// the queue with a reason, and the author, whose page stays open, sees the reason in place at
// once, gets a notification, and reads the public moderation log. Search shows highlighted
// matches and never the hidden post. A suspended author sees why and until when on posting.
// axe-core checks the flag form, the queue, the notifications, the log and the search page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack, eventually } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, signInThroughPage, waitForView,
} from './browser.mjs';

let stack;
let group;
let author;
let reader;
let moderator;
let thread;
let offending;
let authorBrowser;
let otherBrowser;
const reason = 'Personal attack on another member';

before(async () => {
  stack = await Stack.start();
  const admin = await registerAccount(stack, { displayName: 'Site Admin' });
  group = await createGroup(admin.client, { name: 'Quayside Branch', kind: 'national' });
  author = await registerAccount(stack, { displayName: 'Ben Author' });
  reader = await registerAccount(stack, { displayName: 'Cara Reader' });
  moderator = await registerAccount(stack, { displayName: 'Mo Moderator' });
  await addMember(admin.client, group.id, { email: author.email, role: 'member' });
  await addMember(admin.client, group.id, { email: reader.email, role: 'member' });
  await addMember(admin.client, group.id, { email: moderator.email, role: 'moderator' });
  await stack.sql.exec("UPDATE persons SET created_at = now() - interval '3 days'");
  const category = expectStatus(await admin.client.post(`/api/v1/groups/${group.id}/categories`,
    { name: 'General', visibility: 'members' }), 201).category;
  ({ thread } = expectStatus(await author.client.post(`/api/v1/categories/${category.id}/threads`,
    { title: 'Allotment rota for spring', body: 'Who can water the allotment beds in April?' }), 201));
  const opening = expectStatus(await author.client.get(`/api/v1/threads/${thread.id}`), 200).posts[0];
  offending = expectStatus(await author.client.post(`/api/v1/threads/${thread.id}/posts`,
    { body: 'Honestly, anyone who forgot last time is a clodhopper.', parent_id: opening.id }), 201).post;
  [authorBrowser, otherBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await authorBrowser?.close();
  await otherBrowser?.close();
  await stack?.close();
});

async function signIn(page, person, next, heading) {
  await signInThroughPage(page, stack.server.origin, person, next);
  await waitForView(page, heading);
}

async function signOut(page) {
  await page.locator('#site-nav').getByRole('button', { name: 'Sign out' }).click();
  await waitForView(page, 'Plenary');
}

test('a flag, a hide from the queue, the reason in place for the author, the log and a notification', async () => {
  const author_ = authorBrowser.page;
  const other = otherBrowser.page;
  const threadPath = `/threads/${thread.id}`;

  await signIn(author_, author, threadPath, thread.title);
  await author_.locator('.thread[data-live="on"]').waitFor();

  // Cara flags Ben's reply: the form asks why, and says so when nothing is chosen.
  await signIn(other, reader, threadPath, thread.title);
  const post = other.locator(`#post-${offending.id}`);
  await post.getByRole('button', { name: 'Flag Ben Author’s post for moderators' }).click();
  assert.equal((await describeFocus(other)).id, `flag-${offending.id}-reason`, 'focus goes to the first reason');
  await post.getByRole('button', { name: 'Send to the moderators' }).click();
  await post.locator('.error-summary:not([hidden])').waitFor();
  assert.match(await post.locator('.error-summary:not([hidden])').innerText(), /Choose why you are flagging this post/);
  await assertAccessible(other, 'the flag form with an error');
  await post.getByLabel('Abuse or harassment').check();
  await post.getByLabel(/Anything the moderators should know/).fill('Name-calling aimed at the volunteers.');
  await post.getByRole('button', { name: 'Send to the moderators' }).click();
  await post.getByText('Thank you. The moderators will look at this post.').waitFor();
  assert.match((await describeFocus(other)).text, /The moderators will look at this post/);
  const flags = await stack.sql.rows('SELECT reason, detail FROM flags WHERE post_id = :post', { post: offending.id });
  assert.deepEqual(flags, [{ reason: 'abuse', detail: 'Name-calling aimed at the volunteers.' }]);
  await signOut(other);

  // Mo hides it from the queue.
  await signIn(other, moderator, `/groups/${group.id}/moderation`, 'Moderation queue for Quayside Branch');
  const item = other.locator('.queue-item', { hasText: 'Post by Ben Author' });
  assert.match(await item.innerText(), /clodhopper[\s\S]*Abuse or harassment – flagged by Cara Reader[\s\S]*Name-calling aimed at the volunteers/);
  await assertAccessible(other, 'the moderation queue');
  await item.getByLabel('Hide the post').check();
  await item.getByLabel('Reason').fill(reason);
  await item.getByRole('button', { name: 'Confirm' }).click();
  await other.getByText('Nothing is waiting. Thank you.').waitFor();
  assert.match((await describeFocus(other)).text, /Nothing is waiting/);
  await assertAccessible(other, 'the empty moderation queue');

  // Ben's page, open all along, shows the reason in place of the post, and his badge counts it.
  const hidden = author_.locator(`#post-${offending.id} .post__hidden`);
  await hidden.waitFor({ timeout: 3000 });
  assert.equal((await hidden.innerText()).trim(), `Hidden by a moderator: ${reason}`);
  assert.doesNotMatch(await author_.locator(`#post-${offending.id}`).innerText(), /clodhopper/);
  const badge = author_.locator('#site-nav a[href="/notifications"] .badge__count');
  await eventually(async () => (await badge.isVisible()) && (await badge.innerText()) === '1', { what: 'the unread badge' });
  await assertAccessible(author_, 'a thread with a hidden post');

  // The moderator sees the original behind a disclosure, and may restore it.
  await other.goto(`${stack.server.origin}${threadPath}`);
  await waitForView(other, thread.title);
  const modView = other.locator(`#post-${offending.id}`);
  assert.match(await modView.innerText(), /Show the hidden post/);
  assert.equal(await modView.getByRole('button', { name: /^Restore/ }).count(), 1);

  await author_.locator('#site-nav').getByRole('link', { name: 'Notifications 1 unread' }).click();
  await waitForView(author_, 'Notifications');
  const notification = author_.locator('.notification').first();
  assert.match(await notification.innerText(), new RegExp(`A moderator hid your post in Allotment rota for spring\\.[\\s\\S]*Reason: ${reason}`));
  await assertAccessible(author_, 'the notifications');
  await notification.getByRole('button', { name: /^Mark as read/ }).click();
  await author_.getByText('You have read all your notifications.').waitFor();
  assert.ok(await badge.isHidden(), 'the badge goes when all is read');

  await author_.goto(`${stack.server.origin}/groups/${group.id}/moderation/log`);
  await waitForView(author_, 'Moderation log of Quayside Branch');
  const row = author_.locator('tbody tr', { hasText: 'Hid a post' });
  assert.match(await row.innerText(), new RegExp(`Mo Moderator\\s+Hid a post\\s+A post[\\s\\S]*${reason}`));
  await assertAccessible(author_, 'the moderation log');

  assertNoConsoleProblems(authorBrowser.problems);
  assertNoConsoleProblems(otherBrowser.problems);
});

test('search highlights matches and never finds a hidden post', async () => {
  const page = authorBrowser.page;
  await page.goto(`${stack.server.origin}/search`);
  await waitForView(page, 'Search the discussions');
  await assertAccessible(page, 'the search page');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match(await page.locator('.error-summary').innerText(), /Enter something to search for/);

  await page.getByRole('searchbox', { name: 'Search for' }).fill('allotment');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#results-heading', { hasText: /for “allotment”/ }).waitFor();
  assert.equal((await describeFocus(page)).id, 'results-heading', 'the number of results is read first');
  const marks = await page.locator('.search-result mark').allInnerTexts();
  assert.ok(marks.length > 0 && marks.every((text) => /^allotment$/i.test(text)), `highlighted: ${marks}`);
  await assertAccessible(page, 'search results');

  await page.getByRole('searchbox', { name: 'Search for' }).fill('clodhopper');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#results-heading', { hasText: 'No results for “clodhopper”' }).waitFor();
  assertNoConsoleProblems(authorBrowser.problems);
});

test('a suspended author is told why and until when, when a reply is refused', async () => {
  const page = authorBrowser.page;
  const endsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const mo = moderator.client;
  expectStatus(await mo.post(`/api/v1/groups/${group.id}/suspensions`,
    { person_id: author.person.id, ends_at: endsAt.toISOString(), reason: 'Repeated name-calling' }), 201);

  await page.goto(`${stack.server.origin}/threads/${thread.id}`);
  await waitForView(page, thread.title);
  await page.getByRole('textbox', { name: 'Your reply', exact: true }).fill('Sorry, everyone.');
  await page.locator('.thread__write').getByRole('button', { name: 'Post reply' }).click();
  const summary = page.locator('.thread__write .error-summary:not([hidden])');
  await summary.waitFor();
  const text = await summary.innerText();
  assert.match(text, /suspended/i);
  assert.match(text, /Repeated name-calling/);
  assert.match(text, new RegExp(String(endsAt.getUTCFullYear())), 'the end date is given');
  assert.match((await describeFocus(page)).className, /error-summary/);
  await assertAccessible(page, 'a refused reply');
  assertNoConsoleProblems(authorBrowser.problems);
});
