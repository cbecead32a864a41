// The officer's tools around meetings, in two browsers: the secretary's notes typed on the live page
// reach the drafted minutes; at a second meeting an officer adds, through the agenda form, a
// decision that approves those minutes, the vote in the room passes and a member then reads them
// approved and published; a member finds the calendar addresses on the group's meetings list, the
// feed they point at is an iCalendar feed with the meeting in it, and a new address retires the
// old; an officer changes a meeting's time and cancels it with a reason. axe-core checks every new
// page and state; people use the keyboard wherever they would.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack, eventually } from '../lib/harness.mjs';
import { formatInZone, utcToZonedLocal } from '../../web/js/ballot-logic.js';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, recordAnnouncements, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

const ZONE = 'Europe/London';
const HOUR = 3_600_000;
const FIRST = 'October branch meeting';
const SECOND = 'November branch meeting';
const THIRD = 'December social';
const NOTES = 'The treasurer reported a surplus of 120 pounds';

let stack;
let admin;
let officer;
let member;
let group;
let officerBrowser;
let memberBrowser;
// The servers run on a test clock that only moves when told: this is how far it has moved.
let clockSeconds = 0;
const state = {};

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack, { displayName: 'Site Admin' });
  group = await createGroup(admin.client, { name: 'Portobello Branch', kind: 'national' });
  officer = await registerAccount(stack, { displayName: 'Sam Secretary' });
  await addMember(admin.client, group.id, { email: officer.email, role: 'officer' });
  member = await registerAccount(stack, { displayName: 'Mia Member' });
  await addMember(admin.client, group.id, { email: member.email, role: 'member' });
  [officerBrowser, memberBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await officerBrowser?.close();
  await memberBrowser?.close();
  await stack?.close();
});

const signIn = (page, person, next) => signInThroughPage(page, stack.server.origin, person, next);
const serverNow = () => Date.now() + clockSeconds * 1000;
async function advance(seconds) {
  clockSeconds += seconds;
  await stack.advanceClock(seconds);
}

const announced = (page, text) => eventually(
  () => page.evaluate((wanted) => window.announced.some((said) => said.includes(wanted)), text),
  { what: `the announcement "${text}"`, timeoutMs: 5_000 });

async function press(page, name, options) {
  await tabTo(page, name, options);
  await page.keyboard.press('Enter');
}

async function schedule(title, startsInHours) {
  const starts = serverNow() + startsInHours * HOUR;
  const body = {
    title, starts_at: new Date(starts).toISOString(), ends_at: new Date(starts + 2 * HOUR).toISOString(),
    time_zone: ZONE, place: 'Portobello Town Hall', online_url: 'https://meet.example.org/portobello', agenda_notice_hours: 1,
  };
  return expectStatus(await officer.client.post(`/api/v1/groups/${group.id}/meetings`, body), 201).meeting;
}

const addItem = async (meetingId, item) => expectStatus(await officer.client.post(`/api/v1/meetings/${meetingId}/agenda`, item), 201).item;
const view = async (meetingId, client = officer.client) => expectStatus(await client.get(`/api/v1/meetings/${meetingId}`), 200);

async function startAndCheckIn(meetingId) {
  expectStatus(await officer.client.post(`/api/v1/meetings/${meetingId}/start`), 200);
  for (const person of [officer, member]) {
    expectStatus(await officer.client.post(`/api/v1/meetings/${meetingId}/attendance`, { person_id: person.person.id }), 200);
  }
}

