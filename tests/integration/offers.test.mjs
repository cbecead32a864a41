// Offers to volunteer end to end: a signed-in offer reaches the officers of the matching groups
// (notified and mailed), who acknowledge it and record what follows, which the offerer sees; a
// signed-out offer is confirmed by its mailed link and followed through its status link; an offer
// nobody answers climbs to the parent group's officers after the escalation period (the default 7
// days, and 2 on a server started with --offer-escalation-days 2) once, even with two server
// processes on the database, and shows as overdue; outsiders are refused; a refused request
// changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus, mailedLink, registerAccount } from '../lib/builders.mjs';
import { ApiClient, Stack, eventually, sleep } from '../lib/harness.mjs';
import {
  dayInSeconds, offerMails, offerNotifications, offerSignedIn, offerSignedOut, offersOrganisation,
  skillIds, waitForLevel,
} from './offers_lib.mjs';

let stack;
let org;
let skills;

before(async () => {
  stack = await Stack.start({ servers: 2 });
  org = await offersOrganisation(stack);
  skills = await skillIds(new ApiClient(stack.server));
});

after(async () => {
  await stack?.close();
});

const offerTables = ['volunteer_offers', 'volunteer_offer_skills', 'offer_recipients', 'offer_history',
  'notifications', 'mail_outbox'];

function skillNamed(pattern) {
  const skill = skills.find((s) => pattern.test(s.name));
  assert.ok(skill, `a skill like ${pattern}`);
  return skill;
}

