// A new person, using only the keyboard: creates an account, confirms the address with the link
// from the email (read from the server log), signs in, finds a branch in the group tree, joins it
// and signs out. Every page on the way is checked with axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createGroup, goodPassword, registerAccount, uniqueEmail, verificationToken } from '../lib/builders.mjs';
import { ApiClient, Stack } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, tabTo, waitForView,
} from './browser.mjs';

let stack;
let browser;
let branch;

before(async () => {
  stack = await Stack.start();
  // The first account becomes site admin and lays out a small organisation.
  const { client: admin } = await registerAccount(stack, { displayName: 'Site Admin' });
  const national = await createGroup(admin, { name: 'Keyboard Party', kind: 'national' });
  const region = await createGroup(admin, { name: 'North Region', kind: 'region', parentId: national.id });
  branch = await createGroup(admin, { name: 'Riverside Branch', kind: 'branch', parentId: region.id, description: 'We meet on the first Monday.' });
  await createGroup(admin, { name: 'City Hospital', kind: 'workplace', parentId: branch.id });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

test('a new person signs up, confirms, signs in, joins a branch and signs out by keyboard alone', async () => {
  const { page, problems } = browser;
  const server = stack.server;
  const email = uniqueEmail('keyboard');

  await page.goto(`${server.origin}/`);
  await waitForView(page, 'Plenary');
  await assertAccessible(page, 'the start page');

  await page.keyboard.press('Tab');
  assert.equal((await describeFocus(page)).text, 'Skip to main content', 'the first Tab reaches the skip link');
  await tabTo(page, 'Create an account');
  await page.keyboard.press('Enter');
  await waitForView(page, 'Create an account');
  assert.equal((await describeFocus(page)).tag, 'h1', 'focus moves to the heading of the new view');
  await assertAccessible(page, 'the sign-up form');

  // An empty form: the error summary takes focus and links to each field.
  await tabTo(page, 'Create account');
  await page.keyboard.press('Enter');
  await page.locator('.error-summary:not([hidden])').waitFor();
  const summaryFocus = await describeFocus(page);
  assert.match(summaryFocus.className, /error-summary/, 'a failed form moves focus to the error summary');
  assert.match(await page.title(), /^Error: /, 'the page title says there is an error');
  assert.match(await page.locator('.error-summary').innerText(), /Enter your name/);
  assert.equal(await page.locator('#f-display_name').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, 'the sign-up form with errors');
  await page.keyboard.press('Tab');
  assert.equal((await describeFocus(page)).text, 'Enter your name');
  await page.keyboard.press('Enter');
  assert.equal((await describeFocus(page)).id, 'f-display_name', 'the summary link moves focus to its field');

  await page.keyboard.type('Robin Keys');
  await page.keyboard.press('Tab');
  assert.equal((await describeFocus(page)).id, 'f-email');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  assert.equal((await describeFocus(page)).id, 'f-password');
  await page.keyboard.type(goodPassword);
  await page.keyboard.press('Enter');
  await waitForView(page, 'Check your email');
  assert.match(await page.locator('main').innerText(), new RegExp(email.replace(/[.]/g, '\\.')));
  await assertAccessible(page, 'the check-your-email page');

  // The link in the email; typing an address into the browser is keyboard use too.
  const token = await verificationToken(stack, email);
  await page.goto(`${server.origin}/verify-email?token=${encodeURIComponent(token)}`);
  await waitForView(page, 'Email address confirmed');
  await assertAccessible(page, 'the confirmed page');

  await tabTo(page, 'Sign in to find your groups');
  await page.keyboard.press('Enter');
  await waitForView(page, 'Sign in');
  await page.keyboard.press('Tab');
  assert.equal((await describeFocus(page)).id, 'f-email', 'the first Tab after the heading reaches the email field');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(goodPassword);
  await page.keyboard.press('Enter');
  await waitForView(page, 'Groups');
  const notice = await describeFocus(page);
  assert.match(notice.text, /signed in as Robin Keys/, 'the sign-in notice takes focus');
  await page.locator('#live-status[data-status="connected"]').waitFor();
  assert.match(await page.locator('#live-status').innerText(), /Live updates: on/);
  await assertAccessible(page, 'the group tree');

  // The branch is nested under its region under the national group.
  const nesting = await page.locator('.tree a', { hasText: 'Riverside Branch' }).evaluate((link) => {
    const names = [];
    for (let item = link.closest('li').parentElement.closest('li'); item; item = item.parentElement.closest('li')) {
      names.unshift(item.querySelector('a').textContent);
    }
    return names;
  });
  assert.deepEqual(nesting, ['Keyboard Party', 'North Region']);

  await tabTo(page, 'Riverside Branch');
  await page.keyboard.press('Enter');
  await waitForView(page, 'Riverside Branch');
  assert.deepEqual(await page.locator('nav[aria-label="Breadcrumb"] li').allInnerTexts(),
    ['Groups', 'Keyboard Party', 'North Region', 'Riverside Branch']);
  assert.match(await page.locator('main').innerText(), /We meet on the first Monday\./);
  // Supporters do not see the member directory; the server's reason is shown instead.
  assert.match(await page.locator('section', { has: page.locator('#members-heading') }).innerText(), /Only members of Riverside Branch/);
  await assertAccessible(page, 'a group page before joining');

  await tabTo(page, 'Join this group');
  await page.keyboard.press('Space');
  await page.locator('.notice', { hasText: 'You have joined Riverside Branch.' }).waitFor();
  assert.match((await describeFocus(page)).text, /You have joined Riverside Branch/);
  assert.match(await page.locator('main').innerText(), /You are a supporter of this group/);
  assert.equal(await page.locator('button', { hasText: 'Join this group' }).count(), 0, 'no Join button once joined');
  await assertAccessible(page, 'a group page after joining');

  await tabTo(page, 'Sign out', { backwards: true });
  await page.keyboard.press('Enter');
  await waitForView(page, 'Plenary');
  assert.match((await describeFocus(page)).text, /You have signed out/);
  await page.locator('#site-nav a', { hasText: 'Sign in' }).waitFor();
  // Signed out, the page keeps a live connection of its own (public discussions update live too).
  await page.locator('#live-status[data-status="connected"]').waitFor();
  const session = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(session, 401, 'the session has ended on the server');
  await assertAccessible(page, 'the start page after signing out');

  // The membership is real: the new person's own view through the API lists the branch.
  const robin = new ApiClient(server);
  assert.equal((await robin.signIn(email, goodPassword)).status, 200);
  const me = await robin.get('/api/v1/me');
  assert.deepEqual(me.json.memberships.map((m) => [m.group_id, m.role]), [[branch.id, 'supporter']]);

  assertNoConsoleProblems(problems);
});
