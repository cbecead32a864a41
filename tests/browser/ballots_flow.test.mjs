// Ballots in the browser. An officer sets up a yes/no ballot and an STV candidate selection through
// the form (with its error summary); a member votes yes/no, sees the tracker once and replaces the
// vote with it; the member ranks the STV candidates by keyboard alone (Tab, Enter, Space: no mouse)
// and casts; the test clock passes the close, the open page hears it live and shows the count
// round by round with a chart, and the tracker checks as counted. axe-core checks every page and
// state on the way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack, eventually } from '../lib/harness.mjs';
import { utcToZonedLocal, zonedLocalToUtc } from '../../web/js/ballot-logic.js';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, recordAnnouncements, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

const ZONE = 'Europe/London';
const CANDIDATES = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'];
const TRACKER_SHAPE = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/;

let stack;
let officer;
let member;
let others;
let group;
let officerBrowser;
let memberBrowser;
const state = {};

before(async () => {
  stack = await Stack.start();
  officer = await registerAccount(stack, { displayName: 'Olive Officer' });
  group = await createGroup(officer.client, { name: 'Leith Branch', kind: 'national' });
  member = await registerAccount(stack, { displayName: 'Mo Member' });
  await addMember(officer.client, group.id, { email: member.email, role: 'member' });
  others = [];
  for (const name of ['Val Voter', 'Wes Voter', 'Xia Voter']) {
    const person = await registerAccount(stack, { displayName: name });
    await addMember(officer.client, group.id, { email: person.email, role: 'member' });
    others.push(person);
  }
  [officerBrowser, memberBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await officerBrowser?.close();
  await memberBrowser?.close();
  await stack?.close();
});

const signIn = (page, person, next) => signInThroughPage(page, stack.server.origin, person, next);

const announced = (page, text) => eventually(
  () => page.evaluate((wanted) => window.announced.some((said) => said.includes(wanted)), text),
  { what: `the announcement "${text}"` });

// A closing time two days ahead, as the wall clock in the ballot's zone shows it.
function closingLocal() {
  return utcToZonedLocal(new Date(Date.now() + 2 * 86_400_000).toISOString(), ZONE);
}

test('an officer sets up a yes/no ballot and an STV selection through the form', async () => {
  const { page } = officerBrowser;
  await signIn(page, officer, `/groups/${group.id}/ballots`);
  await waitForView(page, 'Ballots in Leith Branch');
  assert.match(await page.locator('main').innerText(), /There are no ballots in this group yet/);
  await assertAccessible(page, 'an empty list of ballots');

  await page.getByRole('link', { name: 'Set up a ballot' }).click();
  await waitForView(page, 'Set up a ballot in Leith Branch');
  await assertAccessible(page, 'the new-ballot form');
  await page.getByRole('button', { name: 'Set up the ballot' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/);
  assert.match(await page.locator('.error-summary').innerText(), /Enter a title for the ballot[\s\S]*Enter when voting closes/);
  await assertAccessible(page, 'the new-ballot form with errors');

  // Yes/no: no options, a threshold, a closing time read in the ballot's zone.
  assert.equal(await page.getByRole('group', { name: 'Options' }).isVisible(), false, 'yes/no ballots have no options to edit');
  await page.getByLabel('Title').fill('Adopt the 2027 budget');
  await page.getByLabel('Two thirds: at least 2 in 3 of those voting yes or no').check();
  await page.getByLabel('Time zone').selectOption(ZONE);
  const closes = closingLocal();
  await page.getByLabel('Voting closes').fill(closes);
  await page.getByRole('button', { name: 'Set up the ballot' }).click();
  await waitForView(page, 'Adopt the 2027 budget');
  assert.match((await describeFocus(page)).text, /voting is open/);
  state.yesNoId = Number(new URL(page.url()).pathname.split('/').pop());
  const yesNo = expectStatus(await officer.client.get(`/api/v1/ballots/${state.yesNoId}`), 200).ballot;
  assert.equal(yesNo.method, 'yes_no');
  assert.equal(yesNo.threshold, 'two_thirds');
  assert.equal(yesNo.status, 'open');
  assert.equal(yesNo.time_zone, ZONE);
  assert.equal(Date.parse(yesNo.closes_at), Date.parse(zonedLocalToUtc(closes, ZONE)), 'the closing time is the wall-clock time in London');
  assert.match(await page.locator('main').innerText(), /\(Europe\/London\)/, 'times are shown with their zone');
  await assertAccessible(page, 'an open yes/no ballot, seen by its officer');

  // STV: four candidates (one added with the button, one removed), two seats.
  await page.goto(`${stack.server.origin}/groups/${group.id}/ballots/new`);
  await waitForView(page, 'Set up a ballot in Leith Branch');
  await page.getByLabel('Title').fill('Branch committee election');
  await page.getByLabel('How people vote').selectOption('scottish_stv');
  assert.equal(await page.getByRole('group', { name: 'What it takes to pass' }).isVisible(), false, 'no threshold for STV');
  await page.getByLabel('Number of seats to fill').fill('2');
  await page.getByLabel('Option 1', { exact: true }).fill(CANDIDATES[0]);
  await page.getByLabel('Option 2', { exact: true }).fill(CANDIDATES[1]);
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'Add an option' }).click();
  assert.equal((await describeFocus(page)).text, 'Option 5', 'a new option takes focus');
  await page.getByLabel('Option 3', { exact: true }).fill('Someone Withdrawn');
  await page.getByLabel('Option 4', { exact: true }).fill(CANDIDATES[2]);
  await page.getByLabel('Option 5', { exact: true }).fill(CANDIDATES[3]);
  await page.getByLabel('Description of option 2 (optional)').fill('Treasurer since 2024');
  await page.getByRole('button', { name: 'Remove option 3' }).click();
  assert.equal((await describeFocus(page)).text, 'Option 3', 'focus moves to the option that took its place');
  assert.equal(await page.getByLabel('Option 3', { exact: true }).inputValue(), CANDIDATES[2]);
  await assertAccessible(page, 'the new-ballot form for STV');
  await page.getByLabel('Voting closes').fill(closes);
  await page.getByRole('button', { name: 'Set up the ballot' }).click();
  await waitForView(page, 'Branch committee election');
  state.stvId = Number(new URL(page.url()).pathname.split('/').pop());
  const stv = expectStatus(await officer.client.get(`/api/v1/ballots/${state.stvId}`), 200).ballot;
  assert.equal(stv.method, 'scottish_stv');
  assert.equal(stv.seats, 2);
  assert.deepEqual(stv.options.map((option) => option.label), CANDIDATES);
  assert.equal(stv.options[1].description, 'Treasurer since 2024');
  await assertAccessible(page, 'an open STV ballot, seen by its officer');

  await page.goto(`${stack.server.origin}/groups/${group.id}/ballots`);
  await waitForView(page, 'Ballots in Leith Branch');
  const list = await page.locator('main').innerText();
  assert.match(list, /Open for voting[\s\S]*Branch committee election[\s\S]*Adopt the 2027 budget/);
  await assertAccessible(page, 'the list of ballots');
  assertNoConsoleProblems(officerBrowser.problems);
});

