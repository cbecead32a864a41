// The benchmark runner (tests/bench/run is the way in): a throwaway durable PostgreSQL cluster,
// one Release `plenary serve`, the seeded organisation (seed.mjs), then each measurement beside
// its baseline measured in the same run, printed as markdown tables (and written to --out).
//
//   node tests/bench/bench.mjs [--scale 1] [--seconds 10] [--only read,reply,storm,search,firstload] [--out FILE]
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { expectStatus } from '../lib/builders.mjs';
import { repoRoot, scratchDir } from '../lib/harness.mjs';
import { clientFor, membersOfBranch, seed, sessionOf } from './seed.mjs';
import { startStack } from './stack.mjs';
import { StaticNginx, fmt, percentile, pgbench, table, wrk } from './tools.mjs';

const { values: options } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string', default: 'read,reply,storm,search,firstload' },
    out: { type: 'string' },
    // Seeds, prints how to reach the server, and waits for Ctrl-C: for profiling by hand.
    hold: { type: 'boolean', default: false },
  },
});
const scale = Number(options.scale);
const seconds = Number(options.seconds);
const only = new Set(options.only.split(','));
const benchDir = path.join(repoRoot, 'tests', 'bench');
const scripts = path.join(benchDir, 'scripts');
const report = [];
const log = (text) => process.stderr.write(`[bench] ${text}\n`);
const say = (text = '') => {
  report.push(text);
  process.stdout.write(text + '\n');
};

// ---------------------------------------------------------------------------------------------
// (1) Reading a thread page

async function measureRead(stack, seeded) {
  const server = stack.server;
  const member = (await membersOfBranch(stack, seeded.bigThread.branch, 1))[0];
  const session = sessionOf(member.n);
  const pagePath = `/api/v1/threads/${seeded.bigThread.id}?limit=50`;
  const root = path.join(scratchDir(), 'static');
  fs.mkdirSync(root, { recursive: true });
  const variants = [
    { name: 'signed out', file: 'thread-out.json', headers: [], target: 0.5 },
    { name: 'signed in', file: 'thread-in.json', headers: [`Cookie: ${session.cookie}`], target: 0.25 },
  ];
  for (const variant of variants) {
    const response = await fetch(server.origin + pagePath, {
      headers: Object.fromEntries(variant.headers.map((h) => h.split(': '))),
    });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`thread page ${variant.name}: ${response.status} ${body}`);
    const page = JSON.parse(body);
    if (page.posts.length !== 50) throw new Error(`thread page has ${page.posts.length} posts, not 50`);
    if (variant.name === 'signed in' && !page.can) throw new Error('signed-in page without can flags');
    variant.bytes = body.length;
    fs.writeFileSync(path.join(root, variant.file), body);
  }
  const nginx = await StaticNginx.start({ root, workDir: path.join(scratchDir(), 'nginx') });
  const rows = [];
  const commands = [];
  try {
    for (const variant of variants) {
      const baseline = await wrk({ url: nginx.url(variant.file), connections: 64, seconds });
      const measured = await wrk({ url: server.origin + pagePath, connections: 64, seconds, headers: variant.headers });
      for (const run of [baseline, measured]) {
        if (run.non2xx || run.socketErrors) log(`warning: ${run.non2xx} non-2xx, ${run.socketErrors} socket errors in ${run.command}`);
      }
      commands.push(measured.command, baseline.command);
      const ratio = measured.rps / baseline.rps;
      rows.push([variant.name, fmt.int(variant.bytes), fmt.rate(measured.rps), fmt.ms(measured.p50), fmt.ms(measured.p99),
        `${measured.non2xx + measured.socketErrors}`,
        fmt.rate(baseline.rps), fmt.ms(baseline.p50), fmt.ms(baseline.p99), fmt.ratio(ratio),
        `≥ ${fmt.ratio(variant.target)} ${ratio >= variant.target ? '(met)' : '(not met)'}`]);
    }
  } finally {
    await nginx.stop();
  }
  say(`### (1) Thread page, first 50 posts of the ${seeded.totals.big_thread_posts}-post thread (wrk, 64 connections, ${seconds} s)`);
  say();
  say(table(['viewer', 'bytes', 'plenary req/s', 'p50 ms', 'p99 ms', 'errors', 'nginx static req/s',
    'p50 ms', 'p99 ms', 'plenary / nginx', 'target'], rows));
  say();
  say('```');
  for (const command of commands) say(command);
  say('```');
  say();
}

