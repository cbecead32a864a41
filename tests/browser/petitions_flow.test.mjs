// Petitions in the browser: an officer starts one through the group's form; a visitor who is not
// signed in signs it by keyboard alone with the name hidden, confirms through the mailed link, and
// a second open page sees the count go up live (and said politely) without the hidden name ever
// showing; the organisers' export link, tables and closing; the withdraw and stop-updates links.
// axe-core checks every page and state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, mailedLink, registerAccount, uniqueEmail } from '../lib/builders.mjs';
import { ApiClient, Stack, eventually } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, fitsWidth, launchBrowser, recordAnnouncements, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

const TITLE = 'Keep Riverside Library open';
const HIDDEN_NAME = 'Hermione Quietly-Hidden';
const SHOWN_NAME = 'Vera Visible';

let stack;
let officer;
let group;
let branch;
let petition;
let visitor;
let watcher;
let officerBrowser;
const state = {};

before(async () => {
  stack = await Stack.start();
  const admin = await registerAccount(stack, { displayName: 'Site Admin' });
  group = await createGroup(admin.client, { name: 'Riverside Campaign', kind: 'national' });
  branch = await createGroup(admin.client, { name: 'Leith Region', kind: 'region', parentId: group.id });
  officer = await registerAccount(stack, { displayName: 'Olu Officer' });
  await addMember(admin.client, group.id, { email: officer.email, role: 'officer' });
  [visitor, watcher, officerBrowser] = await Promise.all([launchBrowser(), launchBrowser(), launchBrowser()]);
});

after(async () => {
  await visitor?.close();
  await watcher?.close();
  await officerBrowser?.close();
  await stack?.close();
});

const origin = () => stack.server.origin;
const slugPath = () => `/petitions/${petition.slug}`;
const counts = async () => expectStatus(await new ApiClient(stack.server).get(`/api/v1${slugPath()}`), 200).counts;
const countLine = (page) => page.locator('#petition-count').innerText();
const announced = (page, text) => eventually(
  () => page.evaluate((wanted) => window.announced.some((said) => said.includes(wanted)), text),
  { what: `the announcement "${text}"`, timeoutMs: 10_000 });

async function press(page, name, options) {
  await tabTo(page, name, options);
  await page.keyboard.press('Enter');
}

// What a page shows and holds, text and markup, for searching for a name that must not be there.
const everything = (page) => page.evaluate(() => `${document.body.innerText}\n${document.documentElement.outerHTML}`);

// The link of a kind in the newest confirmation mail to `email` ("/withdraw?token=…").
async function linkInMail(email, pathEnd) {
  const { mail } = await mailedLink(stack, email, 'petition_confirmation');
  const found = new RegExp(`/petitions/[^/\\s]+/${pathEnd.replace('/', '\\/')}\\?token=([A-Za-z0-9_-]+)`).exec(mail.body_text);
  assert.ok(found, `the mail to ${email} has a ${pathEnd} link: ${mail.body_text}`);
  return `${origin()}${slugPath()}/${pathEnd}?token=${found[1]}`;
}

async function signThroughApi({ name, email, hideName = false, keepUpdated = false }) {
  const client = new ApiClient(stack.server);
  expectStatus(await client.post(`/api/v1${slugPath()}/signatures`,
    { name, email, postcode: 'EH6 7AA', hide_name: hideName, keep_updated: keepUpdated }), 202);
  return mailedLink(stack, email, 'petition_confirmation');
}

