// The story pages' pure logic, run in node without a browser: the form's checks and request
// bodies, the editor's required message, the words for statuses and history, the facts line, the
// group choices in tree order and the reply count.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  BODY_LIMIT, CONTACT_LIMIT, TITLE_LIMIT, characters, checkReviewMessage, checkStory, groupOptions, historyLabel, replyCountText,
  storyBody, storyFacts, storyStatusLabel,
} from '../../web/js/story-logic.js';

const names = (problems) => problems.map((problem) => problem.name);

test('a story needs a title and a body; the rest is optional', () => {
  assert.deepEqual(names(checkStory({})), ['title', 'body']);
  assert.deepEqual(names(checkStory({ title: '   ', body: '\n' })), ['title', 'body']);
  assert.deepEqual(checkStory({ title: 'We won', body: 'It took a year.' }), []);
});

test('limits count characters as the server does (code points, not UTF-16 units)', () => {
  assert.equal(characters('😀é'), 2);
  assert.deepEqual(checkStory({ title: '😀'.repeat(TITLE_LIMIT), body: 'x' }), []);
  assert.deepEqual(names(checkStory({ title: '😀'.repeat(TITLE_LIMIT + 1), body: 'x' })), ['title']);
  assert.deepEqual(names(checkStory({ title: 't', body: 'b'.repeat(BODY_LIMIT + 1) })), ['body']);
  assert.deepEqual(names(checkStory({ title: 't', body: 'b', contact: 'c'.repeat(CONTACT_LIMIT + 1), place: 'p'.repeat(121),
    what_worked: 'w'.repeat(4001) })), ['place', 'what_worked', 'contact']);
});

test('the request body is trimmed; the group is sent only when chosen, and cleared when editing', () => {
  const values = { title: ' We won ', body: ' It took a year. ', place: ' Riverside ', what_worked: '', contact: ' 0770 ', group_id: '' };
  assert.deepEqual(storyBody(values), { title: 'We won', body: 'It took a year.', place: 'Riverside', what_worked: '', contact: '0770' });
  assert.equal(storyBody({ ...values, group_id: '12' }).group_id, 12);
  assert.equal(storyBody(values, { editing: true }).group_id, null);
  assert.equal(storyBody({ ...values, group_id: 'x' }).group_id, undefined);
});

test('the editor’s message is required so the author learns why', () => {
  assert.deepEqual(checkReviewMessage('  ', { field: 'reason', what: 'the reason' }), [{ name: 'reason', message: 'Enter the reason' }]);
  assert.deepEqual(checkReviewMessage('Add a date', { field: 'message', what: 'what should change' }), []);
  assert.equal(checkReviewMessage('m'.repeat(4001), { field: 'message', what: 'x' }).length, 1);
});

test('statuses and history steps read as words', () => {
  assert.equal(storyStatusLabel('changes_requested'), 'Changes asked for');
  assert.equal(storyStatusLabel('published'), 'Published');
  assert.equal(historyLabel('resubmitted'), 'Sent in again after changes');
  assert.equal(storyStatusLabel('something_new'), 'something_new');
});

test('the facts line names the place, the group unless it repeats the place, and the author', () => {
  assert.deepEqual(storyFacts({ place: 'Riverside', group: { name: 'Riverside Branch' }, author: { display_name: 'Farah' } }),
    ['Riverside', 'Riverside Branch', 'by Farah']);
  assert.deepEqual(storyFacts({ place: 'Riverside', group: { name: 'Riverside' }, author: { display_name: 'Farah' } }),
    ['Riverside', 'by Farah']);
  assert.deepEqual(storyFacts({ place: '', group: null, author: { display_name: 'Farah' } }), ['by Farah']);
});

test('group choices come in tree order, indented, after "none"', () => {
  const options = groupOptions([
    { id: 3, name: 'Riverside', parent_id: 2 },
    { id: 1, name: 'National', parent_id: null },
    { id: 2, name: 'North', parent_id: 1 },
    { id: 4, name: 'Health Workers', parent_id: null },
    { id: 5, name: 'Orphan', parent_id: 99 },
  ]);
  assert.deepEqual(options.map((option) => option.value), ['', '4', '1', '2', '3', '5']);
  assert.equal(options[4].label, '\u2014 \u2014 Riverside');
});

test('the reply count leaves out the opening post', () => {
  assert.equal(replyCountText(1), 'No replies yet');
  assert.equal(replyCountText(2), '1 reply');
  assert.equal(replyCountText(5), '4 replies');
  assert.equal(replyCountText(undefined), 'No replies yet');
});