// ---------------------------------------------------------------------------------------------
// (2) Posting a reply

async function measureReply(stack, seeded) {
  const sql = stack.sql;
  // Authors: members (not supporters) who post in a thread of their own branch other than the big
  // one; the list interleaves branches so consecutive replies go to different threads.
  const authors = await sql.rows(`
    SELECT p.n, (SELECT t.thread_id FROM bench_threads t WHERE t.branch = p.branch AND t.ordinal > 1
                 ORDER BY t.ordinal OFFSET (p.n / :'branches') % greatest(1, (SELECT count(*) FROM bench_threads x
                   WHERE x.branch = p.branch AND x.ordinal > 1)) LIMIT 1) AS thread_id
    FROM bench_people p JOIN memberships m ON m.person_id = p.person_id
    WHERE m.role IN ('member', 'officer') ORDER BY p.n`, { branches: seeded.sizes.branches });
  const list = path.join(scratchDir(), 'reply-requests.tsv');
  fs.writeFileSync(list, authors.filter((a) => a.thread_id).map((a) => {
    const { cookie, csrf } = sessionOf(a.n);
    return `/api/v1/threads/${a.thread_id}/posts\t${cookie}\t${csrf}`;
  }).join('\n') + '\n');

  // A first reply through the ordinary client proves the list's sessions and paths are accepted.
  const first = authors.find((a) => a.thread_id);
  expectStatus(await clientFor(stack.server, first.n).post(`/api/v1/threads/${first.thread_id}/posts`,
    { body: 'Checking the bench can post.' }), 201);

  const before = Number(await sql.value("SELECT count(*) FROM posts WHERE body_source LIKE 'Bench reply % from wrk thread %'"));
  const measured = await wrk({ url: stack.server.origin, connections: 64, seconds, script: path.join(scripts, 'reply.lua'),
    scriptArgs: [list, stack.server.origin, '2'] });
  const stored = Number(await sql.value("SELECT count(*) FROM posts WHERE body_source LIKE 'Bench reply % from wrk thread %'")) - before;
  const acknowledged = measured.requests - measured.non2xx - measured.socketErrors;

  const range = await sql.row(`SELECT (SELECT min(thread_id) FROM bench_threads) AS thread_min,
    (SELECT max(thread_id) FROM bench_threads) AS thread_max,
    (SELECT min(person_id) FROM bench_people) AS person_min, (SELECT max(person_id) FROM bench_people) AS person_max`);
  // As many pgbench clients as the server has database connections (PLENARY_DB_CONNECTIONS, which
  // the server reads too; 16 by default): each commits one transaction at a time.
  const clients = Number(process.env.PLENARY_DB_CONNECTIONS || 16);
  const baseline = await pgbench({ cluster: stack.cluster, database: stack.database, scriptFile: path.join(scripts, 'reply.sql'),
    clients, seconds, variables: range, workDir: path.join(scratchDir(), 'pgbench') });
  const ratio = measured.rps / baseline.tps;
  say(`### (2) Posting a reply, durable (fsync and synchronous_commit on), ${seconds} s each`);
  say();
  say(table(['', 'replies/s', 'p50 ms', 'p99 ms', 'not 2xx', 'ratio', 'target'], [
    ['plenary, wrk 64 connections', fmt.rate(measured.rps), fmt.ms(measured.p50), fmt.ms(measured.p99),
      `${measured.non2xx + measured.socketErrors}`, fmt.ratio(ratio), `≥ 50 % ${ratio >= 0.5 ? '(met)' : '(not met)'}`],
    [`pgbench, the same writes, ${clients} clients (= --db-connections)`, fmt.rate(baseline.tps), fmt.ms(baseline.p50),
      fmt.ms(baseline.p99), `${baseline.failed}`, '100 %', ''],
  ]));
  say();
  say(`Acknowledged by the server (2xx): ${fmt.int(acknowledged)}; new posts in the database: ${fmt.int(stored)} ` +
    `(${stored >= acknowledged ? 'none acknowledged is missing' : 'SOME ACKNOWLEDGED REPLIES ARE MISSING'}; a few more ` +
    'can be stored than acknowledged: wrk stops counting with requests in flight).');
  say();
  say('```');
  say(`${measured.command}  # a reply per request, rotating over ${authors.length} signed-in members`);
  say(baseline.command);
  say('```');
  say();
}

