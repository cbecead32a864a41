// A whole meeting in two browsers side by side, by keyboard alone: an officer schedules it through
// the form and builds the agenda; a member suggests an item and the officer accepts it; the agenda
// is published and the meeting started; both check in (the member with the code shown on the
// chair's screen); the chair moves to an item and the member's page follows within a second and
// says so; the member asks to speak and hears "You may speak now" when called; the chair opens a
// vote on the decision item, the member votes from the live page, the chair closes it and the
// result is on both pages; the meeting ends and the minutes are drafted and shown. axe-core
// checks every page and state on the way.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack, eventually } from '../lib/harness.mjs';
import { utcToZonedLocal } from '../../web/js/ballot-logic.js';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, recordAnnouncements, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

const ZONE = 'Europe/London';
const TITLE = 'November general meeting';
const LIVE = `Live: ${TITLE}`;

let stack;
let admin;
let officer;
let member;
let group;
let chairBrowser;
let memberBrowser;
const state = {};

before(async () => {
  stack = await Stack.start();
  // The site's first account administers it but belongs to no group, so it could not attend:
  // the chair is an officer of the branch, who is one of its members.
  admin = await registerAccount(stack, { displayName: 'Site Admin' });
  group = await createGroup(admin.client, { name: 'Leith Branch', kind: 'national' });
  officer = await registerAccount(stack, { displayName: 'Olive Officer' });
  await addMember(admin.client, group.id, { email: officer.email, role: 'officer' });
  member = await registerAccount(stack, { displayName: 'Mo Member' });
  await addMember(admin.client, group.id, { email: member.email, role: 'member' });
  [chairBrowser, memberBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await chairBrowser?.close();
  await memberBrowser?.close();
  await stack?.close();
});

const signIn = (page, person, next) => signInThroughPage(page, stack.server.origin, person, next);

const announced = (page, text) => eventually(
  () => page.evaluate((wanted) => window.announced.some((said) => said.includes(wanted)), text),
  { what: `the announcement "${text}"`, timeoutMs: 5_000 });

// Presses Enter on the control Tab reaches first whose name matches.
async function press(page, name, options) {
  await tabTo(page, name, options);
  await page.keyboard.press('Enter');
}

const meetingPath = () => `/api/v1/meetings/${state.meetingId}`;
const officerSees = async () => expectStatus(await officer.client.get(meetingPath()), 200);

test('an officer schedules a meeting through the form and builds the agenda', async () => {
  const { page } = chairBrowser;
  await signIn(page, officer, `/groups/${group.id}/meetings`);
  await waitForView(page, 'Meetings of Leith Branch');
  assert.match(await page.locator('main').innerText(), /There are no meetings in this group yet/);
  await assertAccessible(page, 'an empty list of meetings');

  await press(page, 'Schedule a meeting');
  await waitForView(page, 'Schedule a meeting of Leith Branch');
  await assertAccessible(page, 'the new-meeting form');
  await press(page, 'Schedule the meeting');
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/, 'the error summary takes focus');
  assert.match(await page.locator('.error-summary').innerText(), /Enter a title for the meeting[\s\S]*Enter when the meeting starts/);
  await assertAccessible(page, 'the new-meeting form with errors');

  // Two hours ahead, as the wall clock in London shows it.
  const start = Date.now() + 2 * 3_600_000;
  state.startsLocal = utcToZonedLocal(new Date(start).toISOString(), ZONE);
  state.endsLocal = utcToZonedLocal(new Date(start + 2 * 3_600_000).toISOString(), ZONE);
  await page.getByLabel('Title').focus();
  await page.keyboard.type(TITLE);
  await page.getByLabel('Time zone').selectOption(ZONE);
  await page.getByLabel('Starts').fill(state.startsLocal);
  await page.getByLabel('Ends').fill(state.endsLocal);
  await page.getByLabel('Place (optional if the meeting is online)').fill('Leith Community Hall');
  await page.getByLabel('Online meeting link (optional)').fill('https://meet.example.org/leith');
  await page.getByLabel('Quorum: number of members (optional)').fill('2');
  // Members suggest items until the agenda is published; with the default 72 hours' notice a
  // meeting two hours away would already be closed to suggestions.
  await page.getByLabel('Publish the agenda this many hours before the start').fill('1');
  await page.getByLabel('Time for each speaker, in minutes (optional)').fill('3');
  await press(page, 'Schedule the meeting');
  await waitForView(page, TITLE);
  state.meetingId = Number(new URL(page.url()).pathname.split('/').pop());
  const { meeting } = await officerSees();
  assert.equal(meeting.title, TITLE);
  assert.equal(meeting.time_zone, ZONE);
  assert.equal(utcToZonedLocal(meeting.starts_at, ZONE), state.startsLocal, 'the start is the wall-clock time in London');
  assert.equal(meeting.quorum_count, 2);
  assert.equal(meeting.speaking_limit_seconds, 180);
  assert.equal(meeting.agenda_notice_hours, 1);
  assert.match(await page.locator('main').innerText(), /\(Europe\/London\)/, 'times are shown with their zone');
  await assertAccessible(page, 'a new meeting, seen by its officer');

  for (const [kind, title, minutes] of [['information', 'Welcome and apologies', '5'], ['decision', 'Adopt the 2027 budget', '20']]) {
    await page.locator('#item-kind').selectOption(kind);
    await page.locator('#item-title').fill(title);
    await page.locator('#item-minutes_allowed').fill(minutes);
    await page.locator('#item-title').press('Enter');
    await page.locator('.agenda__title', { hasText: title }).waitFor();
    assert.equal((await describeFocus(page)).id, 'item-title', 'focus goes back to the title for the next item');
  }
  const { agenda } = await officerSees();
  assert.deepEqual(agenda.map((item) => [item.kind, item.title, item.minutes_allowed]),
    [['information', 'Welcome and apologies', 5], ['decision', 'Adopt the 2027 budget', 20]]);
  await assertAccessible(page, 'the meeting with an agenda');
  assertNoConsoleProblems(chairBrowser.problems);
});

