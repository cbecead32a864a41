// What the fault scripts share: the server's memory, a keep-alive load client that records every
// answer, and the vote storm with its exactly-once proof (the stack itself: ../stack.mjs).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

import { expectStatus } from '../../lib/builders.mjs';
import { sessionOf } from '../seed.mjs';

export const log = (text) => process.stderr.write(`[faults] ${text}\n`);

// Resident memory of a process in KiB (from /proc), or NaN when it is gone.
export function rssKiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

// One HTTP request on a keep-alive agent: {status, retryAfter, text, ms}; status 0 for a socket
// error or a time-out (never a hang).
export function request(agent, origin, method, urlPath, { headers = {}, body, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const outgoing = { ...headers };
    if (body !== undefined) {
      outgoing['content-type'] = 'application/json';
      outgoing['content-length'] = Buffer.byteLength(body);
    }
    const call = http.request(origin + urlPath, { method, agent, headers: outgoing, timeout: timeoutMs }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, retryAfter: response.headers['retry-after'],
        contentType: response.headers['content-type'], text: Buffer.concat(chunks).toString(), ms: elapsed() }));
      response.on('error', (error) => resolve({ status: 0, text: error.message, ms: elapsed() }));
    });
    call.on('timeout', () => call.destroy(new Error('timed out')));
    call.on('error', (error) => resolve({ status: 0, text: error.message, ms: elapsed() }));
    call.end(body);
  });
}

export function crockfordTracker() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return [...randomBytes(20)].map((byte) => alphabet[byte % 32]).join('');
}

// The storm's electors in random order, each with the marks and tracker it will send (a retry
// sends the same ones: casting is idempotent).
export async function stormVoters(stack, ballotId) {
  const rows = await stack.sql.rows(`SELECT p.n FROM ballot_electors e JOIN bench_people p USING (person_id)
    WHERE e.ballot_id = :'b' ORDER BY random()`, { b: ballotId });
  return rows.map(({ n }) => ({ n, marks: [1 + (n % 3)], tracker: crockfordTracker() }));
}

// Casts each voter's ballot from `connections` keep-alive connections, each sending its next
// ballot when the last was answered. server() is asked for every request (it changes across a
// restart). Stops sending when shouldStop(answers so far) says so. Returns the outcomes, in
// answer order.
export async function castAll({ server, ballotId, voters, connections = 200, shouldStop = () => false }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const outcomes = [];
  let next = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < voters.length && !shouldStop(outcomes.length)) {
      const voter = voters[next++];
      const { cookie, csrf } = sessionOf(voter.n);
      const origin = server().origin;
      const answer = await request(agent, origin, 'POST', `/api/v1/ballots/${ballotId}/votes`, {
        headers: { cookie, 'x-csrf-token': csrf, origin },
        body: JSON.stringify({ marks: voter.marks, tracker: voter.tracker }),
      });
      outcomes.push({ voter, ...answer });
    }
  }));
  agent.destroy();
  return outcomes;
}

// Closes the ballot and compares what it published with the acknowledged casts: the tracker
// hashes must be exactly those of the 2xx answers, once each, and the tallies must agree.
export async function proveStorm(stack, admin, ballotId, acknowledged) {
  expectStatus(await admin.post(`/api/v1/ballots/${ballotId}/close`), 200);
  const result = expectStatus(await admin.get(`/api/v1/ballots/${ballotId}/results`), 200).result;
  const published = expectStatus(await admin.get(`/api/v1/ballots/${ballotId}/trackers`), 200).trackers;
  const hashes = acknowledged.map((v) => createHash('sha256').update(v.tracker).digest('hex'));
  const publishedSet = new Set(published);
  const acknowledgedSet = new Set(hashes);
  const expected = { yes: 0, no: 0, abstain: 0 };
  for (const v of acknowledged) expected[['yes', 'no', 'abstain'][v.marks[0] - 1]] += 1;
  const proof = {
    acknowledged: acknowledged.length,
    counted: result.cast,
    published: published.length,
    missing: hashes.filter((h) => !publishedSet.has(h)).length,
    unacknowledged: published.filter((h) => !acknowledgedSet.has(h)).length,
    duplicates: published.length - publishedSet.size,
    tallyAgrees: result.yes === expected.yes && result.no === expected.no && result.abstain === expected.abstain,
    participation: await stack.sql.count('ballot_participation', "ballot_id = :'b'", { b: ballotId }),
  };
  proof.exact = proof.missing === 0 && proof.unacknowledged === 0 && proof.duplicates === 0 &&
    proof.counted === proof.acknowledged && proof.participation === proof.acknowledged && proof.tallyAgrees;
  return proof;
}

export function countStatuses(outcomes) {
  const statuses = {};
  for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  return Object.entries(statuses).map(([s, c]) => `${s === '0' ? 'no answer' : s}: ${c}`).join(', ');
}
