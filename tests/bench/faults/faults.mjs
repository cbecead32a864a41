// The fault runs of issue 7, each printing a result table:
//   overload   10× the connections of a sustainable read/write load: 503 + Retry-After when the
//              queues are full, memory bounded, no crash, every acknowledged reply stored
//   kill       kill -9 of the server in the middle of the vote storm, restart, the rest of the
//              storm (a voter whose answer was lost retries with the same tracker): the published
//              trackers are exactly the acknowledged ones, once each
//   pgrestart  PostgreSQL restarted (stop -m fast, start) under a mixed read/write load: 503 (not
//              500, not a hang) meanwhile, recovery without a server restart, its time, and every
//              acknowledged reply stored
//
//   tests/bench/faults/run [--only overload,kill,pgrestart] [--scale 0.1] [--seconds 10] [--out FILE]
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { expectStatus } from '../../lib/builders.mjs';
import { sleep } from '../../lib/harness.mjs';
import { castAll, countStatuses, log, proveStorm, request, rssKiB, stormVoters } from './lib.mjs';
import { startServer, startStack } from '../stack.mjs';
import { clientFor, membersOfBranch, seed, sessionOf } from '../seed.mjs';
import { fmt, percentile, table } from '../tools.mjs';

const { values: options } = parseArgs({
  options: {
    only: { type: 'string', default: 'overload,kill,pgrestart' },
    scale: { type: 'string', default: '0.1' },
    seconds: { type: 'string', default: '10' },
    out: { type: 'string' },
  },
});
const only = new Set(options.only.split(','));
const seconds = Number(options.seconds);
const report = [];
const say = (text = '') => {
  report.push(text);
  process.stdout.write(text + '\n');
};

// ---------------------------------------------------------------------------------------------
// A mixed load: readers of the big thread page (signed out) and writers of replies (members
// posting in their own branch's threads, rotating so nobody meets the posting guard). Every
// answer is recorded with the time it came; every reply has a unique body to find it by.

async function replyAuthors(stack, seeded) {
  const rows = await stack.sql.rows(`
    SELECT p.n, (SELECT t.thread_id FROM bench_threads t WHERE t.branch = p.branch AND t.ordinal > 1
                 ORDER BY t.ordinal LIMIT 1) AS thread_id
    FROM bench_people p JOIN memberships m ON m.person_id = p.person_id
    WHERE m.role IN ('member', 'officer') ORDER BY p.n`);
  return rows.filter((r) => r.thread_id).map((r) => ({ ...r, ...sessionOf(r.n) }));
}

function mixedLoad({ server, seeded, authors, readers, writers }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: readers + writers });
  const answers = [];
  const acknowledged = [];
  let stopped = false;
  let nextAuthor = 0;
  const started = Date.now();
  const reader = async () => {
    while (!stopped) {
      const answer = await request(agent, server().origin, 'GET', `/api/v1/threads/${seeded.bigThread.id}?limit=50`, { timeoutMs: 20_000 });
      answers.push({ kind: 'read', at: Date.now() - started, status: answer.status, retryAfter: answer.retryAfter,
        problem: answer.contentType?.startsWith('application/problem+json'), ms: answer.ms });
      if (answer.status === 0 || answer.status === 503) await sleep(50);  // as a client backing off a little
    }
  };
  const writer = async () => {
    while (!stopped) {
      const author = authors[nextAuthor++ % authors.length];
      const body = `Fault reply ${randomUUID()}`;
      const origin = server().origin;
      const answer = await request(agent, origin, 'POST', `/api/v1/threads/${author.thread_id}/posts`, {
        headers: { cookie: author.cookie, 'x-csrf-token': author.csrf, origin }, body: JSON.stringify({ body }), timeoutMs: 20_000 });
      answers.push({ kind: 'write', at: Date.now() - started, status: answer.status, retryAfter: answer.retryAfter,
        problem: answer.contentType?.startsWith('application/problem+json'), ms: answer.ms });
      if (answer.status >= 200 && answer.status < 300) acknowledged.push(body);
      if (answer.status === 0 || answer.status === 503) await sleep(50);
    }
  };
  const running = Promise.all([...Array.from({ length: readers }, reader), ...Array.from({ length: writers }, writer)]);
  return {
    answers,
    acknowledged,
    started,
    async stop() {
      stopped = true;
      await running;
      agent.destroy();
    },
  };
}

