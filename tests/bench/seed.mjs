// The benchmark's organisation, seeded fast: what there are few of (groups, categories, ballots,
// one probe thread) goes through the API, so its rows are exactly what the server writes; what
// there are many of (people, memberships, sessions, threads, posts) is written by SQL with
// generate_series in the shapes the server's repos write (schema/0001, 0003), with the posts'
// body_html/body_text wrapped exactly as the server rendered the probe post.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

import { createGroup, expectStatus, registerAccount } from '../lib/builders.mjs';
import { ApiClient } from '../lib/harness.mjs';

// Words of posts and titles. Picked with a skew (the first words far more often), so searches
// range from words in most posts to words in a few hundred.
const vocabulary = `
meeting branch members vote union rent housing council budget campaign strike ballot motion
agenda minutes treasurer secretary chair proposal amendment committee workplace organiser
leaflet petition rally march picket wages contract employer shift overtime holiday pension
safety training volunteer newsletter website social fundraiser donation subscription dues
quorum election candidate nomination deadline office hall library school hospital nurse teacher
driver warehouse delivery kitchen cleaner porter tenant landlord repair damp heating eviction
deposit survey report figures support solidarity community neighbour street estate block flat
transport bus ferry timetable fares station route cycle parking bridge harbour quay lighthouse
festival garden allotment food bank pantry coffee tea cake bake sale raffle quiz music choir
banner printing posters stickers door knocking canvass phone bank rota weekend evening morning
autumn winter spring summer january february march april june july august september october
november december regional national federation conference delegate policy statement review
accessible translation childcare creche wheelchair ramp hearing loop captions interpreter
recycling litter pollution flooding trees playground youth elders pensioners students
apprentices migrants refugees welcome breakfast dinner lunch travel expenses receipts accounts
audit constitution rules standing orders procedure point order speaker time limit notice
reminder thanks agree disagree suggest question answer update progress plan idea draft final
`.trim().split(/\s+/);

const firstNames = ['Aisha', 'Ben', 'Chloe', 'Dev', 'Ewa', 'Farid', 'Grace', 'Hamza', 'Isla', 'Jon',
  'Kemi', 'Liam', 'Maya', 'Niall', 'Olu', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Vik',
  'Wen', 'Xavi', 'Yusuf', 'Zoe'];
const lastNames = ['Adams', 'Begum', 'Campbell', 'Dlamini', 'Evans', 'Fraser', 'Gill', 'Hughes',
  'Iqbal', 'Jones', 'Kaur', 'Lewis', 'Murray', 'Nowak', "O'Neill", 'Patel', 'Reid', 'Singh',
  'Taylor', 'Usman', 'Walker', 'Young'];

export const benchPassword = 'tangerine-lighthouse-42';

// The seeded sessions' secrets, derived from the person's number so the load tools can present
// them without a sign-in each (Argon2id would take ~70 ms per person): a 43-character base64url
// token stored as its SHA-256 hex, as accounts::random_token/token_hash make them.
export function sessionOf(n) {
  return {
    cookie: `plenary_session=${createHash('sha256').update(`plenary-bench-session-${n}`).digest('base64url')}`,
    csrf: createHash('sha256').update(`plenary-bench-csrf-${n}`).digest('base64url'),
  };
}
const sqlBase64url = (text) => `translate(encode(sha256(convert_to(${text}, 'UTF8')), 'base64'), '+/=', '-_')`;

// psql for the bulk statements: Sql.exec's 60-second limit is too short for 200,000 posts on a
// busy machine.
function bulk(sql, text, variables = {}) {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1',
    '-p', String(sql.cluster.port), '-U', 'postgres', '-d', sql.database];
  for (const [name, value] of Object.entries(variables)) args.push('-v', `${name}=${value}`);
  return new Promise((resolve, reject) => {
    const child = execFile('psql', args, { timeout: 3_600_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => (error ? reject(new Error(`psql failed: ${error.message}\n${stderr}`)) : resolve(stdout)));
    child.stdin.end(text.trim() + ';\n');
  });
}

// A small deterministic generator: the same scale seeds the same counts.
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sizesFor(scale) {
  const at = (n, least) => Math.max(least, Math.round(n * scale));
  const branches = at(200, 4) + (at(200, 4) % 2);
  return {
    people: Math.max(branches * 10, at(20_000, 40)),
    branches,
    threads: at(2_000, 20),
    posts: at(200_000, 2_000),
    bigThreadPosts: Math.min(1_000, Math.floor(at(200_000, 2_000) / 4)),
    ballots: at(50, 2),
  };
}

