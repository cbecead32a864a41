// Outgoing mail against a real SMTP server on loopback (nodemailer's smtp-server): STARTTLS with
// a throwaway certificate, a login, the headers and body as a mail reader sees them, retries
// with backoff while the SMTP server is down, delivery exactly once when it is back, several
// server processes sharing the queue, and giving up (but keeping the mail) after days.
//
// Mails are queued with SQL, as a module does inside its own transaction.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import mailparser from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { Stack, eventually, freePort, scratchDir, sleep } from '../lib/harness.mjs';

const { simpleParser } = mailparser;

const smtpUser = 'plenary-mailer';
const smtpPassword = 'correct horse battery staple';
const fromAddress = 'plenary@example.org';
const fromName = 'Plenary Test';

// An SMTP server that offers STARTTLS, accepts AUTH only over TLS and keeps what it receives.
// Without TLS (offerStartTls false) it asks for no login either.
class MailCatcher {
  constructor({ key, cert, offerStartTls = true }) {
    this.key = key;
    this.cert = cert;
    this.offerStartTls = offerStartTls;
    this.received = [];
    this.server = null;
  }

  async start(port) {
    this.server = new SMTPServer({
      key: this.key,
      cert: this.cert,
      logger: false,
      hideSTARTTLS: !this.offerStartTls,
      authOptional: !this.offerStartTls,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, session, callback) => {
        if (auth.username === smtpUser && auth.password === smtpPassword) {
          callback(null, { user: auth.username });
        } else {
          callback(new Error('Invalid username or password'));
        }
      },
      onData: (stream, session, callback) => {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('latin1');
          this.received.push({
            raw,
            parsed: await simpleParser(Buffer.concat(chunks)),
            secure: session.secure,
            user: session.user,
            mailFrom: session.envelope.mailFrom.address,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
        });
      },
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
  }

  async stop() {
    if (!this.server) return;
    await new Promise((resolve) => this.server.close(resolve));
    this.server = null;
  }

  withMessageId(messageId) {
    return this.received.filter((m) => m.parsed.messageId === messageId);
  }

  withSubject(subject) {
    return this.received.filter((m) => m.parsed.subject === subject);
  }
}

let stack;
let catcher;
let smtpPort;
let tls;

function selfSignedCertificate() {
  const directory = path.join(scratchDir(), 'smtp-tls');
  fs.mkdirSync(directory, { recursive: true });
  const keyFile = path.join(directory, 'key.pem');
  const certFile = path.join(directory, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), certFile };
}

// Queues a mail the way a module does: one row, due now.
async function enqueue({ sql = stack.sql, to = 'ada@example.net', toName = '', subject, body = 'Hello.', kind = 'test' }) {
  const id = await sql.exec(
    `INSERT INTO mail_outbox (kind, to_address, to_name, subject, body_text, created_at, next_attempt_at)
     VALUES (:'kind', :'to', :'to_name', :'subject', :'body', now(), now()) RETURNING id`,
    { kind, to, to_name: toName, subject, body });
  return Number(id);
}

const outboxRow = (id, sql = stack.sql) => sql.row(
  `SELECT id, attempts, message_id, last_error, sent_at, gave_up_at, created_at, next_attempt_at
   FROM mail_outbox WHERE id = :'id'`, { id });

before(async () => {
  tls = selfSignedCertificate();
  catcher = new MailCatcher(tls);
  smtpPort = await freePort();
  await catcher.start(smtpPort);
  stack = await Stack.start({
    serverOptions: {
      args: ['--smtp-url', `smtp://127.0.0.1:${smtpPort}`, '--mail-from', fromAddress,
        '--mail-from-name', fromName, '--smtp-ca-file', tls.certFile],
      env: { PLENARY_SMTP_USER: smtpUser, PLENARY_SMTP_PASSWORD: smtpPassword },
    },
  });
});

after(async () => {
  if (catcher?.server) await catcher.stop();
  await stack?.close();
});

