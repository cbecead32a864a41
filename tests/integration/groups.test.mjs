// Groups and memberships: the site admin creates groups, officers add members, members see
// each other, non-members are told why they cannot, roles inherit down the tree.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  addMember, assertProblem, createGroup, expectStatus, registerAccount, uniqueEmail,
} from '../lib/builders.mjs';
import { Stack, explain } from '../lib/harness.mjs';

let stack;
let admin;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack, { displayName: 'Site Admin' });
  assert.equal(admin.person.site_admin, true);
});

after(async () => {
  await stack?.close();
});

const memberIds = (list) => list.members.map((m) => m.person_id).sort((a, b) => a - b);

describe('the main flow', () => {
  test('register → verify → sign in → create group → add member → a non-member is refused', async () => {
    const group = await createGroup(admin.client, { name: 'Northshire Federation', kind: 'national' });
    assert.equal(typeof group.id, 'number');
    assert.equal(group.name, 'Northshire Federation');
    assert.equal(group.kind, 'national');
    assert.equal(group.parent_id, null);
    assert.equal(group.archived, false);
    const stored = await stack.sql.row("SELECT name, kind, parent_id FROM groups WHERE id = :'id'", { id: group.id });
    assert.deepEqual(stored, { name: 'Northshire Federation', kind: 'national', parent_id: null });

    const member = await registerAccount(stack, { displayName: 'Mo Member' });
    const outsider = await registerAccount(stack, { displayName: 'Olly Outsider' });
    const added = await addMember(admin.client, group.id, { email: member.email, role: 'member' });
    assert.equal(added.person_id, member.person.id);
    assert.equal(added.role, 'member');
    assert.equal(added.status, 'active');
    const row = await stack.sql.row(
      "SELECT role, status FROM memberships WHERE person_id = :'p' AND group_id = :'g'",
      { p: member.person.id, g: group.id });
    assert.deepEqual(row, { role: 'member', status: 'active' });

    const seen = expectStatus(await member.client.get(`/api/v1/groups/${group.id}/members`), 200);
    assert.ok(memberIds(seen).includes(member.person.id), JSON.stringify(seen));
    assert.ok('next_cursor' in seen);

    const refused = await outsider.client.get(`/api/v1/groups/${group.id}/members`);
    const problem = assertProblem(refused, 403, 'not_a_member');
    assert.equal(problem.detail, 'Only members of Northshire Federation can see its members.');

    const mine = expectStatus(await member.client.get('/api/v1/me'), 200);
    assert.deepEqual(mine.memberships.map((m) => [m.group_id, m.group_name, m.group_kind, m.role, m.status]),
      [[group.id, 'Northshire Federation', 'national', 'member', 'active']]);
  });
});