test('a member votes yes/no, sees the tracker once, and replaces the vote with it', async () => {
  const { page } = memberBrowser;
  await signIn(page, member, `/ballots/${state.yesNoId}`);
  await waitForView(page, 'Adopt the 2027 budget');
  await page.locator('.ballot[data-live="on"]').waitFor();
  await assertAccessible(page, 'an open yes/no ballot, seen by a voter');

  await page.getByRole('button', { name: 'Cast your vote' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match(await page.locator('.error-summary').innerText(), /Choose yes, no or abstain/);
  await assertAccessible(page, 'the vote form with an error');

  await page.getByLabel('Yes', { exact: true }).check();
  await page.getByRole('button', { name: 'Cast your vote' }).click();
  const box = page.locator('.tracker-box');
  await box.waitFor();
  assert.match((await describeFocus(page)).className, /tracker-box/, 'the tracker box takes focus');
  assert.match(await box.innerText(), /Your vote has been cast[\s\S]*Keep this code: after the close it lets you check that your ballot was counted/);
  const tracker = (await box.locator('code').innerText()).trim();
  assert.match(tracker, TRACKER_SHAPE);
  state.yesNoTracker = tracker;
  await assertAccessible(page, 'the tracker box after casting');
  const mine = expectStatus(await member.client.get(`/api/v1/ballots/${state.yesNoId}`), 200);
  assert.equal(mine.my.voted, true);
  assert.equal(mine.can.vote, false);

  // The replace form knows the tracker already; choosing "No" replaces the vote.
  const replace = page.locator('.replace');
  assert.equal(await replace.getByLabel('Your tracker code').inputValue(), tracker);
  await replace.getByLabel('No', { exact: true }).check();
  await replace.getByRole('button', { name: 'Replace your vote' }).click();
  await page.locator('.tracker-box', { hasText: 'Your vote has been replaced' }).waitFor();
  assert.equal((await page.locator('.tracker-box code').innerText()).trim(), tracker, 'the tracker stays the same');
  await assertAccessible(page, 'the tracker box after replacing');

  // A fresh load of the page shows no tracker and no second vote form: the code was shown once.
  await page.reload();
  await waitForView(page, 'Adopt the 2027 budget');
  assert.equal(await page.locator('.tracker-box').count(), 0);
  assert.match(await page.locator('.vote').innerText(), /You have voted/);
  assert.equal(await page.getByRole('button', { name: 'Cast your vote' }).count(), 0);
  await assertAccessible(page, 'a yes/no ballot after voting');

  // Members who are not officers are told so instead of getting a form the server would refuse.
  await page.goto(`${stack.server.origin}/groups/${group.id}/ballots/new`);
  await waitForView(page, 'You cannot set up a ballot here');
  assert.match(await page.locator('main').innerText(), /Only officers of Leith Branch can set up its ballots/);
  await assertAccessible(page, 'the new-ballot page refused to a member');

  for (const voter of others.slice(0, 2)) {
    expectStatus(await voter.client.post(`/api/v1/ballots/${state.yesNoId}/votes`, { marks: [1] }), 201);
  }
  assertNoConsoleProblems(memberBrowser.problems);
});

test('a member ranks the STV candidates by keyboard alone and casts', async () => {
  const { page } = memberBrowser;
  await page.goto(`${stack.server.origin}/ballots/${state.stvId}`);
  await waitForView(page, 'Branch committee election');
  await page.locator('.ballot[data-live="on"]').waitFor();
  await recordAnnouncements(page);
  await assertAccessible(page, 'the ranking control, empty');

  // Grace first: "Add to ranking" moves focus on to the next candidate still to rank.
  await tabTo(page, 'Add to ranking: Grace Hopper');
  await page.keyboard.press('Enter');
  assert.equal((await describeFocus(page)).text, 'Add to ranking: Edsger Dijkstra');
  await announced(page, 'Grace Hopper added as your 1st preference.');
  await tabTo(page, 'Add to ranking: Ada Lovelace', { backwards: true });
  await page.keyboard.press('Space');
  assert.equal((await describeFocus(page)).text, 'Add to ranking: Alan Turing');
  await page.keyboard.press('Enter');
  await announced(page, 'Alan Turing added as your 3rd preference.');
  assert.deepEqual(await page.locator('.ranking__list:not(.ranking__list--unranked) .ranking__name').allInnerTexts(),
    ['Grace Hopper', 'Ada Lovelace', 'Alan Turing']);

  // Alan up one: focus stays on his "Move up" button and the new place is announced.
  await tabTo(page, 'Move up: Alan Turing', { backwards: true });
  await page.keyboard.press('Enter');
  assert.equal((await describeFocus(page)).text, 'Move up: Alan Turing');
  await announced(page, 'Alan Turing moved to 2nd preference.');
  assert.deepEqual(await page.locator('.ranking__list:not(.ranking__list--unranked) .ranking__name').allInnerTexts(),
    ['Grace Hopper', 'Alan Turing', 'Ada Lovelace']);
  // Moving the first one up does nothing but say so, and keeps focus.
  await tabTo(page, 'Move up: Grace Hopper', { backwards: true });
  await page.keyboard.press('Enter');
  assert.equal((await describeFocus(page)).text, 'Move up: Grace Hopper');
  await announced(page, 'Grace Hopper is already your first preference.');
  // Removing Ada (the last) leaves focus on the "Remove" of the one before her.
  await tabTo(page, 'Remove: Ada Lovelace');
  await page.keyboard.press('Enter');
  assert.equal((await describeFocus(page)).text, 'Remove: Alan Turing');
  await announced(page, 'Ada Lovelace removed from your ranking.');
  await tabTo(page, 'Add to ranking: Ada Lovelace');
  await page.keyboard.press('Enter');
  assert.deepEqual(await page.locator('.ranking__list:not(.ranking__list--unranked) .ranking__name').allInnerTexts(),
    ['Grace Hopper', 'Alan Turing', 'Ada Lovelace']);
  await assertAccessible(page, 'the ranking control with three ranked');

  await tabTo(page, 'Cast your vote');
  await page.keyboard.press('Enter');
  await page.locator('.tracker-box').waitFor();
  assert.match((await describeFocus(page)).className, /tracker-box/);
  state.stvTracker = (await page.locator('.tracker-box code').innerText()).trim();
  assert.match(state.stvTracker, TRACKER_SHAPE);
  await announced(page, 'Your vote has been cast.');
  await assertAccessible(page, 'the tracker box after an STV vote');

  const ballots = [[1, 2], [1, 4], [4, 1]];
  for (const [index, voter] of others.entries()) {
    expectStatus(await voter.client.post(`/api/v1/ballots/${state.stvId}/votes`, { marks: ballots[index] }), 201);
  }
  assertNoConsoleProblems(memberBrowser.problems);
});

test('after the close the page shows the count round by round, a chart, and the tracker as counted', async () => {
  const { page } = memberBrowser;
  await stack.advanceClock(3 * 86_400);
  // The open page hears the close and draws the result without a reload.
  await page.locator('.result').waitFor({ timeout: 20_000 });
  await announced(page, 'Voting has closed.');
  const result = expectStatus(await member.client.get(`/api/v1/ballots/${state.stvId}/results`), 200).result;

  const table = page.locator('table.round-table');
  assert.match(await table.locator('caption').innerText(), /Votes for each candidate at each round of “Branch committee election”/);
  const rowNames = await table.locator('tbody th[scope="row"]').allInnerTexts();
  for (const name of CANDIDATES) assert.ok(rowNames.some((text) => text.startsWith(name)), `a row for ${name}`);
  assert.ok(rowNames.includes('Quota') && rowNames.includes('Exhausted ballots'));
  assert.equal(await table.locator('thead th[scope="col"]').count(), result.count.rounds.length + 1, 'a column per round');
  for (const elected of result.count.elected) {
    assert.match(await table.locator('tbody tr', { hasText: elected.name }).first().innerText(), /Elected/, `${elected.name} marked elected in words`);
  }
  const chart = page.locator('svg.chart[role="img"]');
  const label = await chart.getAttribute('aria-label');
  assert.match(label, /^Bar chart, /);
  for (const name of ['Grace Hopper', 'Ada Lovelace']) assert.match(label, new RegExp(name));
  await assertAccessible(page, 'the STV result');

  await page.getByLabel('Your tracker code').fill(state.stvTracker);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.locator('.check-answer', { hasText: 'Counted' }).waitFor();
  await page.getByRole('button', { name: 'Show the ballots here' }).click();
  const anonymised = await page.locator('.anonymised table').innerText();
  assert.match(anonymised, /1\. Grace Hopper, 2\. Alan Turing, 3\. Ada Lovelace/, 'the member’s ranking is among the counted ballots');
  const blt = page.getByRole('link', { name: 'Download the ballots as a BLT file' });
  const bltResponse = await fetch(new URL(await blt.getAttribute('href'), stack.server.origin), { headers: { cookie: member.client.cookieHeader() } });
  assert.equal(bltResponse.status, 200);
  assert.match(await bltResponse.text(), /"Grace Hopper"/);
  await assertAccessible(page, 'the STV result with the ballots shown');

  await page.goto(`${stack.server.origin}/ballots/${state.yesNoId}`);
  await waitForView(page, 'Adopt the 2027 budget');
  const text = await page.locator('.result').innerText();
  assert.match(text, /Yes\s+2[\s\S]*No\s+1/);
  assert.match(await page.locator('svg.chart').getAttribute('aria-label'), /Yes 2, No 1, Abstain 0/);
  await page.getByLabel('Your tracker code').fill(state.yesNoTracker.toLowerCase());
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.locator('.check-answer', { hasText: 'Counted' }).waitFor();
  await assertAccessible(page, 'the yes/no result');
  assertNoConsoleProblems(memberBrowser.problems);
});