describe('an offer from someone signed in', () => {
  test('reaches the branch officers, who acknowledge it and record what follows; the offerer sees each step', async () => {
    const leafleting = skillNamed(/Leafleting/);
    const driving = skillNamed(/Driving/);
    const offer = await offerSignedIn(stack, org.volunteer.client, {
      skill_ids: [leafleting.id, driving.id, leafleting.id],
      other_skills: '',
      phone: '07700 900123',
      lives_in_group_id: org.groups.branch.id,
    });
    assert.equal(offer.status, 'waiting');
    assert.equal(offer.name, 'Val Volunteer');
    assert.deepEqual(offer.skills.map((s) => s.id), [leafleting.id, driving.id].sort((a, b) =>
      skills.findIndex((s) => s.id === a) - skills.findIndex((s) => s.id === b)));
    assert.deepEqual(offer.sent_to.map((r) => [r.group.id, r.level]), [[org.groups.branch.id, 0]]);
    assert.equal(offer.email, undefined, 'the offerer view carries no contact details');

    // The branch officers are told (notification and mail); the region's are not, yet.
    const received = await offerNotifications(org.branchOfficer.client, offer.id, 'offer_received');
    assert.equal(received.length, 1);
    assert.match(received[0].detail, /Val Volunteer offered to help/);
    const mails = await offerMails(stack, org.branchOfficer.email, 'offer_received', offer.id);
    assert.equal(mails.length, 1);
    assert.match(mails[0].subject, /An offer to help from Val Volunteer/);
    assert.match(mails[0].body_text, new RegExp(`${stack.server.origin}/offers/${offer.id}`));
    assert.match(mails[0].body_text, /Leafleting/);
    assert.doesNotMatch(mails[0].body_text, /07700/, 'contact details stay out of mailboxes');
    assert.deepEqual(await offerNotifications(org.regionOfficer.client, offer.id), []);

    // The officer's view: contact details, recipients, history; what they may do.
    const page = expectStatus(await org.branchOfficer.client.get(`/api/v1/offers/${offer.id}`), 200);
    assert.equal(page.offer.email, org.volunteer.email);
    assert.equal(page.offer.phone, '07700 900123');
    assert.equal(page.offer.overdue, false);
    assert.deepEqual(page.can, { acknowledge: true, record_outcome: true });
    assert.deepEqual(page.offer.history.map((h) => h.action), ['offered', 'routed']);
    // Officers above act downwards: the region's officer may open it too.
    expectStatus(await org.regionOfficer.client.get(`/api/v1/offers/${offer.id}`), 200);

    const acknowledged = expectStatus(await org.branchOfficer.client.post(`/api/v1/offers/${offer.id}/acknowledge`,
      { note: 'Thanks! I will call you this week.' }), 200);
    assert.equal(acknowledged.offer.status, 'acknowledged');
    assert.equal(acknowledged.offer.acknowledged.by.display_name, 'Bea Branch');
    assert.deepEqual(acknowledged.can, { acknowledge: false, record_outcome: true });
    assertProblem(await org.branchOfficer.client.post(`/api/v1/offers/${offer.id}/acknowledge`, {}), 409,
      'already_acknowledged');

    const answered = await offerNotifications(org.volunteer.client, offer.id);
    assert.deepEqual(answered, [], 'the offerer is told on their own page, /offers/mine');
    const volunteerNotes = expectStatus(await org.volunteer.client.get('/api/v1/notifications'), 200).notifications
      .filter((n) => n.kind === 'offer_answered');
    assert.equal(volunteerNotes.length, 1);
    assert.equal(volunteerNotes[0].link, '/offers/mine');
    assert.match(volunteerNotes[0].detail, /Bea Branch acknowledged your offer/);
    const answeredMails = await stack.sql.rows(
      "SELECT subject, body_text FROM mail_outbox WHERE kind = 'offer_answered' AND lower(to_address) = lower(:'email')",
      { email: org.volunteer.email });
    assert.equal(answeredMails.length, 1);
    assert.match(answeredMails[0].body_text, /I will call you this week/);

    // Outcomes follow one another; matched needs a note (422 changes nothing).
    const before = await stack.sql.fingerprint(offerTables);
    const noNote = assertProblem(await org.branchOfficer.client.post(`/api/v1/offers/${offer.id}/outcome`,
      { outcome: 'matched' }), 422);
    assert.equal(noNote.errors[0].field, 'note');
    assertProblem(await org.branchOfficer.client.post(`/api/v1/offers/${offer.id}/outcome`,
      { outcome: 'adopted', note: 'x' }), 422);
    assert.deepEqual(await stack.sql.fingerprint(offerTables), before);

    expectStatus(await org.branchOfficer.client.post(`/api/v1/offers/${offer.id}/outcome`, { outcome: 'contacted' }), 200);
    const matched = expectStatus(await org.branchOfficer.client.post(`/api/v1/offers/${offer.id}/outcome`,
      { outcome: 'matched', note: 'Leafleting the Riverside estate on Saturdays' }), 200);
    assert.equal(matched.offer.status, 'answered');
    assert.equal(matched.offer.outcome.outcome, 'matched');
    assert.deepEqual(matched.offer.history.map((h) => h.action),
      ['offered', 'routed', 'acknowledged', 'contacted', 'matched']);

    const mine = expectStatus(await org.volunteer.client.get('/api/v1/offers/mine'), 200).offers;
    const seen = mine.find((o) => o.id === offer.id);
    assert.equal(seen.status, 'answered');
    assert.equal(seen.acknowledged.by.display_name, 'Bea Branch');
    assert.equal(seen.acknowledged.note, 'Thanks! I will call you this week.');
    assert.equal(seen.acknowledged.by.id, undefined, 'officers are named to the offerer, nothing more');
    assert.deepEqual(seen.outcomes.map((o) => o.outcome), ['contacted', 'matched']);
    assert.equal(seen.outcome.note, 'Leafleting the Riverside estate on Saturdays');
    assert.equal(seen.history, undefined);
    const answeredCount = await stack.sql.count('mail_outbox',
      "kind = 'offer_answered' AND lower(to_address) = lower(:'email')", { email: org.volunteer.email });
    assert.equal(answeredCount, 3, 'acknowledged, contacted, matched: one mail each');
  });

  test('an offer from a branch without officers goes to the nearest group above that has one; none named → the root group', async () => {
    const quiet = await offerSignedIn(stack, org.volunteer.client, { lives_in_group_id: org.groups.quiet.id });
    assert.deepEqual(quiet.sent_to.map((r) => r.group.id), [org.groups.region.id]);
    assert.equal((await offerNotifications(org.regionOfficer.client, quiet.id, 'offer_received')).length, 1);

    const both = await offerSignedIn(stack, org.volunteer.client,
      { lives_in_group_id: org.groups.branch.id, works_in_group_id: org.groups.national.id });
    assert.deepEqual(both.sent_to.map((r) => r.group.id).sort(), [org.groups.branch.id, org.groups.national.id].sort());

    const nowhere = await offerSignedIn(stack, org.volunteer.client, { where_text: 'A village not listed' });
    assert.deepEqual(nowhere.sent_to.map((r) => r.group.id), [org.groups.national.id]);
    assert.equal((await offerNotifications(org.nationalOfficer.client, nowhere.id, 'offer_received')).length, 1);
    assert.deepEqual(await offerNotifications(org.branchOfficer.client, nowhere.id), []);
  });

  test('outsiders are refused; signed out is 401; an unverified account cannot offer; bad input is 422 and changes nothing', async () => {
    const offer = await offerSignedIn(stack, org.volunteer.client, { lives_in_group_id: org.groups.branch.id });
    const before = await stack.sql.fingerprint(offerTables);
    assertProblem(await org.outsider.client.get(`/api/v1/offers/${offer.id}`), 403, 'not_an_officer');
    assertProblem(await org.outsider.client.post(`/api/v1/offers/${offer.id}/acknowledge`, {}), 403, 'not_an_officer');
    assertProblem(await org.outsider.client.post(`/api/v1/offers/${offer.id}/outcome`,
      { outcome: 'contacted' }), 403, 'not_an_officer');
    assertProblem(await org.outsider.client.get('/api/v1/offers/dashboard'), 403, 'not_an_officer');
    assertProblem(await org.outsider.client.get(`/api/v1/groups/${org.groups.branch.id}/offers`), 403, 'not_an_officer');
    // The volunteer made the offer but is no officer: their view is /offers/mine.
    assertProblem(await org.volunteer.client.get(`/api/v1/offers/${offer.id}`), 403, 'not_an_officer');
    // An officer of another branch's group is an outsider to this one.
    assertProblem(await org.branchOfficer.client.get(`/api/v1/groups/${org.groups.region.id}/offers`), 403);
    const signedOut = new ApiClient(stack.server);
    assertProblem(await signedOut.get('/api/v1/offers/dashboard'), 401);
    assertProblem(await signedOut.get('/api/v1/offers/mine'), 401);
    assertProblem(await signedOut.post(`/api/v1/offers/${offer.id}/acknowledge`, {}), 401);
    assertProblem(await org.branchOfficer.client.get('/api/v1/offers/999999999'), 404);
    // Without the session's CSRF token a signed-in offer is refused.
    assertProblem(await org.volunteer.client.post('/api/v1/offers',
      { skill_ids: [], other_skills: 'x', availability: 'y' }, { csrf: false }), 403, 'csrf_token_missing');

    await stack.sql.exec('DELETE FROM rate_limits');
    const invalid = [
      [{ availability: 'Evenings' }, 'skill_ids'],
      [{ skill_ids: [999999], availability: 'Evenings' }, 'skill_ids'],
      [{ skill_ids: 'all', availability: 'Evenings' }, 'skill_ids'],
      [{ other_skills: 'Baking', availability: '' }, 'availability'],
      [{ other_skills: 'Baking', availability: 'Evenings', lives_in_group_id: 999999 }, 'lives_in_group_id'],
      [{ other_skills: 'Baking', availability: 'Evenings', favourite_colour: 'red' }, 'favourite_colour'],
    ];
    for (const [body, field] of invalid) {
      const problem = assertProblem(await org.volunteer.client.post('/api/v1/offers', body), 422);
      assert.ok(problem.errors.some((e) => e.field === field), `${JSON.stringify(body)} → ${JSON.stringify(problem.errors)}`);
    }
    const signedOutProblem = assertProblem(await signedOut.post('/api/v1/offers',
      { other_skills: 'Baking', availability: 'Evenings', email: 'not an address' }, { csrf: false }), 422);
    assert.deepEqual(signedOutProblem.errors.map((e) => e.field).sort(), ['email', 'name']);
    assert.deepEqual(await stack.sql.fingerprint(offerTables), before);

    const fresh = await registerAccount(stack, { verify: false, displayName: 'Not Yet' });
    assertProblem(await fresh.client.post('/api/v1/offers', { other_skills: 'x', availability: 'y' }), 403,
      'email_not_verified');
  });

  test('offers are rate limited per network address', async () => {
    await stack.sql.exec('DELETE FROM rate_limits');
    const signedOut = new ApiClient(stack.server);
    let refused;
    for (let i = 0; i < 12 && !refused; ++i) {
      const response = await signedOut.post('/api/v1/offers',
        { name: 'Flood', email: `flood${i}.${process.pid}@example.org`, other_skills: 'x', availability: 'y' }, { csrf: false });
      if (response.status === 429) refused = response;
      else expectStatus(response, 202);
    }
    assert.ok(refused, 'the 11th offer from one address is refused');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    await stack.sql.exec('DELETE FROM rate_limits');
  });
});