test('an officer starts a petition through the group’s form', async () => {
  const { page, problems } = officerBrowser;
  await signInThroughPage(page, origin(), officer, `/groups/${group.id}/petitions`);
  await waitForView(page, `Petitions of ${group.name}`);
  await assertAccessible(page, 'the group’s petitions with the create form');

  // Sent empty, the form says what is missing and focus goes to the summary.
  await page.getByRole('button', { name: 'Publish the petition' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/);
  assert.match(await page.locator('.error-summary:not([hidden])').innerText(), /Enter a title/);
  await assertAccessible(page, 'the create form with errors');

  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Addressed to').fill('Riverside Council');
  await page.getByLabel('Statement').fill('We ask the council to **keep the library open** on Saturdays.');
  await page.getByLabel('Web address (optional)').fill('keep-riverside-library');
  await page.getByRole('button', { name: 'Publish the petition' }).click();
  await waitForView(page, TITLE);
  assert.match(await page.locator('.notice').innerText(), /is published/);
  assert.equal(new URL(page.url()).pathname, '/petitions/keep-riverside-library');
  const body = expectStatus(await officer.client.get('/api/v1/petitions/keep-riverside-library'), 200);
  petition = body.petition;
  assert.equal(petition.target, 'Riverside Council');
  assert.match(await page.locator('.petition__statement strong').innerText(), /keep the library open/, 'the statement is shown as formatted text');
  assert.match(await page.locator('.petition__status').innerText(), /Addressed to Riverside Council/);
  assert.equal(await countLine(page), '0 confirmed · 0 waiting for confirmation');
  await page.locator('.petition-export').waitFor();
  await assertAccessible(page, 'the new petition seen by an officer');
  assertNoConsoleProblems(problems);
});

test('a visitor signs by keyboard alone with the name hidden; confirming counts live elsewhere; the name never shows', async () => {
  assert.ok(petition, 'the petition from the first test');
  const email = uniqueEmail('signer');
  state.hiddenEmail = email;

  // The second page, open all along: it hears the counts live.
  const other = watcher.page;
  await other.goto(`${origin()}${slugPath()}`);
  await waitForView(other, TITLE);
  await other.locator('.petition[data-live="on"]').waitFor();
  await recordAnnouncements(other);

  const { page, problems } = visitor;
  await page.goto(`${origin()}${slugPath()}`);
  await waitForView(page, TITLE);
  await assertAccessible(page, 'the petition page signed out');
  assert.equal(await page.getByRole('link', { name: /Download the signatures/ }).count(), 0, 'no export link for visitors');

  await tabTo(page, 'Your name');
  await page.keyboard.type(HIDDEN_NAME);
  await tabTo(page, 'Email address');
  await page.keyboard.type(email);
  await tabTo(page, 'Postcode');
  await page.keyboard.type('eh6 7aa');
  await tabTo(page, 'Your group (optional)');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#sign-group_id option:checked').innerText(), branch.name, 'the arrow key chose the first group');
  await tabTo(page, 'Do not display my name on the website');
  await page.keyboard.press('Space');
  assert.equal(await page.getByLabel('Do not display my name on the website').isChecked(), true);
  await press(page, 'Sign the petition');

  await page.getByRole('heading', { name: 'Check your email to confirm your signature' }).waitFor();
  assert.equal((await describeFocus(page)).text, 'Check your email to confirm your signature', 'focus moves to the message');
  assert.match(await page.locator('.petition-sent').innerText(), new RegExp(email.replace(/[.+]/g, '\\$&')));
  await assertAccessible(page, 'the petition page after signing');

  // The waiting signature reaches the other page without a reload.
  await eventually(async () => (await countLine(other)) === '0 confirmed · 1 waiting for confirmation', { what: 'the pending count on the other page' });
  assert.deepEqual(await counts(), { confirmed: 0, pending: 1 });

  const { token } = await mailedLink(stack, email, 'petition_confirmation');
  await page.goto(`${origin()}${slugPath()}/confirm?token=${token}`);
  await waitForView(page, 'Your signature is confirmed');
  assert.match(await page.locator('main').innerText(), new RegExp(TITLE));
  await assertAccessible(page, 'the confirmation page');

  await eventually(async () => (await countLine(other)) === '1 confirmed · 0 waiting for confirmation', { what: 'the confirmed count on the other page' });
  await announced(other, 'The petition now has 1 confirmed signature and 0 waiting for confirmation.');

  // A visible signer arrives too: their name appears on the open page, the hidden one never does.
  const shown = await signThroughApi({ name: SHOWN_NAME, email: uniqueEmail('shown') });
  expectStatus(await new ApiClient(stack.server).post(`/api/v1${slugPath()}/confirm`, { token: shown.token }), 200);
  await other.locator('.petition-signers__name', { hasText: SHOWN_NAME }).waitFor({ timeout: 15_000 });
  await eventually(async () => (await countLine(other)) === '2 confirmed · 0 waiting for confirmation', { what: 'two confirmed' });
  assert.ok(!(await everything(other)).includes(HIDDEN_NAME), 'the hidden name is not on the live page');
  await other.reload();
  await waitForView(other, TITLE);
  assert.ok((await everything(other)).includes(SHOWN_NAME));
  assert.ok(!(await everything(other)).includes(HIDDEN_NAME), 'the hidden name is not on the page after a reload');
  await assertAccessible(other, 'the petition page with names');

  // The same link again: it has been used, and the page says so in words.
  await page.goto(`${origin()}${slugPath()}/confirm?token=${token}`);
  await waitForView(page, 'This link does not work');
  await assertAccessible(page, 'a used confirmation link');
  assertNoConsoleProblems(problems);
  assertNoConsoleProblems(watcher.problems);
});

test('signing twice with the same address is refused with a clear message', async () => {
  assert.ok(state.hiddenEmail, 'the signature from the previous test');
  const { page, problems } = visitor;
  await page.goto(`${origin()}${slugPath()}`);
  await waitForView(page, TITLE);
  await page.getByLabel('Your name').fill('Someone Again');
  await page.getByLabel('Email address').fill(state.hiddenEmail);
  await page.getByLabel('Postcode').fill('EH6 7AA');
  await page.getByRole('button', { name: 'Sign the petition' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/);
  assert.match(await page.locator('.error-summary:not([hidden])').innerText(), /already/i);
  await assertAccessible(page, 'the sign form refusing a second signature');
  // On a narrow phone the page and its form need no sideways scrolling.
  await page.setViewportSize({ width: 320, height: 800 });
  assert.ok(await fitsWidth(page), 'the petition page fits 320 pixels');
  await page.setViewportSize({ width: 1024, height: 800 });
  assertNoConsoleProblems(problems);
});

test('organisers see the export link and the counts by group and area, and close the petition', async () => {
  const { page, problems } = officerBrowser;
  // A visitor has the petition open while it is closed: the sign form goes from their page too.
  const other = watcher.page;
  await other.goto(`${origin()}${slugPath()}`);
  await waitForView(other, TITLE);
  await page.goto(`${origin()}${slugPath()}`);
  await waitForView(page, TITLE);
  const link = page.getByRole('link', { name: 'Download the signatures (CSV)' });
  assert.equal(await link.getAttribute('href'), `/api/v1${slugPath()}/signatures.csv`);
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(), await link.getAttribute('href'));
  assert.match(csv, /Vera Visible/, 'the export link gives the signatures');

  const byGroup = page.locator('table', { has: page.locator('caption', { hasText: 'Signatures by group' }) });
  await byGroup.waitFor();
  assert.match(await byGroup.innerText(), new RegExp(`${branch.name}\\s+1\\s+0`), 'the visitor’s group is credited');
  const byArea = page.locator('table', { has: page.locator('caption', { hasText: 'Signatures by postcode area' }) });
  assert.match(await byArea.innerText(), /EH6\s+2\s+0/);
  await assertAccessible(page, 'the organisers’ tools');

  await page.getByRole('button', { name: 'Close the petition' }).click();
  assert.equal((await describeFocus(page)).text, 'Close this petition? Nobody will be able to sign it after this.');
  await assertAccessible(page, 'the question before closing');
  await page.getByRole('button', { name: 'No, keep it open' }).click();
  assert.equal((await describeFocus(page)).text, 'Close the petition', 'no puts focus back on the button');
  await page.getByRole('button', { name: 'Close the petition' }).click();
  await page.getByRole('button', { name: 'Yes, close the petition' }).click();
  await page.locator('.petition__status', { hasText: 'Closed' }).waitFor();
  assert.match((await describeFocus(page)).className, /petition__status/, 'focus goes to the new status');
  assert.equal(await page.getByRole('button', { name: 'Sign the petition' }).count(), 0, 'a closed petition has no sign form');
  assert.match(await page.locator('.petition-sign').innerText(), /This petition is closed/);
  await other.locator('.petition-sign', { hasText: 'This petition is closed' }).waitFor();
  assert.equal(await other.getByRole('button', { name: 'Sign the petition' }).count(), 0, 'closed live on the other page');
  await assertAccessible(page, 'a closed petition');
  assertNoConsoleProblems(problems);
});

test('the withdraw and stop-updates links from the email work', async () => {
  const email = uniqueEmail('changes-mind');
  // Signed before the close would be refused now: sign a second petition instead.
  const created = expectStatus(await officer.client.post(`/api/v1/groups/${group.id}/petitions`,
    { title: 'Light the towpath', statement: 'Lamps, please.', target: 'Canal Trust', slug: 'light-the-towpath' }), 201);
  petition = created.petition;
  await signThroughApi({ name: 'Wyn Withdrawer', email, keepUpdated: true });
  const stopLink = await linkInMail(email, 'updates/stop');
  const withdrawLink = await linkInMail(email, 'withdraw');
  assert.deepEqual(await counts(), { confirmed: 0, pending: 1 });

  const { page, problems } = visitor;
  await page.goto(stopLink);
  await waitForView(page, 'You will not get more updates');
  await assertAccessible(page, 'the stop-updates page');

  await page.goto(withdrawLink);
  await waitForView(page, 'Withdraw your signature');
  assert.deepEqual(await counts(), { confirmed: 0, pending: 1 }, 'opening the link alone withdraws nothing');
  await assertAccessible(page, 'the withdraw page');
  await press(page, 'Withdraw my signature');
  await waitForView(page, 'Light the towpath');
  assert.match(await page.locator('.notice').innerText(), /withdrawn/);
  assert.equal(await countLine(page), '0 confirmed · 0 waiting for confirmation');
  await assertAccessible(page, 'the petition after withdrawing');

  await page.goto(`${origin()}/petitions/light-the-towpath/confirm`);
  await waitForView(page, 'This link does not work');
  assert.match(await page.locator('main').innerText(), /not complete/);
  assertNoConsoleProblems(problems);
});

test('the group’s list shows open and closed petitions to a visitor, and more names load by keyboard', async () => {
  const { page, problems } = visitor;
  await page.goto(`${origin()}/groups/${group.id}/petitions`);
  await waitForView(page, `Petitions of ${group.name}`);
  const openSection = page.getByRole('region', { name: 'Open for signatures' });
  const closedSection = page.getByRole('region', { name: 'Closed petitions' });
  assert.match(await openSection.innerText(), /Light the towpath/);
  assert.match(await closedSection.innerText(), new RegExp(TITLE));
  assert.equal(await page.getByRole('heading', { name: 'Start a petition' }).count(), 0, 'no create form for visitors');
  await assertAccessible(page, 'the group’s petitions seen by a visitor');

  // 21 named signers: the page shows the newest 20 and a button for the rest.
  await stack.advanceClock(600);
  for (let i = 1; i <= 21; i += 1) {
    const { token } = await signThroughApi({ name: `Towpath Walker ${i}`, email: uniqueEmail(`walker${i}`) });
    expectStatus(await new ApiClient(stack.server).post(`/api/v1${slugPath()}/confirm`, { token }), 200);
  }
  await page.goto(`${origin()}${slugPath()}`);
  await waitForView(page, 'Light the towpath');
  await recordAnnouncements(page);
  assert.equal(await page.locator('.petition-signers__item').count(), 20);
  await press(page, 'Show more names');
  await eventually(async () => (await page.locator('.petition-signers__item').count()) === 21, { what: 'the 21st name' });
  await announced(page, '1 more name shown.');
  assert.match((await describeFocus(page)).className, /petition-signers/, 'with the button gone, focus goes to the list');
  assert.equal(await page.getByRole('button', { name: 'Show more names' }).count(), 0);
  await assertAccessible(page, 'all names shown');
  assertNoConsoleProblems(problems);
});