// ---------------------------------------------------------------------------------------------
// (3) The vote storm

function crockfordTracker() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return [...randomBytes(20)].map((byte) => alphabet[byte % 32]).join('');
}

function post(agent, origin, urlPath, headers, body) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const request = http.request(origin + urlPath, { method: 'POST', agent, headers: {
      ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString(),
        ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    request.on('error', (error) => resolve({ status: 0, text: error.message,
      ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    request.end(body);
  });
}

async function measureStorm(stack, seeded) {
  const connections = 200;
  const ballot = seeded.storm;
  const voters = (await stack.sql.rows(`SELECT p.n FROM ballot_electors e JOIN bench_people p USING (person_id)
    WHERE e.ballot_id = :'b' ORDER BY random()`, { b: ballot.id })).map((r) => r.n);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const origin = stack.server.origin;
  const outcomes = [];
  let next = 0;
  const started = process.hrtime.bigint();
  // 200 connections, each sending its next voter's ballot as soon as the last one was answered.
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < voters.length) {
      const n = voters[next++];
      const { cookie, csrf } = sessionOf(n);
      const marks = [1 + (n % 3)];
      const tracker = crockfordTracker();
      const response = await post(agent, origin, `/api/v1/ballots/${ballot.id}/votes`,
        { cookie, 'x-csrf-token': csrf, origin }, JSON.stringify({ marks, tracker }));
      outcomes.push({ n, marks, tracker, ...response });
    }
  }));
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();

  const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
  const statuses = {};
  for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  const trackerMismatch = ok.filter((o) => JSON.parse(o.text).tracker.replace(/-/g, '') !== o.tracker).length;

  // The proof: close, then the published tracker hashes are exactly those of the 2xx casts, and
  // the counts agree.
  const admin = seeded.admin.client;
  expectStatus(await admin.post(`/api/v1/ballots/${ballot.id}/close`), 200);
  const result = expectStatus(await admin.get(`/api/v1/ballots/${ballot.id}/results`), 200).result;
  const published = expectStatus(await admin.get(`/api/v1/ballots/${ballot.id}/trackers`), 200).trackers;
  const acknowledged = ok.map((o) => createHash('sha256').update(o.tracker).digest('hex')).sort();
  const publishedSet = new Set(published);
  const missing = acknowledged.filter((h) => !publishedSet.has(h)).length;
  const acknowledgedSet = new Set(acknowledged);
  const unacknowledged = published.filter((h) => !acknowledgedSet.has(h)).length;
  const duplicates = published.length - publishedSet.size;
  const expected = { yes: 0, no: 0, abstain: 0 };
  for (const o of ok) expected[['yes', 'no', 'abstain'][o.marks[0] - 1]] += 1;
  const tallyAgrees = result.yes === expected.yes && result.no === expected.no && result.abstain === expected.abstain;
  const participation = await stack.sql.count('ballot_participation', "ballot_id = :'b'", { b: ballot.id });
  const exact = missing === 0 && unacknowledged === 0 && duplicates === 0 && result.cast === ok.length &&
    participation === ok.length && tallyAgrees && trackerMismatch === 0;

  const rate = outcomes.length / wallSeconds;
  const latencies = outcomes.map((o) => o.ms);
  say(`### (3) Vote storm: ${fmt.int(voters.length)} electors cast a secret yes/no ballot at once, ${connections} keep-alive connections`);
  say();
  say(table(['ballots/s', 'p50 ms', 'p99 ms', 'max ms', 'answers', '2xx', 'counted (result.cast)', 'published trackers',
    'exactly the 2xx, once each', 'target'], [[fmt.rate(rate), fmt.ms(percentile(latencies, 50)), fmt.ms(percentile(latencies, 99)),
    fmt.ms(Math.max(...latencies)), Object.entries(statuses).map(([s, c]) => `${s}: ${c}`).join(', '), fmt.int(ok.length),
    fmt.int(result.cast), fmt.int(published.length), exact ? 'yes' : `NO (missing ${missing}, unacknowledged ${unacknowledged}, ` +
      `duplicates ${duplicates}, participation ${participation}, tally ${tallyAgrees ? 'agrees' : 'differs'})`,
    `≥ 2,000/s ${rate >= 2000 ? '(met)' : '(not met)'}, all counted once`]]));
  say();
  say('No same-run baseline yet for the storm (the target is absolute); the client is node:http in the same run ' +
    '(tests/bench/bench.mjs measureStorm), on the same two cores as the server and PostgreSQL.');
  say();
}

