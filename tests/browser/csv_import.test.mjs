// An officer imports members from CSV: good rows are applied, bad rows come back with their line
// numbers and reasons, a second run changes nothing; the member directory pages with "Show more"
// and follows live changes without moving focus.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addMember, createGroup, registerAccount, uniqueEmail } from '../lib/builders.mjs';
import { Stack } from '../lib/harness.mjs';
import { assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, waitForView } from './browser.mjs';

const GOOD_ROWS = 52;

let stack;
let browser;
let admin;
let branch;
let officer;

// Line 1 is the header; good rows fill lines 2..53, then the bad ones follow.
function buildCsv() {
  const lines = ['email,name,group,role,joined_at'];
  for (let i = 1; i <= GOOD_ROWS; i += 1) {
    lines.push(`imported.${i}.${process.pid}@example.org,Imported Person ${String(i).padStart(2, '0')},,member,2024-0${1 + (i % 9)}-15`);
  }
  const bad = [
    'not-an-email,Nobody,,member,',
    `bad.role.${process.pid}@example.org,Bad Role,,emperor,`,
    `bad.date.${process.pid}@example.org,Bad Date,,member,15/03/2024`,
    `bad.group.${process.pid}@example.org,Bad Group,No Such Group,member,`,
  ];
  const firstBadLine = lines.length + 1;
  lines.push(...bad);
  return { text: `${lines.join('\n')}\n`, rejectedLines: bad.map((_, i) => firstBadLine + i) };
}

before(async () => {
  stack = await Stack.start();
  ({ client: admin } = await registerAccount(stack, { displayName: 'Site Admin' }));
  const national = await createGroup(admin, { name: 'Import Party', kind: 'national' });
  branch = await createGroup(admin, { name: 'Harbour Branch', kind: 'branch', parentId: national.id });
  // An officer of the national group acts for every group below it.
  officer = await registerAccount(stack, { displayName: 'Olive Officer', signIn: false });
  await addMember(admin, national.id, { email: officer.email, role: 'officer' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

async function rejectedRows(page) {
  return page.locator('.results table tbody tr').evaluateAll((rows) => rows.map((row) => {
    const [line, reason] = [...row.cells].map((cell) => cell.textContent.trim());
    return { line: Number(line), reason };
  }));
}

async function counts(page) {
  const entries = await page.locator('.results dl div').evaluateAll((rows) =>
    rows.map((row) => [row.querySelector('dt').textContent.trim(), Number(row.querySelector('dd').textContent)]));
  return Object.fromEntries(entries);
}

test('an officer imports a CSV, sees the rejected rows, and a second run changes nothing', async () => {
  const { page, problems } = browser;
  const origin = stack.server.origin;
  const csv = buildCsv();

  await page.goto(`${origin}/sign-in?next=${encodeURIComponent(`/groups/${branch.id}`)}`);
  await waitForView(page, 'Sign in');
  await page.getByLabel('Email address').fill(officer.email);
  await page.getByLabel('Password', { exact: true }).fill(officer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForView(page, 'Harbour Branch');
  await assertAccessible(page, 'a group page with officer tools');

  await page.getByRole('link', { name: 'Import members from a spreadsheet (CSV)' }).click();
  await waitForView(page, 'Import members into Harbour Branch');
  await assertAccessible(page, 'the import page');

  await page.getByRole('button', { name: 'Import members' }).click();
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/, 'an empty import moves focus to the error summary');
  await assertAccessible(page, 'the import page with an error');

  await page.getByLabel('Or paste the rows').fill(csv.text);
  await page.getByRole('button', { name: 'Import members' }).click();
  await page.locator('.results').waitFor();
  assert.equal((await describeFocus(page)).tag, 'section', 'the results take focus');
  assert.deepEqual(await counts(page), {
    'New members added': GOOD_ROWS, 'Members updated': 0, 'Already up to date': 0, 'Rows rejected': csv.rejectedLines.length,
  });
  const rejected = await rejectedRows(page);
  assert.deepEqual(rejected.map((row) => row.line), csv.rejectedLines);
  for (const row of rejected) assert.ok(row.reason.length > 3, `line ${row.line} has a reason`);
  await assertAccessible(page, 'the import results');

  // The same file again, this time chosen as a file: nothing new, the same rows rejected.
  await page.getByLabel('Or paste the rows').fill('');
  await page.getByLabel('Choose a CSV file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.text) });
  await page.getByRole('button', { name: 'Import members' }).click();
  await page.waitForFunction(() => document.querySelector('.results dl dd')?.textContent === '0');
  assert.deepEqual(await counts(page), {
    'New members added': 0, 'Members updated': 0, 'Already up to date': GOOD_ROWS, 'Rows rejected': csv.rejectedLines.length,
  });
  assert.deepEqual((await rejectedRows(page)).map((row) => row.line), csv.rejectedLines);

  // The directory shows the first 50, then the rest on request.
  await page.getByRole('link', { name: 'Back to Harbour Branch' }).click();
  await waitForView(page, 'Harbour Branch');
  const rows = page.locator('.members tbody tr');
  assert.equal(await rows.count(), 50);
  await page.getByRole('button', { name: 'Show more members' }).click();
  // The imported rows, plus anyone the group had before (its creator may be one).
  await page.waitForFunction((n) => document.querySelectorAll('.members tbody tr').length >= n, GOOD_ROWS);
  const firstNew = await rows.nth(50).locator('th').innerText();
  assert.equal((await describeFocus(page)).text, firstNew.trim(), 'focus goes to the first member just shown');
  assert.match(firstNew, /^Imported Person \d\d$/);
  assert.ok(await page.getByRole('button', { name: 'Show more members' }).isHidden(), 'no more to show');
  await assertAccessible(page, 'a member directory');

  // A member added elsewhere appears without a reload, announced politely, focus left alone.
  const focusBefore = await describeFocus(page);
  await addMember(admin, branch.id, { email: uniqueEmail('live'), displayName: 'Zed Live', role: 'member' });
  await page.locator('.members tbody th', { hasText: 'Zed Live' }).waitFor();
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'Member list updated');
  assert.deepEqual(await describeFocus(page), focusBefore, 'a live update does not move focus');
  assert.equal(await page.locator('#announcer').getAttribute('aria-live'), 'polite');

  assertNoConsoleProblems(problems);
});
