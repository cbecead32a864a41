// Builders for the stories tests: a story sent in through the API, and the review steps.
import { expectStatus } from '../lib/builders.mjs';

let storyCounter = 0;

export function storyBody(overrides = {}) {
  return {
    title: `How we saved the library ${process.pid}.${++storyCounter}`,
    body: 'We collected **2,000 signatures** in a fortnight and the council changed its mind.',
    place: 'Riverside',
    what_worked: 'Stalls outside the library every Saturday.',
    contact: 'Ring me on 07700 900123',
    ...overrides,
  };
}

export async function submitStory(client, overrides = {}) {
  return expectStatus(await client.post('/api/v1/stories', storyBody(overrides)), 201).story;
}

export async function accept(client, storyId, note) {
  const body = note === undefined ? {} : { note };
  return expectStatus(await client.post(`/api/v1/stories/${storyId}/accept`, body), 200).story;
}

export async function notificationsOf(client) {
  return expectStatus(await client.get('/api/v1/notifications'), 200).notifications;
}

// The newest mail of `kind` to `email`, or null.
export async function lastMail(stack, email, kind) {
  return stack.sql.row(
    "SELECT subject, body_text FROM mail_outbox WHERE kind = :'kind' AND lower(to_address) = lower(:'email') " +
    'ORDER BY id DESC LIMIT 1', { kind, email });
}
