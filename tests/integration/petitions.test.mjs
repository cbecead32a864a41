// Petitions end to end: signing signed out, the confirmation mail and its links, counts (pending
// and confirmed apart) reaching a signed-out live client, duplicates, withdrawal, consent to
// updates, the organisers' CSV export and breakdown, validation, a closed petition, and the
// hidden name, searched for in every public response.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus, mailedLink, uniqueEmail } from '../lib/builders.mjs';
import { ApiClient, LiveSocket, Stack } from '../lib/harness.mjs';
import { groupTree, personWithRole, seasonedAccount } from './discussions_lib.mjs';

let stack;
let tree;
let officer;
let outsider;
let petitionCounter = 0;

before(async () => {
  stack = await Stack.start();
  const admin = await seasonedAccount(stack, { displayName: 'Site Admin' });
  tree = await groupTree(admin.client, 'Pet');
  officer = await personWithRole(stack, admin.client, tree.parent.id, 'officer',
    { displayName: 'Ola Organiser' });
  outsider = await seasonedAccount(stack, { displayName: 'Out Sider' });
});

after(async () => {
  await stack?.close();
});

async function startPetition(overrides = {}) {
  const body = {
    title: `Save the library ${process.pid} ${++petitionCounter}`,
    statement: 'Keep **Riverside Library** open.',
    target: 'Riverside Council',
    ...overrides,
  };
  return expectStatus(await officer.client.post(`/api/v1/groups/${tree.parent.id}/petitions`, body), 201)
    .petition;
}

function signedOut() {
  return new ApiClient(stack.server);
}

async function sign(slug, fields = {}) {
  await stack.sql.exec('DELETE FROM rate_limits');
  const email = fields.email ?? uniqueEmail('signer');
  const body = { name: 'Sam Signer', email, postcode: 'SW1A 1AA', hide_name: false, keep_updated: false, ...fields };
  const response = await signedOut().post(`/api/v1/petitions/${slug}/signatures`, body, { csrf: false });
  return { response, email };
}

