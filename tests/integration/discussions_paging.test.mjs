// A thread of 1,000 posts in a random reply tree: paged without gaps or repeats in depth-first
// order, each page a small fixed number of SQL statements, the first page quick.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { Stack } from '../lib/harness.mjs';
import {
  allPosts, createCategory, createThread, groupTree, median, personWithRole, seasonedAccount,
  threadPage,
} from './discussions_lib.mjs';

const totalPosts = 1000;

let stack;
let member;
let thread;

// Inserts `count` replies under random earlier posts of the thread, with the tree_path and depth
// the server would write (zero-padded ids from the opening post down), in one statement batch.
async function growThread(threadId, authorId, count) {
  await stack.sql.exec(`
    DO $$
    DECLARE
      ids bigint[];
      paths text[];
      depths int[];
      parent int;
      new_id bigint;
    BEGIN
      SELECT array_agg(id ORDER BY id), array_agg(tree_path ORDER BY id), array_agg(depth ORDER BY id)
        INTO ids, paths, depths FROM posts WHERE thread_id = ${Number(threadId)};
      PERFORM setseed(0.42);
      FOR i IN 1..${Number(count)} LOOP
        -- Recent posts are likelier parents, so the tree grows deep as well as wide.
        parent := greatest(1, array_length(ids, 1) - floor(random() * random() * array_length(ids, 1))::int);
        new_id := nextval(pg_get_serial_sequence('posts', 'id'));
        INSERT INTO posts (id, thread_id, parent_id, author_id, tree_path, depth, body_source,
                           body_html, body_text, created_at)
        OVERRIDING SYSTEM VALUE
        VALUES (new_id, ${Number(threadId)}, ids[parent], ${Number(authorId)},
                paths[parent] || '.' || lpad(new_id::text, 12, '0'), depths[parent] + 1,
                'Reply ' || i, '<p>Reply ' || i || '</p>', 'Reply ' || i,
                now() - interval '1 day' + i * interval '1 second');
        ids := ids || new_id;
        paths := paths || (paths[parent] || '.' || lpad(new_id::text, 12, '0'));
        depths := depths || (depths[parent] + 1);
      END LOOP;
      UPDATE threads SET post_count = post_count + ${Number(count)} WHERE id = ${Number(threadId)};
    END $$`);
}

before(async () => {
  stack = await Stack.start();
  const admin = await seasonedAccount(stack);
  const { branch } = await groupTree(admin.client, 'Paging');
  const officer = await personWithRole(stack, admin.client, branch.id, 'officer');
  member = await personWithRole(stack, admin.client, branch.id, 'member');
  const category = await createCategory(officer.client, branch.id, { name: 'Long threads' });
  thread = (await createThread(officer.client, category.id, { title: 'A thousand posts' })).thread;
  await growThread(thread.id, officer.person.id, totalPosts - 1);
  await stack.sql.exec('ANALYZE posts');
});

after(async () => {
  await stack?.close();
});

// The statements of the transactions that served a request (those touching accounts,
// discussions or groups), grouped per backend so that interleaved lines of other backends — the
// periodic jobs — are left out.
function requestTransactions(lines) {
  const open = new Map();
  const kept = [];
  for (const line of lines) {
    const pid = /^\[(\d+)\]/.exec(line)?.[1] ?? '';
    if (/statement: BEGIN/.test(line)) {
      open.set(pid, [line]);
      continue;
    }
    const current = open.get(pid);
    if (!current) {
      // A statement on its own, outside any transaction (a cached page's reader part).
      if (/execute (accounts|discussions|groups)\./.test(line)) kept.push(line);
      continue;
    }
    current.push(line);
    if (/statement: (COMMIT|ROLLBACK)/.test(line)) {
      if (current.some((l) => /execute (accounts|discussions|groups)\./.test(l))) kept.push(...current);
      open.delete(pid);
    }
  }
  return kept;
}