test('notes typed on the live page for the current item appear in the drafted minutes', async () => {
  const first = await schedule(FIRST, 1);
  state.first = first;
  const report = await addItem(first.id, { kind: 'information', title: 'Treasurer’s report', minutes_allowed: 10 });
  await advance(3_700);
  await startAndCheckIn(first.id);

  const { page } = officerBrowser;
  await signIn(page, officer, `/meetings/${first.id}/live`);
  await waitForView(page, `Live: ${FIRST}`);
  await page.locator('.live-meeting[data-live="on"]').waitFor();
  await recordAnnouncements(page);
  await press(page, /^Start item 1: Treasurer’s report/);
  await page.locator('#now-heading', { hasText: 'Treasurer’s report' }).waitFor();
  await page.locator('#notes-heading').waitFor();
  await assertAccessible(page, 'the live page with the notes editor');

  await tabTo(page, 'Notes for the minutes');
  await page.keyboard.type(NOTES);
  // A live event redraws the page while the secretary types: the words stay, and so does focus.
  expectStatus(await member.client.post(`/api/v1/agenda-items/${report.id}/speakers`, { kind: 'speak' }), 201);
  await page.locator('.speakers__item', { hasText: 'Mia Member' }).waitFor();
  assert.equal((await describeFocus(page)).text, 'Notes for the minutes', 'typing goes on in the notes');
  await page.keyboard.type('.');
  await press(page, 'Save the notes');
  await announced(page, 'Notes saved.');
  assert.equal((await describeFocus(page)).text, 'Save the notes', 'saving leaves focus on the button');
  await eventually(async () => (await view(first.id)).agenda[0].notes === `${NOTES}.`, { what: 'the notes saved' });
  await assertAccessible(page, 'the notes saved');

  expectStatus(await officer.client.post(`/api/v1/meetings/${first.id}/end`), 200);
  await page.goto(`${stack.server.origin}/meetings/${first.id}/minutes`);
  await waitForView(page, `Minutes: ${FIRST}`);
  await press(page, 'Draft the minutes from the record');
  await page.locator('article.minutes').waitFor();
  assert.match(await page.locator('article.minutes').innerText(), new RegExp(`${NOTES}\\.`), 'the notes are in the minutes');
  assertNoConsoleProblems(officerBrowser.problems);
});

test('a decision at the next meeting, added through the form, approves the minutes; a member then reads them', async () => {
  const second = await schedule(SECOND, 2);
  state.second = second;
  const { page } = officerBrowser;
  await page.goto(`${stack.server.origin}/meetings/${second.id}`);
  await waitForView(page, SECOND);
  await page.locator('.meeting[data-live="on"]').waitFor();

  // The choice appears for decisions only.
  assert.equal(await page.locator('#item-approves_minutes_of').isVisible(), false);
  await page.locator('#item-kind').focus();
  await page.locator('#item-kind').selectOption('decision');
  await tabTo(page, 'Approves the minutes of an earlier meeting (optional, for decisions)');
  const choices = await page.locator('#item-approves_minutes_of option').allInnerTexts();
  assert.equal(choices.length, 2, 'no minutes, or the drafted minutes of the first meeting');
  assert.match(choices[1], new RegExp(`^${FIRST} – `));
  await page.locator('#item-approves_minutes_of').selectOption(String(state.first.id));
  assert.equal(await page.locator('#item-title').inputValue(), `Approve the minutes of ${FIRST}`, 'the item is named for the minutes');
  await assertAccessible(page, 'the agenda form with minutes to approve');
  await press(page, 'Add to the agenda');
  await page.locator('.agenda__approves').waitFor();
  assert.match(await page.locator('.agenda__approves').innerText(), new RegExp(`approves the minutes of ${FIRST}`));
  const [item] = (await view(second.id)).agenda;
  assert.equal(item.approves_minutes_of, state.first.id);
  assert.equal(item.kind, 'decision');
  await assertAccessible(page, 'the agenda with an approval item');

  // Before the meeting, the secretary can note things under an item on the meeting page too; the
  // agenda redrawn by the save's own event keeps focus on the button.
  await recordAnnouncements(page);
  await press(page, 'Write notes for the minutes on item 1', { backwards: true });
  await page.locator(`#meeting-notes-${item.id}-notes`).waitFor();
  await tabTo(page, 'Notes for the minutes on item 1');
  await page.keyboard.type('Proposed by Sam, seconded by Mia.');
  await press(page, 'Save the notes for item 1');
  await announced(page, 'Notes saved.');
  await eventually(async () => (await view(second.id)).agenda[0].notes === 'Proposed by Sam, seconded by Mia.', { what: 'the item’s notes saved' });
  await page.waitForTimeout(500);
  assert.equal((await describeFocus(page)).text, 'Save the notes for item 1', 'focus stays on the button after the agenda is redrawn');
  await assertAccessible(page, 'the notes editor on the meeting page');

  await advance(2 * 3_600 + 60);
  await startAndCheckIn(second.id);
  await page.goto(`${stack.server.origin}/meetings/${second.id}/live`);
  await waitForView(page, `Live: ${SECOND}`);
  await page.locator('.live-meeting[data-live="on"]').waitFor();
  await press(page, /^Start item 1: Approve the minutes/);
  await press(page, 'Open the vote');
  await page.getByRole('button', { name: 'Close the vote' }).waitFor();
  const { ballot_id: ballotId } = (await view(second.id)).current.vote;
  for (const person of [officer, member]) expectStatus(await person.client.post(`/api/v1/ballots/${ballotId}/votes`, { marks: [1] }), 201);
  await press(page, 'Close the vote', { backwards: true });
  await page.locator('.vote-result').waitFor();
  assert.match(await page.locator('.vote-result').innerText(), /Yes\s+2/);

  const minutes = await eventually(async () => {
    const answer = await member.client.get(`/api/v1/meetings/${state.first.id}/minutes`);
    return answer.status === 200 && answer.json.minutes.status === 'published' ? answer.json.minutes : null;
  }, { what: 'the first meeting’s minutes published' });
  assert.ok(minutes.approved_at);
  const memberPage = memberBrowser.page;
  await signIn(memberPage, member, `/meetings/${state.first.id}/minutes`);
  await waitForView(memberPage, `Minutes: ${FIRST}`);
  assert.match(await memberPage.locator('.minutes__status').innerText(), /Approved and published/);
  assert.match(await memberPage.locator('article.minutes').innerText(), new RegExp(`${NOTES}\\.`));
  await assertAccessible(memberPage, 'approved minutes, read by a member');
  assertNoConsoleProblems(officerBrowser.problems);
  assertNoConsoleProblems(memberBrowser.problems);
});