async function missingReplies(stack, bodies) {
  let stored = 0;
  // In slices: psql takes the list as one argument, and arguments have a size limit.
  for (let i = 0; i < bodies.length; i += 1000) {
    const slice = bodies.slice(i, i + 1000);
    stored += Number(await stack.sql.value(
      "SELECT count(*) FROM posts WHERE body_source = ANY(string_to_array(:'bodies', '|'))", { bodies: slice.join('|') }));
  }
  return bodies.length - stored;
}

function summarise(answers, kind) {
  const mine = answers.filter((a) => a.kind === kind);
  const ok = mine.filter((a) => a.status >= 200 && a.status < 300);
  const busy = mine.filter((a) => a.status === 503);
  return {
    total: mine.length,
    ok: ok.length,
    busy: busy.length,
    busyWithRetryAfter: busy.filter((a) => Number(a.retryAfter) > 0 && a.problem).length,
    serverErrors: mine.filter((a) => a.status >= 500 && a.status !== 503).length,
    noAnswer: mine.filter((a) => a.status === 0).length,
    other: mine.filter((a) => a.status !== 0 && a.status !== 503 && (a.status < 200 || a.status >= 300) && a.status < 500).length,
    p50: percentile(ok.map((a) => a.ms), 50),
    p99: percentile(ok.map((a) => a.ms), 99),
    max: Math.max(0, ...mine.map((a) => a.ms)),
  };
}

// ---------------------------------------------------------------------------------------------
// overload

async function overload(stack, seeded) {
  const server = stack.server;
  const authors = await replyAuthors(stack, seeded);
  const phases = [
    { name: 'sustainable (64 readers, 16 writers)', readers: 64, writers: 16 },
    { name: '10× (640 readers, 160 writers)', readers: 640, writers: 160 },
  ];
  const rows = [];
  let allAcknowledged = [];
  let crashed = false;
  let peakRss = 0;
  const rssStart = rssKiB(server.pid);
  for (const phase of phases) {
    log(`overload: ${phase.name} for ${seconds} s`);
    const load = mixedLoad({ server: () => server, seeded, authors, readers: phase.readers, writers: phase.writers });
    const samples = [];
    const sampler = setInterval(() => samples.push(rssKiB(server.pid)), 250);
    await sleep(seconds * 1000);
    clearInterval(sampler);
    await load.stop();
    crashed ||= server.exited;
    const phaseRss = Math.max(...samples.filter(Number.isFinite));
    peakRss = Math.max(peakRss, phaseRss);
    allAcknowledged = allAcknowledged.concat(load.acknowledged);
    for (const kind of ['read', 'write']) {
      const s = summarise(load.answers, kind);
      rows.push([phase.name, kind === 'read' ? 'thread page' : 'reply', fmt.rate(s.total / seconds), fmt.rate(s.ok / seconds),
        fmt.ms(s.p50), fmt.ms(s.p99), `${s.busy} (${s.busyWithRetryAfter} with Retry-After)`, `${s.serverErrors}`,
        `${s.noAnswer}`, `${s.other}`, `${fmt.int(phaseRss / 1024)} MiB`]);
    }
  }
  const alive = !server.exited && (await fetch(`${server.origin}/healthz`).then((r) => r.status).catch(() => 0)) === 200;
  const missing = await missingReplies(stack, allAcknowledged);
  say(`### Overload: 10× the connections of a sustainable mixed load, ${seconds} s each`);
  say();
  say(table(['load', 'request', 'answers/s', '2xx/s', '2xx p50 ms', '2xx p99 ms', '503', 'other 5xx', 'no answer', 'other 4xx', 'peak RSS'], rows));
  say();
  say(`RSS at the start ${fmt.int(rssStart / 1024)} MiB, peak ${fmt.int(peakRss / 1024)} MiB. Server still up and healthy afterwards: ` +
    `${alive && !crashed ? 'yes' : 'NO'}. Acknowledged replies: ${fmt.int(allAcknowledged.length)}, missing from the database: ${missing}` +
    `${missing === 0 ? '' : ' (ACKNOWLEDGED WRITES LOST)'}.`);
  say();
  return alive && !crashed && missing === 0;
}

