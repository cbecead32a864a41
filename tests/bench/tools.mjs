// The load tools of the benchmarks and what reads their output: wrk, pgbench, an nginx that
// serves fixed bytes as the HTTP ceiling, percentiles and the markdown tables of the report.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { freePort, sleep } from '../lib/harness.mjs';

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function runTool(command, args, { timeoutMs = 600_000, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8',
      env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      if (error) {
        error.message = `${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`;
        return reject(error);
      }
      resolve({ stdout, stderr });
    });
  });
}

// wrk's latencies come as "1.23ms", "850.00us" or "1.02s".
function wrkMillis(text) {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`wrk latency not understood: ${text}`);
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2]];
  return Number(match[1]) * factor;
}

// Runs wrk with --latency and returns {rps, p50, p99, requests, non2xx, socketErrors, command}.
export async function wrk({ url, connections, seconds, threads = 2, headers = [], script, scriptArgs = [] }) {
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  for (const header of headers) args.push('-H', header);
  if (script) args.push('-s', script);
  args.push(url);
  if (scriptArgs.length) args.push('--', ...scriptArgs);
  const { stdout } = await runTool('wrk', args, { timeoutMs: (seconds + 60) * 1000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
  const p50 = wrkMillis(/^\s+50%\s+(\S+)/m.exec(stdout)?.[1] ?? 'NaNms');
  const p99 = wrkMillis(/^\s+99%\s+(\S+)/m.exec(stdout)?.[1] ?? 'NaNms');
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const shown = args.map((a) => (/^Cookie:|X-CSRF/i.test(a) ? `'${a.split(':')[0]}: …'` : a.includes(' ') ? `'${a}'` : a));
  return { rps, p50, p99, requests, non2xx, socketErrors, stdout, command: `wrk ${shown.join(' ')}` };
}

// Runs a pgbench script with a per-transaction log and returns {tps, p50, p99, transactions,
// command}. Latencies come from the log (pgbench itself prints only the mean).
export async function pgbench({ cluster, database, scriptFile, clients, seconds, transactions,
  variables = {}, workDir }) {
  fs.mkdirSync(workDir, { recursive: true });
  const prefix = path.join(workDir, `pgbench-${path.basename(scriptFile, '.sql')}`);
  const args = ['-n', '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres',
    '-M', 'prepared', '-c', String(clients), '-j', String(Math.min(clients, 2)),
    '-l', '--log-prefix', prefix, '-f', scriptFile];
  if (seconds) args.push('-T', String(seconds));
  else args.push('-t', String(transactions));
  for (const [name, value] of Object.entries(variables)) args.push('-D', `${name}=${value}`);
  args.push(database);
  for (const old of fs.readdirSync(workDir)) {
    if (old.startsWith(path.basename(prefix) + '.')) fs.rmSync(path.join(workDir, old));
  }
  const { stdout } = await runTool('pgbench', args, { timeoutMs: ((seconds ?? 300) + 60) * 1000 });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
  const latencies = [];
  for (const file of fs.readdirSync(workDir)) {
    if (!file.startsWith(path.basename(prefix) + '.')) continue;
    for (const line of fs.readFileSync(path.join(workDir, file), 'utf8').split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 3) latencies.push(Number(fields[2]) / 1000);
    }
  }
  const command = `pgbench -n -M prepared -c ${clients} -j ${Math.min(clients, 2)} ` +
    (seconds ? `-T ${seconds}` : `-t ${transactions}`) + ` -f tests/bench/${path.relative(path.dirname(new URL(import.meta.url).pathname), scriptFile)}` +
    Object.entries(variables).map(([k, v]) => ` -D ${k}=${v}`).join('');
  return { tps, p50: percentile(latencies, 50), p95: percentile(latencies, 95),
    p99: percentile(latencies, 99), transactions: latencies.length, failed, stdout, command };
}

// nginx serving files from root (the web server ceiling on this machine): as many workers as
// plenary has network threads, no access log, keep-alive as long as wrk wants.
export class StaticNginx {
  static async start({ root, workDir, workers = 2 }) {
    const nginx = new StaticNginx();
    fs.mkdirSync(workDir, { recursive: true });
    nginx.port = await freePort();
    nginx.workDir = workDir;
    const conf = path.join(workDir, 'nginx.conf');
    fs.writeFileSync(conf, `
worker_processes ${workers};
pid ${workDir}/nginx.pid;
error_log ${workDir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${workDir}/tmp-body;
  proxy_temp_path ${workDir}/tmp-proxy;
  fastcgi_temp_path ${workDir}/tmp-fastcgi;
  uwsgi_temp_path ${workDir}/tmp-uwsgi;
  scgi_temp_path ${workDir}/tmp-scgi;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  sendfile on;
  server {
    listen 127.0.0.1:${nginx.port};
    root ${root};
    default_type application/json;
    etag off;
  }
}
`);
    nginx.child = spawn('nginx', ['-c', conf, '-p', workDir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.child.stderr.on('data', (chunk) => { stderr += chunk; });
    nginx.exited = new Promise((resolve) => nginx.child.on('exit', resolve));
    process.on('exit', () => { try { nginx.child.kill('SIGKILL'); } catch {} });
    for (let i = 0; i < 100; ++i) {
      try {
        const response = await fetch(`http://127.0.0.1:${nginx.port}/`);
        await response.arrayBuffer();
        return nginx;
      } catch {
        if (nginx.child.exitCode !== null) throw new Error(`nginx did not start: ${stderr}`);
        await sleep(50);
      }
    }
    throw new Error(`nginx did not answer: ${stderr}`);
  }

  url(file) {
    return `http://127.0.0.1:${this.port}/${file}`;
  }

  async stop() {
    this.child.kill('SIGQUIT');
    await this.exited;
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const number = (value, digits = 0) => (Number.isFinite(value)
  ? value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  : '–');
export const fmt = {
  rate: (v) => number(v, 0),
  ms: (v) => (Number.isFinite(v) ? (v < 10 ? number(v, 2) : number(v, 1)) : '–'),
  ratio: (v) => (Number.isFinite(v) ? `${number(v * 100, 0)} %` : '–'),
  int: (v) => number(v, 0),
};

export function table(columns, rows) {
  const lines = [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}
