// The discussion pages' pure logic, run in node without a browser: where a post goes in the
// nested reply tree (and where a live reply is inserted), how a search snippet is read, the
// limits checked before posting, and which thread settings a moderator changed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  LIMITS, MAX_NESTED_DEPTH, checkBody, checkFlag, checkThread, decodeEntities, insertionIndex, isDescendant, listOwner,
  newRepliesText, notificationSentence, showsInReplyTo, slowModeLabel, snippetParts, threadChanges, utf8Length,
} from '../../web/js/discussion-logic.js';
import { LiveConnection } from '../../web/js/live.js';
import { cleanTree, isExternal, markdownFromHtml, parseHtml, safeAddress } from '../../web/js/post-markup.js';
import { repoRoot } from '../lib/harness.mjs';

// A chain opening(1) → 2 → 3 → … → 9, each replying to the one before, and 20 replying to 1.
function chain() {
  const known = new Map();
  known.set(1, { id: 1, parent_id: null, depth: 0 });
  for (let id = 2; id <= 9; id += 1) known.set(id, { id, parent_id: id - 1, depth: id - 1 });
  known.set(20, { id: 20, parent_id: 1, depth: 1 });
  return known;
}

test('replies nest under their parent down to the deepest level, then line up under it', () => {
  const known = chain();
  assert.equal(MAX_NESTED_DEPTH, 5);
  assert.equal(listOwner(known.get(1), known), null, 'the opening post is in no list');
  assert.equal(listOwner(known.get(2), known), 1);
  assert.equal(listOwner(known.get(6), known), 5, 'depth 5 still nests under depth 4');
  assert.equal(listOwner(known.get(7), known), 6, 'depth 6 goes into the list of its depth-5 parent');
  assert.equal(listOwner(known.get(8), known), 6, 'depth 7 lines up beside its parent under the depth-5 post');
  assert.equal(listOwner(known.get(9), known), 6);
  assert.equal(showsInReplyTo(known.get(7), known), false, 'directly under its parent: no "in reply to"');
  assert.equal(showsInReplyTo(known.get(8), known), true, 'beside its parent: says whom it answers');
  assert.equal(showsInReplyTo(known.get(1), known), false);
});

test('a post whose ancestors are not on the page (a permalink page) goes at the top and says whom it answers', () => {
  const known = new Map([[40, { id: 40, parent_id: 33, depth: 3 }]]);
  assert.equal(listOwner(known.get(40), known), undefined);
  assert.equal(showsInReplyTo(known.get(40), known), true);
});

test('a live reply goes after its parent and everything below the parent', () => {
  const known = chain();
  assert.ok(isDescendant(9, 6, known));
  assert.ok(!isDescendant(6, 9, known));
  assert.ok(!isDescendant(20, 2, known));
  // The depth-5 post 6 holds 7, 8, 9 in one list. A new reply to 7 belongs after 7, 8 and 9 (8 and
  // 9 are below 7); a new reply to 8 after 8 and 9.
  const list = [7, 8, 9];
  assert.equal(insertionIndex(list, 7, known), 3);
  assert.equal(insertionIndex(list, 8, known), 3);
  // A list where the parent's subtree ends before a sibling: 7's subtree is 7, 8; then 50 (a
  // second depth-6 reply to 6).
  known.set(50, { id: 50, parent_id: 6, depth: 6 });
  const withSibling = [7, 8, 50];
  known.delete(9);
  assert.equal(insertionIndex(withSibling, 7, known), 2, 'before the next sibling of the parent');
  assert.equal(insertionIndex(withSibling, 50, known), 3);
  assert.equal(insertionIndex(withSibling, 99, known), 3, 'an unknown parent: at the end');
});

test('search snippets are text with <mark>, and nothing else becomes markup', () => {
  assert.deepEqual(snippetParts('the <mark>market</mark> on &quot;Saturday&quot; &amp; <mark>Sunday</mark>'), [
    { text: 'the ', mark: false },
    { text: 'market', mark: true },
    { text: ' on "Saturday" & ', mark: false },
    { text: 'Sunday', mark: true },
  ]);
  assert.deepEqual(snippetParts('&lt;script&gt;alert(1)&lt;/script&gt;'), [{ text: '<script>alert(1)</script>', mark: false }],
    'escaped markup stays text');
  assert.deepEqual(snippetParts('<b>bold</b> <img src=x onerror=alert(1)>'), [{ text: 'bold ', mark: false }],
    'unexpected tags are dropped, their text kept');
  assert.deepEqual(snippetParts(''), []);
  assert.equal(decodeEntities('&#39;&#x41;&nbsp;&bogus;'), "'A\u00a0&bogus;");
});

