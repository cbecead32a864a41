// The offer pages' pure logic, run in node without a browser: the offer form's checks and request
// body, the group choices, where an offer stands in words for the person who offered, the
// officers' status words (overdue said in words) and the dashboard's sections.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  checkOffer, checkOutcome, dashboardSections, groupOptions, offerBody, offererHeadline, offererSteps, officerStatusLabel,
  placeText, skillsText, tokenFrom,
} from '../../web/js/offer-logic.js';

const names = (problems) => problems.map((problem) => problem.name);

test('the offer form asks a signed-out person for name and email, and everyone for a skill and availability', () => {
  const good = { name: 'Sam', email: 'sam@example.org', skill_ids: [3], availability: 'Evenings' };
  assert.deepEqual(checkOffer(good), []);
  assert.deepEqual(names(checkOffer({})), ['name', 'email', 'skill_ids', 'availability']);
  assert.deepEqual(names(checkOffer({}, { signedIn: true })), ['skill_ids', 'availability']);
  assert.deepEqual(checkOffer({ other_skills: 'Baking', availability: 'Sundays' }, { signedIn: true }), []);
  assert.deepEqual(names(checkOffer({ ...good, email: 'sam at example' })), ['email']);
  assert.deepEqual(names(checkOffer({ ...good, name: 'n'.repeat(101) })), ['name']);
  assert.deepEqual(names(checkOffer({ ...good, availability: 'a'.repeat(501) })), ['availability']);
  assert.deepEqual(names(checkOffer({ ...good, phone: '1'.repeat(41), where_text: 'w'.repeat(201) })), ['phone', 'where_text']);
  assert.deepEqual(names(checkOffer({ ...good, other_skills: 'o'.repeat(1001) })), ['other_skills']);
});

test('the request body carries ids as numbers, leaves out unchosen groups and, signed in, name and email', () => {
  const values = {
    name: ' Sam ', email: ' sam@example.org ', phone: '', skill_ids: [3, '5'], other_skills: ' ', availability: ' Evenings ',
    lives_in_group_id: '12', works_in_group_id: '', where_text: '',
  };
  assert.deepEqual(offerBody(values), {
    name: 'Sam', email: 'sam@example.org', phone: '', skill_ids: [3, 5], other_skills: '', availability: 'Evenings', where_text: '',
    lives_in_group_id: 12,
  });
  const signedIn = offerBody(values, { signedIn: true });
  assert.equal(signedIn.name, undefined);
  assert.equal(signedIn.email, undefined);
  assert.equal(signedIn.works_in_group_id, undefined);
});

test('group choices come in tree order, each saying where it is, archived ones left out', () => {
  const options = groupOptions([
    { id: 3, name: 'Riverside', parent_id: 2 },
    { id: 1, name: 'National', parent_id: null },
    { id: 2, name: 'Northern Region', parent_id: 1 },
    { id: 4, name: 'Harbour Workers', parent_id: null },
    { id: 5, name: 'Old Branch', parent_id: 2, archived: true },
  ]);
  assert.deepEqual(options.map((o) => o.label), [
    'Not listed, or I would rather not say', 'Harbour Workers', 'National', 'Northern Region (in National)', 'Riverside (in Northern Region)']);
  assert.equal(options[0].value, '');
  assert.equal(options[4].value, '3');
  assert.deepEqual(groupOptions(undefined).length, 1);
});

const sentOffer = {
  status: 'answered',
  created_at: '2026-11-01T10:00:00Z',
  confirmed_at: '2026-11-01T10:05:00Z',
  sent_to: [
    { group: { id: 3, name: 'Riverside Branch' }, level: 0, added_at: '2026-11-01T10:05:00Z' },
    { group: { id: 2, name: 'Northern Region' }, level: 1, added_at: '2026-11-08T10:05:00Z' },
  ],
  acknowledged: { at: '2026-11-09T09:00:00Z', by: { display_name: 'Bea Branch' }, note: 'Thanks!' },
  outcomes: [
    { outcome: 'contacted', note: '', at: '2026-11-09T09:00:00Z', by: { display_name: 'Bea Branch' } },
    { outcome: 'matched', note: 'Saturday leafleting', at: '2026-11-10T09:00:00Z', by: { display_name: 'Bea Branch' } },
  ],
  outcome: { outcome: 'matched', note: 'Saturday leafleting' },
};