// The three links of the newest confirmation mail to `email`.
async function mailedTokens(email) {
  const { token, mail } = await mailedLink(stack, email, 'petition_confirmation');
  const withdraw = /\/withdraw\?token=([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
  const stop = /\/updates\/stop\?token=([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
  return { confirm: token, withdraw, stop, mail };
}

async function signAndConfirm(slug, fields = {}) {
  const { response, email } = await sign(slug, fields);
  expectStatus(response, 202);
  const tokens = await mailedTokens(email);
  expectStatus(await signedOut().post(`/api/v1/petitions/${slug}/confirm`, { token: tokens.confirm }), 200);
  return { email, tokens };
}

async function counts(slug) {
  return expectStatus(await signedOut().get(`/api/v1/petitions/${slug}`), 200).counts;
}

async function csvRows(client, slug) {
  const response = await client.get(`/api/v1/petitions/${slug}/signatures.csv`);
  assert.equal(response.status, 200, response.text);
  assert.match(response.headers.get('content-type'), /^text\/csv/);
  const [header, ...lines] = response.text.trim().split('\r\n');
  assert.equal(header, 'name,email,postcode,group,status,signed_at,confirmed_at,keep_updated');
  return lines.map((line) => line.split(','));
}

describe('signing a petition', () => {
  test('sign → confirmation mail → confirm → counted, live to a signed-out client', async () => {
    const petition = await startPetition();
    assert.equal(petition.status, 'open');
    assert.match(petition.statement_html, /<strong>Riverside Library<\/strong>/);
    const socket = await LiveSocket.open(signedOut());
    try {
      await socket.subscribe([`petition:${petition.slug}`]);
      const { response, email } = await sign(petition.slug, { name: 'Priya Public' });
      assert.deepEqual(expectStatus(response, 202), { status: 'pending' });
      const pending = await socket.next((m) => m.type === 'event' && m.kind === 'petition.count');
      assert.deepEqual(pending.data, { confirmed: 0, pending: 1 });
      assert.deepEqual(await counts(petition.slug), { confirmed: 0, pending: 1 });

      const { confirm, mail } = await mailedTokens(email);
      assert.match(mail.subject, /Confirm your signature/);
      assert.match(mail.body_text, new RegExp(`/petitions/${petition.slug}/confirm\\?token=`));
      const confirmed = await signedOut().post(`/api/v1/petitions/${petition.slug}/confirm`, { token: confirm });
      assert.deepEqual(expectStatus(confirmed, 200), { status: 'confirmed' });
      const live = await socket.next((m) => m.type === 'event' && m.kind === 'petition.count');
      assert.deepEqual(live.data, { confirmed: 1, pending: 0 });

      const page = expectStatus(await signedOut().get(`/api/v1/petitions/${petition.slug}`), 200);
      assert.deepEqual(page.counts, { confirmed: 1, pending: 0 });
      assert.deepEqual(page.recent_signers.map((s) => s.name), ['Priya Public']);
      assert.deepEqual(page.can, { export: false, close: false });
      // A used link is refused.
      assertProblem(await signedOut().post(`/api/v1/petitions/${petition.slug}/confirm`, { token: confirm }), 422);
    } finally {
      await socket.close();
    }
  });

  test('one signature per email: a second is refused with a clear message', async () => {
    const petition = await startPetition();
    const { email } = await signAndConfirm(petition.slug);
    const again = await sign(petition.slug, { email: email.toUpperCase(), name: 'Someone Else' });
    const problem = assertProblem(again.response, 409, 'already_signed');
    assert.match(problem.detail, /already signed/);
    assert.deepEqual(await counts(petition.slug), { confirmed: 1, pending: 0 });

    // Still pending: refused too, with a fresh mail whose link works.
    const pendingEmail = uniqueEmail('pending');
    expectStatus((await sign(petition.slug, { email: pendingEmail })).response, 202);
    const first = await mailedTokens(pendingEmail);
    assertProblem((await sign(petition.slug, { email: pendingEmail })).response, 409, 'already_signed');
    const second = await mailedTokens(pendingEmail);
    assert.notEqual(second.confirm, first.confirm);
    expectStatus(await signedOut().post(`/api/v1/petitions/${petition.slug}/confirm`, { token: second.confirm }), 200);
    assert.deepEqual(await counts(petition.slug), { confirmed: 2, pending: 0 });
  });

  test('a signer withdraws: the signature is removed and the count drops', async () => {
    const petition = await startPetition();
    await signAndConfirm(petition.slug, { name: 'Stays Here' });
    const { email, tokens } = await signAndConfirm(petition.slug, { name: 'Wanda Withdrawn' });
    assert.deepEqual(await counts(petition.slug), { confirmed: 2, pending: 0 });
    assert.ok(tokens.withdraw);
    const response = await signedOut().post(`/api/v1/petitions/${petition.slug}/withdraw`, { token: tokens.withdraw });
    expectStatus(response, 200);
    assert.deepEqual(await counts(petition.slug), { confirmed: 1, pending: 0 });
    const page = expectStatus(await signedOut().get(`/api/v1/petitions/${petition.slug}`), 200);
    assert.deepEqual(page.recent_signers.map((s) => s.name), ['Stays Here']);
    const left = await stack.sql.row('SELECT count(*)::int AS n FROM petition_signatures WHERE email = :\'email\'',
      { email: email.toLowerCase() });
    assert.equal(left.n, 0);
    assertProblem(await signedOut().post(`/api/v1/petitions/${petition.slug}/withdraw`, { token: tokens.withdraw }), 422);
    // Withdrawn, the address may sign again.
    expectStatus((await sign(petition.slug, { email })).response, 202);
  });

  test('validation: 422 names the fields and changes nothing', async () => {
    const petition = await startPetition();
    const email = uniqueEmail('invalid');
    const bad = await sign(petition.slug, { name: '', email, postcode: 'X' });
    const problem = assertProblem(bad.response, 422);
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['name', 'postcode']);
    assertProblem((await sign(petition.slug, { email: 'not-an-address' })).response, 422);
    assertProblem((await sign(petition.slug, { name: 'x'.repeat(101) })).response, 422);
    assertProblem((await sign(petition.slug, { group_id: 987654321 })).response, 422);
    assert.deepEqual(await counts(petition.slug), { confirmed: 0, pending: 0 });
    const mails = await stack.sql.row('SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = :\'email\'', { email });
    assert.equal(mails.n, 0);
  });

  test('a closed petition refuses signatures', async () => {
    const petition = await startPetition();
    assertProblem(await outsider.client.post(`/api/v1/petitions/${petition.slug}/close`), 403);
    const closed = expectStatus(await officer.client.post(`/api/v1/petitions/${petition.slug}/close`), 200);
    assert.equal(closed.petition.status, 'closed');
    assertProblem((await sign(petition.slug)).response, 409, 'petition_closed');
    assert.deepEqual(await counts(petition.slug), { confirmed: 0, pending: 0 });

    const past = await startPetition({ closes_at: '2001-01-01T00:00:00Z' });
    assertProblem((await sign(past.slug)).response, 409, 'petition_closed');
  });

  test('signatures are rate limited per network address: the 31st in ten minutes waits', async () => {
    const petition = await startPetition();
    await stack.sql.exec('DELETE FROM rate_limits');
    const body = (n) => ({ name: 'Flood', email: `flood${n}.${process.pid}@example.org`, postcode: 'SW1A 1AA', hide_name: false, keep_updated: false });
    for (let n = 0; n < 30; ++n) {
      expectStatus(await signedOut().post(`/api/v1/petitions/${petition.slug}/signatures`, body(n), { csrf: false }), 202);
    }
    const refused = await signedOut().post(`/api/v1/petitions/${petition.slug}/signatures`, body(30), { csrf: false });
    assertProblem(refused, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.deepEqual(await counts(petition.slug), { confirmed: 0, pending: 30 });
    await stack.sql.exec('DELETE FROM rate_limits');
  });
});

describe('what the public sees', () => {
  test('a hidden name appears in no public API response nor live event', async () => {
    const hidden = 'Zephyrine Quillfeather';
    const petition = await startPetition();
    const socket = await LiveSocket.open(signedOut());
    const bodies = [];
    try {
      await socket.subscribe([`petition:${petition.slug}`]);
      await signAndConfirm(petition.slug, { name: 'Shown Person', postcode: 'M1 1AE' });
      await signAndConfirm(petition.slug, { name: hidden, hide_name: true, group_id: tree.branch.id });
      await socket.next((m) => m.type === 'event' && m.kind === 'petition.count' && m.data.confirmed === 2);
      for (const client of [signedOut(), outsider.client]) {
        for (const path of [
          `/api/v1/petitions/${petition.slug}`,
          `/api/v1/petitions/${petition.slug}/signers`,
          `/api/v1/groups/${tree.parent.id}/petitions`,
        ]) {
          const response = await client.get(path);
          assert.equal(response.status, 200, `${path}: ${response.text}`);
          bodies.push({ path, text: response.text });
        }
      }
      // The paths that are not public refuse, and say nothing of the signers.
      for (const path of [`/api/v1/petitions/${petition.slug}/signatures.csv`, `/api/v1/petitions/${petition.slug}/breakdown`]) {
        const response = await signedOut().get(path);
        assert.equal(response.status, 401);
        bodies.push({ path, text: response.text });
      }
      for (const message of socket.messages) bodies.push({ path: 'live', text: JSON.stringify(message) });
    } finally {
      await socket.close();
    }
    for (const { path, text } of bodies) {
      assert.ok(!text.toLowerCase().includes('zephyrine'), `${path} shows the hidden name: ${text}`);
      assert.ok(!text.toLowerCase().includes('quillfeather'), `${path} shows the hidden name: ${text}`);
    }
    // The search can find a name: the shown one is there.
    assert.ok(bodies.some(({ text }) => text.includes('Shown Person')));
    const page = JSON.parse(bodies[0].text);
    assert.deepEqual(page.counts, { confirmed: 2, pending: 0 });
    // Organisers still have it, marked as given.
    const rows = await csvRows(officer.client, petition.slug);
    assert.ok(rows.some((row) => row[0] === hidden));
  });

  test('the public list of signers pages, newest first, confirmed only', async () => {
    const petition = await startPetition();
    for (let i = 0; i < 52; ++i) {
      await stack.sql.exec(
        "INSERT INTO petition_signatures (petition_id, name, email, postcode, postcode_area, hide_name, keep_updated, " +
        "keep_updated_at, status, confirm_token_hash, withdraw_token_hash, updates_token_hash, created_at, confirmed_at) " +
        "VALUES (:'id', :'name', :'email', 'AB1 2CD', 'AB1', false, false, now(), 'confirmed', :'c', :'w', :'u', now(), now())",
        { id: petition.id, name: `Bulk ${i}`, email: `bulk${i}@example.org`, c: `c${petition.id}-${i}`, w: `w${petition.id}-${i}`, u: `u${petition.id}-${i}` });
    }
    await sign(petition.slug, { name: 'Pending Person' });
    const first = expectStatus(await signedOut().get(`/api/v1/petitions/${petition.slug}/signers`), 200);
    assert.equal(first.signers.length, 50);
    assert.equal(first.signers[0].name, 'Bulk 51');
    assert.ok(first.next_cursor);
    const second = expectStatus(await signedOut().get(
      `/api/v1/petitions/${petition.slug}/signers?cursor=${encodeURIComponent(first.next_cursor)}`), 200);
    assert.deepEqual(second.signers.map((s) => s.name), ['Bulk 1', 'Bulk 0']);
    assert.equal(second.next_cursor, null);
    for (const signer of [...first.signers, ...second.signers]) {
      assert.deepEqual(Object.keys(signer).sort(), ['name', 'signed_at']);
    }
  });
});

describe('organisers', () => {
  test('CSV export respects consent and is refused to non-officers', async () => {
    const petition = await startPetition();
    const keep = await signAndConfirm(petition.slug, { name: 'Kim Keep', keep_updated: true });
    const quiet = await signAndConfirm(petition.slug, { name: 'Quinn Quiet', keep_updated: false });
    const stopping = await signAndConfirm(petition.slug, { name: 'Stef Stop', keep_updated: true });
    assert.ok(stopping.tokens.stop, 'a signer who asked for updates gets a link to stop them');
    assert.equal(quiet.tokens.stop, undefined);
    expectStatus(await signedOut().post(`/api/v1/petitions/${petition.slug}/updates/stop`,
      { token: stopping.tokens.stop }), 200);
    assertProblem(await signedOut().post(`/api/v1/petitions/${petition.slug}/updates/stop`,
      { token: 'x'.repeat(43) }), 422);

    const rows = await csvRows(officer.client, petition.slug);
    const byName = Object.fromEntries(rows.map((row) => [row[0], row]));
    assert.equal(byName['Kim Keep'][1], keep.email.toLowerCase());
    assert.equal(byName['Kim Keep'][7], 'yes');
    assert.equal(byName['Quinn Quiet'][1], '');
    assert.equal(byName['Quinn Quiet'][7], 'no');
    assert.equal(byName['Stef Stop'][1], '');
    assert.equal(byName['Stef Stop'][7], 'no');
    assert.equal(byName['Kim Keep'][4], 'confirmed');
    assert.equal(byName['Kim Keep'][2], 'SW1A 1AA');

    assertProblem(await outsider.client.get(`/api/v1/petitions/${petition.slug}/signatures.csv`), 403);
    assertProblem(await signedOut().get(`/api/v1/petitions/${petition.slug}/signatures.csv`), 401);
    const page = expectStatus(await officer.client.get(`/api/v1/petitions/${petition.slug}`), 200);
    assert.deepEqual(page.can, { export: true, close: true });
  });

  test('breakdown by group and postcode area', async () => {
    const petition = await startPetition();
    await signAndConfirm(petition.slug, { postcode: 'sw1a 1aa', group_id: tree.branch.id });
    await signAndConfirm(petition.slug, { postcode: 'SW1A2AB', group_id: tree.branch.id });
    await sign(petition.slug, { postcode: 'M1 1AE' });
    await signAndConfirm(petition.slug, { postcode: 'M1 3BB' });
    const breakdown = expectStatus(await officer.client.get(`/api/v1/petitions/${petition.slug}/breakdown`), 200);
    const areas = Object.fromEntries(breakdown.by_area.map((a) => [a.area, [a.confirmed, a.pending]]));
    assert.deepEqual(areas, { SW1A: [2, 0], M1: [1, 1] });
    const groups = breakdown.by_group.map((g) => [g.group?.id ?? null, g.confirmed, g.pending]);
    assert.deepEqual(groups.sort(), [[tree.branch.id, 2, 0], [null, 1, 1]].sort());
    assert.equal(breakdown.by_group.find((g) => g.group)?.group.name, tree.branch.name);
    assertProblem(await outsider.client.get(`/api/v1/petitions/${petition.slug}/breakdown`), 403);
  });

  test('only officers start petitions; the list is public', async () => {
    assertProblem(await outsider.client.post(`/api/v1/groups/${tree.parent.id}/petitions`,
      { title: 'Nope', statement: 'x', target: 'y' }), 403);
    const petition = await startPetition({ slug: `fixed-${process.pid}-${petitionCounter}` });
    assertProblem(await officer.client.post(`/api/v1/groups/${tree.parent.id}/petitions`,
      { title: 'Again', statement: 'x', target: 'y', slug: petition.slug }), 409, 'slug_taken');
    assertProblem(await officer.client.post(`/api/v1/groups/${tree.parent.id}/petitions`,
      { title: '', statement: '', target: '' }), 422);
    const list = expectStatus(await signedOut().get(`/api/v1/groups/${tree.parent.id}/petitions`), 200);
    assert.ok(list.petitions.some((p) => p.slug === petition.slug));
    assert.equal(list.can_create, false);
    assert.equal(expectStatus(await officer.client.get(`/api/v1/groups/${tree.parent.id}/petitions`), 200).can_create, true);
  });
});
