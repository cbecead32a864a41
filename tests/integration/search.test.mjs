// Search: ranked full-text results over thread titles and posts, highlighted with <mark> and
// nothing else, filtered and paged, and never showing what the viewer may not read or what
// moderators hid or authors deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectStatus, registerAccount } from '../lib/builders.mjs';
import { ApiClient, Stack, explain } from '../lib/harness.mjs';
import {
  agePosts, assertRefused, createCategory, createThread, organisation, reply, unique,
} from './moderation_lib.mjs';

let stack;
let admin;
let org;
let publicCategory;
let membersCategory;

before(async () => {
  stack = await Stack.start();
  admin = await registerAccount(stack, { displayName: 'Site Admin' });
  org = await organisation(stack, admin, 'Search');
  publicCategory = await createCategory(admin.client, org.branch.id, { visibility: 'public' });
  membersCategory = await createCategory(admin.client, org.branch.id, { visibility: 'members' });
});

after(async () => {
  await stack?.close();
});

const search = async (client, query) => {
  const params = new URLSearchParams(query);
  return expectStatus(await client.get(`/api/v1/search?${params}`), 200);
};
const postIds = (page) => page.results.filter((r) => r.kind === 'post').map((r) => r.post_id);

describe('search', () => {
  test('finds threads and posts, best match first, with highlighted snippets', async () => {
    const { thread, post: opening } = await createThread(org.member.client, publicCategory.id, {
      title: 'Saving the lighthouse on the quay',
      body: 'The lighthouse needs a new lamp. Lighthouses along the coast are closing; ours should not.',
    });
    const weak = await reply(org.member2.client, thread.id, { body: 'I walked past the lighthouse once, it was closed.' });
    await agePosts(stack, org.member2.person.id);

    const page = await search(org.member2.client, { q: 'lighthouse' });
    const ours = page.results.filter((r) => r.thread.id === thread.id);
    assert.deepEqual(ours.map((r) => r.kind).sort(), ['post', 'post', 'thread'], JSON.stringify(page));
    const ranks = page.results.map((r) => r.rank);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), 'best first');
    const openingResult = ours.find((r) => r.post_id === opening.id);
    const weakResult = ours.find((r) => r.post_id === weak.id);
    assert.ok(openingResult.rank > weakResult.rank, `${openingResult.rank} > ${weakResult.rank}`);

    const threadResult = ours.find((r) => r.kind === 'thread');
    assert.deepEqual(threadResult.thread, { id: thread.id, title: thread.title });
    assert.equal(threadResult.author.id, org.member.person.id);
    assert.equal(threadResult.snippet_html, 'Saving the <mark>lighthouse</mark> on the quay');
    assert.match(openingResult.snippet_html, /<mark>Lighthouses<\/mark>/);
    assert.equal(weakResult.author.display_name, org.member2.person.display_name);
    assert.ok(!Number.isNaN(Date.parse(weakResult.created_at)));
    assert.ok('next_cursor' in page);
  });

  test('only categories the viewer may read: a members-only post is hidden from others', async () => {
    const word = `quasar${process.pid}`;
    const { post: secret } = await createThread(org.member.client, membersCategory.id,
      { title: 'Branch matters', body: `The ${word} budget is members only.` });
    const { post: open } = await createThread(org.member.client, publicCategory.id,
      { title: 'Open matters', body: `The ${word} fair is open to all.` });

    assert.deepEqual(new Set(postIds(await search(org.member2.client, { q: word }))), new Set([secret.id, open.id]));
    assert.deepEqual(postIds(await search(org.outsider.client, { q: word })), [open.id]);
    assert.deepEqual(postIds(await search(new ApiClient(stack.server), { q: word })), [open.id]);
    // An officer of the group above reads the branch's members-only category.
    assert.deepEqual(new Set(postIds(await search(org.nationalOfficer.client, { q: word }))), new Set([secret.id, open.id]));
    // Asking for the category by id does not open it.
    assert.deepEqual(postIds(await search(org.outsider.client, { q: word, category_id: membersCategory.id })), []);
  });

  test('hidden and deleted posts never match', async () => {
    const word = `zeppelin${process.pid}`;
    const { thread } = await createThread(org.member.client, publicCategory.id, { title: 'Airships', body: 'Nothing here.' });
    const hidden = await reply(org.member2.client, thread.id, { body: `A rude ${word} remark.` });
    const deleted = await reply(org.member.client, thread.id, { body: `A ${word} I regret.` });
    const kept = await reply(org.moderator.client, thread.id, { body: `A fine ${word} story.` });
    await agePosts(stack, org.member.person.id);
    await agePosts(stack, org.member2.person.id);
    assert.deepEqual(new Set(postIds(await search(org.member.client, { q: word }))), new Set([hidden.id, deleted.id, kept.id]));

    expectStatus(await org.moderator.client.post(`/api/v1/posts/${hidden.id}/hide`, { reason: 'Rude' }), 200);
    const removed = await org.member.client.delete(`/api/v1/posts/${deleted.id}`);
    assert.equal(removed.status, 204, explain(removed));
    for (const viewer of [org.member, org.moderator, admin]) {
      assert.deepEqual(postIds(await search(viewer.client, { q: word })), [kept.id]);
    }
  });

  test('snippets carry <mark> and nothing else a post could inject', async () => {
    const word = `pelican${process.pid}`;
    const { post } = await createThread(org.member.client, publicCategory.id, { title: 'Markup', body: `About ${word}.` });
    // As if the renderer had let markup through into the text: it must still arrive as text.
    await stack.sql.exec(
      "UPDATE posts SET body_text = :'text' WHERE id = :'id'",
      { id: post.id, text: `<img src=x onerror=alert(1)> "${word}" & <mark>fake</mark> it's <script>x</script>` });
    const result = (await search(org.member.client, { q: word })).results.find((r) => r.post_id === post.id);
    assert.ok(result, 'found');
    const html = result.snippet_html;
    assert.ok(html.includes(`&quot;<mark>${word}</mark>&quot;`), html);
    // ts_headline may start the snippet a few words in; whatever it keeps is text.
    assert.ok(html.includes('onerror=alert(1)&gt;'), html);
    assert.ok(!html.includes('<img'), html);
    assert.ok(html.includes('&lt;mark&gt;fake&lt;/mark&gt;'), html);
    assert.ok(html.includes('&lt;script&gt;'), html);
    assert.ok(html.includes(' &amp; '), html);
    const tags = html.match(/<[^>]*>/g);
    assert.deepEqual([...new Set(tags)].sort(), ['</mark>', '<mark>'], html);
  });

  test('filters: group, category, author, dates', async () => {
    const word = `walrus${process.pid}`;
    const national = await createCategory(admin.client, org.national.id, { visibility: 'public' });
    const { post: inBranch } = await createThread(org.member.client, publicCategory.id, { title: 'One', body: `A ${word}.` });
    const { post: inNational } = await createThread(org.nationalOfficer.client, national.id, { title: 'Two', body: `A ${word}.` });
    const { post: byMember2 } = await createThread(org.member2.client, publicCategory.id, { title: 'Three', body: `A ${word}.` });
    const viewer = org.member.client;
    assert.deepEqual(new Set(postIds(await search(viewer, { q: word }))), new Set([inBranch.id, inNational.id, byMember2.id]));
    assert.deepEqual(new Set(postIds(await search(viewer, { q: word, group_id: org.branch.id }))), new Set([inBranch.id, byMember2.id]));
    assert.deepEqual(postIds(await search(viewer, { q: word, category_id: national.id })), [inNational.id]);
    assert.deepEqual(postIds(await search(viewer, { q: word, author_id: org.member2.person.id })), [byMember2.id]);
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
    assert.equal(postIds(await search(viewer, { q: word, from: yesterday, to: today })).length, 3);
    assert.deepEqual(postIds(await search(viewer, { q: word, to: yesterday })), []);
    assert.deepEqual(postIds(await search(viewer, { q: word, from: tomorrow })), []);
    await stack.sql.exec("UPDATE posts SET created_at = now() - interval '10 days' WHERE id = :'id'", { id: inBranch.id });
    const tenDaysAgo = new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10);
    assert.deepEqual(postIds(await search(viewer, { q: word, from: tenDaysAgo, to: tenDaysAgo })), [inBranch.id]);
  });

  test('pages with a cursor, every result once', async () => {
    const word = `marmot${process.pid}`;
    const made = [];
    for (let i = 0; i < 5; ++i) {
      const { post } = await createThread(org.moderator.client, publicCategory.id,
        { title: `Page ${i}`, body: `${`${word} `.repeat(i + 1)}end.` });
      made.push(post.id);
      await agePosts(stack, org.moderator.person.id);
    }
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const query = { q: word, limit: 2 };
      if (cursor) query.cursor = cursor;
      const page = await search(org.member.client, query);
      assert.ok(page.results.length <= 2);
      seen.push(...page.results);
      cursor = page.next_cursor;
      assert.ok(++pages < 20);
    } while (cursor);
    assert.deepEqual(new Set(postIds({ results: seen })), new Set(made));
    assert.equal(seen.length, 5);
    const ranks = seen.map((r) => r.rank);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a));
  });

  test('phrases: the words side by side and in order, however the query combines them', async () => {
    // Phrases are narrowed by the pairs of adjacent words a post holds (schema 0014): whatever
    // the narrowing, a search finds exactly the posts holding the phrase.
    const [w1, w2, w3] = ['otter', 'heron', 'stoat'].map((w) => `${w}${process.pid}`);
    const { thread } = await createThread(org.member.client, publicCategory.id, { title: 'Wildlife', body: 'Sightings.' });
    const body = async (text) => (await reply(org.member2.client, thread.id, { body: text })).id;
    const together = await body(`Yesterday the ${w1} ${w2} came back.`);
    const reversed = await body(`A ${w2} ${w1} is something else.`);
    const apart = await body(`The ${w1} walked far, and a ${w2} flew.`);
    const stopWords = await body(`One ${w1} of the ${w2} only.`);
    const three = await body(`All three: ${w1} ${w2} ${w3} in a row.`);
    const edited = await body(`Soon gone: ${w1} ${w2}.`);
    const hidden = await body(`Hidden: ${w1} ${w2}.`);
    const secret = (await createThread(org.member.client, membersCategory.id,
      { title: 'Members only', body: `Members see ${w1} ${w2} here.` })).post.id;
    await agePosts(stack, org.member.person.id);
    await agePosts(stack, org.member2.person.id);
    expectStatus(await org.member2.client.patch(`/api/v1/posts/${edited}`, { body: `Now ${w2} and ${w1}.` }), 200);
    expectStatus(await org.moderator.client.post(`/api/v1/posts/${hidden}/hide`, { reason: 'Test' }), 200);

    const found = async (q, viewer = org.member2) => new Set(postIds(await search(viewer.client, { q })));
    assert.deepEqual(await found(`"${w1} ${w2}"`), new Set([together, three, secret]));
    assert.deepEqual(await found(`"${w1} ${w2}"`, org.outsider), new Set([together, three]));
    assert.deepEqual(await found(`"${w2} ${w1}"`), new Set([reversed]));
    assert.deepEqual(await found(`"${w1} ${w2} ${w3}"`), new Set([three]));
    assert.deepEqual(await found(`"${w2} ${w3}" ${w1}`), new Set([three]));
    assert.deepEqual(await found(`"${w1} ${w2}" -${w3}`), new Set([together, secret]));
    assert.deepEqual(await found(`"${w2} ${w1}" or "${w2} ${w3}"`), new Set([reversed, three]));
    assert.deepEqual(await found(`"${w2} ${w1}" or ${w3}`), new Set([reversed, three]));
    assert.deepEqual(await found(`${w1} -"${w1} ${w2}"`), new Set([reversed, apart, stopWords, edited]));
    assert.deepEqual(await found(`"${w1} of the ${w2}"`), new Set([stopWords]));
    assert.deepEqual(await found(`${w1} ${w2}`),
      new Set([together, reversed, apart, stopWords, three, edited, secret]));
  });

  test('what a search must say', async () => {
    for (const query of [{}, { q: '   ' }, { q: 'x'.repeat(201) }, { q: 'a', group_id: 'x' },
      { q: 'a', from: 'last week' }, { q: 'a', cursor: 'nonsense' }, { q: 'a', limit: 500 }]) {
      const response = await org.member.client.get(`/api/v1/search?${new URLSearchParams(query)}`);
      assertRefused(response, 422);
    }
    // Only stop words: nothing to find, and no error.
    assert.deepEqual((await search(org.member.client, { q: 'the and of' })).results, []);
    // websearch syntax: quotes and minus.
    const word = `narwhal${process.pid}`;
    const { post: a } = await createThread(org.member.client, publicCategory.id, { title: 'W1', body: `${word} tusk ivory` });
    const { post: b } = await createThread(org.member.client, publicCategory.id, { title: 'W2', body: `${word} tusk whale` });
    await agePosts(stack, org.member.person.id);
    assert.deepEqual(postIds(await search(org.member.client, { q: `${word} -whale` })), [a.id]);
    assert.deepEqual(postIds(await search(org.member.client, { q: `"tusk whale" ${word}` })), [b.id]);
  });
});