// ---------------------------------------------------------------------------------------------
// (5) Full-text search

async function measureSearch(stack, seeded) {
  const member = (await membersOfBranch(stack, 0, 1))[0];
  const client = clientFor(stack.server, member.n);
  const words = seeded.vocabulary;
  const queries = [words[0], words[8], words[40], words[150], words[words.length - 1], `${words[3]} ${words[30]}`,
    `"${words[1]} ${words[2]}"`];
  const readable = `{${seeded.categories[0].id}}`;
  const repeat = 40;
  const rows = [];
  const commands = [];
  // What the server derives from the query to narrow phrases (search::narrow_phrases), for the
  // shapes measured here: no phrase, or one phrase of adjacent words ('a' <-> 'b' <-> …).
  const narrowing = (printed) => {
    const chain = /^'[^'\\]+'( <-> '[^'\\]+')+$/.test(printed) ? printed.split(' <-> ').map((w) => w.slice(1, -1)) : [];
    // pgbench takes no empty value: '{}' and '-' stand for none (see scripts/search.sql).
    const pairs = chain.slice(1).map((w, i) => `"${chain[i]} ${w}"`);
    return { pairs: `{${pairs.join(',')}}`, words: '-' };
  };
  for (const q of queries) {
    const matches = Number(await stack.sql.value("SELECT count(*) FROM posts WHERE search @@ websearch_to_tsquery('english', :'q')", { q }));
    const { pairs, words } = narrowing(await stack.sql.value("SELECT websearch_to_tsquery('english', :'q')::text", { q }));
    const latencies = [];
    for (let i = 0; i < repeat + 5; ++i) {
      const started = process.hrtime.bigint();
      const response = await client.get(`/api/v1/search?${new URLSearchParams({ q })}`);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (response.status !== 200) throw new Error(`search ${q}: ${response.status} ${response.text}`);
      if (i >= 5) latencies.push(ms);  // the first few warm the caches and prepare the statements
    }
    const baseline = await pgbench({ cluster: stack.cluster, database: stack.database, scriptFile: path.join(scripts, 'search.sql'),
      clients: 1, transactions: repeat, variables: { q, readable, pairs, words }, workDir: path.join(scratchDir(), 'pgbench') });
    const p95 = percentile(latencies, 95);
    rows.push([`\`${q}\``, fmt.int(matches), fmt.ms(percentile(latencies, 50)), fmt.ms(p95), fmt.ms(baseline.p50), fmt.ms(baseline.p95),
      fmt.ratio(baseline.p95 / p95), `p95 < 50 ms ${p95 < 50 ? '(met)' : '(not met)'}`]);
    commands.push(baseline.command.replace(/ -D (q|pairs|words)=(.*?)(?= -D |$)/g,
      (_, name, value) => ` -D '${name}=${value.replaceAll("'", "'\\''")}'`));
  }
  say(`### (5) Full-text search over ${fmt.int(seeded.totals.posts)} posts, signed-in member, one connection, ${repeat} queries each`);
  say();
  say(table(['query', 'posts matching', 'plenary p50 ms', 'plenary p95 ms', 'SQL alone p50 ms', 'SQL alone p95 ms',
    'SQL p95 / plenary p95', 'target'], rows));
  say();
  say('SQL alone: the server\'s search.results statement run by pgbench against the same database (baseline).');
  say();
  say('```');
  for (const command of commands) say(command);
  say('```');
  say();
}

