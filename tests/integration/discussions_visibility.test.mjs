// The visibility matrix: every role × every category visibility × listing categories, reading a
// thread, posting in it and following its live room. Each answer is either allowed or a clear
// 401/403 problem; nothing is shown in a list that cannot be opened.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectStatus } from '../lib/builders.mjs';
import { ApiClient, LiveSocket, Stack, explain } from '../lib/harness.mjs';
import {
  assertDenied, createCategory, createThread, groupTree, personWithRole, seasonedAccount,
} from './discussions_lib.mjs';

const visibilities = ['public', 'supporters', 'members', 'officers'];

// What each person may do in each visibility: null = allowed, else [status, code]. The same table
// as the policy's unit test, seen through HTTP.
const signIn = [401, 'sign_in_required'];
// Writing needs a session before anything else is looked at.
const noSession = [401, 'unauthenticated'];
const expected = {
  'signed out': {
    read: [null, signIn, signIn, signIn],
    post: [noSession, noSession, noSession, noSession],
  },
  'no membership': {
    read: [null, [403, 'not_a_supporter'], [403, 'not_a_member'], [403, 'not_an_officer']],
    post: [[403, 'not_a_supporter'], [403, 'not_a_supporter'], [403, 'not_a_member'], [403, 'not_an_officer']],
  },
  supporter: {
    read: [null, null, [403, 'not_a_member'], [403, 'not_an_officer']],
    post: [null, null, [403, 'not_a_member'], [403, 'not_an_officer']],
  },
  member: {
    read: [null, null, null, [403, 'not_an_officer']],
    post: [null, null, null, [403, 'not_an_officer']],
  },
  moderator: {
    read: [null, null, null, [403, 'not_an_officer']],
    post: [null, null, null, [403, 'not_an_officer']],
  },
  officer: { read: [null, null, null, null], post: [null, null, null, null] },
  'officer of the parent group': { read: [null, null, null, null], post: [null, null, null, null] },
  'site admin': { read: [null, null, null, null], post: [null, null, null, null] },
};

let stack;
const people = {};
const categories = {};
const threads = {};
const sockets = [];

before(async () => {
  stack = await Stack.start();
  const admin = await seasonedAccount(stack, { displayName: 'Site Admin' });
  const { parent, branch } = await groupTree(admin.client, 'Matrix');
  people['site admin'] = admin.client;
  people['signed out'] = new ApiClient(stack.server);
  people['no membership'] = (await seasonedAccount(stack)).client;
  for (const role of ['supporter', 'member', 'moderator', 'officer']) {
    people[role] = (await personWithRole(stack, admin.client, branch.id, role, { displayName: `The ${role}` })).client;
  }
  people['officer of the parent group'] =
    (await personWithRole(stack, admin.client, parent.id, 'officer')).client;
  people.branch = branch;
  for (const visibility of visibilities) {
    categories[visibility] = await createCategory(people.officer, branch.id, { name: `Matrix ${visibility}`, visibility });
    threads[visibility] = (await createThread(people.officer, categories[visibility].id,
      { title: `In ${visibility}`, body: `Only for ${visibility}.` })).thread;
  }
});

after(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await stack?.close();
});

function check(response, outcome, okStatus, what) {
  if (outcome === null) {
    assert.equal(response.status, okStatus, `${what}: ${explain(response)}`);
  } else {
    assertDenied(response, outcome[0], outcome[1]);
  }
}

describe('visibility matrix', () => {
  for (const who of Object.keys(expected)) {
    test(`${who}: list categories, read, post, follow live`, async () => {
      const client = people[who];
      const listing = expectStatus(await client.get(`/api/v1/groups/${people.branch.id}/categories`), 200);
      const listed = new Set(listing.categories.map((c) => c.id));
      const live = await LiveSocket.open(client);
      sockets.push(live);
      const rooms = visibilities.flatMap((v) => [`thread:${threads[v].id}`, `category:${categories[v].id}`]);
      const subscribed = await live.subscribe(rooms);

      for (const [index, visibility] of visibilities.entries()) {
        const readOutcome = expected[who].read[index];
        const postOutcome = expected[who].post[index];
        const what = `${who} in a ${visibility} category`;
        assert.equal(listed.has(categories[visibility].id), readOutcome === null, `${what}: listed?`);
        check(await client.get(`/api/v1/categories/${categories[visibility].id}`), readOutcome, 200, what);
        check(await client.get(`/api/v1/categories/${categories[visibility].id}/threads`), readOutcome, 200, what);
        const page = await client.get(`/api/v1/threads/${threads[visibility].id}`);
        check(page, readOutcome, 200, what);
        if (readOutcome === null) {
          assert.equal(page.json.posts[0].body_html.includes(`Only for ${visibility}.`), true);
          assert.equal(page.json.can.reply, postOutcome === null, `${what}: can.reply`);
        }
        check(await client.post(`/api/v1/threads/${threads[visibility].id}/posts`,
          { body: `${who} was here` }), postOutcome, 201, what);
        for (const room of [`thread:${threads[visibility].id}`, `category:${categories[visibility].id}`]) {
          assert.equal(subscribed.rooms.includes(room), readOutcome === null, `${what}: room ${room}`);
          if (readOutcome !== null) {
            const denial = subscribed.denied.find((d) => d.room === room);
            assert.ok(denial && denial.reason.length > 0, `${what}: denial of ${room}`);
          }
        }
      }
    });
  }

  test('unknown places are 404 for everyone', async () => {
    assertDenied(await people.member.get('/api/v1/threads/987654321'), 404);
    assertDenied(await people.member.get('/api/v1/categories/987654321'), 404);
    assertDenied(await people.member.get('/api/v1/posts/987654321'), 404);
    assertDenied(await people.member.get('/api/v1/threads/abc'), 404);
  });
});
