// The stack every benchmark and fault run measures: a throwaway PostgreSQL cluster made durable
// (fsync and synchronous_commit on, unlike the harness's test clusters: acknowledged writes only
// mean something with them) and one Release `plenary serve` with its default settings.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { PlenaryServer, PostgresCluster, Stack, freePort, repoRoot, sleep } from '../lib/harness.mjs';

export async function durableCluster() {
  const cluster = await PostgresCluster.start();
  await cluster.stop();
  cluster.start = async function startDurable() {
    const settings = ['listen_addresses=127.0.0.1', 'fsync=on', 'synchronous_commit=on',
      'full_page_writes=on', 'max_connections=300', 'shared_buffers=512MB',
      'effective_cache_size=4GB', 'max_wal_size=4GB', 'checkpoint_timeout=30min'];
    const argv = [path.join('/usr/lib/postgresql/15/bin', 'pg_ctl'), '-D', this.dataDir, '-l', this.logFile,
      '-w', '-t', '60', '-o', [...settings.map((s) => `-c ${s}`), `-p ${this.port}`,
        `-k ${path.join(this.directory, 'socket')}`].join(' '), 'start'];
    const asRoot = process.getuid() === 0;
    execFileSync(asRoot ? 'runuser' : argv[0], asRoot ? ['-u', 'postgres', '--', ...argv] : argv.slice(1),
      { cwd: '/', stdio: 'ignore' });
  };
  await cluster.start();
  return cluster;
}

// `plenary serve` at log level warn on a chosen port (the same port again after a restart). At
// its production level it would write a line per request, which the harness reads line by line
// in this process; at warn it writes none, so no "listening" line either: it is waited for on
// /healthz instead. PLENARY_WEB_ROOT serves another copy of web/.
export async function startServer(stack, { port, args = [] } = {}) {
  const server = new PlenaryServer();
  port ??= await freePort();
  server.spawn(['serve', '--listen', '127.0.0.1', '--port', String(port), '--database-url', stack.databaseUrl,
    '--web-root', process.env.PLENARY_WEB_ROOT || path.join(repoRoot, 'web'), '--log-level', 'warn',
    '--test-clock', 'on',
    // Every load client comes from 127.0.0.1: the per-address sign-in limit would refuse them.
    '--address-rate-limit', '1000000', ...args], {});
  for (let attempt = 0; ; ++attempt) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {}
    if (server.exited || attempt > 600) throw new Error(`plenary did not start:\n${server.stderrTail()}`);
    await sleep(100);
  }
  server.port = port;
  server.origin = server.baseUrl = `http://127.0.0.1:${port}`;
  stack.servers.push(server);
  return server;
}

export async function startStack({ database, serverArgs = [] }) {
  const stack = new Stack();
  stack.cluster = await durableCluster();
  stack.database = await stack.cluster.createDatabase(database);
  stack.databaseUrl = stack.cluster.url(stack.database);
  stack.sql = stack.cluster.sql(stack.database);
  await startServer(stack, { args: serverArgs });
  return stack;
}
