// The web app's pure client logic, run in node without a browser: the live connection's
// reconnect, replay and de-duplication; the group tree built from the flat list; and how
// problem+json answers become messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createApiClient, errorFromResponse } from '../../web/js/api.js';
import { buildGroupTree } from '../../web/js/group-tree.js';
import { LiveConnection, retryDelay } from '../../web/js/live.js';

class FakeSocket {
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.listeners = {};
    this.closed = false;
  }
  addEventListener(type, listener) {
    (this.listeners[type] ??= []).push(listener);
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.closed = true;
  }
  receive(message) {
    for (const listener of this.listeners.message ?? []) listener({ data: JSON.stringify(message) });
  }
  drop() {
    for (const listener of this.listeners.close ?? []) listener({});
  }
}

// Timers that run only when the test says so.
function fakeTimers() {
  let nextId = 1;
  const pending = new Map();
  return {
    pending,
    setTimeout(fn, ms) {
      const id = nextId++;
      pending.set(id, { fn, ms, repeat: false });
      return id;
    },
    setInterval(fn, ms) {
      const id = nextId++;
      pending.set(id, { fn, ms, repeat: true });
      return id;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    clearInterval(id) {
      pending.delete(id);
    },
    runTimeouts() {
      for (const [id, timer] of [...pending]) {
        if (timer.repeat) continue;
        pending.delete(id);
        timer.fn();
      }
    },
    runIntervals() {
      for (const timer of [...pending.values()]) if (timer.repeat) timer.fn();
    },
    delays: () => [...pending.values()].filter((t) => !t.repeat).map((t) => t.ms),
  };
}

function liveHarness() {
  const sockets = [];
  const statuses = [];
  const events = [];
  const timers = fakeTimers();
  let clock = 0;
  const live = new LiveConnection({
    url: 'ws://example.test/api/v1/live',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    onStatus: (status) => statuses.push(status),
    onEvent: (event) => events.push(event),
    timers,
    now: () => clock,
    random: () => 1,
  });
  return { live, sockets, statuses, events, timers, advance: (ms) => { clock += ms; } };
}

test('subscribes after hello, replays from the last event after a reconnect, drops duplicates', () => {
  const { live, sockets, statuses, events, timers } = liveHarness();
  live.setRooms(['person:7']);
  live.start();
  assert.deepEqual(statuses, ['connecting']);
  assert.deepEqual(sockets[0].sent, [], 'nothing is sent before the hello');

  sockets[0].receive({ type: 'hello', person_id: 7 });
  assert.deepEqual(statuses, ['connecting', 'connected']);
  assert.deepEqual(sockets[0].sent, [{ type: 'subscribe', rooms: ['person:7'] }], 'no since on the first connection');

  live.setRooms(['person:7', 'group:3']);
  assert.deepEqual(sockets[0].sent.at(-1), { type: 'subscribe', rooms: ['group:3'] }, 'only the new room');

  sockets[0].receive({ type: 'event', id: 41, room: 'group:3', kind: 'member.added', data: {} });
  sockets[0].receive({ type: 'event', id: 42, room: 'group:3', kind: 'member.updated', data: {} });
  sockets[0].receive({ type: 'event', id: 41, room: 'group:3', kind: 'member.added', data: {} });
  assert.deepEqual(events.map((e) => e.id), [41, 42]);

  sockets[0].drop();
  assert.equal(statuses.at(-1), 'reconnecting');
  timers.runTimeouts();
  assert.equal(sockets.length, 2, 'a new socket after the delay');
  sockets[1].receive({ type: 'hello', person_id: 7 });
  assert.deepEqual(sockets[1].sent, [{ type: 'subscribe', rooms: ['person:7', 'group:3'], since: 42 }]);
  // The replay overlaps what was already seen.
  sockets[1].receive({ type: 'event', id: 42, room: 'group:3', kind: 'member.updated', data: {} });
  sockets[1].receive({ type: 'event', id: 43, room: 'group:3', kind: 'member.removed', data: {} });
  assert.deepEqual(events.map((e) => e.id), [41, 42, 43]);
  assert.equal(statuses.at(-1), 'connected');

  live.setRooms(['person:7']);
  assert.deepEqual(sockets[1].sent.at(-1), { type: 'unsubscribe', rooms: ['group:3'] });
});

test('backs off between failed attempts up to a ceiling, and starts again after success', () => {
  const { live, sockets, timers } = liveHarness();
  live.start();
  const delays = [];
  for (let attempt = 0; attempt < 8; attempt += 1) {
    sockets.at(-1).drop();
    delays.push(...timers.delays());
    timers.runTimeouts();
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  sockets.at(-1).receive({ type: 'hello', person_id: null });
  sockets.at(-1).drop();
  assert.deepEqual(timers.delays(), [1000], 'a successful hello resets the backoff');
  assert.ok(retryDelay(3, () => 0) >= 4000, 'jitter never goes below half the step');
});

test('pings every interval and treats a silent connection as dead', () => {
  const { live, sockets, statuses, timers, advance } = liveHarness();
  live.start();
  sockets[0].receive({ type: 'hello', person_id: 7 });
  advance(25_000);
  timers.runIntervals();
  assert.deepEqual(sockets[0].sent.at(-1), { type: 'ping' });
  sockets[0].receive({ type: 'pong' });
  advance(61_000);
  timers.runIntervals();
  assert.ok(sockets[0].closed, 'no answer for a minute closes the socket');
  assert.equal(statuses.at(-1), 'reconnecting');
  live.stop();
  assert.equal(statuses.at(-1), 'stopped');
  assert.equal(timers.delays().length, 0, 'stop cancels the pending reconnect');
});

test('the tree nests tree kinds under their parents and lists the others beside it', () => {
  const groups = [
    { id: 4, name: 'City Hospital', kind: 'workplace', parent_id: 3 },
    { id: 3, name: 'Riverside Branch', kind: 'branch', parent_id: 2 },
    { id: 2, name: 'North Region', kind: 'region', parent_id: 1 },
    { id: 9, name: 'Allotments', kind: 'community', parent_id: null },
    { id: 10, name: 'Allotments East', kind: 'community', parent_id: 9 },
    { id: 1, name: 'National', kind: 'national', parent_id: null },
    { id: 5, name: 'Another Branch', kind: 'branch', parent_id: 2 },
    { id: 6, name: 'Orphan Branch', kind: 'branch', parent_id: 77 },
  ];
  const { tree, beside } = buildGroupTree(groups);
  const shape = (nodes) => nodes.map((n) => (n.children.length ? [n.group.name, shape(n.children)] : n.group.name));
  assert.deepEqual(shape(tree), [['National', [['North Region', ['Another Branch', 'Riverside Branch']]]], 'Orphan Branch']);
  assert.deepEqual(shape(beside), [['Allotments', ['Allotments East']], 'City Hospital']);
  assert.equal(beside[1].parent.name, 'Riverside Branch', 'a workplace names the branch it sits in');
});

function response(status, body, headers = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

test('problems become messages people can act on', async () => {
  const invalid = await errorFromResponse(response(422, { detail: 'Invalid values', errors: [{ field: 'password', message: 'Too common.' }] }));
  assert.deepEqual(invalid.fieldErrors, [{ field: 'password', message: 'Too common.' }]);
  const limited = await errorFromResponse(response(429, { detail: 'Slow down.' }, { 'retry-after': '120' }));
  assert.match(limited.detail, /^Slow down\. Please wait 2 minutes/);
  const busy = await errorFromResponse(response(503, { detail: 'db down' }, { 'retry-after': '5' }));
  assert.match(busy.detail, /try again in 5 seconds/);
  const denied = await errorFromResponse(response(403, { detail: 'Only members of X can see its members.', code: 'not_a_member' }));
  assert.equal(denied.detail, 'Only members of X can see its members.');
  assert.equal(denied.code, 'not_a_member');
});

test('the CSRF token goes with every state-changing request and is refreshed once when stale', async () => {
  const calls = [];
  let token = 'old';
  const fetchImpl = async (url, options) => {
    calls.push({ url, method: options.method, token: options.headers['X-CSRF-Token'] });
    if (url === '/api/v1/session') return new Response(JSON.stringify({ person: { id: 1 }, csrf_token: token }), { status: 200, headers: { 'content-type': 'application/json' } });
    if (options.headers['X-CSRF-Token'] !== 'new') return response(403, { detail: 'stale', code: 'csrf_token_missing' });
    return new Response(null, { status: 204 });
  };
  const api = createApiClient({ fetchImpl });
  await api.loadSession();
  token = 'new';
  assert.equal(await api.delete('/sessions/5'), null);
  assert.deepEqual(calls.map((c) => [c.method, c.url, c.token]), [
    ['GET', '/api/v1/session', undefined],
    ['DELETE', '/api/v1/sessions/5', 'old'],
    ['GET', '/api/v1/session', undefined],
    ['DELETE', '/api/v1/sessions/5', 'new'],
  ]);
  const network = createApiClient({ fetchImpl: async () => { throw new TypeError('offline'); } });
  await assert.rejects(network.get('/groups'), (error) => error.status === 0 && /Could not reach Plenary/.test(error.detail));
});
