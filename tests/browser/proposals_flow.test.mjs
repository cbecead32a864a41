// A proposal from draft to a recorded decision, in the browser. The author drafts it (the form's
// errors first), publishes it and supports it; two members support it through the API and the
// author's page turns "qualified" live, saying so politely; the author proposes an amendment, sees
// its changes marked, and withdraws it. An officer schedules the ballot through the form — the
// browser runs in New York, the group in London, and the server must get the London time in UTC —
// members vote, the server's clock passes the close, and the page shows "Passed" live; the officer
// records what was done. axe-core checks every page and state on the way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack, eventually } from '../lib/harness.mjs';
import { utcToZoned } from '../../web/js/proposal-logic.js';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, recordAnnouncements, signInThroughPage, waitForView,
} from './browser.mjs';

// The browser's own zone differs from the group's, so a conversion that used it would be caught.
process.env.TZ = 'America/New_York';

let stack;
let officer;
let author;
const members = [];
let group;
let authorBrowser;
let officerBrowser;
const state = {};

before(async () => {
  // PLENARY_TEST_WEB_ROOT: another copy of web/ to serve (unset: the repository's own).
  stack = await Stack.start({ serverOptions: { args: ['--test-clock', 'on'], webRoot: process.env.PLENARY_TEST_WEB_ROOT } });
  officer = await registerAccount(stack, { displayName: 'Olu Officer' });
  group = await createGroup(officer.client, { name: 'Quayside Branch', kind: 'national' });
  author = await registerAccount(stack, { displayName: 'Ana Author' });
  await addMember(officer.client, group.id, { email: author.email, role: 'member' });
  for (const name of ['Bea Member', 'Cy Member', 'Di Member']) {
    const member = await registerAccount(stack, { displayName: name });
    await addMember(officer.client, group.id, { email: member.email, role: 'member' });
    members.push(member);
  }
  await stack.sql.exec("UPDATE persons SET created_at = now() - interval '3 days'");
  expectStatus(await officer.client.put(`/api/v1/groups/${group.id}/proposal-settings`, { support_count: 3, support_percent: null }), 200);
  [authorBrowser, officerBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await authorBrowser?.close();
  await officerBrowser?.close();
  await stack?.close();
});

const signIn = (page, person, next) => signInThroughPage(page, stack.server.origin, person, next);

const announced = (page, pattern) => page.evaluate((source) => window.announced.some((text) => new RegExp(source).test(text)), pattern.source);

// The step marked current, as a screen reader meets it: its text and aria-current.
const currentStep = (page) => page.locator('.proposal-steps [aria-current="step"]').innerText();

const TITLE = 'A second stall at the Saturday market';
const BODY = 'We will run a stall at the market every Saturday.\n\nThe branch pays for the pitch.';

test('the author drafts, publishes and supports a proposal; support from others qualifies it live', async () => {
  const { page } = authorBrowser;
  const { origin } = stack.server;
  await signIn(page, author, `/groups/${group.id}/proposals`);
  await waitForView(page, `Proposals in ${group.name}`);
  assert.match(await page.locator('main').innerText(), /There are no proposals here yet/);
  await assertAccessible(page, 'an empty list of proposals');

  await page.getByRole('link', { name: 'New proposal' }).click();
  await waitForView(page, `New proposal in ${group.name}`);
  await page.getByRole('button', { name: 'Save as a draft' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/, 'the summary takes focus');
  assert.match(await page.locator('.error-summary').innerText(), /Enter a title[\s\S]*Write the text of the proposal[\s\S]*Say what decision/);
  assert.match(await page.title(), /^Error: /);
  await assertAccessible(page, 'the new-proposal form with errors');
  await page.getByRole('link', { name: 'Enter a title for the proposal' }).click();
  assert.equal((await describeFocus(page)).id, 'proposal-title', 'the summary link leads to the field');
  await page.keyboard.type(TITLE);
  await page.getByLabel('The text of the proposal').fill(BODY);
  await page.getByLabel('The decision asked for').fill('The branch funds a second stall at the Saturday market until March.');
  await page.getByRole('button', { name: 'Save as a draft' }).click();
  await waitForView(page, TITLE);
  assert.match((await describeFocus(page)).text, /Your draft has been saved/);
  state.proposalId = Number(new URL(page.url()).pathname.split('/').pop());
  assert.match(await currentStep(page), /Draft \(now\)/);
  assert.match(await page.locator('main').innerText(), /This is a draft\. Only its author can see it/);
  await assertAccessible(page, 'a draft proposal');

  // Drafts are the author's alone.
  const seen = expectStatus(await members[0].client.get(`/api/v1/groups/${group.id}/proposals`), 200);
  assert.equal(seen.proposals.length, 0, 'a member does not see the draft');

  await page.getByRole('button', { name: 'Publish this proposal' }).click();
  await page.locator('.notice', { hasText: 'Your proposal has been published' }).waitFor();
  assert.match(await currentStep(page), /Gathering support \(now\)/);
  assert.match(await page.locator('.proposal-steps').innerText(), /Draft \(done\)/);
  const debate = page.getByRole('link', { name: 'Read and join the debate about this proposal' });
  assert.match(await debate.getAttribute('href'), /^\/threads\/\d+$/);
  assert.equal(await page.locator('#support-summary').innerText(), '0 of 3 supporters needed');
  await page.locator('.proposal-stage').waitFor();
  await page.waitForFunction(() => document.querySelector('#live-status')?.dataset.status === 'connected');
  await assertAccessible(page, 'a proposal gathering support');

  await recordAnnouncements(page);
  const support = page.getByRole('button', { name: 'Support this proposal' });
  await support.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Withdraw your support' }).waitFor();
  assert.equal((await describeFocus(page)).text, 'Withdraw your support', 'focus stays on the button as its words change');
  await eventually(() => announced(page, /You support this proposal\. 1 of 3 supporters needed\./), { what: 'the support announcement' });
  assert.equal(await page.locator('progress.proposal-support__bar').evaluate((bar) => [bar.value, bar.max].join('/')), '1/3');

  // Two more members support it elsewhere; the page follows without moving focus.
  for (const member of members.slice(0, 2)) {
    expectStatus(await member.client.post(`/api/v1/proposals/${state.proposalId}/support`), 200);
  }
  await page.locator('#support-summary', { hasText: '3 of 3 supporters needed' }).waitFor();
  await eventually(async () => /Qualified \(now\)/.test(await currentStep(page)), { what: 'the qualified step' });
  await eventually(() => announced(page, /It is now qualified\./), { what: 'the live announcement of qualification' });
  assert.equal((await describeFocus(page)).text, 'Withdraw your support', 'live updates leave focus alone');
  assert.match(await page.locator('main').innerText(), /It has enough support\. The group’s officers will put it to a vote\./);
  await assertAccessible(page, 'a qualified proposal');
  assertNoConsoleProblems(authorBrowser.problems);
});

test('an amendment shows its changes as insertions and deletions, and its author can withdraw it', async () => {
  assert.ok(state.proposalId, 'the first test made the proposal');
  const { page } = authorBrowser;
  const box = page.getByLabel('The text as you want it to read');
  assert.equal(await box.inputValue(), BODY, 'the amendment starts from the current text');
  await page.getByRole('button', { name: 'Propose this amendment' }).click();
  await page.locator('.error-summary:not([hidden])').first().waitFor();
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Change the text[\s\S]*Say why/);
  await assertAccessible(page, 'the amendment form with errors');
  await box.fill(BODY.replace('every Saturday', 'on the first Saturday of each month'));
  await page.getByLabel('Why this change?').fill('Every week is more than we have people for.');
  await page.getByRole('button', { name: 'Propose this amendment' }).click();
  await page.locator('.notice', { hasText: 'Your amendment has been proposed' }).waitFor();

  const amendment = page.locator('.amendment').first();
  await amendment.waitFor();
  assert.match(await amendment.innerText(), /Amendment 1[\s\S]*Proposed by Ana Author[\s\S]*Why: Every week is more/);
  const inserted = await amendment.locator('ins').allInnerTexts();
  const deleted = await amendment.locator('del').allInnerTexts();
  assert.ok(inserted.some((text) => /first/.test(text)), `the new words are in <ins>: ${inserted}`);
  assert.ok(deleted.some((text) => /every/.test(text)), `the old words are in <del>: ${deleted}`);
  assert.equal(await amendment.locator('ins .visually-hidden').first().innerText(), '[Inserted:', 'screen readers hear "Inserted"');
  assert.equal(await amendment.locator('del .visually-hidden').first().innerText(), '[Deleted:');
  await assertAccessible(page, 'a proposal with an amendment');

  await recordAnnouncements(page);
  await amendment.getByRole('button', { name: 'Withdraw amendment 1' }).click();
  await eventually(() => announced(page, /Amendment 1 has been withdrawn\./), { what: 'the withdrawal announcement' });
  await page.locator('.amendment', { hasText: 'Withdrawn' }).waitFor();
  assert.equal((await describeFocus(page)).id, 'amendments-heading', 'focus goes to the amendments, not the page top');
  assertNoConsoleProblems(authorBrowser.problems);
});

test('an officer schedules the ballot in the group’s time zone; the vote closes and the page shows the result live', async () => {
  assert.ok(state.proposalId, 'the first test made the proposal');
  const page = officerBrowser.page;
  const path = `/proposals/${state.proposalId}`;
  await signIn(page, officer, path);
  await waitForView(page, TITLE);
  assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'America/New_York', 'the browser is in New York');
  await assertAccessible(page, 'a qualified proposal, as an officer');

  // A closing time two hours on, to the minute, typed as London's wall clock shows it.
  const closes = new Date(Math.ceil((Date.now() + 2 * 3600_000) / 60_000) * 60_000);
  await page.getByRole('button', { name: 'Schedule the ballot' }).click();
  await page.locator('.error-summary:not([hidden])').first().waitFor();
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Enter when voting closes/);
  await assertAccessible(page, 'the schedule form with errors');
  const closesField = page.getByLabel('Voting closes');
  assert.match(await page.locator('#schedule-closes_at-hint').innerText(), /In Europe\/London time/);
  await closesField.fill(utcToZoned(closes.toISOString(), 'Europe/London'));
  await page.getByLabel('Two thirds').check();
  await page.getByLabel('Quorum, in per cent (optional)').fill('25');
  await page.getByRole('button', { name: 'Schedule the ballot' }).click();
  await page.locator('.notice', { hasText: 'The ballot has been scheduled' }).waitFor();

  const { proposal } = expectStatus(await officer.client.get(`/api/v1/proposals/${state.proposalId}`), 200);
  assert.ok(proposal.ballot_id, 'the proposal has its ballot');
  const { ballot } = expectStatus(await officer.client.get(`/api/v1/ballots/${proposal.ballot_id}`), 200);
  assert.equal(Date.parse(ballot.closes_at), closes.getTime(), `closes at London's ${utcToZoned(closes.toISOString(), 'Europe/London')}, sent as ${ballot.closes_at}`);
  assert.equal(ballot.threshold, 'two_thirds');
  assert.equal(ballot.quorum_percent, 25);
  assert.equal(ballot.secret, true);
  state.ballotId = proposal.ballot_id;

  await eventually(async () => /Voting \(now\)/.test(await currentStep(page)), { what: 'the voting step' });
  const vote = page.getByRole('link', { name: 'Vote on this proposal' });
  await vote.waitFor();
  assert.equal(await vote.getAttribute('href'), `/ballots/${state.ballotId}`);
  assert.match(await page.locator('main').innerText(), /Voting is open\. It closes at \d\d:\d\d on \w+ \d+ \w+ \d{4} \(Europe\/London\)\./);
  await assertAccessible(page, 'a proposal being voted on');

  // Members vote: three yes, one no — more than two thirds.
  const options = ballot.options.map((option) => option.label);
  const yes = ballot.options.find((option) => option.label === 'Yes').number;
  const no = ballot.options.find((option) => option.label === 'No').number;
  assert.deepEqual(options.slice(0, 2), ['Yes', 'No']);
  for (const [voter, mark] of [[author, yes], [members[0], yes], [members[1], yes], [members[2], no]]) {
    expectStatus(await voter.client.post(`/api/v1/ballots/${state.ballotId}/votes`, { marks: [mark] }), 201);
  }

  await recordAnnouncements(page);
  const authorPage = authorBrowser.page;
  await authorPage.goto(`${stack.server.origin}${path}`);
  await waitForView(authorPage, TITLE);
  await authorPage.waitForFunction(() => document.querySelector('#live-status')?.dataset.status === 'connected');
  await recordAnnouncements(authorPage);

  await stack.advanceClock(2 * 3600 + 120);
  for (const viewer of [page, authorPage]) {
    await eventually(async () => /Decided: passed \(now\)/.test(await currentStep(viewer)), { what: 'the passed step', timeoutMs: 15_000 });
    await viewer.locator('.proposal-outcome', { hasText: 'Result: Passed' }).waitFor();
    await eventually(() => announced(viewer, /It is now passed\./), { what: 'the announcement of the result' });
  }
  const result = expectStatus(await author.client.get(`/api/v1/ballots/${state.ballotId}/results`), 200).result;
  assert.equal(result.outcome, 'passed');
  assert.match(await page.locator('.proposal-outcome').innerText(), new RegExp(result.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await page.getByRole('link', { name: 'The full result, and check that your vote was counted' }).getAttribute('href'), `/ballots/${state.ballotId}`);
  await assertAccessible(page, 'a passed proposal, as an officer');
  await assertAccessible(authorPage, 'a passed proposal, as its author');

  // The officer records what was done.
  await page.getByRole('button', { name: 'Save the record' }).click();
  await page.locator('.error-summary:not([hidden])').first().waitFor();
  await assertAccessible(page, 'the record form with errors');
  await page.getByLabel('What was done about it').fill('We booked the pitch for **every first Saturday** from January.');
  await page.getByRole('button', { name: 'Save the record' }).click();
  await page.locator('.notice', { hasText: 'What was done has been recorded' }).waitFor();
  await page.locator('#outcome-heading + div strong', { hasText: 'every first Saturday' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Recorded by Olu Officer/);
  const history = await page.locator('table').last().innerText();
  for (const change of ['Created as draft', 'Draft to gathering support', 'Gathering support to qualified', 'Qualified to scheduled', 'Scheduled to voting', 'Voting to passed']) {
    assert.match(history, new RegExp(change), `the history shows "${change}"`);
  }
  await assertAccessible(page, 'a decided proposal with its record');
  await authorPage.locator('#outcome-heading + div strong', { hasText: 'every first Saturday' }).waitFor();

  // The list shows it passed, and filters by state.
  await page.goto(`${stack.server.origin}/groups/${group.id}/proposals?state=passed`);
  await waitForView(page, `Proposals in ${group.name}`);
  assert.match(await page.locator('.proposal-list').innerText(), new RegExp(`${TITLE}[\\s\\S]*Passed`));
  await assertAccessible(page, 'the list of passed proposals');
  await page.getByLabel('Show').selectOption('rejected');
  await page.getByRole('button', { name: 'Show these' }).click();
  await page.waitForURL(/state=rejected/);
  await page.locator('main', { hasText: 'There are no proposals that are rejected here.' }).waitFor();
  assert.equal(await page.getByLabel('Show').inputValue(), 'rejected', 'the filter shows what is chosen');
  assertNoConsoleProblems(officerBrowser.problems);
  assertNoConsoleProblems(authorBrowser.problems);
});
