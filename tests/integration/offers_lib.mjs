// Builders for the offers tests: a national → region → branch tree with an officer in each, a
// volunteer with an account, and helpers to offer, read notifications and mails about an offer.
import assert from 'node:assert/strict';

import { createGroup, expectStatus, uniqueEmail } from '../lib/builders.mjs';
import { ApiClient, eventually } from '../lib/harness.mjs';
import { personWithRole, seasonedAccount } from './discussions_lib.mjs';

// The site admin (the first account) builds the tree and appoints its officers.
export async function offersOrganisation(stack, label = 'Off') {
  const admin = await seasonedAccount(stack, { displayName: 'Site Admin' });
  const unique = `${label} ${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  const national = await createGroup(admin.client, { name: `${unique} National`, kind: 'national' });
  const region = await createGroup(admin.client, { name: `${unique} Northern Region`, kind: 'region', parentId: national.id });
  const branch = await createGroup(admin.client, { name: `${unique} Riverside Branch`, kind: 'branch', parentId: region.id });
  // A branch without officers of its own: its offers go to the region.
  const quiet = await createGroup(admin.client, { name: `${unique} Hillside Branch`, kind: 'branch', parentId: region.id });
  const officer = async (groupId, name) => personWithRole(stack, admin.client, groupId, 'officer', { displayName: name });
  return {
    admin,
    groups: { national, region, branch, quiet },
    nationalOfficer: await officer(national.id, 'Nia National'),
    regionOfficer: await officer(region.id, 'Rob Region'),
    branchOfficer: await officer(branch.id, 'Bea Branch'),
    volunteer: await seasonedAccount(stack, { displayName: 'Val Volunteer' }),
    outsider: await seasonedAccount(stack, { displayName: 'Out Sider' }),
  };
}

export async function skillIds(client) {
  const { skills } = expectStatus(await client.get('/api/v1/offers/skills'), 200);
  assert.ok(skills.length >= 18, 'the seeded skills are listed');
  return skills;
}

export function offerBody(overrides = {}) {
  return {
    skill_ids: [],
    other_skills: 'Cooking for events',
    availability: 'Weekday evenings, about 4 hours a month',
    ...overrides,
  };
}

// A signed-in offer; returns the offer as its offerer sees it.
export async function offerSignedIn(stack, client, overrides = {}) {
  await stack.sql.exec('DELETE FROM rate_limits');
  return expectStatus(await client.post('/api/v1/offers', offerBody(overrides)), 201).offer;
}

// A signed-out offer; returns {offer, email}.
export async function offerSignedOut(stack, server, overrides = {}) {
  await stack.sql.exec('DELETE FROM rate_limits');
  const email = overrides.email ?? uniqueEmail('offerer');
  const body = offerBody({ name: 'Sam Signedout', email, ...overrides });
  const response = await new ApiClient(server).post('/api/v1/offers', body, { csrf: false });
  return { offer: expectStatus(response, 202).offer, email, response };
}

// The person's notifications about this offer (by its link), of a kind when given.
export async function offerNotifications(client, offerId, kind) {
  const list = expectStatus(await client.get('/api/v1/notifications'), 200).notifications;
  return list.filter((n) => n.link === `/offers/${offerId}` && (!kind || n.kind === kind));
}

// Mails of a kind to an address that name this offer's page.
export async function offerMails(stack, email, kind, offerId) {
  return stack.sql.rows(
    "SELECT id, subject, body_text FROM mail_outbox WHERE kind = :'kind' AND lower(to_address) = lower(:'email') " +
    "AND body_text ~ :'pattern' ORDER BY id",
    { kind, email, pattern: `/offers/${offerId}([^0-9]|$)` });
}

export async function waitForLevel(stack, offerId, level) {
  return eventually(async () => {
    const row = await stack.sql.row('SELECT escalation_level FROM volunteer_offers WHERE id = :\'id\'', { id: offerId });
    return row && row.escalation_level === level;
  }, { what: `offer ${offerId} at escalation level ${level}` });
}

export const dayInSeconds = 24 * 60 * 60;
