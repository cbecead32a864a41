// The shared harness of the integration and browser tests: a throwaway PostgreSQL cluster, real
// `plenary serve` processes, an HTTP client that behaves like the web app (cookie, Origin, CSRF
// token), a WebSocket client for the live channel and a small SQL helper to look at rows.
//
// Everything it starts is tracked by PID and stopped when the test file ends, whether the tests
// passed or not; a watchdog process cleans up even when node itself is killed.
//
// ctest runs each test file as `node --test FILE` with PLENARY_BIN set; by hand:
//   PLENARY_BIN=build/asan/plenary node --test tests/integration/accounts.test.mjs
// PLENARY_TEST_LOG_DIR=DIR keeps each server's log as DIR/<file>.server-<n>.log.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pgBin = process.env.PLENARY_PG_BIN || '/usr/lib/postgresql/15/bin';
const runningAsRoot = process.getuid() === 0;

// ---------------------------------------------------------------------------------------------
// Processes and scratch space

// The plenary binary under test: PLENARY_BIN (ctest sets it), else a local build.
export function plenaryBinary() {
  if (process.env.PLENARY_BIN) return process.env.PLENARY_BIN;
  for (const candidate of ['build/asan/plenary', 'build/release/plenary']) {
    const full = path.join(repoRoot, candidate);
    if (fs.existsSync(full)) return full;
  }
  throw new Error('No plenary binary: set PLENARY_BIN or build build/asan first.');
}

let scratchDirectory = null;
const liveServers = new Set();
const liveClusters = new Set();

// One directory per test process for clusters, logs and web roots; removed at exit.
export function scratchDir() {
  if (scratchDirectory) return scratchDirectory;
  scratchDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-test-'));
  // The postgres user must be able to walk into it when we are root.
  fs.chmodSync(scratchDirectory, 0o755);
  startWatchdog(scratchDirectory);
  return scratchDirectory;
}

// Cleans up after a test process that was killed (a ctest time-out): kills the servers it had
// started, stops its clusters immediately and removes its scratch directory.
function startWatchdog(directory) {
  const script = `
    parent=$1; dir=$2
    while kill -0 "$parent" 2>/dev/null; do sleep 1; done
    for pid in $(cat "$dir/server-pids" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    for pidfile in "$dir"/*/data/postmaster.pid; do
      [ -f "$pidfile" ] && kill -QUIT "$(head -n 1 "$pidfile")" 2>/dev/null
    done
    sleep 1
    rm -rf "$dir"`;
  const watchdog = spawn('sh', ['-c', script, 'watchdog', String(process.pid), directory], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
}

function recordServerPids() {
  if (!scratchDirectory) return;
  const pids = [...liveServers].map((server) => server.pid).join('\n');
  fs.writeFileSync(path.join(scratchDirectory, 'server-pids'), pids + '\n');
}

// Last resort at exit (normal end, uncaught error, signal): nothing must outlive the test file.
function cleanUpNow() {
  for (const server of liveServers) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {}
  }
  liveServers.clear();
  for (const cluster of liveClusters) cluster.stopImmediatelySync();
  liveClusters.clear();
  if (scratchDirectory) {
    fs.rmSync(scratchDirectory, { recursive: true, force: true });
    scratchDirectory = null;
  }
}
process.on('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    cleanUpNow();
    process.exit(128 + os.constants.signals[signal]);
  });
}

function run(command, args, { input, asPostgres = false, timeoutMs = 60_000 } = {}) {
  let file = command;
  let argv = args;
  if (asPostgres && runningAsRoot) {
    file = 'runuser';
    argv = ['-u', 'postgres', '--', command, ...args];
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      argv,
      { cwd: '/', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          error.message = `${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`;
          error.stdout = stdout;
          error.stderr = stderr;
          return reject(error);
        }
        resolve({ stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const timedOut = Symbol('timed out');
// Waits for promise at most ms; the timer is cleared either way, so it never holds the process.
async function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(timedOut), ms); });
  try {
    const value = await Promise.race([promise, timeout]);
    return value === timedOut ? { timedOut: true } : { timedOut: false, value };
  } finally {
    clearTimeout(timer);
  }
}

