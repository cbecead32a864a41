// The petition pages' pure logic, run in node without a browser: the count in words, how often a
// changing count is said aloud, the sign and create forms' checks and request bodies, the group
// choices, the organisers' breakdown rows and the token read from a mailed link.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  breakdownRows, checkPetition, checkSignature, closesAtFromDate, countAnnouncer, countSentence, countText, groupChoices,
  normalisePostcode, petitionBody, petitionFieldName, petitionStatusLabel, signatureBody, slugFromTitle, tokenFrom, tokenProblem,
} from '../../web/js/petition-logic.js';

const names = (problems) => problems.map((problem) => problem.name);

test('the count reads confirmed and waiting separately, with thousands separated', () => {
  assert.equal(countText({ confirmed: 1204, pending: 37 }), '1,204 confirmed · 37 waiting for confirmation');
  assert.equal(countText({ confirmed: 0, pending: 0 }), '0 confirmed · 0 waiting for confirmation');
  assert.equal(countText({ confirmed: 1234567, pending: 1 }), '1,234,567 confirmed · 1 waiting for confirmation');
  assert.equal(countText(undefined), '0 confirmed · 0 waiting for confirmation');
  assert.equal(countText({ confirmed: -3, pending: 'x' }), '0 confirmed · 0 waiting for confirmation');
});

test('the spoken count is a sentence, singular for one', () => {
  assert.equal(countSentence({ confirmed: 1, pending: 0 }), 'The petition now has 1 confirmed signature and 0 waiting for confirmation.');
  assert.equal(countSentence({ confirmed: 2500, pending: 3 }), 'The petition now has 2,500 confirmed signatures and 3 waiting for confirmation.');
});

// A clock and timers the test moves by hand.
function fakeTime() {
  let clock = 0;
  let nextId = 1;
  const pending = new Map();
  return {
    now: () => clock,
    timers: {
      setTimeout(work, delay) {
        const id = nextId++;
        pending.set(id, { work, at: clock + delay });
        return id;
      },
      clearTimeout(id) {
        pending.delete(id);
      },
    },
    advance(ms) {
      clock += ms;
      for (const [id, { work, at }] of [...pending]) {
        if (at <= clock) {
          pending.delete(id);
          work();
        }
      }
    },
    waiting: () => pending.size,
  };
}

test('a burst of new signatures is said once, with the figures at its end, then not again for a while', () => {
  const time = fakeTime();
  const said = [];
  const announcer = countAnnouncer({ announce: (text) => said.push(text), initial: { confirmed: 10, pending: 2 }, gapMs: 5000, ...time });
  announcer.update({ confirmed: 10, pending: 3 });
  assert.deepEqual(said, ['The petition now has 10 confirmed signatures and 3 waiting for confirmation.'], 'the first change is said at once');
  announcer.update({ confirmed: 10, pending: 4 });
  announcer.update({ confirmed: 11, pending: 3 });
  announcer.update({ confirmed: 12, pending: 2 });
  assert.equal(said.length, 1, 'changes within the gap wait');
  time.advance(4999);
  assert.equal(said.length, 1);
  time.advance(1);
  assert.deepEqual(said.slice(1), ['The petition now has 12 confirmed signatures and 2 waiting for confirmation.'], 'only the latest figures are said');
  time.advance(60_000);
  assert.equal(said.length, 2, 'nothing more without a change');
});

test('a count that ends where it was last said is not said again, and stop cancels what waits', () => {
  const time = fakeTime();
  const said = [];
  const announcer = countAnnouncer({ announce: (text) => said.push(text), initial: { confirmed: 5, pending: 1 }, gapMs: 3000, ...time });
  announcer.update({ confirmed: 5, pending: 1 });
  assert.equal(said.length, 0, 'the same figures as on screen are not news');
  announcer.update({ confirmed: 6, pending: 0 });
  assert.equal(said.length, 1);
  announcer.update({ confirmed: 6, pending: 1 });
  announcer.update({ confirmed: 6, pending: 0 });
  time.advance(3000);
  assert.equal(said.length, 1, 'a signature that came and went within the gap is not said');
  announcer.update({ confirmed: 7, pending: 0 });
  assert.equal(said.length, 2, 'after the gap a change is said at once');
  announcer.update({ confirmed: 8, pending: 0 });
  assert.equal(time.waiting(), 1);
  announcer.stop();
  assert.equal(time.waiting(), 0);
  time.advance(10_000);
  assert.equal(said.length, 2, 'a stopped announcer says nothing');
});