describe('an offer from someone signed out', () => {
  test('is confirmed by the mailed link, then routed; the status link shows where it stands', async () => {
    const { offer, email } = await offerSignedOut(stack, stack.server,
      { name: 'Sam Signedout', works_in_group_id: org.groups.branch.id, skill_ids: [skillNamed(/Writing/).id] });
    assert.equal(offer.status, 'awaiting_confirmation');
    assert.deepEqual(offer.sent_to, []);
    assert.deepEqual(await offerNotifications(org.branchOfficer.client, offer.id), [], 'nobody is told before confirmation');

    const { token: confirmToken, mail } = await mailedLink(stack, email, 'offer_confirmation');
    assert.match(mail.body_text, /\/volunteer\/confirm\?token=/);
    const statusToken = /\/volunteer\/status\?token=([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    assert.ok(statusToken, 'the mail carries a status link');

    const signedOut = new ApiClient(stack.server);
    const pending = expectStatus(await signedOut.get(`/api/v1/offers/status?token=${statusToken}`), 200).offer;
    assert.equal(pending.status, 'awaiting_confirmation');
    assert.equal(pending.email, undefined);

    const confirmed = expectStatus(await signedOut.post('/api/v1/offers/confirm', { token: confirmToken }), 200).offer;
    assert.equal(confirmed.status, 'waiting');
    assert.deepEqual(confirmed.sent_to.map((r) => r.group.name), [org.groups.branch.name]);
    assertProblem(await signedOut.post('/api/v1/offers/confirm', { token: confirmToken }), 422);
    assertProblem(await signedOut.post('/api/v1/offers/confirm', { token: 'x'.repeat(43) }), 422);
    assertProblem(await signedOut.get('/api/v1/offers/status?token=nonsense'), 422);
    assert.equal((await offerNotifications(org.branchOfficer.client, offer.id, 'offer_received')).length, 1);

    expectStatus(await org.branchOfficer.client.post(`/api/v1/offers/${offer.id}/outcome`,
      { outcome: 'not_now', note: 'We have enough writers until spring; we will come back to you.' }), 200);
    const standing = expectStatus(await signedOut.get(`/api/v1/offers/status?token=${statusToken}`), 200).offer;
    assert.equal(standing.status, 'answered');
    assert.equal(standing.acknowledged.by.display_name, 'Bea Branch', 'an outcome acknowledges too');
    assert.equal(standing.outcome.outcome, 'not_now');
    assert.match(standing.outcome.note, /enough writers/);
    const answered = await stack.sql.rows(
      "SELECT body_text FROM mail_outbox WHERE kind = 'offer_answered' AND lower(to_address) = lower(:'email')", { email });
    assert.equal(answered.length, 1);
    assert.match(answered[0].body_text, /enough writers/);
  });

  test('who lost the mail asks for fresh links by address; the old ones stop working; nobody learns whether an address offered', async () => {
    const { offer, email } = await offerSignedOut(stack, stack.server,
      { name: 'Lou Lostmail', lives_in_group_id: org.groups.branch.id, skill_ids: [skillNamed(/Writing/).id] });
    const first = await mailedLink(stack, email, 'offer_confirmation');
    const oldStatus = /\/volunteer\/status\?token=([A-Za-z0-9_-]+)/.exec(first.mail.body_text)[1];
    const signedOut = new ApiClient(stack.server);
    const linkMails = () => stack.sql.count('mail_outbox', "kind = 'offer_links'");
    const before = await linkMails();

    // An address that never offered gets the same answer, and no mail.
    const unknown = expectStatus(await signedOut.post('/api/v1/offers/links', { email: `nobody.${Date.now()}@example.org` }), 202);
    assert.deepEqual(unknown, { status: 'sent' });
    assert.equal(await linkMails(), before);
    assertProblem(await signedOut.post('/api/v1/offers/links', { email: 'not an address' }), 422);

    expectStatus(await signedOut.post('/api/v1/offers/links', { email: email.toUpperCase() }), 202);
    const fresh = await mailedLink(stack, email, 'offer_links');
    assert.equal(await linkMails(), before + 1);
    const newConfirm = /\/volunteer\/confirm\?token=([A-Za-z0-9_-]+)/.exec(fresh.mail.body_text)?.[1];
    const newStatus = /\/volunteer\/status\?token=([A-Za-z0-9_-]+)/.exec(fresh.mail.body_text)?.[1];
    assert.ok(newConfirm && newStatus, fresh.mail.body_text);
    assertProblem(await signedOut.get(`/api/v1/offers/status?token=${oldStatus}`), 422);
    assertProblem(await signedOut.post('/api/v1/offers/confirm', { token: first.token }), 422);
    const confirmed = expectStatus(await signedOut.post('/api/v1/offers/confirm', { token: newConfirm }), 200).offer;
    assert.equal(confirmed.id, offer.id);
    assert.equal(expectStatus(await signedOut.get(`/api/v1/offers/status?token=${newStatus}`), 200).offer.status, 'waiting');

    // Once confirmed, fresh links carry only the status link.
    expectStatus(await signedOut.post('/api/v1/offers/links', { email }), 202);
    await eventually(async () => (await linkMails()) === before + 2, { what: 'a second links mail' });
    const again = await mailedLink(stack, email, 'offer_links');
    assert.doesNotMatch(again.mail.body_text, /volunteer\/confirm/);
    assert.match(again.mail.body_text, /volunteer\/status\?token=/);

    // Asking again and again from one address is refused after five requests in the window.
    await stack.sql.exec('DELETE FROM rate_limits');
    for (let i = 0; i < 5; ++i) expectStatus(await signedOut.post('/api/v1/offers/links', { email }), 202);
    const refused = await signedOut.post('/api/v1/offers/links', { email });
    assertProblem(refused, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    await stack.sql.exec('DELETE FROM rate_limits');
  });
});

describe('escalation', () => {
  test('an offer nobody acknowledges for 7 days climbs to the region, then the nation, once each with two processes', async () => {
    const offer = await offerSignedIn(stack, org.volunteer.client, { lives_in_group_id: org.groups.branch.id });
    await stack.advanceClock(6 * dayInSeconds);
    await sleep(2500);
    let row = await stack.sql.row("SELECT escalation_level FROM volunteer_offers WHERE id = :'id'", { id: offer.id });
    assert.equal(row.escalation_level, 0, 'not before 7 days');
    let dashboard = expectStatus(await org.branchOfficer.client.get('/api/v1/offers/dashboard'), 200);
    assert.equal(dashboard.offers.find((o) => o.id === offer.id).overdue, false);

    await stack.advanceClock(dayInSeconds + 60);
    await waitForLevel(stack, offer.id, 1);
    await sleep(2500);  // both processes keep ticking: nothing more may happen
    const escalated = await offerNotifications(org.regionOfficer.client, offer.id, 'offer_escalated');
    assert.equal(escalated.length, 1);
    assert.match(escalated[0].detail, /waited more than 7 days/);
    const mails = await offerMails(stack, org.regionOfficer.email, 'offer_escalated', offer.id);
    assert.equal(mails.length, 1);
    assert.match(mails[0].subject, /Overdue/);
    assert.deepEqual(await offerNotifications(org.nationalOfficer.client, offer.id), []);

    // Overdue on the dashboards, first and said so; the region's officer sees it too (on the
    // second server).
    const regionClient = org.regionOfficer.client.on(stack.servers[1]);
    dashboard = expectStatus(await regionClient.get('/api/v1/offers/dashboard'), 200);
    assert.equal(dashboard.offers[0].overdue, true);
    const shown = dashboard.offers.find((o) => o.id === offer.id);
    assert.equal(shown.overdue, true);
    assert.equal(shown.escalation_level, 1);
    assert.deepEqual(shown.recipients.map((r) => [r.group.id, r.level]),
      [[org.groups.branch.id, 0], [org.groups.region.id, 1]]);
    assert.ok(dashboard.counts.overdue >= 1);
    const groupList = expectStatus(await org.branchOfficer.client.get(`/api/v1/groups/${org.groups.branch.id}/offers`), 200);
    assert.equal(groupList.offers.find((o) => o.id === offer.id).overdue, true);

    await stack.advanceClock(7 * dayInSeconds + 60);
    await waitForLevel(stack, offer.id, 2);
    await sleep(2500);
    assert.equal((await offerNotifications(org.nationalOfficer.client, offer.id, 'offer_escalated')).length, 1);
    assert.equal((await offerMails(stack, org.nationalOfficer.email, 'offer_escalated', offer.id)).length, 1);
    assert.equal((await offerNotifications(org.regionOfficer.client, offer.id, 'offer_escalated')).length, 1);

    // At the root it stops climbing but stays overdue until someone answers.
    await stack.advanceClock(7 * dayInSeconds + 60);
    await sleep(2500);
    row = await stack.sql.row("SELECT escalation_level, due_at FROM volunteer_offers WHERE id = :'id'", { id: offer.id });
    assert.equal(row.escalation_level, 2);
    assert.equal(row.due_at, null);
    assert.equal((await offerNotifications(org.nationalOfficer.client, offer.id, 'offer_escalated')).length, 1);
    const page = expectStatus(await org.nationalOfficer.client.get(`/api/v1/offers/${offer.id}`), 200);
    assert.equal(page.offer.overdue, true);
    assert.deepEqual(page.offer.history.map((h) => h.action), ['offered', 'routed', 'escalated', 'escalated']);

    // Answered: no longer overdue.
    const done = expectStatus(await org.nationalOfficer.client.post(`/api/v1/offers/${offer.id}/acknowledge`, {}), 200);
    assert.equal(done.offer.overdue, false);
  });

  test('a server started with --offer-escalation-days 2 escalates after 2 days', async () => {
    const quick = await Stack.start({ servers: 2, serverOptions: { args: ['--offer-escalation-days', '2'] } });
    try {
      const quickOrg = await offersOrganisation(quick, 'Quick');
      const offer = await offerSignedIn(quick, quickOrg.volunteer.client, { lives_in_group_id: quickOrg.groups.branch.id });
      await quick.advanceClock(dayInSeconds + 23 * 3600);
      await sleep(2500);
      assert.equal(Number(await quick.sql.value("SELECT escalation_level FROM volunteer_offers WHERE id = :'id'",
        { id: offer.id })), 0);
      await quick.advanceClock(3600 + 60);
      await waitForLevel(quick, offer.id, 1);
      await sleep(2000);
      const told = await offerNotifications(quickOrg.regionOfficer.client, offer.id, 'offer_escalated');
      assert.equal(told.length, 1);
      assert.match(told[0].detail, /more than 2 days/);
      assert.equal((await offerMails(quick, quickOrg.regionOfficer.email, 'offer_escalated', offer.id)).length, 1);
    } finally {
      await quick.close();
    }
  });
});
