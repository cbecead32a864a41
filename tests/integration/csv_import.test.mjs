// Importing members from CSV: good rows are applied, bad rows reported by line with a reason,
// and a second run of the same file creates nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, createGroup, expectStatus, registerAccount, uniqueEmail } from '../lib/builders.mjs';
import { Stack, explain } from '../lib/harness.mjs';

let stack;
let admin;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack);
});

after(async () => {
  await stack?.close();
});

const importCsv = (client, groupId, csv, contentType = 'text/csv') =>
  client.request('POST', `/api/v1/groups/${groupId}/members/import`, { body: csv, contentType });

const today = async () => stack.sql.value("SELECT to_char(current_date, 'YYYY-MM-DD') AS d");

async function membership(email, groupId) {
  return stack.sql.row(
    "SELECT m.role, m.status, to_char(m.joined_at, 'YYYY-MM-DD') AS joined_at, p.display_name " +
    "FROM memberships m JOIN persons p ON p.id = m.person_id WHERE p.email = :'email' AND m.group_id = :'g'",
    { email, g: groupId });
}

describe('CSV import', () => {
  test('good rows are applied, bad rows reported; the second run creates nothing', async () => {
    const national = await createGroup(admin.client, { name: `Import Nation ${process.pid}`, kind: 'national' });
    const region = await createGroup(admin.client, { name: 'Import Region', kind: 'region', parentId: national.id });
    const other = await createGroup(admin.client, { name: 'Unrelated', kind: 'national' });
    const [alice, bob, carol, jane, dave, erin, frank] =
      ['alice', 'bob', 'carol', 'jane', 'dave', 'erin', 'frank'].map((n) => uniqueEmail(n));
    const csv = [
      'email,name,group,role,joined_at',
      `${alice},Alice Able,,member,2023-01-15`, // line 2: the import group, dated
      `${bob},Bob Baker,Import Region,supporter,`, // line 3: a descendant by name, today
      `${carol},Carol Chen,${region.id},officer,2022-06-01`, // line 4: a descendant by id
      `${jane},"Smith, Jane",,member,2021-12-31`, // line 5: a quoted name with a comma
      'not-an-email,Bad Address,,member,', // line 6: bad email
      `${dave},Dave Dunn,No Such Group,member,`, // line 7: unknown group
      `${erin},Erin Eve,,emperor,`, // line 8: unknown role
      `${frank},Frank Fox,,member,2023-02-30`, // line 9: impossible date
      `${uniqueEmail('gina')},Gina Gray,${other.id},member,`, // line 10: a group outside the import group
    ].join('\n') + '\n';

    const before = await stack.sql.fingerprint(['persons', 'memberships']);
    const first = await importCsv(admin.client, national.id, csv);
    const result = expectStatus(first, 200);
    assert.equal(result.created, 4, explain(first));
    assert.equal(result.updated, 0, explain(first));
    assert.equal(result.unchanged, 0, explain(first));
    assert.deepEqual(result.rejected.map((r) => r.line), [6, 7, 8, 9, 10], explain(first));
    for (const rejection of result.rejected) {
      assert.equal(typeof rejection.reason, 'string');
      assert.ok(rejection.reason.length > 3, JSON.stringify(rejection));
    }
    assert.notDeepEqual(await stack.sql.fingerprint(['persons', 'memberships']), before);

    assert.deepEqual(await membership(alice, national.id),
      { role: 'member', status: 'active', joined_at: '2023-01-15', display_name: 'Alice Able' });
    assert.deepEqual(await membership(bob, region.id),
      { role: 'supporter', status: 'active', joined_at: await today(), display_name: 'Bob Baker' });
    assert.deepEqual(await membership(carol, region.id),
      { role: 'officer', status: 'active', joined_at: '2022-06-01', display_name: 'Carol Chen' });
    assert.deepEqual(await membership(jane, national.id),
      { role: 'member', status: 'active', joined_at: '2021-12-31', display_name: 'Smith, Jane' });
    for (const email of [dave, erin, frank]) {
      assert.equal(await stack.sql.count('persons', "email = :'email'", { email }), 0, `${email} was created`);
    }
    // Imported people have no password until they set one.
    assert.equal(await stack.sql.value("SELECT password_hash FROM persons WHERE email = :'e'", { e: alice }), null);

    const afterFirst = await stack.sql.fingerprint(['persons', 'memberships']);
    const second = expectStatus(await importCsv(admin.client, national.id, csv), 200);
    assert.deepEqual(
      { created: second.created, updated: second.updated, unchanged: second.unchanged },
      { created: 0, updated: 0, unchanged: 4 });
    assert.deepEqual(second.rejected.map((r) => r.line), [6, 7, 8, 9, 10]);
    assert.deepEqual(await stack.sql.fingerprint(['persons', 'memberships']), afterFirst,
      'the second run changed rows');

    // A changed role is an update, and only that row changes.
    const changed = csv.replace(`${alice},Alice Able,,member,2023-01-15`, `${alice},Alice Able,,officer,2023-01-15`);
    const third = expectStatus(await importCsv(admin.client, national.id, changed), 200);
    assert.deepEqual({ created: third.created, updated: third.updated, unchanged: third.unchanged },
      { created: 0, updated: 1, unchanged: 3 });
    assert.equal((await membership(alice, national.id)).role, 'officer');
  });

  test('a file with Windows line ends, a BOM and a header only imports nothing and rejects nothing', async () => {
    const group = await createGroup(admin.client);
    const result = expectStatus(await importCsv(admin.client, group.id, '\ufeffemail,name,group,role,joined_at\r\n'), 200);
    assert.deepEqual(result, { created: 0, updated: 0, unchanged: 0, rejected: [] });
    const email = uniqueEmail('crlf');
    const crlf = expectStatus(await importCsv(admin.client, group.id,
      `email,name,group,role,joined_at\r\n${email},Cr Lf,,member,2020-01-01\r\n`), 200);
    assert.equal(crlf.created, 1, JSON.stringify(crlf));
    assert.deepEqual(await membership(email, group.id),
      { role: 'member', status: 'active', joined_at: '2020-01-01', display_name: 'Cr Lf' });
  });

  test('a CSV of 1.5 MB, under the 2 MB limit, is accepted', async () => {
    const group = await createGroup(admin.client);
    const email = uniqueEmail('big');
    // One good row, then rows that are cheap to reject, to reach the size.
    const filler = `not-an-email-${'x'.repeat(70)},Filler,,member,\n`;
    const rows = Math.ceil(1_500_000 / filler.length);
    const csv = `email,name,group,role,joined_at\n${email},Big File,,member,2020-02-02\n` + filler.repeat(rows);
    assert.ok(csv.length > 1_400_000 && csv.length < 2_000_000);
    const result = expectStatus(await importCsv(admin.client, group.id, csv), 200);
    assert.equal(result.created, 1);
    assert.ok(result.rejected.length >= 1, JSON.stringify(result).slice(0, 300));
    assert.equal((await membership(email, group.id)).role, 'member');
  });

  test('a wrong header is refused and nothing changes', async () => {
    const group = await createGroup(admin.client);
    const before = await stack.sql.fingerprint(['persons', 'memberships']);
    const response = await importCsv(admin.client, group.id, `mail,who\n${uniqueEmail()},Someone\n`);
    assert.ok([400, 422].includes(response.status), explain(response));
    assertProblem(response, response.status);
    assert.deepEqual(await stack.sql.fingerprint(['persons', 'memberships']), before);
  });

  test('JSON is not a CSV: 400 unsupported_media_type', async () => {
    const group = await createGroup(admin.client);
    const response = await importCsv(admin.client, group.id, JSON.stringify({ email: uniqueEmail() }), 'application/json');
    assert.ok([400, 415].includes(response.status), explain(response));
    assertProblem(response, response.status, 'unsupported_media_type');
  });

  test('only officers may import', async () => {
    const group = await createGroup(admin.client);
    const member = await registerAccount(stack);
    expectStatus(await admin.client.post(`/api/v1/groups/${group.id}/members`, { email: member.email, role: 'member' }), 201);
    const before = await stack.sql.fingerprint(['persons', 'memberships']);
    const response = await importCsv(member.client, group.id, `email,name,group,role,joined_at\n${uniqueEmail()},X Y,,member,\n`);
    assertProblem(response, 403);
    assert.deepEqual(await stack.sql.fingerprint(['persons', 'memberships']), before);
  });
});