test('the sign form needs a name, an email address of the right shape and a postcode of 2 to 10 characters', () => {
  assert.deepEqual(names(checkSignature({})), ['name', 'email', 'postcode']);
  assert.deepEqual(checkSignature({ name: 'Ada Lovelace', email: 'ada@example.org', postcode: 'sw1a 1aa' }), []);
  assert.deepEqual(names(checkSignature({ name: '   ', email: 'ada@example.org', postcode: 'SW1A 1AA' })), ['name']);
  assert.deepEqual(names(checkSignature({ name: 'x'.repeat(101), email: 'ada@example.org', postcode: 'SW1A 1AA' })), ['name']);
  assert.deepEqual(checkSignature({ name: 'x'.repeat(100), email: 'ada@example.org', postcode: 'SW1A 1AA' }), []);
  const email = checkSignature({ name: 'Ada', email: 'ada at example', postcode: 'SW1A 1AA' });
  assert.deepEqual(names(email), ['email']);
  assert.match(email[0].message, /right format/);
  assert.deepEqual(names(checkSignature({ name: 'Ada', email: 'ada@example.org', postcode: 'E' })), ['postcode']);
  assert.deepEqual(names(checkSignature({ name: 'Ada', email: 'ada@example.org', postcode: 'EC1A 1BB 12' })), ['postcode']);
  assert.deepEqual(checkSignature({ name: 'Ada', email: 'ada@example.org', postcode: ' e1   6an ' }), [], 'spaces are squeezed before counting');
});

test('the signature body trims, normalises the postcode and sends a group only when one was chosen', () => {
  assert.deepEqual(signatureBody({ name: ' Ada ', email: ' ada@example.org ', postcode: 'e1   6an', group_id: '', hide_name: true, keep_updated: false }),
    { name: 'Ada', email: 'ada@example.org', postcode: 'E1 6AN', hide_name: true, keep_updated: false });
  assert.deepEqual(signatureBody({ name: 'Ada', email: 'a@b.c', postcode: 'N1', group_id: '42', hide_name: false, keep_updated: true }),
    { name: 'Ada', email: 'a@b.c', postcode: 'N1', group_id: 42, hide_name: false, keep_updated: true });
  assert.equal(normalisePostcode('  sw1a\t1aa '), 'SW1A 1AA');
});

test('group choices start with none and list open groups by name', () => {
  const choices = groupChoices([
    { id: 3, name: 'Riverside Branch', archived: false },
    { id: 1, name: 'national', archived: false },
    { id: 2, name: 'Old Branch', archived: true },
    { id: 4, name: 'Leith Branch', archived: false },
  ]);
  assert.deepEqual(choices, [
    { value: '', label: 'No group' },
    { value: '4', label: 'Leith Branch' },
    { value: '1', label: 'national' },
    { value: '3', label: 'Riverside Branch' },
  ]);
  assert.deepEqual(groupChoices(undefined), [{ value: '', label: 'No group' }]);
});

test('a web address is made from the title', () => {
  assert.equal(slugFromTitle('Save the Riverside Library!'), 'save-the-riverside-library');
  assert.equal(slugFromTitle('  Café — Ümlaut  '), 'cafe-umlaut');
  assert.equal(slugFromTitle('!!!'), '');
  const long = slugFromTitle('word '.repeat(40));
  assert.ok(long.length <= 60 && !long.endsWith('-'), long);
});

