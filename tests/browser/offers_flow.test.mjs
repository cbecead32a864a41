// Offers to volunteer in the browser: a visitor who is not signed in offers help through the form
// by keyboard alone and confirms by the mailed link; the branch officer opens the dashboard,
// acknowledges the offer and records that it was matched to a task; the offerer follows the
// status link and reads where it stands. An offer nobody answers shows as overdue, in words, on
// the dashboard and the group's page. axe-core checks every page and state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, mailedLink, registerAccount, uniqueEmail } from '../lib/builders.mjs';
import { Stack, eventually } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, fitsWidth, launchBrowser, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

const VOLUNTEER = 'Sam Volunteer';
const TASK = 'Leafleting the Riverside estate on Saturdays';

let stack;
let groups;
let officer;
let member;
let visitor;
let officerBrowser;
const state = {};

before(async () => {
  stack = await Stack.start();
  const admin = await registerAccount(stack, { displayName: 'Site Admin' });
  const national = await createGroup(admin.client, { name: 'Riverside Federation', kind: 'national' });
  const region = await createGroup(admin.client, { name: 'Northern Region', kind: 'region', parentId: national.id });
  const branch = await createGroup(admin.client, { name: 'Riverside Branch', kind: 'branch', parentId: region.id });
  groups = { national, region, branch };
  officer = await registerAccount(stack, { displayName: 'Bea Branch' });
  await addMember(admin.client, branch.id, { email: officer.email, role: 'officer' });
  member = await registerAccount(stack, { displayName: 'Mo Member' });
  [visitor, officerBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await visitor?.close();
  await officerBrowser?.close();
  await stack?.close();
});

const origin = () => stack.server.origin;

async function press(page, name, options) {
  await tabTo(page, name, options);
  await page.keyboard.press('Enter');
}

test('a visitor offers help by keyboard alone and confirms by the mailed link', async () => {
  const { page, problems } = visitor;
  await page.goto(`${origin()}/volunteer`);
  await waitForView(page, 'Offer to help');
  await assertAccessible(page, 'the offer form signed out');

  // Sent empty, the form says what is missing and focus goes to the summary.
  await press(page, 'Send my offer');
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/);
  const summary = await page.locator('.error-summary:not([hidden])').innerText();
  assert.match(summary, /Enter your name/);
  assert.match(summary, /Choose at least one skill/);
  await assertAccessible(page, 'the offer form with errors');

  const email = uniqueEmail('volunteer');
  state.email = email;
  await tabTo(page, 'Your name');
  await page.keyboard.type(VOLUNTEER);
  await tabTo(page, 'Email address');
  await page.keyboard.type(email);
  await tabTo(page, 'Leafleting');
  await page.keyboard.press('Space');
  assert.equal(await page.getByLabel('Leafleting').isChecked(), true);
  await tabTo(page, 'Driving');
  await page.keyboard.press('Space');
  await tabTo(page, 'When could you help?');
  await page.keyboard.type('Saturday mornings, about 4 hours a month');
  await tabTo(page, 'The group where you live (optional)');
  // Not listed, the federation, the region, then the branch.
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#offer-lives_in_group_id option:checked').innerText(), 'Riverside Branch (in Northern Region)');
  await press(page, 'Send my offer');

  await page.getByRole('heading', { name: 'Check your email to confirm your offer' }).waitFor();
  assert.equal((await describeFocus(page)).text, 'Check your email to confirm your offer', 'focus moves to the message');
  await assertAccessible(page, 'the offer form after sending');

  const { token, mail } = await mailedLink(stack, email, 'offer_confirmation');
  state.statusToken = /\/volunteer\/status\?token=([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
  assert.ok(state.statusToken, 'the mail has a status link');
  await page.goto(`${origin()}/volunteer/confirm?token=${token}`);
  await waitForView(page, 'Your offer is on its way');
  assert.match(await page.locator('main').innerText(), /Sent to the officers of Riverside Branch/);
  await assertAccessible(page, 'the confirmation page');

  await page.goto(`${origin()}/volunteer/confirm?token=${token}`);
  await waitForView(page, 'We could not confirm your offer');
  await assertAccessible(page, 'a used confirmation link');
  assertNoConsoleProblems(problems);
});

test('the officer acknowledges the offer from the dashboard and records that it was matched', async () => {
  assert.ok(state.email, 'the offer from the first test');
  const { page, problems } = officerBrowser;
  await signInThroughPage(page, origin(), officer, '/dashboard');
  await waitForView(page, 'Offers to help: officers’ dashboard');
  assert.match(await page.locator('main').innerText(), /Waiting for an answer \(1\)/);
  await assertAccessible(page, 'the dashboard with a waiting offer');

  await page.getByRole('link', { name: VOLUNTEER }).click();
  await waitForView(page, `Offer to help from ${VOLUNTEER}`);
  const text = await page.locator('main').innerText();
  assert.match(text, new RegExp(state.email.replace(/[.+]/g, '\\$&')));
  assert.match(text, /Leafleting, Driving/);
  assert.match(text, /The person who offered will see this note/);
  await assertAccessible(page, 'the offer page before an answer');

  await tabTo(page, /A note for the person who offered/);
  await page.keyboard.type('Thank you! I will call you this week.');
  await press(page, 'Acknowledge the offer');
  await page.locator('.notice', { hasText: 'You acknowledged the offer' }).waitFor();
  assert.match((await describeFocus(page)).className, /notice/);
  await assertAccessible(page, 'the offer page after acknowledging');

  // Matched without saying which task: the form asks for the note.
  await page.getByLabel('Matched to a task').check();
  await page.getByRole('button', { name: 'Record what happened' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match(await page.locator('.error-summary:not([hidden])').innerText(), /Say which task/);
  await assertAccessible(page, 'the outcome form with an error');
  await page.getByLabel('Note', { exact: true }).fill(TASK);
  await page.getByRole('button', { name: 'Record what happened' }).click();
  await page.locator('.notice', { hasText: 'Recorded: matched to a task' }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(TASK));
  await assertAccessible(page, 'the offer page after the outcome');

  await page.goto(`${origin()}/dashboard`);
  await waitForView(page, 'Offers to help: officers’ dashboard');
  assert.match(await page.locator('main').innerText(), /Recent outcomes \(1\)/);
  assertNoConsoleProblems(problems);
});

test('the offerer follows the status link and reads where the offer stands', async () => {
  assert.ok(state.statusToken, 'the status link from the first test');
  const { page, problems } = visitor;
  await page.goto(`${origin()}/volunteer/status?token=${state.statusToken}`);
  await waitForView(page, 'Where your offer stands');
  const text = await page.locator('main').innerText();
  assert.match(text, /You have been matched to a task/);
  assert.match(text, /Acknowledged by Bea Branch/);
  assert.match(text, /I will call you this week/);
  assert.match(text, new RegExp(`Matched to a task by Bea Branch`));
  assert.match(text, new RegExp(TASK));
  await assertAccessible(page, 'the status page');
  await page.setViewportSize({ width: 320, height: 800 });
  assert.ok(await fitsWidth(page), 'the status page fits 320 pixels');
  await page.setViewportSize({ width: 1024, height: 800 });
  assertNoConsoleProblems(problems);
});

test('an offer nobody answers in time is marked overdue in words; a signed-in member follows theirs', async () => {
  await stack.sql.exec('DELETE FROM rate_limits');
  const offer = expectStatus(await member.client.post('/api/v1/offers',
    { other_skills: 'Photography', availability: 'Weekends', lives_in_group_id: groups.branch.id }), 201).offer;
  await stack.advanceClock(8 * 24 * 60 * 60);
  await eventually(async () => Number(await stack.sql.value(
    "SELECT count(*) FROM volunteer_offers WHERE id = :'id' AND overdue_since IS NOT NULL", { id: offer.id })) === 1,
  { what: 'the ticker to find the offer overdue' });

  const { page, problems } = officerBrowser;
  await page.goto(`${origin()}/dashboard`);
  await waitForView(page, 'Offers to help: officers’ dashboard');
  const overdue = page.locator('.offer-section--overdue');
  assert.match(await overdue.innerText(), /Overdue: nobody has answered in time \(1\)/);
  assert.match(await overdue.innerText(), /Mo Member/);
  assert.match(await overdue.innerText(), /Overdue: waiting for an answer/);
  await assertAccessible(page, 'the dashboard with an overdue offer');

  await page.goto(`${origin()}/groups/${groups.branch.id}/offers`);
  await waitForView(page, 'Offers to help sent to Riverside Branch');
  assert.match(await page.locator('main').innerText(), /Overdue: nobody has answered in time/);
  await assertAccessible(page, 'the group’s offers');

  await page.goto(`${origin()}/offers/${offer.id}`);
  await waitForView(page, 'Offer to help from Mo Member');
  assert.match(await page.locator('main').innerText(), /Nobody has acknowledged this offer in time/);
  await assertAccessible(page, 'an overdue offer');
  assertNoConsoleProblems(problems);

  const mine = visitor;
  await signInThroughPage(mine.page, origin(), member, '/offers/mine');
  await waitForView(mine.page, 'Your offers to help');
  assert.match(await mine.page.locator('main').innerText(), /Sent to the officers of Riverside Branch/);
  await assertAccessible(mine.page, 'my offers');
  assertNoConsoleProblems(mine.problems);
});

test('an offerer who lost the mail asks for fresh links by keyboard and follows the new one', async () => {
  assert.ok(state.email, 'the offer from the first test');
  const { page, problems } = visitor;
  await page.goto(`${origin()}/volunteer/status?token=${'x'.repeat(43)}`);
  await waitForView(page, 'We could not find your offer');
  await press(page, 'Send me fresh links to my offers');
  await waitForView(page, 'Send me fresh links to my offers');
  await assertAccessible(page, 'the fresh links form');
  await tabTo(page, 'The email address you offered with');
  await page.keyboard.type(state.email);
  await press(page, 'Send the links');
  await page.getByText('a mail with fresh links is on its way').waitFor();
  assert.equal((await describeFocus(page)).text, 'Send me fresh links to my offers', 'focus returns to the heading');
  await assertAccessible(page, 'the fresh links form after sending');

  const { url } = await mailedLink(stack, state.email, 'offer_links');
  assert.match(url, /\/volunteer\/status\?token=/);
  await page.goto(url);
  await waitForView(page, 'Where your offer stands');
  assert.match(await page.locator('main').innerText(), /Matched to a task by Bea Branch/);
  assertNoConsoleProblems(problems);
});