describe('paging a 1,000-post thread', () => {
  test('every post exactly once, in the depth-first order of tree_path', async () => {
    const expectedOrder = (await stack.sql.rows(
      `SELECT id FROM posts WHERE thread_id = ${thread.id} ORDER BY tree_path COLLATE "C"`)).map((r) => Number(r.id));
    assert.equal(expectedOrder.length, totalPosts);
    const { posts, pages } = await allPosts(member.client, thread.id, 50);
    assert.equal(pages, totalPosts / 50);
    const ids = posts.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'no post appears twice');
    assert.deepEqual(ids, expectedOrder);

    // Depth first: each post's parent came earlier, and the depth is the parent's plus one.
    const seen = new Map();
    let maxDepth = 0;
    for (const post of posts) {
      if (post.parent_id !== null) {
        assert.ok(seen.has(post.parent_id), `post ${post.id} before its parent ${post.parent_id}`);
        assert.equal(post.depth, seen.get(post.parent_id).depth + 1);
      }
      seen.set(post.id, post);
      maxDepth = Math.max(maxDepth, post.depth);
    }
    assert.ok(maxDepth > 5, `the random tree is deep enough to matter (${maxDepth})`);
    // Beyond the indentation limit, each post names the one it answers.
    assert.ok(posts.filter((p) => p.depth > 5).every((p) => p.in_reply_to?.post_id === p.parent_id));

    // Other page sizes cut the same sequence differently, still without gaps.
    const small = await allPosts(member.client, thread.id, 7);
    assert.deepEqual(small.posts.map((p) => p.id), expectedOrder);
  });

  test('the first page is quick and costs a fixed handful of SQL statements', async () => {
    for (let i = 0; i < 5; ++i) await threadPage(member.client, thread.id);  // warm up
    const timings = [];
    for (let i = 0; i < 31; ++i) {
      const started = process.hrtime.bigint();
      await threadPage(member.client, thread.id);
      timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const firstPageMedian = median(timings);
    console.log(`# first page of a ${totalPosts}-post thread: median ${firstPageMedian.toFixed(1)} ms over ${timings.length} requests`);
    assert.ok(firstPageMedian < 250, `median ${firstPageMedian} ms`);

    // Count statements from PostgreSQL's own log for one page request (signed in).
    // Each line carries its backend's pid, so the server's periodic jobs (opening and closing
    // ballots, publishing agendas), which run on the same connections between requests, can be
    // told apart: only the transactions that serve the page are counted.
    await stack.sql.exec("ALTER SYSTEM SET log_statement = 'all'");
    await stack.sql.exec("ALTER SYSTEM SET log_line_prefix = '[%p] '");
    await stack.sql.exec('SELECT pg_reload_conf()');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const counts = [];
    for (const query of ['', `?after=${encodeURIComponent((await threadPage(member.client, thread.id, '?limit=50')).next_cursor)}`]) {
      const start = fs.statSync(stack.cluster.logFile).size;
      await threadPage(member.client, thread.id, query);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const text = fs.readFileSync(stack.cluster.logFile, 'utf8').slice(start);
      const statements = requestTransactions(text.split('\n').filter((line) => /LOG: {2}(execute|statement)/.test(line)));
      const discussions = statements.filter((line) => /execute discussions\.|execute groups\./.test(line));
      counts.push({ total: statements.length, page: discussions.length });
      console.log(`# thread page ${query ? 'after a cursor' : 'first'}: ${statements.length} SQL statements in all, ` +
        `${discussions.length} for the page itself:\n#   ` + statements.map((l) => l.replace(/^.*LOG: {2}/, '').slice(0, 90)).join('\n#   '));
    }
    await stack.sql.exec('ALTER SYSTEM RESET log_statement');
    await stack.sql.exec('ALTER SYSTEM RESET log_line_prefix');
    await stack.sql.exec('SELECT pg_reload_conf()');
    // The first page was just read by the same member, so it comes from memory: the page as they
    // saw it, their session too — no statement at all. A page whose shared part is cached costs
    // the reader's own part (memberships, read state, thanks) in one statement; a page read
    // afresh takes thread + viewer's memberships + posts page + read state.
    assert.equal(counts[0].total, 0, JSON.stringify(counts));
    for (const count of counts) {
      assert.ok([0, 1, 4].includes(count.page), JSON.stringify(counts));
      assert.ok(count.total <= 10, JSON.stringify(counts));
    }
  });
});
