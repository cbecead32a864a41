// A secret ballot leaves no link between a voter and their ballot in the database: the schema
// shares nothing but the ballot id between who voted and what was voted, and after mixing the
// rows share no transaction id, no order, and no dead tuple remains in the inbox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { Stack, eventually } from '../lib/harness.mjs';
import { bulkVoters, castOk, closeBallot, createBallot, inHours, trackerHash, votesServerOptions, votingBranch } from './votes_lib.mjs';

let stack;
let secretBranch;  // made by the second test, used again by the third

before(async () => {
  stack = await Stack.start({ serverOptions: votesServerOptions });
});

after(async () => {
  await stack?.close();
});

const secretTables = ['ballot_participation', 'ballot_box', 'ballot_inbox'];

test('the schema: participation and contents share only the ballot id, hold no time or sequence, and no key joins them', async () => {
  const columns = await stack.sql.rows(`
    SELECT table_name, column_name, data_type, column_default, is_identity
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name IN ('ballot_participation', 'ballot_box', 'ballot_inbox')`);
  const of = (table) => columns.filter((c) => c.table_name === table).map((c) => c.column_name).sort();
  assert.deepEqual(of('ballot_participation'), ['ballot_id', 'person_id']);
  assert.deepEqual(of('ballot_box'), ['ballot_id', 'marks', 'tracker_hash']);
  assert.deepEqual(of('ballot_inbox'), ['ballot_id', 'marks', 'tracker_hash']);
  for (const contents of ['ballot_box', 'ballot_inbox']) {
    const shared = of('ballot_participation').filter((c) => of(contents).includes(c));
    assert.deepEqual(shared, ['ballot_id'], contents);
  }
  for (const column of columns) {
    assert.doesNotMatch(column.data_type, /time|date|serial|interval/, `${column.table_name}.${column.column_name}`);
    assert.equal(column.column_default, null, `${column.table_name}.${column.column_name} has no default`);
    assert.equal(column.is_identity, 'NO', `${column.table_name}.${column.column_name}`);
  }
  const links = await stack.sql.rows(`
    SELECT conname FROM pg_constraint
    WHERE contype = 'f' AND conrelid::regclass::text = ANY(:'tables') AND confrelid::regclass::text = ANY(:'tables')`,
  { tables: `{${secretTables.join(',')}}` });
  assert.deepEqual(links, []);
  const triggers = await stack.sql.rows(`
    SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY(:'tables')`,
  { tables: `{${secretTables.join(',')}}` });
  assert.deepEqual(triggers, []);
});

