// Builders for the meetings tests: meetings, agenda items and live sockets made through the API.
import assert from 'node:assert/strict';

import { expectStatus } from '../lib/builders.mjs';
import { LiveSocket } from '../lib/harness.mjs';

export function hoursFrom(now, hours) {
  return new Date(now + hours * 3600_000).toISOString();
}

// The servers' present: the test clock moves during a file.
export async function serverNow(stack) {
  return Date.parse(await stack.advanceClock(0));
}

export async function scheduleMeeting(stack, officerClient, groupId, extra = {}) {
  const now = await serverNow(stack);
  const body = {
    title: 'Branch meeting', starts_at: hoursFrom(now, 100), ends_at: hoursFrom(now, 102),
    place: 'Leith Community Centre', online_url: 'https://meet.example.org/leith', ...extra };
  return expectStatus(await officerClient.post(`/api/v1/groups/${groupId}/meetings`, body), 201).meeting;
}

export async function addItem(officerClient, meetingId, body) {
  return expectStatus(await officerClient.post(`/api/v1/meetings/${meetingId}/agenda`, body), 201).item;
}

export async function meetingPage(client, meetingId) {
  return expectStatus(await client.get(`/api/v1/meetings/${meetingId}`), 200);
}

// A socket per client, subscribed to the meeting's room; refuses to go on if any was denied.
export async function meetingSockets(clients, meetingId) {
  const sockets = await Promise.all(clients.map((client) => LiveSocket.open(client)));
  await Promise.all(sockets.map(async (socket) => {
    const answer = await socket.subscribe([`meeting:${meetingId}`]);
    assert.deepEqual(answer.rooms, [`meeting:${meetingId}`], JSON.stringify(answer));
  }));
  return sockets;
}

// Waits until every socket has an event of `kind` matching `check` (the latest state wins).
export async function everyoneSees(sockets, kind, check, timeoutMs = 15_000) {
  return Promise.all(sockets.map((socket) =>
    socket.next((m) => m.type === 'event' && m.kind === kind && check(m.data), { timeoutMs })));
}