describe('groups', () => {
  test('a group page tells each viewer what they may do', async () => {
    const group = await createGroup(admin.client, { kind: 'national', description: 'About us' });
    const child = await createGroup(admin.client, { kind: 'region', parentId: group.id });
    const member = await registerAccount(stack);
    await addMember(admin.client, group.id, { email: member.email, role: 'member' });
    const stranger = await registerAccount(stack);

    const forAdmin = expectStatus(await admin.client.get(`/api/v1/groups/${group.id}`), 200);
    assert.equal(forAdmin.group.description, 'About us');
    assert.deepEqual(forAdmin.ancestors, []);
    assert.deepEqual(forAdmin.children.map((c) => c.id), [child.id]);
    for (const key of ['view_members', 'manage_members', 'import_members', 'edit', 'create_subgroup', 'archive']) {
      assert.equal(forAdmin.can[key], true, `site admin can ${key}: ${JSON.stringify(forAdmin.can)}`);
    }

    const forMember = expectStatus(await member.client.get(`/api/v1/groups/${group.id}`), 200);
    assert.equal(forMember.my_membership.role, 'member');
    assert.equal(forMember.can.view_members, true);
    assert.equal(forMember.can.manage_members, false);
    assert.equal(forMember.can.edit, false);
    assert.equal(forMember.can.join, false);
    assert.equal(forMember.can.leave, true);

    const forStranger = expectStatus(await stranger.client.get(`/api/v1/groups/${group.id}`), 200);
    assert.equal(forStranger.my_membership, null);
    assert.equal(forStranger.can.view_members, false);
    assert.equal(forStranger.can.join, true);
    for (const value of Object.values(forStranger.can)) assert.equal(typeof value, 'boolean');

    const childPage = expectStatus(await stranger.client.get(`/api/v1/groups/${child.id}`), 200);
    assert.deepEqual(childPage.ancestors.map((a) => a.id), [group.id]);
  });

  test('GET /api/v1/groups lists groups; only the site admin may create top-level ones', async () => {
    const group = await createGroup(admin.client);
    const person = await registerAccount(stack);
    const list = expectStatus(await person.client.get('/api/v1/groups'), 200);
    assert.equal(list.can_create_group, false);
    const listed = list.groups.find((g) => g.id === group.id);
    assert.ok(listed, JSON.stringify(list));
    assert.equal(typeof listed.member_count, 'number');
    assert.equal(expectStatus(await admin.client.get('/api/v1/groups'), 200).can_create_group, true);
    const before = await stack.sql.count('groups');
    assertProblem(await person.client.post('/api/v1/groups', { name: 'Mine', kind: 'community' }), 403);
    assert.equal(await stack.sql.count('groups'), before);
  });

  test('an unknown group is 404; a non-numeric id is 404', async () => {
    assertProblem(await admin.client.get('/api/v1/groups/987654321'), 404);
    assertProblem(await admin.client.get('/api/v1/groups/abc'), 404);
  });

  test('archived groups are listed only on request', async () => {
    const group = await createGroup(admin.client);
    const archived = expectStatus(await admin.client.patch(`/api/v1/groups/${group.id}`, { archived: true }), 200);
    assert.equal(archived.group.archived, true);
    const plain = expectStatus(await admin.client.get('/api/v1/groups'), 200);
    assert.ok(!plain.groups.some((g) => g.id === group.id));
    const all = expectStatus(await admin.client.get('/api/v1/groups?include_archived=true'), 200);
    assert.ok(all.groups.some((g) => g.id === group.id && g.archived === true));
  });

  test('a group has a time zone: Europe/London unless an admin sets a known IANA name', async () => {
    const group = await createGroup(admin.client, { name: 'Time Zone Branch', kind: 'national' });
    assert.equal(group.time_zone, 'Europe/London');
    const unknown = await admin.client.patch(`/api/v1/groups/${group.id}`, { time_zone: 'Mars/Olympus_Mons' });
    const problem = assertProblem(unknown, 422);
    assert.ok(problem.errors.some((e) => e.field === 'time_zone'), JSON.stringify(problem));
    const unchanged = await stack.sql.row("SELECT time_zone FROM groups WHERE id = :'id'", { id: group.id });
    assert.equal(unchanged.time_zone, 'Europe/London');
    const changed = expectStatus(
      await admin.client.patch(`/api/v1/groups/${group.id}`, { time_zone: 'America/New_York' }), 200);
    assert.equal(changed.group.time_zone, 'America/New_York');
    const page = expectStatus(await admin.client.get(`/api/v1/groups/${group.id}`), 200);
    assert.equal(page.group.time_zone, 'America/New_York');
  });

  test('a group cannot move under its own descendant (422 parent_id)', async () => {
    const top = await createGroup(admin.client, { kind: 'national' });
    const middle = await createGroup(admin.client, { kind: 'region', parentId: top.id });
    const bottom = await createGroup(admin.client, { kind: 'constituency', parentId: middle.id });
    const before = await stack.sql.fingerprint(['groups']);
    for (const parent of [bottom.id, top.id]) {
      const response = await admin.client.patch(`/api/v1/groups/${top.id}`, { parent_id: parent });
      const problem = assertProblem(response, 422);
      assert.ok(problem.errors?.some((e) => e.field === 'parent_id'), explain(response));
    }
    assert.deepEqual(await stack.sql.fingerprint(['groups']), before);
  });
});

