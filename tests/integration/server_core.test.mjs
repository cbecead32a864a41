// The server core, before any domain: health, readiness, metrics, the headers every response
// carries, static files, path traversal, unknown API paths, keep-alive, slow clients and the
// OpenAPI document.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem } from '../lib/builders.mjs';
import {
  ApiClient, Stack, explain, parseRawResponses, rawConnection, rawExchange,
  scratchDir, sleep,
} from '../lib/harness.mjs';

const secret = 'not-for-the-web-7f3a9c';
let stack;
let client;
let webRoot;

// A web root of our own, with a secret beside it (outside the root) and a hidden file inside it,
// so traversal can be checked against content we know.
function makeWebRoot() {
  const site = path.join(scratchDir(), 'site');
  const root = path.join(site, 'web');
  fs.mkdirSync(path.join(root, 'js'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Plenary test</title><p>index</p>\n');
  fs.writeFileSync(path.join(root, 'js', 'app.js'), 'export const answer = 42;\n');
  fs.writeFileSync(path.join(root, '.env'), `SECRET=${secret}\n`);
  fs.writeFileSync(path.join(site, 'secret.txt'), `${secret}\n`);
  return root;
}

before(async () => {
  webRoot = makeWebRoot();
  stack = await Stack.start({ serverOptions: { webRoot } });
  client = new ApiClient(stack.server);
});

after(async () => {
  await stack?.close();
});

function assertSecurityHeaders(response) {
  const headers = response.headers;
  const csp = headers.get('content-security-policy');
  assert.ok(csp, `no Content-Security-Policy: ${explain(response)}`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `CSP allows inline code: ${csp}`);
  assert.match(csp, /frame-ancestors 'none'/, `CSP lacks frame-ancestors 'none': ${csp}`);
  assert.match(csp, /(default-src|script-src) 'self'/, `CSP does not limit scripts to 'self': ${csp}`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff');
  assert.match(headers.get('referrer-policy') ?? '',
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
  assert.match(headers.get('x-request-id') ?? '', /^[A-Za-z0-9_-]{8,}$/,
    `X-Request-Id missing or odd: ${headers.get('x-request-id')}`);
}

describe('health and readiness', () => {
  test('GET /healthz answers {"status":"ok"}', async () => {
    const response = await client.get('/healthz');
    assert.equal(response.status, 200, explain(response));
    assert.deepEqual(response.json, { status: 'ok' });
  });

  test('GET /readyz answers {"status":"ready"} once migrated', async () => {
    const response = await client.get('/readyz');
    assert.equal(response.status, 200, explain(response));
    assert.deepEqual(response.json, { status: 'ready' });
  });

  test('GET /metrics is Prometheus text that counts requests', async () => {
    for (let i = 0; i < 3; ++i) assert.equal((await client.get('/healthz')).status, 200);
    const response = await client.get('/metrics');
    assert.equal(response.status, 200, explain(response));
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(response.text, /^# TYPE plenary_http_requests_total counter$/m);
    const healthz = response.text.split('\n').find(
      (line) => /^plenary_http_requests_total\{/.test(line) && /healthz/.test(line) && /status="200"/.test(line));
    assert.ok(healthz, `no request counter for /healthz in:\n${response.text}`);
    assert.ok(Number(healthz.split(' ').pop()) >= 3, healthz);
    // Every sample line is `name{labels} number` or `name number`.
    for (const line of response.text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.eE+-]+$|^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [+-]Inf$/, line);
    }
  });
});

describe('headers on every response', () => {
  test('JSON, static, problem and 304 responses carry the security headers and a request id', async () => {
    const json = await client.get('/healthz');
    const page = await client.get('/');
    const missing = await client.get('/api/v1/no-such-thing');
    const etag = (await client.get('/js/app.js')).headers.get('etag');
    const notModified = await client.get('/js/app.js', { headers: { 'if-none-match': etag } });
    for (const response of [json, page, missing, notModified]) assertSecurityHeaders(response);
    const ids = [json, page, missing, notModified].map((r) => r.headers.get('x-request-id'));
    assert.equal(new Set(ids).size, ids.length, `request ids repeat: ${ids}`);
  });

  test('the request id in the header is the one in the access log', async () => {
    const from = stack.server.logs.length;
    const response = await client.get('/healthz');
    const id = response.headers.get('x-request-id');
    const line = await stack.server.waitForLog((l) => l.request_id === id, { from });
    assert.equal(line.status, 200);
  });
});

describe('static files', () => {
  test('a file is served with its type and an ETag; If-None-Match gives 304 without a body', async () => {
    const first = await client.get('/js/app.js');
    assert.equal(first.status, 200, explain(first));
    assert.equal(first.text, 'export const answer = 42;\n');
    assert.match(first.headers.get('content-type') ?? '', /^(text|application)\/javascript/);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^(W\/)?"[^"]+"$/, `ETag: ${etag}`);
    const second = await client.get('/js/app.js', { headers: { 'if-none-match': etag } });
    assert.equal(second.status, 304, explain(second));
    assert.equal(second.text, '');
    const other = await client.get('/js/app.js', { headers: { 'if-none-match': '"something-else"' } });
    assert.equal(other.status, 200, explain(other));
  });

  test('/ serves index.html', async () => {
    const response = await client.get('/');
    assert.equal(response.status, 200, explain(response));
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.text, /Plenary test/);
  });

  const attempts = [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2e%2e/etc/passwd',
    '/js/../../secret.txt',
    '/js/%2e%2e/%2e%2e/secret.txt',
    '/js/..%2f..%2fsecret.txt',
    '/.%2e/secret.txt',
    '/..%5csecret.txt',
    '/.env',
    '/%2eenv',
    '/js/%00app.js',
  ];
  for (const target of attempts) {
    test(`traversal attempt ${target} is refused`, async () => {
      // Raw bytes: fetch would tidy the path before sending it.
      const { text } = await rawExchange(stack.server,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const [response] = parseRawResponses(text);
      assert.ok(response, `no HTTP response to ${target}: ${JSON.stringify(text)}`);
      assert.ok(response.status >= 400 && response.status < 500,
        `${target} → ${response.status} ${response.body.slice(0, 200)}`);
      assert.ok(!text.includes(secret), `${target} leaked the secret file`);
      assert.ok(!text.includes('root:x:0:0'), `${target} leaked /etc/passwd`);
    });
  }
});

describe('API errors', () => {
  test('an unknown /api path is 404 problem+json, not the web app', async () => {
    for (const target of ['/api/v1/no-such-thing', '/api/v2/groups', '/api/v1/groups/1/nothing-here']) {
      const response = await client.get(target);
      assertProblem(response, 404);
    }
  });

  test('a known path with the wrong method is 405 problem+json', async () => {
    const response = await client.request('PUT', '/healthz', { json: {} });
    assert.ok([404, 405].includes(response.status), explain(response));
    assertProblem(response, response.status);
  });
});

describe('connections', () => {
  test('keep-alive: two requests on one connection', async () => {
    const socket = await rawConnection(stack.server);
    let text = '';
    socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
    let closed = false;
    socket.on('close', () => { closed = true; });
    try {
      const request = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
      socket.write(request);
      for (let i = 0; i < 100 && parseRawResponses(text).length < 1; ++i) await sleep(50);
      assert.equal(parseRawResponses(text).length, 1, `first response: ${JSON.stringify(text)}`);
      assert.equal(closed, false, 'the server closed a keep-alive connection after one request');
      socket.write(request);
      for (let i = 0; i < 100 && parseRawResponses(text).length < 2; ++i) await sleep(50);
      const responses = parseRawResponses(text);
      assert.equal(responses.length, 2, `responses: ${JSON.stringify(text)}`);
      assert.deepEqual(responses.map((r) => r.status), [200, 200]);
      assert.notEqual((responses[0].headers.connection ?? '').toLowerCase(), 'close');
    } finally {
      socket.destroy();
    }
  });

  test('a client sending a header byte a second is cut off within the request timeout', async () => {
    const slow = await stack.startServer({ args: ['--request-timeout', '3'] });
    const socket = await rawConnection(slow);
    const started = Date.now();
    let closedAfter = null;
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk.toString('latin1'); });
    socket.on('close', () => { closedAfter = Date.now() - started; });
    socket.on('error', () => {});
    try {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      for (let i = 0; i < 12 && closedAfter === null; ++i) {
        await sleep(1000);
        if (closedAfter === null) socket.write('a');
      }
      assert.notEqual(closedAfter, null, 'the connection was still open after 12 s');
      assert.ok(closedAfter <= 6000, `closed only after ${closedAfter} ms`);
      assert.ok(closedAfter >= 2000, `closed after ${closedAfter} ms, before the timeout`);
      assert.doesNotMatch(answer, /HTTP\/1\.1 200/, `the slow request was answered: ${answer}`);
    } finally {
      socket.destroy();
    }
    // The server stays healthy for everyone else.
    const response = await new ApiClient(slow).get('/healthz');
    assert.equal(response.status, 200);
  });
});

describe('OpenAPI', () => {
  // Every endpoint of the foundation's API contract.
  const contract = [
    'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /api/v1/openapi.json',
    'POST /api/v1/accounts', 'POST /api/v1/accounts/verify-email',
    'POST /api/v1/accounts/resend-verification', 'POST /api/v1/session', 'GET /api/v1/session',
    'DELETE /api/v1/session', 'GET /api/v1/sessions', 'DELETE /api/v1/sessions/{session_id}',
    'POST /api/v1/accounts/password', 'POST /api/v1/accounts/password-reset',
    'POST /api/v1/accounts/password-reset/complete', 'GET /api/v1/me', 'PATCH /api/v1/me',
    'GET /api/v1/groups', 'POST /api/v1/groups', 'GET /api/v1/groups/{group_id}',
    'PATCH /api/v1/groups/{group_id}', 'POST /api/v1/groups/{group_id}/join',
    'POST /api/v1/groups/{group_id}/leave', 'GET /api/v1/groups/{group_id}/members',
    'POST /api/v1/groups/{group_id}/members', 'PATCH /api/v1/groups/{group_id}/members/{person_id}',
    'DELETE /api/v1/groups/{group_id}/members/{person_id}',
    'POST /api/v1/groups/{group_id}/members/import',
  ];

  // The WebSocket endpoint is answered by the transport before routing, so it is not in the
  // router's list; it is a route of the server all the same.
  const transportRoutes = ['GET /api/v1/live'];

  function routesFromLog() {
    const routes = stack.server.findLogs((l) => l.msg === 'route').map((l) => `${l.method} ${l.path}`);
    assert.ok(routes.length > 0, 'the server logged no {"msg":"route"} lines at --log-level debug');
    return [...routes, ...transportRoutes.filter((r) => !routes.includes(r))];
  }

  test('the server has every route of the API contract', () => {
    const routes = new Set(routesFromLog());
    const missing = contract.filter((route) => !routes.has(route));
    assert.deepEqual(missing, [], `routes missing from the server: ${missing.join(', ')}`);
  });

  test('/api/v1/openapi.json lists exactly the routes the server has', async () => {
    const response = await client.get('/api/v1/openapi.json');
    assert.equal(response.status, 200, explain(response));
    const document = JSON.parse(response.text);
    assert.match(String(document.openapi), /^3\./);
    assert.equal(typeof document.info?.title, 'string');
    const documented = [];
    for (const [routePath, item] of Object.entries(document.paths ?? {})) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
        if (!item[method]) continue;
        documented.push(`${method.toUpperCase()} ${routePath}`);
        assert.ok(item[method].responses && Object.keys(item[method].responses).length > 0,
          `${method.toUpperCase()} ${routePath} documents no responses`);
      }
    }
    const routes = routesFromLog();
    const notDocumented = routes.filter((r) => !documented.includes(r));
    const notServed = documented.filter((r) => !routes.includes(r));
    assert.deepEqual({ notDocumented, notServed }, { notDocumented: [], notServed: [] });
  });
});