test('limits are checked before posting, in bytes as the server counts them', () => {
  assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
  assert.deepEqual(checkBody('  \n '), [{ name: 'body', message: 'Write your post before sending it' }]);
  assert.deepEqual(checkBody('x'.repeat(LIMITS.bodyBytes)), []);
  const over = checkBody('€'.repeat(LIMITS.bodyBytes / 3 + 1), 'body', 'your reply');
  assert.equal(over.length, 1);
  assert.match(over[0].message, /^Your reply is too long\. Take out about 2 characters\./);

  assert.deepEqual(checkThread({ title: ' ', body: 'b', tags: '' }).map((p) => p.name), ['title']);
  assert.deepEqual(checkThread({ title: 't'.repeat(201), body: 'b', tags: '' }).map((p) => p.name), ['title']);
  assert.deepEqual(checkThread({ title: 'ok', body: 'b', tags: 'a, b, c, d, e, f' }).map((p) => p.name), ['tags']);
  assert.deepEqual(checkThread({ title: 'ok', body: 'b', tags: `fine, ${'x'.repeat(31)}` }).map((p) => p.name), ['tags']);
  assert.deepEqual(checkThread({ title: 'ok', body: 'b', tags: 'housing, rent ,, ' }), []);

  assert.deepEqual(checkFlag({ reason: '', detail: '' }).map((p) => p.name), ['reason']);
  assert.deepEqual(checkFlag({ reason: 'other', detail: ' ' }).map((p) => p.name), ['detail'], '"something else" needs words');
  assert.deepEqual(checkFlag({ reason: 'spam', detail: '' }), []);
  assert.deepEqual(checkFlag({ reason: 'spam', detail: 'x'.repeat(1001) }).map((p) => p.name), ['detail']);
});

test('the words shown for counts, slow mode and notifications', () => {
  assert.equal(newRepliesText(1), '1 new reply');
  assert.equal(newRepliesText(3), '3 new replies');
  assert.equal(slowModeLabel(0), 'Off');
  assert.equal(slowModeLabel(30), 'One post every 30 seconds');
  assert.equal(slowModeLabel(60), 'One post a minute');
  assert.equal(slowModeLabel(900), 'One post every 15 minutes');
  assert.equal(slowModeLabel(7200), 'One post every 2 hours');
  assert.equal(slowModeLabel(86400), 'One post a day');
  const actor = { id: 4, display_name: 'Ada' };
  assert.equal(notificationSentence({ kind: 'reply', actor }), 'Ada replied to your post');
  assert.equal(notificationSentence({ kind: 'mention', actor }), 'Ada mentioned you');
  assert.equal(notificationSentence({ kind: 'post_hidden', actor: null }), 'A moderator hid your post');
  assert.equal(notificationSentence({ kind: 'watched_thread', actor: null }), 'Someone posted in a thread you watch');
});

test('a moderator’s thread form sends only what changed', () => {
  const thread = { locked: false, pinned: true, archived: false, slow_mode_seconds: 0, category: { id: 3 } };
  assert.deepEqual(threadChanges(thread, { locked: false, pinned: true, archived: false, slow_mode_seconds: '0', category_id: '3' }), {});
  assert.deepEqual(threadChanges(thread, { locked: true, pinned: false, archived: false, slow_mode_seconds: '300', category_id: '5' }),
    { locked: true, pinned: false, slow_mode_seconds: 300, category_id: 5 });
  assert.deepEqual(threadChanges(thread, { locked: false, pinned: true, archived: true, slow_mode_seconds: '0' }), { archived: true },
    'no category field: no move');
});

test('the live connection says which rooms the server agreed to, so a page knows it is live', () => {
  const sent = [];
  let listeners = {};
  const socket = {
    addEventListener: (type, listener) => { listeners[type] = listener; },
    send: (text) => sent.push(JSON.parse(text)),
    close() {},
  };
  const heard = [];
  const live = new LiveConnection({
    url: 'ws://example.test/api/v1/live',
    createSocket: () => socket,
    onSubscribed: (rooms, denied) => heard.push({ rooms, denied }),
    timers: { setTimeout: () => 0, clearTimeout() {}, setInterval: () => 0, clearInterval() {} },
  });
  live.setRooms(['person:7', 'thread:3']);
  live.start();
  const receive = (message) => listeners.message({ data: JSON.stringify(message) });
  receive({ type: 'hello', person_id: 7 });
  assert.deepEqual(sent, [{ type: 'subscribe', rooms: ['person:7', 'thread:3'] }]);
  receive({ type: 'subscribed', rooms: ['person:7'], denied: [{ room: 'thread:3', reason: 'not_a_member' }] });
  assert.deepEqual(heard, [{ rooms: ['person:7'], denied: [{ room: 'thread:3', reason: 'not_a_member' }] }]);
  listeners = {};
  live.stop();
});