test('a member suggests an item, answers that they will come, and the officer accepts the item', async () => {
  const { page } = memberBrowser;
  await signIn(page, member, `/meetings/${state.meetingId}`);
  await waitForView(page, TITLE);
  await page.locator('.meeting[data-live="on"]').waitFor();
  await assertAccessible(page, 'the meeting page, seen by a member');
  assert.equal(await page.getByRole('button', { name: 'Publish the agenda now' }).count(), 0, 'members have no officer tools');

  await page.locator('#suggest-title').focus();
  await page.keyboard.type('Bike racks at the hall');
  await press(page, 'Suggest this item');
  await page.locator('.suggestion', { hasText: 'Bike racks at the hall' }).waitFor();
  await page.getByLabel('Yes, I will come').focus();
  await page.keyboard.press('Space');
  await press(page, 'Save your answer');
  await eventually(async () => (await member.client.get(meetingPath())).json.my?.response === 'yes', { what: 'the answer saved' });
  await assertAccessible(page, 'the meeting page with a suggestion');

  // A suggestion is between its author and the officers, so it is not announced in the meeting's
  // room, which every member follows: the officer sees it on coming back to the page.
  const chair = chairBrowser.page;
  await chair.reload();
  await waitForView(chair, TITLE);
  await chair.locator('.suggestion', { hasText: 'Bike racks at the hall' }).waitFor();
  await press(chair, 'Accept Bike racks at the hall');
  await chair.locator('.agenda__title', { hasText: 'Bike racks at the hall' }).waitFor();
  // The accepted item is third; it goes up one, and focus stays on its "Move up" button.
  await press(chair, /^Move up item 3, Bike racks/, { backwards: true });
  await eventually(async () => (await officerSees()).agenda.find((item) => item.title === 'Bike racks at the hall')?.position === 2, { what: 'the item moved' });
  // The server has the new order before the page has redrawn the agenda with it.
  await eventually(async () => /^Move (up|down) item 2, Bike racks/.test((await describeFocus(chair)).text),
    { what: 'focus on the moved item’s button' });
  await page.locator('.agenda__title', { hasText: 'Bike racks at the hall' }).waitFor();

  await press(chair, 'Publish the agenda now');
  await eventually(async () => Boolean((await officerSees()).meeting.agenda_published_at), { what: 'the agenda published' });
  await assertAccessible(chair, 'the published agenda, seen by the officer');
  await page.locator('.summary-list', { hasText: 'Published' }).waitFor();
  await assertAccessible(page, 'the published agenda, seen by a member');
  assertNoConsoleProblems(chairBrowser.problems);
  assertNoConsoleProblems(memberBrowser.problems);
});