// Polls `check` (sync or async) until it returns a truthy value; throws after timeoutMs.
export async function eventually(check, { timeoutMs = 10_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}` +
        (lastError ? `: ${lastError.message}` : ''));
    }
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

let templatePromise = null;

// initdb once per test process; every cluster is a copy of this directory (a copy starts in a
// fraction of initdb's time).
function templateDataDir() {
  templatePromise ??= (async () => {
    const directory = path.join(scratchDir(), 'template');
    fs.mkdirSync(directory);
    if (runningAsRoot) execFileSync('chown', ['postgres:postgres', directory]);
    const data = path.join(directory, 'data');
    await run(path.join(pgBin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8',
      '--locale=C', '--no-sync', '--no-instructions'], { asPostgres: true });
    return data;
  })();
  return templatePromise;
}

let clusterCounter = 0;

export class PostgresCluster {
  // A new cluster on a free port, as the postgres user when root, with fsync off (throwaway data).
  static async start() {
    const template = await templateDataDir();
    const directory = path.join(scratchDir(), `cluster-${++clusterCounter}`);
    fs.mkdirSync(path.join(directory, 'socket'), { recursive: true });
    execFileSync('cp', ['-a', template, path.join(directory, 'data')]);
    if (runningAsRoot) execFileSync('chown', ['-R', 'postgres:postgres', directory]);
    const cluster = new PostgresCluster(directory);
    liveClusters.add(cluster);
    for (let attempt = 1; ; ++attempt) {
      cluster.port = await freePort();
      try {
        await cluster.start();
        return cluster;
      } catch (error) {
        if (attempt >= 3) {
          liveClusters.delete(cluster);
          throw error;
        }
      }
    }
  }

  constructor(directory) {
    this.directory = directory;
    this.dataDir = path.join(directory, 'data');
    this.logFile = path.join(directory, 'postgres.log');
    this.port = 0;
    this.databaseCounter = 0;
  }

  // (Re)starts the cluster on its port: the outage test stops and starts it under a server.
  async start() {
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-p ${this.port}`,
      `-k ${path.join(this.directory, 'socket')}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    await run(path.join(pgBin, 'pg_ctl'),
      ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', '-o', options, 'start'],
      { asPostgres: true });
  }

  // A clean shutdown: connections are cut, as when a database server is restarted.
  async stop() {
    await run(path.join(pgBin, 'pg_ctl'), ['-D', this.dataDir, '-m', 'fast', '-w', 'stop'],
      { asPostgres: true });
  }

  async destroy() {
    liveClusters.delete(this);
    this.stopImmediatelySync();
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  stopImmediatelySync() {
    if (!fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) return;
    const argv = [path.join(pgBin, 'pg_ctl'), '-D', this.dataDir, '-m', 'immediate', '-w', 'stop'];
    try {
      if (runningAsRoot) execFileSync('runuser', ['-u', 'postgres', '--', ...argv], { cwd: '/', stdio: 'ignore' });
      else execFileSync(argv[0], argv.slice(1), { stdio: 'ignore' });
    } catch {}
  }

  url(database) {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  // A new, empty database; the server migrates it when it starts.
  async createDatabase(name = `plenary_${process.pid}_${++this.databaseCounter}`) {
    await this.sql('postgres').exec(`CREATE DATABASE ${name}`);
    return name;
  }

  sql(database) {
    return new Sql(this, database);
  }

  logTail(lines = 40) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

// psql for looking at and adjusting rows. Variables are passed with psql's -v and used as
// :'name' (a quoted literal) in the SQL, so values are never pasted into the text.
export class Sql {
  constructor(cluster, database) {
    this.cluster = cluster;
    this.database = database;
  }

  async exec(text, variables = {}) {
    const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1',
      '-p', String(this.cluster.port), '-U', 'postgres', '-d', this.database];
    for (const [name, value] of Object.entries(variables)) args.push('-v', `${name}=${value}`);
    const { stdout } = await run('psql', args, { input: text.trim().replace(/;$/, '') + ';\n' });
    return stdout.trim();
  }

  // The rows of a query (SELECT, or WITH … UPDATE … RETURNING inside a WITH) as plain objects.
  async rows(query, variables = {}) {
    const body = query.trim().replace(/;$/, '');
    const out = await this.exec(
      `SELECT coalesce(json_agg(row_to_json(q)), '[]'::json) FROM (${body}) q`, variables);
    return JSON.parse(out);
  }

  async row(query, variables = {}) {
    const rows = await this.rows(query, variables);
    return rows[0];
  }

  // The first column of the first row.
  async value(query, variables = {}) {
    const row = await this.row(query, variables);
    return row === undefined ? undefined : Object.values(row)[0];
  }

  async count(table, where = 'true', variables = {}) {
    return Number(await this.value(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, variables));
  }

  // A digest of each table's whole content: equal before and after means no row was added,
  // changed or removed.
  async fingerprint(tables) {
    const parts = tables.map((table) =>
      `SELECT '${table}' AS name, count(*) AS rows, ` +
      `md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`);
    const rows = await this.rows(parts.join(' UNION ALL '));
    return Object.fromEntries(rows.map((r) => [r.name, `${r.rows}:${r.digest}`]));
  }
}

// ---------------------------------------------------------------------------------------------
// The plenary server

const sanitizerPattern = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;
let serverCounter = 0;

export class PlenaryServer {
  // Starts `plenary serve --port 0` and waits for its {"msg":"listening","port":N} line.
  static async start({
    databaseUrl,
    webRoot = path.join(repoRoot, 'web'),
    args = [],
    logLevel = 'debug',
    env = {},
    timeoutMs = 60_000,
  }) {
    const server = new PlenaryServer();
    const argv = ['serve', '--listen', '127.0.0.1', '--port', '0', '--database-url', databaseUrl,
      '--web-root', webRoot, '--log-level', logLevel, '--test-clock', 'on', ...args];
    server.spawn(argv, env);
    try {
      const listening = await server.waitForLog((line) => line.msg === 'listening', { timeoutMs });
      server.port = Number(listening.port);
    } catch (error) {
      await server.stop({ check: false });
      throw error;
    }
    server.origin = `http://127.0.0.1:${server.port}`;
    server.baseUrl = server.origin;
    return server;
  }

  spawn(argv, env) {
    this.index = ++serverCounter;
    this.logs = [];
    this.stderr = '';
    this.waiters = [];
    this.exited = false;
    const logDir = process.env.PLENARY_TEST_LOG_DIR;
    if (logDir) {
      fs.mkdirSync(logDir, { recursive: true });
      const base = path.basename(process.argv[1] ?? 'test', '.mjs');
      this.logPath = path.join(logDir, `${base}.server-${this.index}.log`);
      this.logStream = fs.createWriteStream(this.logPath);
    }
    this.child = spawn(plenaryBinary(), argv, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = this.child.pid;
    liveServers.add(this);
    scratchDir();
    recordServerPids();
    this.child.stdout.on('data', (chunk) => this.logStream?.write(chunk));
    readline.createInterface({ input: this.child.stderr }).on('line', (text) => this.onLine(text));
    this.exitPromise = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        this.exitStatus = { code, signal };
        liveServers.delete(this);
        recordServerPids();
        resolve(this.exitStatus);
        for (const waiter of this.waiters.splice(0)) waiter.exited();
      });
    });
    // Wait for the pipes to drain too, so the last lines (a sanitizer report) are never lost.
    this.closePromise = new Promise((resolve) => this.child.on('close', resolve));
  }

  onLine(text) {
    this.stderr += text + '\n';
    this.logStream?.write(text + '\n');
    let line;
    try {
      line = JSON.parse(text);
      if (line === null || typeof line !== 'object') line = { raw: text };
    } catch {
      line = { raw: text };
    }
    this.logs.push(line);
    for (const waiter of [...this.waiters]) waiter.check(line, this.logs.length - 1);
  }

  // Log lines (parsed JSON objects; other text as {raw}) matching predicate, from index `from`.
  findLogs(predicate, from = 0) {
    return this.logs.slice(from).filter(predicate);
  }

  // Resolves with the first log line at index ≥ from matching predicate (already seen or to come).
  waitForLog(predicate, { timeoutMs = 10_000, from = 0 } = {}) {
    const seen = this.logs.slice(from).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        check: (line, index) => {
          if (index >= from && predicate(line)) finish(() => resolve(line));
        },
        exited: () => finish(() => reject(new Error(
          `plenary exited (${JSON.stringify(this.exitStatus)}) before the log line came.\n` +
          this.stderrTail()))),
      };
      const timer = setTimeout(() => finish(() => reject(new Error(
        `No matching log line from plenary within ${timeoutMs} ms.\n${this.stderrTail()}`))), timeoutMs);
      const finish = (action) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        action();
      };
      if (this.exited) return waiter.exited();
      this.waiters.push(waiter);
    });
  }

  stderrTail(lines = 30) {
    return this.stderr.split('\n').slice(-lines - 1).join('\n');
  }

  // SIGTERM, then waits for the process to exit; throws when it exited with an error status,
  // did not stop in time, or a sanitizer reported anything.
  async stop({ timeoutMs = 20_000, check = true } = {}) {
    if (!this.exited) {
      try {
        this.child.kill('SIGTERM');
      } catch {}
      if ((await within(this.exitPromise, timeoutMs)).timedOut) {
        this.child.kill('SIGKILL');
        await this.exitPromise;
        if (check) throw new Error(`plenary did not stop within ${timeoutMs} ms of SIGTERM.\n${this.stderrTail()}`);
      }
    }
    await within(this.closePromise, 2000);
    this.logStream?.end();
    if (!check) return this.exitStatus;
    const report = this.sanitizerReport();
    if (report) throw new Error(`plenary's sanitizers reported a problem:\n${report}`);
    const { code, signal } = this.exitStatus;
    if (code !== 0) {
      throw new Error(`plenary exited with ${signal ?? `status ${code}`} after SIGTERM.\n${this.stderrTail()}`);
    }
    return this.exitStatus;
  }

  sanitizerReport() {
    const at = this.stderr.search(sanitizerPattern);
    return at < 0 ? null : this.stderr.slice(Math.max(0, at - 200), at + 6000);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP: a client that acts like the web app in a browser

export class ApiClient {
  constructor(server, { origin } = {}) {
    this.server = server;
    this.origin = origin ?? server.origin;
    this.cookies = new Map();
    this.csrfToken = null;
    this.setCookieHeaders = [];
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  rememberCookies(headers) {
    this.setCookieHeaders = headers.getSetCookie();
    for (const header of this.setCookieHeaders) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val] = a.split('=').map((s) => s?.trim());
        if (/^max-age$/i.test(key)) return Number(val) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(val) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // Sends a request the way the web app does: the session cookie, and on state-changing requests
  // Origin and X-CSRF-Token. Options: json (an object to send), body + contentType (raw),
  // headers (extra; a header set to null is left out), origin (null: none), csrf (false: none).
  async request(method, urlPath, { json, body, contentType, headers = {}, origin, csrf = true, timeoutMs = 30_000 } = {}) {
    const changesState = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    const sent = {};
    const cookie = this.cookieHeader();
    if (cookie) sent.cookie = cookie;
    if (changesState) {
      const sentOrigin = origin === undefined ? this.origin : origin;
      if (sentOrigin !== null) sent.origin = sentOrigin;
      if (csrf && this.csrfToken) sent['x-csrf-token'] = this.csrfToken;
    }
    if (json !== undefined) {
      body = JSON.stringify(json);
      contentType ??= 'application/json';
    }
    if (contentType) sent['content-type'] = contentType;
    for (const [name, value] of Object.entries(headers)) {
      if (value === null) delete sent[name.toLowerCase()];
      else sent[name.toLowerCase()] = value;
    }
    const response = await fetch(this.server.baseUrl + urlPath, {
      method,
      headers: sent,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    this.rememberCookies(response.headers);
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    let parsed;
    if (/json/.test(type) && text) {
      try {
        parsed = JSON.parse(text);
      } catch {}
    }
    return { status: response.status, headers: response.headers, text, json: parsed, method, path: urlPath };
  }

  get(urlPath, options) {
    return this.request('GET', urlPath, options);
  }
  post(urlPath, json, options = {}) {
    return this.request('POST', urlPath, json === undefined ? options : { ...options, json });
  }
  patch(urlPath, json, options = {}) {
    return this.request('PATCH', urlPath, { ...options, json });
  }
  put(urlPath, json, options = {}) {
    return this.request('PUT', urlPath, { ...options, json });
  }
  delete(urlPath, options) {
    return this.request('DELETE', urlPath, options);
  }

  // Signs in; keeps the cookie and the CSRF token. Returns the response.
  async signIn(email, password) {
    const response = await this.post('/api/v1/session', { email, password });
    if (response.status === 200 && response.json?.csrf_token) this.csrfToken = response.json.csrf_token;
    return response;
  }

  // A copy that shares nothing with this client (another browser).
  fresh() {
    return new ApiClient(this.server, { origin: this.origin });
  }

  // The same session, talking to another server process of the same deployment.
  on(server) {
    const twin = new ApiClient(server);
    twin.cookies = new Map(this.cookies);
    twin.csrfToken = this.csrfToken;
    return twin;
  }
}

// One-line description of a response for assertion messages.
export function explain(response) {
  return `${response.method} ${response.path} → ${response.status} ${response.text.slice(0, 400)}`;
}

// ---------------------------------------------------------------------------------------------
// WebSocket: the live channel

export class LiveSocket {
  // Connects to /api/v1/live with the client's session cookie and Origin, and waits for the
  // server's {"type":"hello"} (kept as .hello): like the web app, it subscribes only after it.
  static async open(client, { origin, path: livePath = '/api/v1/live', timeoutMs = 10_000 } = {}) {
    const headers = {};
    const cookie = client.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const sentOrigin = origin === undefined ? client.origin : origin;
    if (sentOrigin !== null) headers.origin = sentOrigin;
    const url = client.server.baseUrl.replace(/^http/, 'ws') + livePath;
    const socket = new LiveSocket(new WebSocket(url, { headers, handshakeTimeout: timeoutMs }));
    await new Promise((resolve, reject) => {
      socket.ws.once('open', resolve);
      socket.ws.once('error', reject);
      socket.ws.once('unexpected-response', (request, response) => {
        const error = new Error(`WebSocket upgrade refused with ${response.statusCode}`);
        error.statusCode = response.statusCode;
        reject(error);
      });
    });
    socket.hello = await socket.next((m) => m.type === 'hello', { timeoutMs });
    return socket;
  }

  constructor(ws) {
    this.ws = ws;
    this.messages = [];
    this.taken = new Set();
    this.waiters = [];
    this.closed = false;
    ws.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(String(data));
      } catch {
        message = { unparsed: String(data) };
      }
      this.messages.push(message);
      for (const waiter of [...this.waiters]) waiter();
    });
    ws.on('close', (code, reason) => {
      this.closed = true;
      this.closeCode = code;
      this.closeReason = String(reason);
      for (const waiter of [...this.waiters]) waiter();
    });
    ws.on('error', () => {});
  }

  send(message) {
    this.ws.send(JSON.stringify(message));
  }

  // The first message not yet taken that matches predicate (already received or to come).
  next(predicate = () => true, { timeoutMs = 10_000 } = {}) {
    return new Promise((resolve, reject) => {
      const look = () => {
        const index = this.messages.findIndex((m, i) => !this.taken.has(i) && predicate(m));
        if (index >= 0) {
          this.taken.add(index);
          done();
          resolve(this.messages[index]);
          return true;
        }
        if (this.closed) {
          done();
          reject(new Error(`The live socket closed (${this.closeCode} ${this.closeReason}); ` +
            `received: ${JSON.stringify(this.messages)}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`No matching live message within ${timeoutMs} ms; received: ` +
          JSON.stringify(this.messages)));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== look);
      };
      if (!look()) this.waiters.push(look);
    });
  }

  // Subscribes and returns the server's {"type":"subscribed"} answer.
  async subscribe(rooms, since) {
    const message = { type: 'subscribe', rooms };
    if (since !== undefined) message.since = since;
    this.send(message);
    return this.next((m) => m.type === 'subscribed');
  }

  close() {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', resolve);
      this.ws.close();
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Raw sockets, for what fetch will not do (keep-alive on one connection, slow clients, paths
// with ".." left as they are)

export function rawConnection(server) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

// Sends bytes on a fresh connection and collects everything until the server closes it or
// timeoutMs passes. Returns {text, closedByServer}.
export async function rawExchange(server, bytes, { timeoutMs = 5000 } = {}) {
  const socket = await rawConnection(server);
  let text = '';
  socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
  socket.write(bytes);
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const closedByServer = !(await within(closed, timeoutMs)).timedOut;
  socket.destroy();
  return { text, closedByServer };
}

// Splits raw HTTP/1.1 responses (Content-Length framed) out of a byte string.
export function parseRawResponses(text) {
  const responses = [];
  let rest = text;
  while (rest.length) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    if (headerEnd < 0) break;
    const [statusLine, ...headerLines] = rest.slice(0, headerEnd).split('\r\n');
    const headers = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const body = rest.slice(headerEnd + 4, headerEnd + 4 + length);
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body });
    rest = rest.slice(headerEnd + 4 + length);
  }
  return responses;
}

// ---------------------------------------------------------------------------------------------
// A whole test environment: one cluster, one database, any number of servers on it

export class Stack {
  // A cluster, a fresh database and (unless servers: 0) one server. serverOptions go to every
  // server started by startServer().
  static async start({ servers = 1, serverOptions = {} } = {}) {
    const stack = new Stack();
    try {
      stack.cluster = await PostgresCluster.start();
      stack.database = await stack.cluster.createDatabase();
      stack.databaseUrl = stack.cluster.url(stack.database);
      stack.sql = stack.cluster.sql(stack.database);
      stack.serverOptions = serverOptions;
      for (let i = 0; i < servers; ++i) await stack.startServer();
    } catch (error) {
      await stack.close().catch(() => {});
      throw error;
    }
    return stack;
  }

  constructor() {
    this.servers = [];
  }

  get server() {
    return this.servers[0];
  }

  async startServer(options = {}) {
    const server = await PlenaryServer.start({
      databaseUrl: this.databaseUrl,
      ...this.serverOptions,
      ...options,
    });
    this.servers.push(server);
    return server;
  }

  // Moves every server's clock forward (test servers run with --test-clock on): deadlines such as
  // a ballot's close are reached without waiting. Returns the first server's new time.
  async advanceClock(seconds) {
    let now = null;
    for (const server of this.servers) {
      const response = await fetch(`${server.origin}/api/v1/test/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.origin },
        body: JSON.stringify({ advance_seconds: seconds }),
      });
      if (response.status !== 200) {
        throw new Error(`moving the clock failed: ${response.status} ${await response.text()}`);
      }
      now ??= (await response.json()).now;
    }
    return now;
  }

  // Stops every server (reporting sanitizer findings and bad exits) and removes the cluster.
  async close() {
    const problems = [];
    for (const server of this.servers) {
      try {
        await server.stop();
      } catch (error) {
        problems.push(error.message);
      }
    }
    this.servers = [];
    await this.cluster?.destroy();
    if (problems.length) throw new Error(problems.join('\n\n'));
  }
}