test('post HTML is read into a tree without a DOM, the way the renderer writes it', () => {
  assert.deepEqual(parseHtml('<p>Tom &amp; <em>Jerry</em><br>\n<a href="/x?a=1&amp;b=2" title=\'t\'>go</a></p>'), [
    { tag: 'p', attrs: {}, children: ['Tom & ', { tag: 'em', attrs: {}, children: ['Jerry'] }, { tag: 'br', attrs: {}, children: [] }, '\n',
      { tag: 'a', attrs: { href: '/x?a=1&b=2', title: 't' }, children: ['go'] }] },
  ]);
  assert.deepEqual(parseHtml('<ul><li>a<li>b</ul>tail'), [
    { tag: 'ul', attrs: {}, children: [{ tag: 'li', attrs: {}, children: ['a', { tag: 'li', attrs: {}, children: ['b'] }] }] }, 'tail',
  ], 'unclosed elements close with their parent; the text after is outside');
  assert.deepEqual(parseHtml('a < b </i> <!-- note --> c'), ['a ', '<', ' b ', ' ', ' c'], 'a lone < is text, stray end tags and comments vanish');
  const [script, after] = parseHtml('<script>if (a < b) { x("<p>") }</script>after');
  assert.equal(script.tag, 'script');
  assert.deepEqual(script.children, ['if (a < b) { x("<p>") }'], 'script content is raw text, not markup');
  assert.equal(after, 'after');
});

test('only allowed elements and attributes survive, and no address that could run script', () => {
  assert.deepEqual(cleanTree(parseHtml('<h1 id="x" onclick="alert(1)">Title</h1><p style="color:red">Hi <b>there</b></p>')), [
    { tag: 'h3', attrs: { class: 'post__heading' }, children: ['Title'] },
    { tag: 'p', attrs: {}, children: ['Hi ', 'there'] },
  ]);
  assert.deepEqual(cleanTree(parseHtml('<a href="jav&#x09;ascript:alert(1)">x</a><a href=" https://example.org/a ">y</a>')), [
    'x', { tag: 'a', attrs: { href: 'https://example.org/a' }, children: ['y'] },
  ]);
  assert.deepEqual(cleanTree(parseHtml('<img src="https://example.org/cat.png" alt="A cat"><img src="javascript:x" alt="bad"><input type="checkbox" checked disabled> done')), [
    { tag: 'a', attrs: { href: 'https://example.org/cat.png', rel: 'nofollow ugc noopener', class: 'post__image-link' }, children: ['Picture: A cat'] },
    'bad', { tag: 'span', attrs: { class: 'task' }, children: ['[done] '] }, ' done',
  ]);
  for (const [address, expected] of [['https://a.example/x', true], ['http://a', true], ['mailto:a@b.c', true], ['/threads/1', true],
    ['#post-3', true], ['//a.example/x', true], ['javascript:alert(1)', false], ['JaVaScRiPt:alert(1)', false], [' \tjavascript:x', false],
    ['java\nscript:x', false], ['data:text/html,x', false], ['vbscript:x', false], ['', false]]) {
    assert.equal(safeAddress(address) !== null, expected, `safeAddress(${JSON.stringify(address)})`);
  }
  assert.equal(isExternal('https://a.example/x', 'http://here'), true);
  assert.equal(isExternal('/threads/1', 'http://here'), false);
  assert.equal(isExternal('http://here/threads/1', 'http://here'), false);

  // Every payload of the project's XSS corpus, read raw (as if the renderer had passed it through).
  const corpus = fs.readFileSync(path.join(repoRoot, 'tests/data/xss/payloads.txt'), 'utf8');
  const payloads = corpus.split(/^=== .*$/m).slice(1).map((piece) => piece.replace(/^\n/, '').replace(/\n$/, ''));
  assert.ok(payloads.length > 50);
  const allowedTags = new Set(['p', 'br', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr', 'a',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'mark', 'span', 'dl', 'dt', 'dd', 'kbd', 'h3', 'h4', 'h5', 'h6']);
  const allowedAttributes = new Set(['href', 'title', 'rel', 'class', 'start', 'scope']);
  const problems = [];
  const visit = (nodes, payload) => {
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      if (!allowedTags.has(node.tag)) problems.push(`<${node.tag}> from ${payload.slice(0, 50)}`);
      for (const [name, value] of Object.entries(node.attrs)) {
        if (!allowedAttributes.has(name)) problems.push(`${name}= from ${payload.slice(0, 50)}`);
        if (name === 'href' && safeAddress(value) === null) problems.push(`href=${value} from ${payload.slice(0, 50)}`);
      }
      visit(node.children, payload);
    }
  };
  for (const payload of payloads) visit(cleanTree(parseHtml(payload)), payload);
  assert.deepEqual(problems, []);
});

test('the edit box gets Markdown back from HTML when the server does not send the source', () => {
  assert.equal(markdownFromHtml('<p>I think <strong>Elm</strong> and <em>the market</em>.</p>\n<p>See <a href="https://a.example">this</a> and <code>x &lt; y</code>.</p>\n'),
    'I think **Elm** and _the market_.\n\nSee [this](https://a.example) and `x < y`.');
  assert.equal(markdownFromHtml('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n<pre><code>  indented\n</code></pre>\n'),
    '- one\n- two\n\n> quoted\n\n```\n  indented\n```');
  assert.equal(markdownFromHtml('<p>a<script>alert(1)</script>b</p>'), 'ab');
});