test('the meeting starts, both check in, and the member follows the chair to an item', async () => {
  const chair = chairBrowser.page;
  const page = memberBrowser.page;
  await stack.advanceClock(2 * 3600 + 60);
  await press(chair, 'Start the meeting', { backwards: true });
  await waitForView(chair, LIVE);
  await chair.locator('.live-meeting[data-live="on"]').waitFor();
  await assertAccessible(chair, 'the live page, seen by the chair');

  await page.getByRole('link', { name: 'Go to the live meeting' }).waitFor();
  await press(page, 'Go to the live meeting', { backwards: true });
  await waitForView(page, LIVE);
  await page.locator('.live-meeting[data-live="on"]').waitFor();
  await recordAnnouncements(page);
  await assertAccessible(page, 'the live page before checking in');

  await press(chair, 'Check in online');
  await chair.locator('.meeting__checked-in').waitFor();
  const code = (await chair.locator('.check-in-code').innerText()).replace(/\s/g, '');
  assert.match(code, /^\d{6}$/);

  await tabTo(page, 'Check-in code');
  await page.keyboard.type('000 000' === code ? '111 111' : '000 000');
  await page.keyboard.press('Enter');
  await page.locator('.error-summary:not([hidden])').waitFor();
  await assertAccessible(page, 'a wrong check-in code');
  await page.getByLabel('Check-in code').fill('');
  await page.getByLabel('Check-in code').focus();
  await page.keyboard.type(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.keyboard.press('Enter');
  await page.locator('.meeting__checked-in').waitFor();
  const { attendance } = await officerSees();
  assert.equal(attendance.members_checked_in, 2);
  assert.deepEqual(attendance.present.map((entry) => entry.mode).sort(), ['online', 'room']);
  await chair.locator('.meeting__quorum', { hasText: 'Quorate' }).waitFor();
  await assertAccessible(page, 'the live page after checking in');

  const started = Date.now();
  await press(chair, /^Start item 2: Bike racks/);
  await page.locator('#now-heading', { hasText: 'Now: Item 2: Bike racks at the hall' }).waitFor({ timeout: 1_500 });
  assert.ok(Date.now() - started < 1_500, 'the member’s page follows within a second or so');
  await announced(page, 'The meeting has moved to Item 2: Bike racks at the hall.');
  assert.notEqual((await describeFocus(page)).id, 'now-heading', 'the member’s focus is not taken');
  await assertAccessible(page, 'the live page with a current item');
  assertNoConsoleProblems(memberBrowser.problems);
});

test('the member asks to speak and is told when to speak', async () => {
  const chair = chairBrowser.page;
  const page = memberBrowser.page;
  await press(page, 'Ask to speak');
  await page.locator('.my-place', { hasText: 'You are next to speak.' }).waitFor();
  await chair.locator('.speakers__item', { hasText: 'Mo Member' }).waitFor();
  await assertAccessible(chair, 'the chair with someone waiting to speak');

  await press(chair, 'Call the next speaker');
  await chair.locator('.speaking-now', { hasText: 'Mo Member' }).waitFor();
  await announced(page, 'You may speak now.');
  await page.locator('.speaking-now', { hasText: 'You may speak now' }).waitFor();
  await page.locator('[data-timer="speaker"]:not([hidden])').waitFor();
  assert.match(await page.locator('[data-timer="speaker"]').innerText(), /\d:\d\d of 3:00/);
  await assertAccessible(page, 'the member speaking');
  await press(chair, /^End this speaker/);
  await chair.locator('.speaking-now', { hasText: 'Nobody is speaking.' }).waitFor();
  assertNoConsoleProblems(memberBrowser.problems);
});

test('a vote on the decision item: opened by the chair, cast from the live page, closed, result on both', async () => {
  const chair = chairBrowser.page;
  const page = memberBrowser.page;
  await press(chair, /^Start item 3: Adopt the 2027 budget/);
  await page.locator('#now-heading', { hasText: 'Adopt the 2027 budget' }).waitFor();
  await assertAccessible(chair, 'the open-vote form');
  await press(chair, 'Open the vote');
  await announced(page, 'Voting has opened on this item.');
  await assertAccessible(page, 'the vote form on the live page');

  await tabTo(page, 'Yes');
  await page.keyboard.press('Space');
  await press(page, 'Cast your vote');
  await page.locator('.tracker-box').waitFor();
  assert.match((await describeFocus(page)).className, /tracker-box/, 'the confirmation takes focus after the member’s own action');
  assert.match(await page.locator('.tracker-box').innerText(), /Your tracker code:\s+[0-9A-Z]{5}(-[0-9A-Z]{5}){3}/);
  await announced(page, 'Your vote has been cast.');
  await assertAccessible(page, 'the vote cast');
  // The officer votes from the API, so the count has two votes.
  const vote = (await officerSees()).current.vote;
  expectStatus(await officer.client.post(`/api/v1/ballots/${vote.ballot_id}/votes`, { marks: [2] }), 201);

  await press(chair, 'Close the vote');
  await chair.locator('.vote-result').waitFor();
  await page.locator('.vote-result').waitFor();
  await announced(page, 'Voting has closed.');
  for (const view of [chair, page]) {
    const text = await view.locator('.vote-result').innerText();
    assert.match(text, /Yes\s+1[\s\S]*No\s+1/, 'the figures are on the page');
  }
  await assertAccessible(page, 'the result, seen by the member');
  await assertAccessible(chair, 'the result, seen by the chair');
  assertNoConsoleProblems(chairBrowser.problems);
  assertNoConsoleProblems(memberBrowser.problems);
});

test('the meeting ends, and the minutes are drafted from the record and shown', async () => {
  const chair = chairBrowser.page;
  const page = memberBrowser.page;
  await press(chair, 'End the meeting');
  await eventually(async () => (await officerSees()).meeting.status === 'ended', { what: 'the meeting ended' });
  await announced(page, 'The meeting is now ended.');
  await press(chair, 'The minutes of this meeting');
  await waitForView(chair, `Minutes: ${TITLE}`);
  await assertAccessible(chair, 'the minutes page before drafting');
  await press(chair, 'Draft the minutes from the record');
  await chair.locator('article.minutes').waitFor();
  const text = await chair.locator('article.minutes').innerText();
  assert.match(text, /Adopt the 2027 budget/);
  assert.match(text, /Mo Member/, 'who spoke is in the minutes');
  assert.match(await chair.locator('.minutes__status').innerText(), /Draft/);
  await assertAccessible(chair, 'the drafted minutes with the editor');
  await chair.emulateMedia({ media: 'print' });
  assert.equal(await chair.locator('form:visible').count(), 0, 'the printed minutes have no forms');
  assert.equal(await chair.locator('.site-header').isVisible(), false);
  assert.equal(await chair.locator('article.minutes').isVisible(), true);
  await chair.emulateMedia({ media: 'screen' });
  const download = await chair.getByRole('link', { name: 'Download as Markdown' }).getAttribute('href');
  const markdown = await officer.client.get(download);
  assert.equal(markdown.status, 200);

  // Members cannot read a draft.
  await page.goto(`${stack.server.origin}/meetings/${state.meetingId}/minutes`);
  await waitForView(page, `Minutes: ${TITLE}`);
  assert.equal(await page.locator('article.minutes').count(), 0);
  await assertAccessible(page, 'the minutes page for a member while a draft');
  assertNoConsoleProblems(chairBrowser.problems);
  assertNoConsoleProblems(memberBrowser.problems);
});
