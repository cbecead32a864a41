// Every other view of the web app, with axe-core on each and on the error state of its forms:
// signing in and resetting a password, the account page (privacy, sessions, password), and the
// admin pages for groups and members. Also reflow at 320 CSS pixels.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createGroup, goodPassword, mailedLink, registerAccount, uniqueEmail } from '../lib/builders.mjs';
import { ApiClient, Stack } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, fitsWidth, launchBrowser, waitForView,
} from './browser.mjs';

const newPassword = 'lantern-orchard-blue-77';

let stack;
let browser;
let admin;
let national;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack, { displayName: 'Ada Admin', signIn: true });
  national = await createGroup(admin.client, { name: 'Access Party', kind: 'national' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function expectErrorSummary(page, pattern, label) {
  await page.locator('.error-summary:not([hidden])').first().waitFor();
  const focus = await describeFocus(page);
  assert.match(focus.className, /error-summary/, `${label}: focus is on the error summary`);
  const said = await page.evaluate(() => document.activeElement.textContent);
  assert.match(said, pattern, `${label}: the summary says what is wrong`);
  assert.match(await page.title(), /^Error: /, `${label}: the title starts with "Error:"`);
  await assertAccessible(page, `${label} (with errors)`);
}

test('signed out: sign-in errors, password reset, broken links, unknown pages', async () => {
  const { page } = browser;
  const { origin } = stack.server;

  await page.goto(`${origin}/sign-up/check-email`);
  await waitForView(page, 'Check your email');
  await assertAccessible(page, 'check your email');

  await page.goto(`${origin}/sign-in`);
  await waitForView(page, 'Sign in');
  await assertAccessible(page, 'sign in');
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectErrorSummary(page, /password is not right/i, 'sign in');

  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await waitForView(page, 'Reset your password');
  await assertAccessible(page, 'forgotten password');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expectErrorSummary(page, /Enter your email address/, 'forgotten password');
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await waitForView(page, 'Check your email');
  await assertAccessible(page, 'reset link sent');

  const line = await mailedLink(stack, admin.email, 'password_reset');
  await page.goto(`${origin}/reset-password?token=${encodeURIComponent(line.token)}`);
  await waitForView(page, 'Choose a new password');
  await assertAccessible(page, 'choose a new password');
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expectErrorSummary(page, /at least 10 characters/, 'choose a new password');
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await waitForView(page, 'Sign in');
  assert.match((await describeFocus(page)).text, /password has been changed/);
  admin.password = newPassword;

  await page.goto(`${origin}/reset-password?token=${encodeURIComponent(line.token)}`);
  await page.getByLabel('New password').fill(`${newPassword}-again`);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expectErrorSummary(page, /./, 'a used reset link');

  await page.goto(`${origin}/verify-email?token=not-a-real-token`);
  await waitForView(page, 'This link does not work');
  await assertAccessible(page, 'a broken confirmation link');

  await page.goto(`${origin}/no/such/page`);
  await waitForView(page, 'Page not found');
  await assertAccessible(page, 'page not found');

  await page.goto(`${origin}/groups/987654`);
  await waitForView(page, 'Group not found');
  await assertAccessible(page, 'group not found');
});

test('the account page: privacy, sessions and password', async () => {
  const { page } = browser;
  const { origin } = stack.server;

  await page.goto(`${origin}/sign-in?next=%2Fprofile`);
  await waitForView(page, 'Sign in');
  await page.getByLabel('Email address').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForView(page, 'Your account');
  await assertAccessible(page, 'your account');

  const name = page.getByRole('textbox', { name: 'Your name' });
  await name.fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expectErrorSummary(page, /Enter your name/, 'your account');
  await name.fill('Ada A. Admin');
  await page.getByLabel('Hide me from member directories').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.locator('.notice', { hasText: 'Your changes have been saved.' }).waitFor();
  assert.match(await page.title(), /^Your account/, 'the error prefix goes once the form succeeds');
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).person);
  assert.equal(me.display_name, 'Ada A. Admin');
  assert.equal(me.hidden_from_directory, true);
  assert.ok(await page.getByLabel('Hide me from member directories').isChecked());

  // Another device signs in; it is listed and can be signed out from here.
  const phone = new ApiClient(stack.server);
  assert.equal((await phone.signIn(admin.email, admin.password)).status, 200);
  await page.reload();
  await waitForView(page, 'Your account');
  const revoke = page.locator('#main button', { hasText: 'Sign out' });
  assert.equal(await revoke.count(), 1, 'one other session to sign out');
  await revoke.click();
  await page.locator('.notice', { hasText: 'has been signed out' }).waitFor();
  assert.equal((await phone.get('/api/v1/session')).status, 401, 'the other session has ended');
  await assertAccessible(page, 'your account after signing out another device');

  await page.getByRole('link', { name: 'Change your password' }).click();
  await waitForView(page, 'Change your password');
  await assertAccessible(page, 'change your password');
  await page.getByLabel('Current password').fill('this-is-not-it-at-all');
  await page.getByLabel('New password').fill(goodPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expectErrorSummary(page, /./, 'change your password');
});

test('admin pages: create, edit, add a member, change a role', async () => {
  const { page, problems } = browser;

  await page.getByRole('link', { name: 'Groups', exact: true }).click();
  await waitForView(page, 'Groups');
  await page.getByRole('link', { name: 'Create a group' }).click();
  await waitForView(page, 'Create a group');
  await assertAccessible(page, 'create a group');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expectErrorSummary(page, /Enter a name/, 'create a group');
  await page.getByLabel('Name').fill('Meadow Branch');
  await page.getByLabel('Kind of group').selectOption('branch');
  await page.getByLabel('Inside which group?').selectOption(String(national.id));
  await page.getByRole('button', { name: 'Create group' }).click();
  await waitForView(page, 'Meadow Branch');
  assert.match((await describeFocus(page)).text, /Meadow Branch has been created/);
  const meadowPath = new URL(page.url()).pathname;
  await assertAccessible(page, 'a new group page');

  await page.getByRole('link', { name: 'Edit, move or archive this group' }).click();
  await waitForView(page, 'Edit Meadow Branch');
  await assertAccessible(page, 'edit a group');
  await page.getByLabel('Name').fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expectErrorSummary(page, /Enter a name/, 'edit a group');
  await page.getByLabel('Name').fill('Meadow and Brook Branch');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await waitForView(page, 'Meadow and Brook Branch');

  await page.getByRole('link', { name: 'Add a member' }).click();
  await waitForView(page, 'Add a member to Meadow and Brook Branch');
  await assertAccessible(page, 'add a member');
  await page.getByLabel('Email address').fill('not an email');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expectErrorSummary(page, /./, 'add a member');
  const newcomer = uniqueEmail('newcomer');
  await page.getByLabel('Email address').fill(newcomer);
  await page.getByLabel('Name (optional)').fill('Nina Newcomer');
  await page.getByRole('combobox', { name: 'Role' }).selectOption('member');
  await page.getByRole('button', { name: 'Add member' }).click();
  await waitForView(page, 'Meadow and Brook Branch');
  await page.locator('.members tbody th', { hasText: 'Nina Newcomer' }).waitFor();

  await page.getByRole('link', { name: /Change Nina Newcomer/ }).click();
  await waitForView(page, 'Nina Newcomer in Meadow and Brook Branch');
  await assertAccessible(page, 'manage a member');
  await page.getByRole('combobox', { name: 'Role' }).selectOption('officer');
  await page.getByRole('button', { name: 'Save role' }).click();
  await waitForView(page, 'Meadow and Brook Branch');
  const ninaRow = page.locator('.members tbody tr', { hasText: 'Nina Newcomer' });
  assert.match(await ninaRow.innerText(), /Officer/);

  // Reflow: nothing needs sideways scrolling at 320 CSS pixels (1280 at 400 % zoom).
  await page.setViewportSize({ width: 320, height: 640 });
  for (const [path, heading] of [['/', 'Plenary'], ['/groups', 'Groups'], [meadowPath, 'Meadow and Brook Branch'],
    ['/profile', 'Your account'], [`${meadowPath}/import`, 'Import members into Meadow and Brook Branch']]) {
    await page.goto(stack.server.origin + path);
    await waitForView(page, heading);
    assert.ok(await fitsWidth(page), `${path} fits 320 CSS pixels without sideways scrolling`);
  }
  await assertAccessible(page, 'the import page at 320 pixels');

  assertNoConsoleProblems(problems);
});