describe('sending', () => {
  test('a queued mail arrives over STARTTLS with the right headers and body', async () => {
    const subject = 'Bestätigen Sie Ihre Unterschrift — „Bäume für Köln“ 🌳';
    const body = [
      'Hallo Zoë,',
      '',
      'bitte bestätigen Sie Ihre Unterschrift: https://plenary.example.org/petitions/7/confirm?token=a=b',
      '.',
      '..two dots, then a line that is long enough to need a soft line break in quoted-printable text',
      'trailing space here ',
      'From the organisers',
    ].join('\n');
    const id = await enqueue({ to: 'zoe@example.net', toName: 'Zoë Müller', subject, body,
      kind: 'petition_confirmation' });

    const [mail] = await eventually(() => {
      const found = catcher.withSubject(subject);
      return found.length ? found : null;
    }, { what: 'the mail at the SMTP server' });
    const row = await eventually(async () => {
      const r = await outboxRow(id);
      return r.sent_at ? r : null;
    }, { what: 'sent_at' });

    assert.equal(mail.secure, true, 'the connection was upgraded with STARTTLS');
    assert.equal(mail.user, smtpUser, 'the sender logged in');
    assert.equal(mail.mailFrom, fromAddress);
    assert.deepEqual(mail.rcptTo, ['zoe@example.net']);

    const { parsed } = mail;
    assert.deepEqual(parsed.from.value, [{ address: fromAddress, name: fromName }]);
    assert.deepEqual(parsed.to.value, [{ address: 'zoe@example.net', name: 'Zoë Müller' }]);
    assert.equal(parsed.subject, subject);
    assert.equal(parsed.messageId, row.message_id);
    assert.match(row.message_id, /^<[0-9a-f]{32}@example\.org>$/);
    // The Date header is when the mail was queued (to the second).
    assert.equal(Math.floor(parsed.date.getTime() / 1000), Math.floor(Date.parse(row.created_at) / 1000));
    assert.equal(parsed.text.replace(/\r\n/g, '\n').replace(/\n$/, ''), body);
    assert.equal(parsed.headers.get('mime-version'), '1.0');
    assert.equal(parsed.headers.get('content-type').value, 'text/plain');
    assert.equal(parsed.headers.get('content-type').params.charset, 'utf-8');
    assert.equal(parsed.headers.get('auto-submitted'), 'auto-generated');

    // On the wire: 7-bit, CRLF lines of at most 78 characters (the subject was encoded).
    assert.match(mail.raw, /\r\nSubject: =\?utf-8\?B\?/);
    assert.match(mail.raw, /^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000\r\n/);
    assert.ok(!/[^\x00-\x7f]/.test(mail.raw), 'only ASCII on the wire');
    for (const line of mail.raw.split('\r\n')) {
      assert.ok(line.length <= 78, `line too long: ${line}`);
      assert.ok(!line.includes('\n') && !line.includes('\r'), `bare line break in: ${JSON.stringify(line)}`);
    }

    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, null);
    assert.equal(row.gave_up_at, null);
    await sleep(1500);
    assert.equal(catcher.withSubject(subject).length, 1, 'sent once');
  });

  test('a mail queued in a transaction that rolls back is never sent', async () => {
    const subject = `Rolled back ${process.pid}`;
    await stack.sql.exec(
      `BEGIN;
       INSERT INTO mail_outbox (kind, to_address, subject, body_text, created_at, next_attempt_at)
       VALUES ('test', 'ada@example.net', :'subject', 'never', now(), now());
       ROLLBACK`, { subject });
    const control = `Committed ${process.pid}`;
    await enqueue({ subject: control });
    await eventually(() => catcher.withSubject(control).length === 1, { what: 'the committed mail' });
    assert.equal(catcher.withSubject(subject).length, 0);
    assert.equal(await stack.sql.count('mail_outbox', 'subject = :\'subject\'', { subject }), 0);
  });
});

describe('when the SMTP server is down', () => {
  test('the mail stays queued with its error, is retried with growing delays and is delivered exactly once when the server is back', async () => {
    await catcher.stop();
    const subject = `Retried ${process.pid}`;
    const id = await enqueue({ subject, body: 'Sent in the end.' });

    const first = await eventually(async () => {
      const r = await outboxRow(id);
      return r.attempts >= 1 && r.last_error ? r : null;
    }, { what: 'the first failed attempt' });
    assert.equal(first.attempts, 1);
    assert.equal(first.sent_at, null);
    assert.match(first.last_error, /connect/i);
    assert.match(first.message_id, /^<[0-9a-f]{32}@example\.org>$/);
    const firstDelay = Date.parse(first.next_attempt_at) - Date.parse(first.created_at);
    assert.ok(firstDelay >= 55_000 && firstDelay < 120_000, `first delay about a minute: ${firstDelay} ms`);

    // Not tried again before it is due.
    await sleep(2500);
    assert.equal((await outboxRow(id)).attempts, 1);

    await stack.advanceClock(65);
    const second = await eventually(async () => {
      const r = await outboxRow(id);
      return r.attempts >= 2 ? r : null;
    }, { what: 'the second failed attempt' });
    assert.equal(second.attempts, 2);
    assert.equal(second.sent_at, null);
    assert.ok(second.last_error);
    assert.equal(second.message_id, first.message_id, 'the Message-ID is kept across attempts');
    const secondDelay = Date.parse(second.next_attempt_at) - Date.parse(first.next_attempt_at);
    assert.ok(secondDelay >= 115_000, `the delay doubled: ${secondDelay} ms after the first retry was due`);

    await catcher.start(smtpPort);
    await sleep(2500);
    assert.equal(catcher.withSubject(subject).length, 0, 'nothing is sent before the retry is due');

    await stack.advanceClock(125);
    const sent = await eventually(async () => {
      const r = await outboxRow(id);
      return r.sent_at ? r : null;
    }, { what: 'delivery after the SMTP server came back' });
    assert.equal(sent.attempts, 3);
    assert.equal(sent.gave_up_at, null);
    await stack.advanceClock(7200);
    await sleep(2500);
    const delivered = catcher.withSubject(subject);
    assert.equal(delivered.length, 1, 'delivered exactly once');
    assert.equal(delivered[0].parsed.messageId, first.message_id);
    assert.equal(delivered[0].parsed.text.trim(), 'Sent in the end.');
  });
});