test('the rows: after mixing no transaction id, order or dead tuple links a voter to a ballot', async () => {
  await stack.sql.exec('CREATE EXTENSION IF NOT EXISTS pageinspect');
  secretBranch = await votingBranch(stack, { voters: 0, label: 'Secret' });
  const { officer, tree } = secretBranch;
  const voters = await bulkVoters(stack, tree.branch.id, 12);
  const now = Date.parse(await stack.advanceClock(0));
  const ballot = await createBallot(officer.client, tree.branch.id, {
    title: 'Secret question', method: 'single_choice', closes_at: inHours(1, now),
    options: [{ label: 'Red' }, { label: 'Green' }, { label: 'Blue' }] });

  // One by one, so the cast order is known; who holds which tracker is known only to the test.
  const castOrder = [];
  for (const [index, voter] of voters.entries()) {
    const tracker = await castOk(voter, ballot.id, [1 + (index % 3)]);
    const me = expectStatus(await voter.get('/api/v1/me'), 200);
    castOrder.push({ person: (me.person ?? me).id, hash: await trackerHash(tracker) });
  }
  // Participation rows (with their xmin) before anything is mixed: the casting transactions.
  const participation = await stack.sql.rows(`
    SELECT person_id, xmin::text AS xmin FROM ballot_participation WHERE ballot_id = :'b' ORDER BY ctid`,
  { b: ballot.id });
  assert.equal(participation.length, voters.length);

  // The ticker mixes whenever at least 5 ballots wait, so some may be mixed already and the rest
  // wait for the close, which mixes whatever is left in its own transaction. Closing first keeps
  // the test free of the ticker's timing.
  await closeBallot(officer.client, ballot.id);
  assert.equal(await stack.sql.count('ballot_inbox', "ballot_id = :'b'", { b: ballot.id }), 0);
  const closingXmin = await stack.sql.value("SELECT xmin::text FROM ballots WHERE id = :'b'", { b: ballot.id });

  const box = await stack.sql.rows(`
    SELECT encode(tracker_hash, 'hex') AS hash, xmin::text AS xmin FROM ballot_box WHERE ballot_id = :'b' ORDER BY ctid`,
  { b: ballot.id });
  assert.equal(box.length, voters.length);
  const participationXmins = new Set(participation.map((p) => p.xmin));
  for (const row of box) assert.ok(!participationXmins.has(row.xmin), 'a box row shares a casting transaction id');
  // The ticker's batches are never fewer than 5 together, so no box row is alone with its
  // transaction id; only the close mixes whatever is left, however few.
  const batchSizes = new Map();
  for (const row of box) batchSizes.set(row.xmin, (batchSizes.get(row.xmin) ?? 0) + 1);
  for (const [xmin, size] of batchSizes) {
    if (xmin !== closingXmin) assert.ok(size >= 5, `a batch of ${size}: ${JSON.stringify([...batchSizes])}`);
  }

  // The physical order of the box is not the order of participation.
  const voterOfHash = new Map(castOrder.map((c) => [c.hash, c.person]));
  const boxOrder = box.map((row) => voterOfHash.get(row.hash));
  assert.equal(new Set(boxOrder).size, voters.length);
  assert.notDeepEqual(boxOrder, participation.map((p) => p.person_id));

  // VACUUM removed the inbox's dead tuples, whose xmin was the casting transaction's.
  await eventually(async () => {
    const pages = Number(await stack.sql.value("SELECT pg_relation_size('ballot_inbox') / current_setting('block_size')::int AS n"));
    for (let page = 0; page < pages; ++page) {
      const tuples = await stack.sql.rows(
        "SELECT t_xmin::text AS xmin FROM heap_page_items(get_raw_page('ballot_inbox', :'page')) WHERE t_xmin IS NOT NULL",
        { page });
      if (tuples.some((t) => participationXmins.has(t.xmin))) return false;
    }
    return true;
  }, { what: 'no inbox tuple left with a casting transaction id', timeoutMs: 15_000 });

  const published = expectStatus(await voters[0].get(`/api/v1/ballots/${ballot.id}/ballots`), 200);
  assert.equal(published.roll_call, undefined);
  const marks = published.ballots.map((b) => b.marks);
  assert.deepEqual(marks, [...marks].sort((a, b) => a[0] - b[0]));
  assert.deepEqual(marks.map((m) => m[0]), [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  const trackers = expectStatus(await voters[0].get(`/api/v1/ballots/${ballot.id}/trackers`), 200).trackers;
  assert.deepEqual(trackers, castOrder.map((c) => c.hash).sort());
});

test('the ticker mixes once five ballots wait, and not before', async () => {
  const { officer, tree } = secretBranch;
  const voters = await bulkVoters(stack, tree.branch.id, 5);
  const now = Date.parse(await stack.advanceClock(0));
  const ballot = await createBallot(officer.client, tree.branch.id, {
    title: 'Mixed question', method: 'single_choice', closes_at: inHours(1, now),
    options: [{ label: 'Red' }, { label: 'Green' }] });
  const count = (table) => stack.sql.count(table, "ballot_id = :'b'", { b: ballot.id });
  for (const voter of voters.slice(0, 4)) await castOk(voter, ballot.id, [1]);
  // Four wait: two ticks later they still wait, since a batch of four would be too small.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(await count('ballot_inbox'), 4);
  assert.equal(await count('ballot_box'), 0);
  await castOk(voters[4], ballot.id, [2]);
  await eventually(async () => (await count('ballot_inbox')) === 0 && (await count('ballot_box')) === 5,
    { what: 'the ticker to mix the five', timeoutMs: 15_000 });
});
