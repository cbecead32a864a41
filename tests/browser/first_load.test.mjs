// The first load of a thread page: the web app's files come gzip-compressed, only the modules
// the thread view needs are fetched, and the views of other addresses are fetched when one of
// their links is followed. A second visit revalidates the files (ETag) without downloading them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { Stack } from '../lib/harness.mjs';
import { assertNoConsoleProblems, launchBrowser, waitForView } from './browser.mjs';

let stack;
let browser;
let thread;

before(async () => {
  stack = await Stack.start();
  const admin = await registerAccount(stack, { displayName: 'Site Admin' });
  const group = await createGroup(admin.client, { name: 'Quay Branch', kind: 'national' });
  const category = expectStatus(await admin.client.post(`/api/v1/groups/${group.id}/categories`,
    { name: 'Open to all', visibility: 'public' }), 201).category;
  thread = expectStatus(await admin.client.post(`/api/v1/categories/${category.id}/threads`,
    { title: 'Harbour clean-up day', body: 'Bring gloves and a flask.' }), 201).thread;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.close();
});

// Every response the page receives from the server, with its encoding and size on the wire.
function recordResponses(page) {
  const seen = [];
  page.on('response', async (response) => {
    const url = new URL(response.url());
    const headers = await response.allHeaders();
    seen.push({ path: url.pathname, status: response.status(), encoding: headers['content-encoding'] ?? '',
      length: Number(headers['content-length'] ?? NaN) });
  });
  return seen;
}

const modules = (seen) => seen.filter((r) => r.path.startsWith('/js/')).map((r) => r.path);

test('a thread page loads compressed files and only the views it draws', async () => {
  const { page, problems } = browser;
  const seen = recordResponses(page);
  await page.goto(`${stack.server.origin}/threads/${thread.id}`);
  await waitForView(page, 'Harbour clean-up day');
  assert.match(await page.locator('main').innerText(), /Bring gloves and a flask/);

  const fetched = modules(seen);
  assert.ok(fetched.includes('/js/views/thread.js'), `thread view fetched: ${fetched.join(', ')}`);
  for (const other of ['meetings', 'ballots', 'proposals', 'petitions', 'admin', 'search', 'account']) {
    assert.ok(!fetched.includes(`/js/views/${other}.js`), `${other}.js is not fetched for a thread page`);
  }
  const scripts = seen.filter((r) => r.path.endsWith('.js') || r.path.endsWith('.css') || r.path.endsWith('.html'));
  assert.ok(scripts.length > 5);
  const compressed = scripts.filter((r) => r.status === 200 && r.encoding === 'gzip');
  assert.ok(compressed.some((r) => r.path === '/js/views/thread.js'), 'the thread view arrives gzip-compressed');
  // Only files too small to gain anything (a few hundred bytes) are sent as they are.
  for (const file of scripts.filter((r) => r.status === 200 && r.encoding !== 'gzip')) {
    assert.ok(file.length <= 256, `${file.path} (${file.length} bytes) arrives gzip-compressed`);
  }
  const documentResponse = seen.find((r) => r.path === `/threads/${thread.id}`);
  assert.equal(documentResponse?.encoding, 'gzip', 'the page itself arrives gzip-compressed');

  // Another address fetches its view when its link is followed.
  await page.locator('nav a[href="/search"]').click();
  await waitForView(page, 'Search the discussions');
  assert.ok(modules(seen).includes('/js/views/search.js'), 'search view fetched on the way');
  await page.goto(`${stack.server.origin}/no/such/place`);
  await waitForView(page, 'Page not found');
  assertNoConsoleProblems(problems);
});

test('a second visit revalidates the files instead of downloading them again', async () => {
  const { page, problems } = browser;
  const seen = recordResponses(page);
  await page.goto(`${stack.server.origin}/threads/${thread.id}`);
  await waitForView(page, 'Harbour clean-up day');
  const files = seen.filter((r) => r.path.startsWith('/js/') || r.path.startsWith('/css/'));
  assert.ok(files.length > 0);
  for (const file of files) assert.equal(file.status, 304, `${file.path} is revalidated, not sent again`);
  assertNoConsoleProblems(problems);
});