describe('several server processes', () => {
  test('share the queue: every mail is sent exactly once', async () => {
    await stack.startServer();
    const subjects = [];
    for (let i = 0; i < 12; ++i) subjects.push(`Shared ${process.pid} #${i}`);
    const ids = [];
    for (const subject of subjects) ids.push(await enqueue({ subject }));
    await eventually(async () =>
      Number(await stack.sql.value(
        `SELECT count(*) FROM mail_outbox WHERE id = ANY(string_to_array(:'ids', ',')::bigint[]) AND sent_at IS NOT NULL`,
        { ids: ids.join(',') })) === ids.length,
    { what: 'all mails sent', timeoutMs: 20_000 });
    await sleep(1500);
    for (const subject of subjects) {
      assert.equal(catcher.withSubject(subject).length, 1, `${subject} sent once`);
    }
    const attempts = await stack.sql.rows(
      `SELECT attempts FROM mail_outbox WHERE id = ANY(string_to_array(:'ids', ',')::bigint[])`,
      { ids: ids.join(',') });
    assert.ok(attempts.every((r) => r.attempts === 1), JSON.stringify(attempts));
  });
});

describe('configuration', () => {
  test('without --smtp-url the server starts and says that mail is only queued', async () => {
    const quiet = await stack.startServer({ args: [] });
    const line = await quiet.waitForLog((l) => /no --smtp-url/.test(l.msg ?? ''));
    assert.equal(line.level, 'warn');
    await quiet.stop();
    stack.servers = stack.servers.filter((s) => s !== quiet);
  });
});

describe('after days of failures', () => {
  test('the mail is given up but kept with its last error', async () => {
    await catcher.stop();
    const subject = `Given up ${process.pid}`;
    const id = await enqueue({ subject });
    await eventually(async () => (await outboxRow(id)).attempts >= 1, { what: 'a failed attempt' });
    await stack.advanceClock(3 * 24 * 3600 + 60);
    const row = await eventually(async () => {
      const r = await outboxRow(id);
      return r.gave_up_at ? r : null;
    }, { what: 'gave_up_at' });
    assert.equal(row.sent_at, null);
    assert.match(row.last_error, /connect/i);
    assert.ok(row.attempts >= 2);
    await stack.advanceClock(3600);
    await sleep(2000);
    assert.equal((await outboxRow(id)).attempts, row.attempts, 'never tried again');
  });
});

describe('an SMTP server that does not offer STARTTLS', () => {
  test('gets no mail with --smtp-tls required, and gets it in the clear by default', async () => {
    const plainCatcher = new MailCatcher({ ...tls, offerStartTls: false });
    const plainPort = await freePort();
    await plainCatcher.start(plainPort);
    const args = (mode) => ['--smtp-url', `smtp://127.0.0.1:${plainPort}`, '--mail-from', fromAddress,
      '--smtp-tls', mode];
    const plainStack = await Stack.start({ servers: 0 });
    try {
      const strict = await plainStack.startServer({ args: args('required') });
      const subject = `Clear text ${process.pid}`;
      const id = await enqueue({ sql: plainStack.sql, subject });
      const refused = await eventually(async () => {
        const r = await outboxRow(id, plainStack.sql);
        return r.last_error ? r : null;
      }, { what: 'the refused attempt' });
      assert.equal(refused.sent_at, null);
      assert.match(refused.last_error, /SSL|TLS/i);
      assert.equal(plainCatcher.received.length, 0, 'nothing was sent in the clear');
      await strict.stop();
      plainStack.servers = [];

      const lenient = await plainStack.startServer({ args: args('when-offered') });
      const body = await fetch(`${lenient.origin}/api/v1/test/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: lenient.origin },
        body: JSON.stringify({ advance_seconds: 65 }),
      });
      assert.equal(body.status, 200);
      const sent = await eventually(async () => {
        const r = await outboxRow(id, plainStack.sql);
        return r.sent_at ? r : null;
      }, { what: 'delivery without TLS' });
      assert.equal(sent.attempts, 2);
      const [mail] = plainCatcher.withSubject(subject);
      assert.equal(mail.secure, false);
      assert.equal(mail.parsed.messageId, sent.message_id);
    } finally {
      await plainStack.close();
      await plainCatcher.stop();
    }
  });
});
