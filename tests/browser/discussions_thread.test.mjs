// Discussions in the browser. The author, by keyboard alone, finds the group's discussions, starts
// a thread (with a preview) and replies to a reply; a second person, in a second browser, replies
// and thanks, and the author sees both arrive live without focus or the reading position moving.
// axe-core checks the category list, the category, the new-thread form (with errors) and the thread.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { addMember, createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack, eventually, repoRoot } from '../lib/harness.mjs';
import {
  assertAccessible, assertNoConsoleProblems, describeFocus, launchBrowser, recordAnnouncements, signInThroughPage, tabTo, waitForView,
} from './browser.mjs';

let stack;
let author;
let reader;
let group;
let category;
let authorBrowser;
let readerBrowser;
const state = {};

before(async () => {
  stack = await Stack.start();
  const admin = await registerAccount(stack, { displayName: 'Site Admin' });
  group = await createGroup(admin.client, { name: 'Harbour Branch', kind: 'national' });
  author = await registerAccount(stack, { displayName: 'Ben Author' });
  reader = await registerAccount(stack, { displayName: 'Cara Reader' });
  await addMember(admin.client, group.id, { email: author.email, role: 'member' });
  await addMember(admin.client, group.id, { email: reader.email, role: 'member' });
  // Accounts younger than a day may post only three times in ten minutes; these people are not new.
  await stack.sql.exec("UPDATE persons SET created_at = now() - interval '3 days'");
  category = expectStatus(await admin.client.post(`/api/v1/groups/${group.id}/categories`,
    { name: 'General', description: 'Anything about the branch.', visibility: 'members' }), 201).category;
  [authorBrowser, readerBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
});

after(async () => {
  await authorBrowser?.close();
  await readerBrowser?.close();
  await stack?.close();
});

const signIn = (page, person, next) => signInThroughPage(page, stack.server.origin, person, next);

const announced = (page, pattern) => page.evaluate((source) => window.announced.some((text) => new RegExp(source).test(text)), pattern.source);

const focusedPostId = (page) => page.evaluate(() => document.activeElement.closest('article.post')?.dataset.postId ?? null);

test('the author starts a thread and replies to a reply, by keyboard alone', async () => {
  const { page } = authorBrowser;
  const { origin } = stack.server;

  await page.goto(`${origin}/sign-in?next=${encodeURIComponent(`/groups/${group.id}`)}`);
  await waitForView(page, 'Sign in');
  await tabTo(page, (focus) => focus.id === 'f-email');
  await page.keyboard.type(author.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(author.password);
  await page.keyboard.press('Enter');
  await waitForView(page, 'Harbour Branch');
  await page.locator('#live-status[data-status="connected"]').waitFor();

  await tabTo(page, 'Discussions in Harbour Branch');
  await page.keyboard.press('Enter');
  await waitForView(page, 'Discussions in Harbour Branch');
  assert.equal((await describeFocus(page)).tag, 'h1');
  assert.match(await page.locator('main').innerText(), /Who can read: Members of the group · 0 threads/);
  await assertAccessible(page, 'the categories of a group');

  await tabTo(page, 'General');
  await page.keyboard.press('Enter');
  await waitForView(page, 'General');
  assert.match(await page.locator('main').innerText(), /There are no threads here yet/);
  await assertAccessible(page, 'an empty category');

  await tabTo(page, 'Start a new thread');
  await page.keyboard.press('Enter');
  await waitForView(page, 'Start a new thread in General');
  // Sending it empty: the summary takes focus and leads to the field.
  await tabTo(page, 'Post thread');
  await page.keyboard.press('Enter');
  await page.locator('.error-summary:not([hidden])').waitFor();
  assert.match((await describeFocus(page)).className, /error-summary/);
  assert.match(await page.locator('.error-summary').innerText(), /Enter a title[\s\S]*Write your post/);
  await assertAccessible(page, 'the new-thread form with errors');
  await page.keyboard.press('Tab');
  assert.equal((await describeFocus(page)).text, 'Enter a title');
  await page.keyboard.press('Enter');
  assert.equal((await describeFocus(page)).id, 'f-title');
  await page.keyboard.type('Where should we leaflet next week?');
  await page.keyboard.press('Tab');
  assert.equal((await describeFocus(page)).id, 'f-body');
  await page.keyboard.type('I think we should cover **Elm Street** and the market.');
  await tabTo(page, 'Preview');
  await page.keyboard.press('Enter');
  await page.locator('.preview:not([hidden]) strong', { hasText: 'Elm Street' }).waitFor();
  assert.equal((await describeFocus(page)).text, 'Preview', 'the preview does not take focus');
  await assertAccessible(page, 'the new-thread form with a preview');
  await tabTo(page, 'Post thread', { backwards: true });
  await page.keyboard.press('Enter');
  await waitForView(page, 'Where should we leaflet next week?');
  assert.match((await describeFocus(page)).text, /Your thread has been posted/);
  state.threadPath = new URL(page.url()).pathname;
  state.threadId = Number(state.threadPath.split('/').pop());
  const opening = page.locator('.opening-post article.post');
  assert.match(await opening.innerText(), /Ben Author/);
  assert.equal(await opening.locator('.post__body strong').innerText(), 'Elm Street');
  await page.locator('.thread[data-live="on"]').waitFor();
  await assertAccessible(page, 'a new thread');

  // Cara answers; the reply appears live, and Ben answers her.
  const thread = expectStatus(await reader.client.get(`/api/v1/threads/${state.threadId}`), 200);
  state.openingId = thread.posts[0].id;
  const caras = expectStatus(await reader.client.post(`/api/v1/threads/${state.threadId}/posts`,
    { body: 'The market is busiest on **Saturdays**.', parent_id: state.openingId }), 201).post;
  state.carasReplyId = caras.id;
  await page.locator(`#post-${caras.id}`, { hasText: 'busiest on Saturdays' }).waitFor();

  await recordAnnouncements(page);
  await tabTo(page, 'Reply to Cara Reader');
  await page.keyboard.press('Enter');
  assert.equal((await describeFocus(page)).id, `reply-${caras.id}-body`, 'the reply box takes focus');
  await page.keyboard.type('Then Saturday it is. I will bring leaflets.');
  await tabTo(page, 'Post reply');
  await page.keyboard.press('Enter');
  await eventually(async () => (await describeFocus(page)).tag === 'article', { what: 'focus on the new reply' });
  const mine = await focusedPostId(page);
  assert.ok(mine && Number(mine) !== caras.id, 'focus is on Ben’s new reply');
  state.bensReplyId = Number(mine);
  assert.match(await page.locator(`#post-${mine}`).innerText(), /Ben Author[\s\S]*I will bring leaflets/);
  await eventually(() => announced(page, /Your reply has been posted\./), { what: 'the announcement of the reply' });
  // Nested: Ben's reply is in the list of replies inside Cara's item.
  const parentOfMine = await page.locator(`#post-${mine}`).evaluate((article) =>
    article.closest('li').parentElement.closest('li')?.querySelector('article')?.id);
  assert.equal(parentOfMine, `post-${caras.id}`);
  const stored = expectStatus(await author.client.get(`/api/v1/threads/${state.threadId}`), 200);
  const storedReply = stored.posts.find((post) => post.id === state.bensReplyId);
  assert.equal(storedReply.parent_id, caras.id);
  assert.equal(storedReply.depth, 2);
  await assertAccessible(page, 'a thread with nested replies');

  // The category lists the thread; the categories page counts it.
  await page.goto(`${origin}/categories/${category.id}`);
  await waitForView(page, 'General');
  assert.match(await page.locator('.thread-list').innerText(), /Where should we leaflet next week\?[\s\S]*Started by Ben Author · \d posts/);
  await assertAccessible(page, 'a category with a thread');
  assertNoConsoleProblems(authorBrowser.problems);
});

test('another person’s reply and thanks arrive live, without moving focus or the reading position', async () => {
  assert.ok(state.threadId, 'the first test made the thread');
  const { page } = authorBrowser;
  const { origin } = stack.server;
  // A short window, so that the page scrolls and content can arrive above what is being read.
  await page.setViewportSize({ width: 1024, height: 500 });
  await page.goto(`${origin}${state.threadPath}`);
  await waitForView(page, 'Where should we leaflet next week?');
  await page.locator('.thread[data-live="on"]').waitFor();
  await recordAnnouncements(page);

  // Ben is writing a reply at the bottom of the page when Cara answers the opening post.
  const box = page.getByRole('textbox', { name: 'Your reply', exact: true });
  await box.scrollIntoViewIfNeeded();
  await box.click();
  await page.keyboard.type('Half-written thought');
  await page.evaluate(() => document.getElementById('write-heading').scrollIntoView());
  const before = { box: (await box.boundingBox()).y, scroll: await page.evaluate(() => window.scrollY) };

  const other = readerBrowser.page;
  await signIn(other, reader, state.threadPath);
  await waitForView(other, 'Where should we leaflet next week?');
  await other.locator(`#post-${state.openingId}`).getByRole('button', { name: 'Reply to Ben Author' }).click();
  await other.getByRole('textbox', { name: 'Your reply to Ben Author' }).fill('Count me in for the market stall.');
  const posted = other.waitForResponse((response) => response.url().endsWith(`/threads/${state.threadId}/posts`) && response.request().method() === 'POST');
  await other.locator(`#post-${state.openingId}`).getByRole('button', { name: 'Post reply' }).click();
  const response = await posted;
  const arrivedFrom = Date.now();
  const newPost = (await response.json()).post;
  await page.locator(`#post-${newPost.id}`, { hasText: 'Count me in' }).waitFor({ timeout: 3000 });
  const took = Date.now() - arrivedFrom;
  assert.ok(took < 1000, `the live reply took ${took} ms to appear`);

  const focus = await describeFocus(page);
  assert.equal(focus.tag, 'textarea', 'focus stays in the reply box');
  assert.equal(await box.inputValue(), 'Half-written thought', 'what was typed is kept');
  await page.waitForTimeout(150);
  const afterBox = (await box.boundingBox()).y;
  assert.ok(Math.abs(afterBox - before.box) <= 1, `the reply box stays where it was on screen (${before.box} → ${afterBox})`);
  assert.ok(await page.evaluate((y) => window.scrollY > y, before.scroll), 'the page scrolled by the new reply’s height to keep the place');
  assert.match(await page.locator(`#post-${newPost.id}`).innerText(), /New/, 'the new reply is marked new');
  await eventually(() => announced(page, /\b1 new reply\./), { what: 'the polite announcement' });
  // It sits at the end of the opening post's replies, after Cara's first reply and Ben's answer.
  const order = await page.locator('.thread__replies > ol > li > article').evaluateAll((articles) => articles.map((a) => Number(a.dataset.postId)));
  assert.deepEqual(order, [state.carasReplyId, newPost.id]);

  // Cara thanks Ben's reply; the count changes on Ben's page.
  const thank = other.locator(`#post-${state.bensReplyId}`).getByRole('button', { name: 'Thank Ben Author for this post' });
  await thank.click();
  await eventually(async () => (await thank.getAttribute('aria-pressed')) === 'true', { what: 'the thank button to be pressed' });
  assert.equal((await other.evaluate(() => document.activeElement.getAttribute('aria-pressed'))), 'true', 'focus stays on the toggle');
  const count = page.locator(`#post-${state.bensReplyId}`).getByRole('button', { name: /^1 thank/ });
  await count.waitFor({ timeout: 3000 });
  assert.equal((await describeFocus(page)).tag, 'textarea', 'focus still has not moved');
  await count.click();
  await page.locator(`#post-${state.bensReplyId} .post__thanked-by`, { hasText: 'Thanked by Cara Reader.' }).waitFor();
  assert.equal(await count.getAttribute('aria-expanded'), 'true');
  await assertAccessible(page, 'a thread after live updates');
  await assertAccessible(other, 'a thread with a thanked post');

  assertNoConsoleProblems(authorBrowser.problems);
  assertNoConsoleProblems(readerBrowser.problems);
});

// Post bodies come from the server's renderer, which the unit tests hold to its allow-list. The
// page rebuilds them again from its own allow-list, so a renderer bug still cannot run script:
// every raw payload of the XSS corpus goes through the page's rebuilding and into the document.
test('the page’s own rebuilding of post HTML leaves nothing that could run', async () => {
  const corpus = fs.readFileSync(path.join(repoRoot, 'tests/data/xss/payloads.txt'), 'utf8');
  const payloads = corpus.split(/^=== .*$/m).slice(1).map((text) => text.replace(/^\n/, '').replace(/\n$/, ''));
  assert.ok(payloads.length > 50, `the corpus has payloads (${payloads.length})`);
  const { page } = authorBrowser;
  await page.goto(`${stack.server.origin}/`);
  await waitForView(page, 'Plenary');
  const report = await page.evaluate(async (list) => {
    const { safeHtml } = await import('/js/views/post-html.js');
    window.ranScript = false;
    window.alert = () => { window.ranScript = true; };
    const allowed = new Set(['p', 'br', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr', 'a',
      'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'mark', 'span', 'dl', 'dt', 'dd', 'kbd', 'div', 'h3', 'h4', 'h5', 'h6']);
    const allowedAttributes = new Set(['href', 'title', 'rel', 'class', 'start', 'scope', 'role', 'tabindex', 'aria-label']);
    const problems = [];
    const box = document.createElement('div');
    document.body.append(box);
    for (const payload of list) {
      const holder = document.createElement('div');
      holder.append(safeHtml(payload));
      box.append(holder);
      for (const element of holder.querySelectorAll('*')) {
        if (!allowed.has(element.localName)) problems.push(`<${element.localName}> from ${payload.slice(0, 60)}`);
        for (const attribute of element.attributes) {
          if (!allowedAttributes.has(attribute.name)) problems.push(`${attribute.name}= from ${payload.slice(0, 60)}`);
        }
        const href = element.getAttribute('href');
        // Any scheme but http(s) and mailto could run script; browsers ignore blanks and controls in it.
        const scheme = href === null ? null : /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\u0000-\u0020\u007f]/g, ''));
        if (scheme && !/^(https?|mailto)$/i.test(scheme[1])) problems.push(`href ${href} from ${payload.slice(0, 60)}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    box.remove();
    return { problems, ranScript: window.ranScript };
  }, payloads);
  assert.deepEqual(report.problems, []);
  assert.equal(report.ranScript, false, 'no payload ran script');
  assertNoConsoleProblems(authorBrowser.problems);
});