test('the offerer reads each step in words, escalation included', () => {
  const steps = offererSteps(sentOffer);
  assert.deepEqual(steps.map((s) => s.text), [
    'Sent to the officers of Riverside Branch',
    'Nobody had answered yet, so it was also sent to the officers of Northern Region',
    'Acknowledged by Bea Branch',
    'Bea Branch got in touch with you',
    'Matched to a task by Bea Branch',
  ]);
  assert.equal(steps[2].note, 'Thanks!');
  assert.equal(steps[4].note, 'Saturday leafleting');
  assert.equal(offererHeadline(sentOffer), 'You have been matched to a task.');
  assert.match(offererHeadline({ status: 'awaiting_confirmation' }), /confirm your email/);
  assert.match(offererSteps({ status: 'awaiting_confirmation', created_at: 'x' })[0].text, /Confirm your email address/);
  const twoGroups = offererSteps({ status: 'waiting', sent_to: [
    { group: { name: 'A' }, level: 0, added_at: 't' }, { group: { name: 'B' }, level: 0, added_at: 't' }] });
  assert.equal(twoGroups[0].text, 'Sent to the officers of A and B');
});

test('officers read overdue in words; the dashboard sections come in order, empty ones left out', () => {
  assert.equal(officerStatusLabel({ status: 'waiting', overdue: true }), 'Overdue: waiting for an answer');
  assert.equal(officerStatusLabel({ status: 'waiting', overdue: false }), 'Waiting for an answer');
  assert.equal(officerStatusLabel({ status: 'acknowledged', overdue: false }), 'Acknowledged');
  const sections = dashboardSections([
    { id: 1, status: 'answered' }, { id: 2, status: 'waiting', overdue: true }, { id: 3, status: 'waiting', overdue: false },
  ]);
  assert.deepEqual(sections.map((s) => [s.key, s.offers.map((o) => o.id)]), [['overdue', [2]], ['waiting', [3]], ['answered', [1]]]);
  assert.match(sections[0].heading, /^Overdue/);
  assert.deepEqual(dashboardSections([]), []);
});

test('an outcome needs a choice, and a note for matched and not now', () => {
  assert.deepEqual(names(checkOutcome({})), ['outcome']);
  assert.deepEqual(checkOutcome({ outcome: 'contacted', note: '' }), []);
  assert.deepEqual(names(checkOutcome({ outcome: 'matched', note: ' ' })), ['note']);
  assert.deepEqual(names(checkOutcome({ outcome: 'not_now', note: '' })), ['note']);
  assert.deepEqual(checkOutcome({ outcome: 'not_now', note: 'Full until spring' }), []);
});

test('skills, place and the mailed token in words', () => {
  assert.equal(skillsText({ skills: [{ name: 'Leafleting' }, { name: 'Driving' }], other_skills: 'baking' }), 'Leafleting, Driving; also: baking');
  assert.equal(skillsText({ skills: [], other_skills: 'baking' }), 'baking');
  assert.equal(placeText({ lives_in: { name: 'Riverside' }, works_in: null, where_text: '' }), 'Lives in the area of Riverside');
  assert.equal(placeText({ where_text: 'Upper Valley' }), 'Upper Valley');
  assert.equal(placeText({}), 'No place given');
  assert.equal(tokenFrom(new URLSearchParams('token=abc_DEF-1')), 'abc_DEF-1');
  assert.equal(tokenFrom(new URLSearchParams('token=a<b')), null);
  assert.equal(tokenFrom(new URLSearchParams('')), null);
});