// ---------------------------------------------------------------------------------------------
// (6) The first load of a thread page

// Bytes on the wire (compressed bodies plus headers) of a cold load of the page in headless
// Chromium, by kind of resource.
async function firstLoadBytes(url) {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(scratchDir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PLENARY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const finished = [];
    page.on('requestfinished', (request) => finished.push(request));
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForSelector('main article', { timeout: 30_000 });
    const kinds = { html: 0, js: 0, css: 0, 'api json': 0, other: 0 };
    const counts = { html: 0, js: 0, css: 0, 'api json': 0, other: 0 };
    for (const request of finished) {
      const sizes = await request.sizes();
      const type = request.resourceType();
      const kind = type === 'document' ? 'html' : type === 'script' ? 'js' : type === 'stylesheet' ? 'css'
        : new URL(request.url()).pathname.startsWith('/api/') ? 'api json' : 'other';
      kinds[kind] += sizes.responseBodySize + sizes.responseHeadersSize;
      counts[kind] += 1;
    }
    return { kinds, counts };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function lighthouse(url, preset) {
  const cli = path.join(benchDir, 'node_modules', 'lighthouse', 'cli', 'index.js');
  if (!fs.existsSync(cli)) throw new Error('lighthouse is missing: tests/bench/run installs it (npm ci in tests/bench)');
  const output = path.join(scratchDir(), `lighthouse-${preset}.json`);
  const args = [cli, url, '--quiet', '--only-categories=performance,accessibility', '--output=json',
    `--output-path=${output}`, '--chrome-flags=--headless --no-sandbox --disable-gpu'];
  if (preset === 'desktop') args.push('--preset=desktop');
  const { execFile } = await import('node:child_process');
  await new Promise((resolve, reject) => execFile(process.execPath, args, { timeout: 300_000,
    env: { ...process.env, CHROME_PATH: process.env.PLENARY_CHROMIUM || '/usr/bin/chromium' } },
  (error, stdout, stderr) => (error ? reject(new Error(`lighthouse failed: ${error.message}\n${stderr}`)) : resolve())));
  const result = JSON.parse(fs.readFileSync(output, 'utf8'));
  const audit = (id) => result.audits[id]?.numericValue;
  return {
    performance: Math.round(result.categories.performance.score * 100),
    accessibility: Math.round(result.categories.accessibility.score * 100),
    fcp: audit('first-contentful-paint'), lcp: audit('largest-contentful-paint'), tbt: audit('total-blocking-time'),
    command: `CHROME_PATH=/usr/bin/chromium node tests/bench/node_modules/lighthouse/cli/index.js <url> ` +
      `--only-categories=performance,accessibility${preset === 'desktop' ? ' --preset=desktop' : ''} ` +
      '--chrome-flags="--headless --no-sandbox --disable-gpu"',
  };
}

async function measureFirstLoad(stack, seeded) {
  const url = `${stack.server.origin}/threads/${seeded.bigThread.id}`;
  const { kinds, counts } = await firstLoadBytes(url);
  const appBytes = kinds.html + kinds.js + kinds.css;
  const total = appBytes + kinds['api json'] + kinds.other;
  say(`### (6) First load of a thread page in headless Chromium, signed out, cold cache (${url.replace(stack.server.origin, '')})`);
  say();
  say(table(['', 'HTML', 'JS', 'CSS', 'the page\'s API JSON', 'other', 'HTML + JS + CSS', 'target'], [
    ['bytes on the wire (compressed, with headers)', fmt.int(kinds.html), fmt.int(kinds.js), fmt.int(kinds.css),
      fmt.int(kinds['api json']), fmt.int(kinds.other), fmt.int(appBytes),
      `< 60 KB ${appBytes < 60_000 ? '(met)' : '(not met)'}`],
    ['responses', `${counts.html}`, `${counts.js}`, `${counts.css}`, `${counts['api json']}`, `${counts.other}`,
      `${counts.html + counts.js + counts.css}`, ''],
  ]));
  say();
  say(`Everything together, with the first 50 posts as JSON: ${fmt.int(total)} bytes.`);
  say();
  const rows = [];
  const commands = [];
  for (const preset of ['mobile', 'desktop']) {
    const scores = await lighthouse(url, preset);
    rows.push([preset === 'mobile' ? 'mobile (default: slow 4G, 4× CPU slowdown, simulated)' : 'desktop (--preset=desktop)',
      `${scores.performance}`, `${scores.accessibility}`, fmt.ms(scores.fcp), fmt.ms(scores.lcp), fmt.ms(scores.tbt),
      `≥ 95 both ${scores.performance >= 95 && scores.accessibility >= 95 ? '(met)' : '(not met)'}`]);
    commands.push(scores.command);
  }
  say(table(['Lighthouse 12', 'performance', 'accessibility', 'FCP ms', 'LCP ms', 'TBT ms', 'target'], rows));
  say();
  say('```');
  for (const command of commands) say(command);
  say('```');
  say();
}

// ---------------------------------------------------------------------------------------------
// --hold: the seeded stack stays up until Ctrl-C, for perf and wrk by hand.

async function holdForProfiling(stack, seeded) {
  const member = (await membersOfBranch(stack, seeded.bigThread.branch, 1))[0];
  const session = sessionOf(member.n);
  say(`Holding the seeded stack for profiling (Ctrl-C ends it):`);
  say(`  server pid ${stack.server.pid}, ${stack.server.origin}`);
  say(`  database ${stack.databaseUrl}`);
  say(`  thread page: ${stack.server.origin}/api/v1/threads/${seeded.bigThread.id}?limit=50`);
  say(`  a member's cookie: ${session.cookie}  (CSRF ${session.csrf})`);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

// ---------------------------------------------------------------------------------------------

const stack = await startStack({ database: 'plenary_bench' });
let failed = false;
try {
  log(`seeding at scale ${scale}`);
  const seeded = await seed(stack, { scale, log });
  const cpu = os.cpus();
  say(`## Plenary benchmarks — smoke figures, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  say();
  say(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} ` +
    '(shared with other work: figures are noisy; the ratios against the same-run baselines are what counts).');
  say(`Command: \`tests/bench/run --scale ${scale} --seconds ${seconds}${options.only !== 'read,reply,storm,search,firstload' ? ` --only ${options.only}` : ''}\`; ` +
    `server: ${path.relative(repoRoot, process.env.PLENARY_BIN ?? path.join(repoRoot, 'build/release/plenary'))}, defaults ` +
    `(2 network threads, ${process.env.PLENARY_DB_CONNECTIONS ?? 16} database connections), PostgreSQL 15 with fsync on.`);
  say(`Data (scale ${scale}, seeded in ${seeded.seedSeconds.toFixed(0)} s): ${fmt.int(seeded.totals.persons)} people in ${seeded.sizes.branches} branches, ` +
    `${fmt.int(seeded.totals.threads)} threads, ${fmt.int(seeded.totals.posts)} posts, one thread of ${seeded.totals.big_thread_posts} posts, ` +
    `${seeded.totals.ballots} ballots; database ${seeded.totals.database_size}.`);
  say();
  if (options.hold) await holdForProfiling(stack, seeded);
  if (only.has('read')) await measureRead(stack, seeded);
  if (only.has('reply')) await measureReply(stack, seeded);
  if (only.has('search')) await measureSearch(stack, seeded);
  if (only.has('storm')) await measureStorm(stack, seeded);
  if (only.has('firstload')) await measureFirstLoad(stack, seeded);
  say('(4) Live fan-out and the overload and fault runs have their own stacks (tests/bench/fanout, tests/bench/faults/run): ' +
    'tests/bench/run runs them next unless --only leaves them out.');
} catch (error) {
  failed = true;
  console.error(error);
  for (const server of stack.servers) console.error(server.stderrTail(20));
} finally {
  if (options.out) fs.writeFileSync(options.out, report.join('\n') + '\n');
  await stack.close().catch((error) => { failed = true; console.error(error.message); });
}
process.exit(failed ? 1 : 0);