// ---------------------------------------------------------------------------------------------
// kill -9 in the vote storm

async function killStorm(stack, seeded) {
  const ballotId = seeded.storm.id;
  const voters = await stormVoters(stack, ballotId);
  let server = stack.server;
  const port = server.port;
  const killAfter = Math.floor(voters.length * 0.4);
  log(`kill: storm of ${voters.length} ballots, kill -9 after ${killAfter} answers`);
  let killedAt = null;
  const firstRun = castAll({
    server: () => server, ballotId, voters,
    shouldStop: (answered) => {
      if (killedAt === null && answered >= killAfter) {
        killedAt = Date.now();
        process.kill(server.pid, 'SIGKILL');
      }
      return killedAt !== null;
    },
  });
  const first = await firstRun;
  await server.exitPromise;
  const killedServer = server;
  stack.servers = stack.servers.filter((s) => s !== killedServer);
  const restartStarted = Date.now();
  server = await startServer(stack, { port });
  const restartMs = Date.now() - restartStarted;

  // Whoever got no answer, or never sent, votes (again) with the same tracker and marks.
  const acknowledgedFirst = first.filter((o) => o.status >= 200 && o.status < 300);
  const done = new Set(acknowledgedFirst.map((o) => o.voter.n));
  const rest = voters.filter((v) => !done.has(v.n));
  const second = await castAll({ server: () => server, ballotId, voters: rest });
  const all = [...first, ...second];
  const acknowledged = all.filter((o) => o.status >= 200 && o.status < 300).map((o) => o.voter);
  const retried = second.filter((o) => o.status === 200).length;  // 200: already stored before the kill
  const proof = await proveStorm(stack, seeded.admin.client, ballotId, acknowledged);
  say(`### kill -9 during the vote storm (${fmt.int(voters.length)} electors, 200 connections)`);
  say();
  say(table(['answers before the kill', 'answers after the restart', 'server back after', 'stored before the kill, answered 200 on retry',
    'acknowledged', 'counted', 'published trackers', 'exactly the 2xx, once each'], [[
    countStatuses(first), countStatuses(second), `${fmt.int(restartMs)} ms`, fmt.int(retried),
    fmt.int(proof.acknowledged), fmt.int(proof.counted), fmt.int(proof.published),
    proof.exact ? 'yes' : `NO (${JSON.stringify(proof)})`]]));
  say();
  return proof.exact;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL restarted under load

async function pgRestart(stack, seeded) {
  const server = stack.server;
  const authors = await replyAuthors(stack, seeded);
  const load = mixedLoad({ server: () => server, seeded, authors, readers: 16, writers: 8 });
  await sleep(3000);
  log('pgrestart: stopping PostgreSQL (fast)');
  const stopAt = Date.now();
  await stack.cluster.stop();
  const downMs = Date.now() - stopAt;
  await sleep(2000);
  await stack.cluster.start();
  const upAt = Date.now();
  log(`pgrestart: PostgreSQL back after ${((upAt - stopAt) / 1000).toFixed(1)} s`);
  await sleep(Math.max(8000, seconds * 1000));
  await load.stop();
  // Answer times are recorded relative to the load's start.
  const rel = (t) => t - load.started;
  const during = load.answers.filter((a) => a.at >= rel(stopAt) && a.at <= rel(upAt));
  const after = load.answers.filter((a) => a.at > rel(upAt));
  const firstOkAfter = (kind) => after.find((a) => a.kind === kind && a.status >= 200 && a.status < 300);
  const recoveryRead = firstOkAfter('read');
  const recoveryWrite = firstOkAfter('write');
  const failedAfterRecovery = after.filter((a) => recoveryWrite && a.at > recoveryWrite.at + 1000 && (a.status < 200 || a.status >= 300)).length;
  const missing = await missingReplies(stack, load.acknowledged);
  const rows = [];
  for (const [name, answers] of [['while PostgreSQL was down', during], ['after it was back', after]]) {
    for (const kind of ['read', 'write']) {
      const s = summarise(answers, kind);
      rows.push([name, kind === 'read' ? 'thread page' : 'reply', fmt.int(s.total), fmt.int(s.ok),
        `${s.busy} (${s.busyWithRetryAfter} with Retry-After)`, `${s.serverErrors}`, `${s.noAnswer}`, fmt.ms(s.max)]);
    }
  }
  const alive = !server.exited;
  say(`### PostgreSQL restarted under a mixed load (16 readers, 8 writers); stop took ${fmt.int(downMs)} ms, down ${fmt.int(upAt - stopAt)} ms in all`);
  say();
  say(table(['period', 'request', 'answers', '2xx', '503', 'other 5xx', 'no answer', 'slowest ms'], rows));
  say();
  say(`Recovery after PostgreSQL accepted connections again: first 2xx read after ${recoveryRead ? fmt.int(recoveryRead.at - rel(upAt)) : '–'} ms, ` +
    `first 2xx reply after ${recoveryWrite ? fmt.int(recoveryWrite.at - rel(upAt)) : '–'} ms; failures more than 1 s after that: ${failedAfterRecovery}. ` +
    `Server process the same throughout: ${alive ? 'yes' : 'NO'}. Acknowledged replies ${fmt.int(load.acknowledged.length)}, ` +
    `missing from the database: ${missing}${missing === 0 ? '' : ' (ACKNOWLEDGED WRITES LOST)'}.`);
  say();
  const serverErrors = summarise(load.answers, 'read').serverErrors + summarise(load.answers, 'write').serverErrors;
  return alive && missing === 0 && recoveryWrite && serverErrors === 0;
}

// ---------------------------------------------------------------------------------------------

const stack = await startStack({ database: 'plenary_faults' });
let failed = false;
try {
  log(`seeding at scale ${options.scale}`);
  const seeded = await seed(stack, { scale: Number(options.scale), log });
  const cpu = os.cpus();
  say(`## Plenary fault runs, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  say();
  say(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}. ` +
    `Command: \`tests/bench/faults/run --only ${options.only} --scale ${options.scale} --seconds ${seconds}\`; server defaults ` +
    `(2 network threads, ${process.env.PLENARY_DB_CONNECTIONS ?? 16} database connections, a queue of 512 database jobs), PostgreSQL 15 with fsync on.`);
  say();
  // A warm-up, so the first figures are not the cold caches'.
  const member = (await membersOfBranch(stack, seeded.bigThread.branch, 1))[0];
  expectStatus(await clientFor(stack.server, member.n).get(`/api/v1/threads/${seeded.bigThread.id}?limit=50`), 200);
  const results = {};
  if (only.has('overload')) results.overload = await overload(stack, seeded);
  if (only.has('pgrestart')) results.pgrestart = await pgRestart(stack, seeded);
  if (only.has('kill')) results.kill = await killStorm(stack, seeded);
  say(`Passed: ${Object.entries(results).map(([name, ok]) => `${name} ${ok ? 'yes' : 'NO'}`).join(', ')}.`);
  failed = Object.values(results).some((ok) => !ok);
} catch (error) {
  failed = true;
  console.error(error);
  for (const server of stack.servers) console.error(server.stderrTail(20));
} finally {
  if (options.out) fs.writeFileSync(options.out, report.join('\n') + '\n');
  await stack.close().catch((error) => { console.error(error.message); });
}
process.exit(failed ? 1 : 0);