test('the create form needs title, target and statement, and checks the address and closing date', () => {
  const today = '2026-11-21';
  assert.deepEqual(names(checkPetition({}, { today })), ['title', 'target', 'statement']);
  const good = { title: 'Keep the library open', target: 'Riverside Council', statement: 'We ask…' };
  assert.deepEqual(checkPetition(good, { today }), []);
  assert.deepEqual(checkPetition({ ...good, slug: 'keep-the-library-2' }, { today }), []);
  assert.deepEqual(names(checkPetition({ ...good, slug: 'Keep The Library' }, { today })), ['slug']);
  assert.deepEqual(names(checkPetition({ ...good, slug: 'double--hyphen' }, { today })), ['slug']);
  assert.deepEqual(names(checkPetition({ ...good, title: 't'.repeat(201) }, { today })), ['title']);
  assert.deepEqual(names(checkPetition({ ...good, closes_on: '2026-11-21' }, { today })), ['closes_on'], 'today is not in the future');
  assert.deepEqual(checkPetition({ ...good, closes_on: '2026-11-22' }, { today }), []);
  assert.deepEqual(names(checkPetition({ ...good, closes_on: '22/11/2026' }, { today })), ['closes_on']);
});

test('the petition body leaves out an empty address and closing date, and ends the closing day', () => {
  assert.deepEqual(petitionBody({ title: ' Keep it ', statement: 'We ask', target: ' Council ', slug: '', closes_on: '' }),
    { title: 'Keep it', statement: 'We ask', target: 'Council' });
  const body = petitionBody({ title: 'T', statement: 'S', target: 'C', slug: 'keep-it', closes_on: '2027-03-31' });
  assert.equal(body.slug, 'keep-it');
  assert.equal(body.closes_at, new Date('2027-03-31T23:59:59').toISOString());
  assert.equal(closesAtFromDate('not a date'), null);
  assert.equal(petitionFieldName('closes_at'), 'closes_on');
  assert.equal(petitionFieldName('title'), 'title');
});

test('the breakdown names the rows without a group or area, puts the most confirmed first and adds up', () => {
  const rows = breakdownRows({
    by_group: [
      { group: null, confirmed: 2, pending: 1 },
      { group: { id: 7, name: 'Leith Branch' }, confirmed: 9, pending: 0 },
      { group: { id: 8, name: 'Anchor Branch' }, confirmed: 2, pending: 4 },
    ],
    by_area: [{ area: 'EH6', confirmed: 5, pending: 1 }, { area: '', confirmed: 1, pending: 0 }, { area: 'E1', confirmed: 7, pending: 4 }],
  });
  assert.deepEqual(rows.byGroup.map((row) => row.label), ['Leith Branch', 'Anchor Branch', 'No group given']);
  assert.deepEqual(rows.groupTotal, { confirmed: 13, pending: 5 });
  assert.deepEqual(rows.byArea.map((row) => [row.label, row.confirmed, row.pending]), [['E1', 7, 4], ['EH6', 5, 1], ['Postcode not recognised', 1, 0]]);
  assert.deepEqual(rows.areaTotal, { confirmed: 13, pending: 5 });
  assert.deepEqual(breakdownRows(undefined), { byGroup: [], byArea: [], groupTotal: { confirmed: 0, pending: 0 }, areaTotal: { confirmed: 0, pending: 0 } });
});

test('the token comes from the link, and a refused token is explained by its field message', () => {
  assert.equal(tokenFrom(new URLSearchParams('token=abc_DEF-123')), 'abc_DEF-123');
  assert.equal(tokenFrom(new URLSearchParams('')), null);
  assert.equal(tokenFrom(new URLSearchParams('token=<script>')), null);
  assert.equal(tokenProblem({ detail: 'Some answers need correcting.', fieldErrors: [{ field: 'token', message: 'This link has already been used.' }] }), 'This link has already been used.');
  assert.equal(tokenProblem({ detail: 'We could not find that.', fieldErrors: [] }), 'We could not find that.');
  assert.equal(petitionStatusLabel('closed'), 'Closed');
  assert.equal(petitionStatusLabel('open'), 'Open for signatures');
});
