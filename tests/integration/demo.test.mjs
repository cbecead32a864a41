// The demo organisation that the first `deploy/run` loads: its branch has taken a proposal from
// draft to a decision by secret ballot, run an STV candidate selection whose exported BLT,
// recounted by `plenary count`, gives the published result, held two meetings (the first one's
// minutes approved at the second) and meets again next week to decide a proposal.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { expectStatus } from '../lib/builders.mjs';
import { ApiClient, Stack, plenaryBinary, scratchDir } from '../lib/harness.mjs';

const run = promisify(execFile);
const demoPassword = 'plenary-demo-2026';
let stack;
let officer;
let riverside;

async function signedIn(email) {
  const client = new ApiClient(stack.server);
  expectStatus(await client.signIn(email, demoPassword), 200);
  return client;
}

before(async () => {
  stack = await Stack.start({ servers: 0 });
  await run(plenaryBinary(), ['migrate', '--database-url', stack.databaseUrl]);
  const { stdout } = await run(plenaryBinary(), ['demo', '--database-url', stack.databaseUrl]);
  assert.match(stdout, /Loaded the demo organisation/);
  await stack.startServer();
  officer = await signedIn('chidi@demo.plenary.test');
  const groups = expectStatus(await officer.get('/api/v1/groups'), 200).groups;
  riverside = groups.find((g) => g.name === 'Riverside Branch');
  assert.ok(riverside, JSON.stringify(groups.map((g) => g.name)));
});

after(async () => {
  await stack?.close();
});

test('loading the demo twice changes nothing the second time', async () => {
  const { stdout } = await run(plenaryBinary(), ['demo', '--database-url', stack.databaseUrl]);
  assert.match(stdout, /already has groups/);
  assert.equal(await stack.sql.count('proposals', 'true'), 3);
  assert.equal(await stack.sql.count('meetings', 'true'), 3);
});

test('a proposal went from draft to a decision by secret ballot, and what was done is recorded', async () => {
  const member = await signedIn('farah@demo.plenary.test');
  const list = expectStatus(await member.get(`/api/v1/groups/${riverside.id}/proposals`), 200).proposals;
  const decided = list.find((p) => p.state === 'passed');
  assert.ok(decided, JSON.stringify(list.map((p) => [p.title, p.state])));
  assert.ok(list.some((p) => p.state === 'gathering_support'));

  const page = expectStatus(await member.get(`/api/v1/proposals/${decided.id}`), 200).proposal;
  // The last entry is the officer recording what was done: the state stays passed.
  assert.deepEqual(page.history.map((h) => h.to),
    ['draft', 'gathering_support', 'qualified', 'scheduled', 'voting', 'passed', 'passed']);
  assert.equal(page.history.at(-1).by.display_name, 'Chidi Mensah');
  assert.match(page.outcome_record.text, /delivered/);
  assert.ok(page.thread_id, 'the debate thread');
  expectStatus(await member.get(`/api/v1/threads/${page.thread_id}`), 200);

  const result = expectStatus(await member.get(`/api/v1/ballots/${page.ballot_id}/results`), 200).result;
  assert.equal(result.outcome, 'passed');
  assert.equal(result.yes + result.no + result.abstain, result.cast);
  assert.ok(result.yes > result.no);
  const trackers = expectStatus(await member.get(`/api/v1/ballots/${page.ballot_id}/trackers`), 200).trackers;
  assert.equal(trackers.length, result.cast);
});

test('the STV selection is closed, and its BLT recounted by plenary count gives the published result', async () => {
  const ballots = expectStatus(await officer.get(`/api/v1/groups/${riverside.id}/ballots`), 200).ballots;
  const selection = ballots.find((b) => b.method === 'scottish_stv');
  assert.ok(selection && selection.status === 'closed', JSON.stringify(ballots.map((b) => [b.title, b.status])));
  assert.ok(ballots.some((b) => b.method === 'approval' && b.status === 'open'));

  const result = expectStatus(await officer.get(`/api/v1/ballots/${selection.id}/results`), 200).result;
  assert.equal(result.elected.length, 2);
  const download = await officer.get(`/api/v1/ballots/${selection.id}/ballots.blt`);
  assert.equal(download.status, 200);
  const file = path.join(scratchDir(), `demo-ballot-${selection.id}.blt`);
  fs.writeFileSync(file, download.text);
  const { stdout } = await run(plenaryBinary(), ['count', '--method', 'scottish-stv', file]);
  const recount = JSON.parse(stdout);
  assert.deepEqual(recount.elected, result.count.elected);
  assert.deepEqual(recount.rounds, result.count.rounds);
});

test('the branch meets next week: agenda published, a proposal to decide, replies in', async () => {
  const member = await signedIn('farah@demo.plenary.test');
  const { meetings } = expectStatus(await member.get(`/api/v1/groups/${riverside.id}/meetings`), 200);
  const upcoming = meetings.filter((m) => m.status === 'scheduled');
  assert.equal(upcoming.length, 1, JSON.stringify(meetings.map((m) => [m.title, m.status])));
  const next = upcoming[0];
  const daysAway = (Date.parse(next.starts_at) - Date.now()) / 86_400_000;
  assert.ok(daysAway > 6 && daysAway < 8, next.starts_at);
  assert.ok(next.place.length > 0);
  assert.match(next.online_url, /^https:\/\//);
  assert.ok(next.agenda_published_at, 'the agenda is published');

  const page = expectStatus(await member.get(`/api/v1/meetings/${next.id}`), 200);
  assert.equal(page.my.response, 'yes');
  assert.deepEqual(page.agenda.map((i) => i.kind), ['information', 'decision', 'discussion', 'decision']);
  const discussion = page.agenda.find((i) => i.kind === 'discussion');
  assert.match(discussion.papers_html, /<li>/);
  assert.ok(discussion.presenter, 'the discussion has a presenter');
  const motion = page.agenda.find((i) => i.proposal_id);
  const proposal = expectStatus(await member.get(`/api/v1/proposals/${motion.proposal_id}`), 200).proposal;
  assert.equal(proposal.state, 'scheduled');
  assert.equal(proposal.schedule.mode, 'meeting');
  assert.equal(proposal.ballot_id, null);
  const others = await Promise.all(['omar', 'hana', 'dev'].map(async (key) =>
    expectStatus(await (await signedIn(`${key}@demo.plenary.test`)).get(`/api/v1/meetings/${next.id}`), 200).my.response));
  assert.deepEqual(others, ['yes', 'maybe', 'no']);

  // The meeting before approved the minutes of the one before it; its own wait for next week.
  const ended = meetings.filter((m) => m.status === 'ended');
  assert.equal(ended.length, 2);
  const [earlier, later] = ended.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  const approved = expectStatus(await member.get(`/api/v1/meetings/${earlier.id}/minutes`), 200).minutes;
  assert.equal(approved.status, 'published');
  assert.equal(approved.approved_at_meeting, later.id);
  assert.match(approved.body, /For: 7; against: 2; abstentions: 0\. 9 votes cast of 9 eligible\./);
  assert.match(approved.body, /Speakers, in order: Farah Haddad, Dev Patel and Omar Aziz/);
  assert.equal(page.agenda[1].approves_minutes_of, later.id);
  assert.equal((await member.get(`/api/v1/meetings/${later.id}/minutes`)).status, 404);
  const draft = expectStatus(await officer.get(`/api/v1/meetings/${later.id}/minutes`), 200).minutes;
  assert.equal(draft.status, 'draft');
});
