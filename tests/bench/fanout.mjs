// Live fan-out (issue 7, measurement 4): N WebSocket clients (signed out, several client
// processes) follow one public thread; replies are POSTed one at a time and each reply's event is
// timed from the moment its POST was sent to its arrival at every client. Also the server's
// memory per idle connection: resident memory before the clients connect and after they have all
// subscribed, divided by N.
//
//   tests/bench/fanout [--clients 5000] [--processes 4] [--replies 10] [--out FILE]
//
// Clocks: every process reads performance.timeOrigin + performance.now(), the same wall clock
// with sub-millisecond resolution on one machine.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import WebSocket from 'ws';

const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------
// A client process: opens its share of the connections, subscribes them, reports arrivals.

async function clientProcess() {
  const { url, room, count, origin } = JSON.parse(process.env.FANOUT_WORKER);
  const sockets = [];
  const arrivals = new Map();  // event id → [arrival times]
  let subscribed = 0;
  let failed = 0;
  const openOne = () => new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { origin }, perMessageDeflate: false });
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      if (ok) subscribed += 1; else failed += 1;
      resolve();
    };
    ws.on('message', (data) => {
      const text = String(data);
      // Only the fields needed, without parsing every message of a big fan-out twice.
      if (text.includes('"type":"event"')) {
        const at = now();
        const id = Number(/"id":(\d+)/.exec(text)?.[1]);
        if (!arrivals.has(id)) arrivals.set(id, []);
        arrivals.get(id).push(at);
        return;
      }
      const message = JSON.parse(text);
      if (message.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', rooms: [room] }));
      else if (message.type === 'subscribed') finish(message.rooms.includes(room));
      else if (message.type === 'error') finish(false);
    });
    ws.on('error', () => finish(false));
    ws.on('close', () => finish(false));
    setTimeout(() => finish(false), 60_000).unref();
    sockets.push(ws);
  });
  // A few at a time: the server's database pool authenticates each new connection.
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, openOne));
  }
  process.send({ type: 'ready', subscribed, failed });
  process.on('message', (message) => {
    if (message.type === 'report') {
      process.send({ type: 'arrivals', arrivals: [...arrivals.entries()],
        open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length });
    } else if (message.type === 'exit') {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The runner

async function main() {
  const { values: options } = parseArgs({
    options: {
      clients: { type: 'string', default: '5000' },
      processes: { type: 'string', default: String(Math.max(2, Math.min(4, os.cpus().length * 2))) },
      replies: { type: 'string', default: '10' },
      out: { type: 'string' },
    },
  });
  const clients = Number(options.clients);
  const processes = Number(options.processes);
  const replies = Number(options.replies);
  const { startStack, rssKiB, log } = await import('./faults/lib.mjs');
  const { createGroup, expectStatus, registerAccount } = await import('../lib/builders.mjs');
  const { percentile, fmt, table } = await import('./tools.mjs');
  const { sleep } = await import('../lib/harness.mjs');

  const stack = await startStack();
  const report = [];
  const say = (text = '') => { report.push(text); process.stdout.write(text + '\n'); };
  let failed = false;
  const workers = [];
  try {
    const server = stack.server;
    const admin = await registerAccount(stack, { displayName: 'Fan-out Admin' });
    // An established account, so the posting guard treats it as one.
    await stack.sql.exec("UPDATE persons SET created_at = now() - interval '400 days' WHERE id = :'id'", { id: admin.person.id });
    const group = await createGroup(admin.client, { name: 'Fan-out Branch', kind: 'branch' });
    const category = expectStatus(await admin.client.post(`/api/v1/groups/${group.id}/categories`,
      { name: 'General', visibility: 'public' }), 201).category;
    const thread = expectStatus(await admin.client.post(`/api/v1/categories/${category.id}/threads`,
      { title: 'The thread everyone watches', body: 'Watch this space.' }), 201).thread;
    const room = `thread:${thread.id}`;
    await sleep(1000);
    const rssBefore = rssKiB(server.pid);

    log(`opening ${clients} WebSocket clients from ${processes} processes`);
    const openedAt = Date.now();
    const ready = [];
    for (let p = 0; p < processes; ++p) {
      const count = Math.floor(clients / processes) + (p < clients % processes ? 1 : 0);
      const worker = fork(fileURLToPath(import.meta.url), [], {
        env: { ...process.env, FANOUT_WORKER: JSON.stringify({
          url: server.origin.replace(/^http/, 'ws') + '/api/v1/live', room, count, origin: server.origin }) },
      });
      workers.push(worker);
      ready.push(new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
      }));
    }
    const readiness = await Promise.all(ready);
    const subscribed = readiness.reduce((sum, r) => sum + r.subscribed, 0);
    const refused = readiness.reduce((sum, r) => sum + r.failed, 0);
    log(`${subscribed} subscribed, ${refused} failed, in ${((Date.now() - openedAt) / 1000).toFixed(1)} s`);
    await sleep(2000);
    const rssIdle = rssKiB(server.pid);

    // One reply at a time, each after the last one's event reached everyone (or 5 s passed).
    const sent = new Map();
    for (let i = 0; i < replies; ++i) {
      await stack.advanceClock(61);  // past the posting guard's minute
      const before = now();
      const response = await admin.client.post(`/api/v1/threads/${thread.id}/posts`, { body: `Reply ${i + 1} for everyone.` });
      expectStatus(response, 201);
      const eventId = Number(await stack.sql.value(
        "SELECT max(id) FROM events WHERE room = :'room' AND kind = 'post.created'", { room }));
      sent.set(eventId, before);
      await sleep(1500);
    }
    const reports = await Promise.all(workers.map((worker) => new Promise((resolve) => {
      worker.once('message', resolve);
      worker.send({ type: 'report' });
    })));
    const rssAfter = rssKiB(server.pid);
    const latencies = [];
    const lastArrivals = [];
    let delivered = 0;
    for (const [eventId, postedAt] of sent) {
      let last = 0;
      for (const r of reports) {
        for (const [id, times] of r.arrivals) {
          if (id !== eventId) continue;
          for (const t of times) {
            latencies.push(t - postedAt);
            last = Math.max(last, t - postedAt);
            delivered += 1;
          }
        }
      }
      lastArrivals.push(last);
    }
    const stillOpen = reports.reduce((sum, r) => sum + r.open, 0);
    const perConnection = ((rssIdle - rssBefore) * 1024) / Math.max(1, subscribed);
    const p99 = percentile(latencies, 99);

    say(`### (4) Live fan-out: ${fmt.int(subscribed)} WebSocket clients on one thread, ${replies} replies`);
    say();
    say(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
      `server ${path.relative(process.cwd(), process.env.PLENARY_BIN ?? 'build/release/plenary')} (2 network threads), ` +
      `clients: node \`ws\` in ${processes} processes on the same cores.`);
    say();
    say(table(['clients subscribed', 'deliveries (expected)', 'p50 ms', 'p99 ms', 'max ms', 'last client p50 ms',
      'RSS before', 'RSS idle with clients', 'per idle connection', 'target'], [[
      fmt.int(subscribed) + (refused ? ` (${refused} failed)` : ''),
      `${fmt.int(delivered)} (${fmt.int(subscribed * replies)})`,
      fmt.ms(percentile(latencies, 50)), fmt.ms(p99), fmt.ms(Math.max(...latencies)),
      fmt.ms(percentile(lastArrivals, 50)),
      `${fmt.int(rssBefore / 1024)} MiB`, `${fmt.int(rssIdle / 1024)} MiB`,
      `${(perConnection / 1024).toFixed(1)} KiB`,
      `p99 < 250 ms ${p99 < 250 ? '(met)' : '(not met)'}, < 16 KiB ${perConnection < 16 * 1024 ? '(met)' : '(not met)'}`]]));
    say();
    say(`Connections still open at the end: ${fmt.int(stillOpen)}; server RSS after the replies ${fmt.int(rssAfter / 1024)} MiB.`);
    say(`Command: \`tests/bench/fanout --clients ${clients} --processes ${processes} --replies ${replies}\``);
    say();
    if (delivered < subscribed * replies) {
      failed = true;
      say(`SOME EVENTS DID NOT ARRIVE: ${subscribed * replies - delivered} missing.`);
    }
  } catch (error) {
    failed = true;
    console.error(error);
    for (const server of stack.servers) console.error(server.stderrTail(20));
  } finally {
    for (const worker of workers) {
      try { worker.send({ type: 'exit' }); } catch {}
    }
    if (options.out) fs.writeFileSync(options.out, report.join('\n') + '\n');
    await stack.close().catch((error) => { failed = true; console.error(error.message); });
  }
  process.exit(failed ? 1 : 0);
}

if (process.env.FANOUT_WORKER) await clientProcess();
else await main();