// Posts per thread: the big thread first, the rest spread unevenly (a few long threads, many
// short ones) and summing exactly to the total.
function postsPerThread(sizes, random) {
  const rest = sizes.posts - sizes.bigThreadPosts;
  const weights = Array.from({ length: sizes.threads - 1 }, () => 0.2 + random() ** 2 * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((w / total) * rest)));
  let missing = rest - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; missing !== 0; i = (i + 1) % counts.length) {
    if (missing > 0) { counts[i] += 1; missing -= 1; } else if (counts[i] > 1) { counts[i] -= 1; missing += 1; }
  }
  return [sizes.bigThreadPosts, ...counts];
}

// Seeds everything; returns what the measurements need. log(text) reports progress.
export async function seed(stack, { scale, log }) {
  const sizes = sizesFor(scale);
  const random = generator(20_251_121);
  const sql = stack.sql;
  const started = Date.now();

  // The first account is the site admin; its password hash is everyone's (any seeded person can
  // also sign in by hand with benchPassword).
  const admin = await registerAccount(stack, { displayName: 'Bench Admin', password: benchPassword });
  await sql.exec("UPDATE persons SET created_at = now() - interval '400 days' WHERE id = :'id'", { id: admin.person.id });

  const federation = await createGroup(admin.client, { name: 'Bench Federation', kind: 'national' });
  const regions = [];
  for (const name of ['North Region', 'South Region']) {
    regions.push(await createGroup(admin.client, { name, kind: 'region', parentId: federation.id }));
  }
  const branches = [];
  for (let b = 0; b < sizes.branches; ++b) {
    const region = regions[b < sizes.branches / 2 ? 0 : 1];
    branches.push(await createGroup(admin.client, { name: `Branch ${String(b + 1).padStart(3, '0')}`, kind: 'branch', parentId: region.id }));
  }
  // One category per branch; three in four are public (readable signed out), the rest members only.
  const categories = [];
  for (const [b, branch] of branches.entries()) {
    const visibility = b % 4 === 3 ? 'members' : 'public';
    categories.push(expectStatus(await admin.client.post(`/api/v1/groups/${branch.id}/categories`,
      { name: 'General', visibility }), 201).category);
  }
  log(`groups and categories through the API: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // The probe: one thread through the API whose rendered body shows how the server wraps plain text.
  const marker = 'benchprobemarker';
  const probe = expectStatus(await admin.client.post(`/api/v1/categories/${categories[0].id}/threads`,
    { title: 'How the bench seeds posts', body: marker }), 201);
  const rendered = await sql.row("SELECT body_html, body_text FROM posts WHERE id = :'id'", { id: probe.post.id });
  const wrap = (text) => {
    const at = text.indexOf(marker);
    if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error(`unexpected rendering of plain text: ${text}`);
    return [text.slice(0, at), text.slice(at + marker.length)];
  };
  const [htmlBefore, htmlAfter] = wrap(rendered.body_html);
  const [textBefore, textAfter] = wrap(rendered.body_text);

  // People, their memberships and sessions.
  const t0 = Date.now();
  await sql.exec(`
    INSERT INTO persons (email, display_name, password_hash, email_verified_at, created_at)
    SELECT 'member' || n || '@bench.plenary.test',
           (:'firsts'::text[])[1 + n % cardinality(:'firsts'::text[])] || ' ' ||
           (:'lasts'::text[])[1 + (n / 7) % cardinality(:'lasts'::text[])],
           (SELECT password_hash FROM persons WHERE id = :'admin'),
           now() - interval '390 days', now() - interval '400 days' + n * interval '1 minute'
    FROM generate_series(1, :'people') AS n`,
  { people: sizes.people, admin: admin.person.id, firsts: `{${firstNames.join(',')}}`,
    lasts: `{${lastNames.map((n) => `"${n}"`).join(',')}}` });
  // bench_people: person number n ↔ id ↔ branch (0-based); the first of each branch is its officer,
  // every 25th in the second region a supporter, everyone else a member (so the first region, the
  // vote storm's electorate, is exactly half of everyone).
  await sql.exec(`
    CREATE TABLE bench_people AS
    SELECT substring(email::text FROM '^member([0-9]+)@')::int AS n, id AS person_id,
           (substring(email::text FROM '^member([0-9]+)@')::int - 1) % :'branches' AS branch
    FROM persons WHERE email::text LIKE 'member%@bench.plenary.test';
    CREATE TABLE bench_branches AS
    SELECT ordinality - 1 AS branch, group_id, category_id
    FROM unnest(:'groups'::bigint[], :'categories'::bigint[]) WITH ORDINALITY AS u(group_id, category_id);
    INSERT INTO memberships (person_id, group_id, role, joined_at, updated_at)
    SELECT p.person_id, b.group_id,
           CASE WHEN p.n <= :'branches' THEN 'officer' WHEN p.n % 25 = 0 AND p.branch >= :'branches' / 2 THEN 'supporter' ELSE 'member' END,
           current_date - 380, now() - interval '380 days'
    FROM bench_people p JOIN bench_branches b USING (branch);
    INSERT INTO sessions (person_id, token_hash, csrf_token, created_at, last_seen_at,
                          idle_expires_at, absolute_expires_at, user_agent, ip_address)
    SELECT person_id, encode(sha256(convert_to(${sqlBase64url(`'plenary-bench-session-' || n`)}, 'UTF8')), 'hex'),
           ${sqlBase64url(`'plenary-bench-csrf-' || n`)}, now(), now(),
           now() + interval '7 days', now() + interval '30 days', 'plenary-bench', '127.0.0.1'
    FROM bench_people`,
  { branches: sizes.branches, groups: `{${branches.map((b) => b.id).join(',')}}`,
    categories: `{${categories.map((c) => c.id).join(',')}}` });
  log(`${sizes.people} people with memberships and sessions: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Threads: thread i in branch i mod branches, by one of its members; the first is the big one.
  const t1 = Date.now();
  const counts = postsPerThread(sizes, random);
  await bulk(sql, `
    CREATE TABLE bench_words AS SELECT :'words'::text[] AS w;
    CREATE TABLE bench_branch_people AS
    SELECT branch, array_agg(person_id ORDER BY n) AS ids FROM bench_people GROUP BY branch;
    CREATE TABLE bench_threads (ordinal int PRIMARY KEY, thread_id bigint, branch int, posts int,
                                first_post_id bigint, opened_at timestamptz);
    INSERT INTO bench_threads (ordinal, branch, posts, opened_at)
    SELECT ordinality, (ordinality - 1) % :'branches', posts,
           now() - interval '12 days' - random() * interval '350 days'
    FROM unnest(:'counts'::int[]) WITH ORDINALITY AS u(posts);
    UPDATE bench_threads t SET first_post_id = s.first
    FROM (SELECT ordinal, (SELECT max(id) FROM posts) + 1 +
                 coalesce(sum(posts) OVER (ORDER BY ordinal ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS first
          FROM bench_threads) s WHERE s.ordinal = t.ordinal;
    WITH made AS (
      INSERT INTO threads (category_id, author_id, title, created_at, last_post_at)
      SELECT b.category_id, bp.ids[1 + (t.ordinal * 7919) % cardinality(bp.ids)],
             initcap(array_to_string(ARRAY(SELECT w.w[1 + floor(cardinality(w.w) * random() ^ 2)::int]
                                           FROM generate_series(1, 3 + t.ordinal % 5) WHERE t.ordinal > 0), ' ')),
             t.opened_at, t.opened_at
      FROM bench_threads t JOIN bench_branches b USING (branch) JOIN bench_branch_people bp USING (branch), bench_words w
      ORDER BY t.ordinal
      RETURNING id, created_at)
    UPDATE bench_threads t SET thread_id = m.id
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS ordinal FROM made) m WHERE m.ordinal = t.ordinal`,
  { branches: sizes.branches, counts: `{${counts.join(',')}}`, words: `{${vocabulary.join(',')}}` });

  // Posts: the opening post, replies to it, and every third reply answering the one before it,
  // ids chosen here as the server chooses them (nextval, then OVERRIDING SYSTEM VALUE) so the
  // tree paths can be written in the same statement.
  const chunk = Math.max(1, Math.ceil(sizes.threads / 10));
  for (let from = 1; from <= sizes.threads; from += chunk) {
    await bulk(sql, `
    INSERT INTO posts (id, thread_id, parent_id, author_id, tree_path, depth, body_source,
                       body_html, body_text, created_at)
    OVERRIDING SYSTEM VALUE
    SELECT t.first_post_id + j, t.thread_id,
           CASE WHEN j = 0 THEN NULL WHEN j % 3 = 0 THEN t.first_post_id + j - 1 ELSE t.first_post_id END,
           bp.ids[1 + floor(random() * cardinality(bp.ids))::int],
           lpad(t.first_post_id::text, 12, '0') ||
             CASE WHEN j = 0 THEN ''
                  WHEN j % 3 = 0 THEN '.' || lpad((t.first_post_id + j - 1)::text, 12, '0') || '.' || lpad((t.first_post_id + j)::text, 12, '0')
                  ELSE '.' || lpad((t.first_post_id + j)::text, 12, '0') END,
           CASE WHEN j = 0 THEN 0 WHEN j % 3 = 0 THEN 2 ELSE 1 END,
           body, :'html_before' || body || :'html_after', :'text_before' || body || :'text_after',
           t.opened_at + j * interval '7 minutes' + random() * interval '5 minutes'
    FROM bench_threads t JOIN bench_branch_people bp USING (branch), bench_words w,
         generate_series(0, t.posts - 1) AS j,
         LATERAL (SELECT initcap(array_to_string(ARRAY(
                    SELECT w.w[1 + floor(cardinality(w.w) * random() ^ 2)::int]
                    FROM generate_series(1, 12 + (j * 31 + t.ordinal) % 48) WHERE j >= 0), ' ')) || '.' AS body) AS b
    WHERE t.ordinal BETWEEN :'from' AND :'to'`,
    { html_before: htmlBefore, html_after: htmlAfter, text_before: textBefore, text_after: textAfter,
      from, to: from + chunk - 1 });
    log(`posts of threads ${from}–${Math.min(sizes.threads, from + chunk - 1)}: ${((Date.now() - t1) / 1000).toFixed(0)} s`);
  }
  await bulk(sql, `
    SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT max(id) FROM posts));
    UPDATE threads t SET post_count = s.n, last_post_at = s.last
    FROM (SELECT thread_id, count(*) AS n, max(created_at) AS last FROM posts GROUP BY thread_id) s
    WHERE s.thread_id = t.id AND t.id IN (SELECT thread_id FROM bench_threads)`);
  log(`${sizes.threads} threads and ${sizes.posts} posts by SQL: ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  // Ballots through the API: yes/no secret ballots open for a week in the first branches; the
  // last one is the vote storm's, over a whole region (half of everyone).
  const t2 = Date.now();
  const now = Date.parse(await stack.advanceClock(0));
  const closesAt = new Date(now + 7 * 86_400_000).toISOString();
  const ballots = [];
  for (let i = 0; i < sizes.ballots - 1; ++i) {
    ballots.push(expectStatus(await admin.client.post(`/api/v1/groups/${branches[i % branches.length].id}/ballots`,
      { title: `Branch motion ${i + 1}`, method: 'yes_no', closes_at: closesAt }), 201).ballot);
  }
  const storm = expectStatus(await admin.client.post(`/api/v1/groups/${regions[0].id}/ballots`,
    { title: 'Regional strike ballot', method: 'yes_no', closes_at: closesAt,
      eligibility: { include_subgroups: true } }), 201).ballot;
  ballots.push(storm);
  log(`${sizes.ballots} ballots through the API: ${((Date.now() - t2) / 1000).toFixed(1)} s`);

  const t3 = Date.now();
  await bulk(sql, 'VACUUM ANALYZE');
  await bulk(sql, 'CHECKPOINT');
  log(`VACUUM ANALYZE and CHECKPOINT: ${((Date.now() - t3) / 1000).toFixed(1)} s`);

  const bigThread = await sql.row(`
    SELECT t.thread_id AS id, t.branch, b.category_id, c.visibility
    FROM bench_threads t JOIN bench_branches b USING (branch) JOIN categories c ON c.id = b.category_id
    WHERE t.ordinal = 1`);
  const totals = await sql.row(`SELECT (SELECT count(*) FROM persons) AS persons,
    (SELECT count(*) FROM memberships) AS memberships, (SELECT count(*) FROM threads) AS threads,
    (SELECT count(*) FROM posts) AS posts, (SELECT count(*) FROM ballots) AS ballots,
    (SELECT post_count FROM threads WHERE id = :'big') AS big_thread_posts,
    pg_size_pretty(pg_database_size(current_database())) AS database_size`, { big: bigThread.id });
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(totals)}`);
  return { sizes, totals, admin, federation, regions, branches, categories, bigThread, storm, ballots,
    vocabulary, seedSeconds: (Date.now() - started) / 1000 };
}

// A member (not officer, not supporter) of the branch, by person number n: n ≡ branch+1 (mod branches).
export async function membersOfBranch(stack, branch, count) {
  return (await stack.sql.rows(`
    SELECT p.n, p.person_id FROM bench_people p JOIN memberships m ON m.person_id = p.person_id
    WHERE p.branch = :'branch' AND m.role = 'member' ORDER BY p.n LIMIT :'count'`, { branch, count }));
}

export function clientFor(server, n) {
  const client = new ApiClient(server);
  const { cookie, csrf } = sessionOf(n);
  const [name, value] = cookie.split('=');
  client.cookies.set(name, value);
  client.csrfToken = csrf;
  return client;
}