describe('membership', () => {
  test('joining needs a verified email; joining makes a supporter, who cannot see the members', async () => {
    const group = await createGroup(admin.client, { kind: 'community' });
    const unverified = await registerAccount(stack, { verify: false });
    const refused = await unverified.client.post(`/api/v1/groups/${group.id}/join`);
    assertProblem(refused, 403, 'email_not_verified');
    assert.equal(await stack.sql.count('memberships', "group_id = :'g'", { g: group.id }), 0);

    const person = await registerAccount(stack);
    const joined = await person.client.post(`/api/v1/groups/${group.id}/join`);
    assert.equal(joined.status, 201, explain(joined));
    assert.equal(joined.json.membership.role, 'supporter');
    assertProblem(await person.client.get(`/api/v1/groups/${group.id}/members`), 403, 'not_a_member');

    const left = await person.client.post(`/api/v1/groups/${group.id}/leave`);
    assert.equal(left.status, 204, explain(left));
    const row = await stack.sql.row("SELECT status FROM memberships WHERE person_id = :'p' AND group_id = :'g'",
      { p: person.person.id, g: group.id });
    assert.equal(row?.status ?? 'gone', row ? 'left' : 'gone');
  });

  test('officers of a group manage the groups below it; members of a parent do not see a child', async () => {
    const top = await createGroup(admin.client, { kind: 'national' });
    const branch = await createGroup(admin.client, { kind: 'region', parentId: top.id });
    const officer = await registerAccount(stack);
    const topMember = await registerAccount(stack);
    await addMember(admin.client, top.id, { email: officer.email, role: 'officer' });
    await addMember(admin.client, top.id, { email: topMember.email, role: 'member' });

    const added = await addMember(officer.client, branch.id, { role: 'member' });
    const list = expectStatus(await officer.client.get(`/api/v1/groups/${branch.id}/members`), 200);
    assert.ok(memberIds(list).includes(added.person_id));
    assertProblem(await topMember.client.get(`/api/v1/groups/${branch.id}/members`), 403, 'not_a_member');
    const before = await stack.sql.fingerprint(['persons', 'memberships']);
    assertProblem(await topMember.client.post(`/api/v1/groups/${branch.id}/members`,
      { email: uniqueEmail(), role: 'member' }), 403);
    assert.deepEqual(await stack.sql.fingerprint(['persons', 'memberships']), before);
  });

  test('officers change roles and remove members, but only admins grant admin', async () => {
    const group = await createGroup(admin.client);
    const officer = await registerAccount(stack);
    await addMember(admin.client, group.id, { email: officer.email, role: 'officer' });
    const member = await addMember(officer.client, group.id, { role: 'member' });

    const promoted = expectStatus(await officer.client.patch(
      `/api/v1/groups/${group.id}/members/${member.person_id}`, { role: 'moderator' }), 200);
    assert.equal(promoted.member.role, 'moderator');
    assertProblem(await officer.client.patch(
      `/api/v1/groups/${group.id}/members/${member.person_id}`, { role: 'admin' }), 403);
    const removed = await officer.client.delete(`/api/v1/groups/${group.id}/members/${member.person_id}`);
    assert.equal(removed.status, 204, explain(removed));
    const row = await stack.sql.row("SELECT role, status FROM memberships WHERE person_id = :'p' AND group_id = :'g'",
      { p: member.person_id, g: group.id });
    assert.deepEqual(row, { role: 'moderator', status: 'left' });
  });

  test('people hidden from the directory are left out, except for officers', async () => {
    const group = await createGroup(admin.client);
    const shy = await registerAccount(stack);
    const member = await registerAccount(stack);
    await addMember(admin.client, group.id, { email: shy.email, role: 'member' });
    await addMember(admin.client, group.id, { email: member.email, role: 'member' });
    expectStatus(await shy.client.patch('/api/v1/me', { hidden_from_directory: true }), 200);
    const forMember = expectStatus(await member.client.get(`/api/v1/groups/${group.id}/members`), 200);
    assert.ok(!memberIds(forMember).includes(shy.person.id), JSON.stringify(forMember));
    const forAdmin = expectStatus(await admin.client.get(`/api/v1/groups/${group.id}/members`), 200);
    assert.ok(memberIds(forAdmin).includes(shy.person.id), JSON.stringify(forAdmin));
  });

  test('the members list pages with a cursor', async () => {
    const group = await createGroup(admin.client);
    for (let i = 0; i < 5; ++i) await addMember(admin.client, group.id, { role: 'member' });
    const seen = [];
    let cursor = null;
    for (let page = 0; page < 10; ++page) {
      const query = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = expectStatus(await admin.client.get(`/api/v1/groups/${group.id}/members?${query}`), 200);
      assert.ok(body.members.length <= 2);
      seen.push(...body.members.map((m) => m.person_id));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    assert.equal(seen.length, 5, JSON.stringify(seen));
    assert.equal(new Set(seen).size, 5);
  });
});