test('the calendar addresses on the meetings list give an iCalendar feed, and a new address retires the old', async () => {
  state.third = await schedule(THIRD, 72);
  const page = memberBrowser.page;
  await officerBrowser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await memberBrowser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${stack.server.origin}/groups/${group.id}/meetings`);
  await waitForView(page, 'Meetings of Portobello Branch');
  await recordAnnouncements(page);
  await page.getByRole('heading', { name: 'Add these meetings to your calendar' }).waitFor();
  await assertAccessible(page, 'the meetings list with calendar addresses');

  const field = page.getByLabel('Calendar address for meetings of Portobello Branch');
  assert.equal(await field.getAttribute('readonly'), '', 'the address is read-only');
  const url = await field.inputValue();
  await tabTo(page, 'Open in your calendar app: meetings of Portobello Branch');
  const webcal = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(webcal, url.replace(/^http:\/\//, 'webcal://'));
  await press(page, 'Copy: Calendar address for meetings of Portobello Branch', { backwards: true });
  await announced(page, 'The address has been copied.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

  const feed = await fetch(url);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /^text\/calendar/);
  const text = await feed.text();
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, new RegExp(`UID:meeting-${state.third.id}@`));
  assert.match(text, new RegExp(`SUMMARY:${THIRD}`));
  const personal = await page.getByLabel('Calendar address for all your meetings').inputValue();
  assert.match(await (await fetch(personal)).text(), new RegExp(`SUMMARY:${THIRD}`));

  await press(page, 'Make a new address');
  assert.equal((await describeFocus(page)).text, 'Make a new calendar address?', 'the question takes focus');
  assert.match(await page.locator('.confirm').innerText(), /old addresses stop working/);
  await assertAccessible(page, 'the question before a new calendar address');
  await press(page, 'Yes, make a new address');
  await announced(page, 'You have a new calendar address.');
  const fresh = await eventually(async () => {
    const value = await field.inputValue();
    return value !== url ? value : null;
  }, { what: 'a new address shown' });
  assert.equal((await fetch(url)).status, 404, 'the old address no longer works');
  assert.equal((await fetch(fresh)).status, 200);
  await assertAccessible(page, 'the new calendar address');
  assertNoConsoleProblems(memberBrowser.problems);
});

test('an officer changes a meeting’s time, then cancels it with a reason, and everyone sees it cancelled', async () => {
  const { page } = officerBrowser;
  const meeting = state.third;
  await page.goto(`${stack.server.origin}/meetings/${meeting.id}`);
  await waitForView(page, THIRD);
  await page.locator('.meeting[data-live="on"]').waitFor();
  await recordAnnouncements(page);
  await press(page, 'Change the meeting’s details');
  await page.locator('#edit-meeting-starts_at').waitFor();
  await assertAccessible(page, 'the form that changes a meeting');

  // Whole minutes: a datetime-local box holds no seconds.
  const newStart = new Date(Math.floor(Date.parse(meeting.starts_at) / 60_000) * 60_000 + 24 * HOUR + 30 * 60_000).toISOString();
  const newEnd = new Date(Date.parse(newStart) + 3 * HOUR).toISOString();
  await tabTo(page, 'Starts');
  await page.locator('#edit-meeting-starts_at').fill(utcToZonedLocal(newStart, ZONE));
  await page.locator('#edit-meeting-ends_at').fill(utcToZonedLocal(newEnd, ZONE));
  await press(page, 'Save the changes');
  await announced(page, 'The meeting’s details have been saved.');
  const changed = (await view(meeting.id)).meeting;
  assert.equal(changed.starts_at.replace(/\.000Z$/, 'Z'), newStart.replace(/\.000Z$/, 'Z'));
  assert.ok(changed.sequence > meeting.sequence, 'calendars are told of the change');
  assert.match(await page.locator('.summary-list').innerText(), new RegExp(formatInZone(newStart, ZONE).replace(/[()]/g, '\\$&')), 'the new time is shown');
  await assertAccessible(page, 'the meeting after its time changed');

  await tabTo(page, 'Why is the meeting cancelled?');
  await page.keyboard.type('The hall is flooded');
  await press(page, 'Cancel the meeting');
  assert.equal((await describeFocus(page)).text, `Cancel “${THIRD}”?`, 'the question takes focus');
  await assertAccessible(page, 'the question before cancelling');
  await press(page, 'No, keep the meeting');
  assert.equal((await describeFocus(page)).id, 'cancel-meeting-reason', '“no” goes back to the reason');
  await press(page, 'Cancel the meeting');
  await press(page, 'Yes, cancel the meeting');
  await page.locator('.meeting[data-status="cancelled"]').waitFor();
  assert.match(await page.locator('.meeting__cancelled').innerText(), /This meeting has been cancelled: The hall is flooded/);
  assert.match(await page.locator('.meeting__status').innerText(), /Cancelled/);
  assert.equal(await page.getByRole('button', { name: 'Cancel the meeting' }).count(), 0, 'nothing left to cancel');
  await assertAccessible(page, 'a cancelled meeting, seen by the officer');

  const memberPage = memberBrowser.page;
  await memberPage.goto(`${stack.server.origin}/meetings/${meeting.id}`);
  await waitForView(memberPage, THIRD);
  assert.match(await memberPage.locator('.meeting__cancelled').innerText(), /The hall is flooded/);
  await assertAccessible(memberPage, 'a cancelled meeting, seen by a member');
  await memberPage.goto(`${stack.server.origin}/groups/${group.id}/meetings`);
  await waitForView(memberPage, 'Meetings of Portobello Branch');
  assert.match(await memberPage.locator('.meeting-list__item', { hasText: THIRD }).innerText(), /Cancelled/);
  const url = await memberPage.getByLabel('Calendar address for meetings of Portobello Branch').inputValue();
  assert.match(await (await fetch(url)).text(), /STATUS:CANCELLED/);
  assertNoConsoleProblems(officerBrowser.problems);
  assertNoConsoleProblems(memberBrowser.problems);
});
