// Moderation pages of a group: the queue of flagged posts (moderators), where each post is hidden
// or its flags dismissed, with a reason; and the moderation log, which the group's members can read.
import { ApiError } from '../api.js';
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, textArea } from '../forms.js';
import { flagReasonLabel, moderationActionLabel } from '../discussion-logic.js';
import { radiosField } from './composer.js';
import { safeHtml } from './post-html.js';
import { tableWrap } from './profile.js';
import { discussionCrumbs, loadOr } from './thread.js';

const ACTIONS = [
  { value: 'hide', label: 'Hide the post', hint: 'Readers see that a moderator hid it, and your reason. The author is told.' },
  { value: 'dismiss', label: 'Dismiss the flags', hint: 'The post stays as it is.' },
];

function queueItem(ctx, item, { onDone }) {
  const post = item.post || {};
  const thread = item.thread || {};
  const author = post.author ? post.author.display_name : 'someone';
  const headingId = `queue-${post.id}`;
  const body = post.hidden ? (post.hidden.original_html || post.body_html) : post.body_html;
  const prefix = `q${post.id}`;
  const action = radiosField({ name: 'action', legend: 'What do you want to do?', options: ACTIONS, idPrefix: prefix, small: true });
  const reason = textArea({ name: 'reason', label: 'Reason', hint: 'Required. It goes in the public moderation log; when you hide the post, readers and the author see it too.', rows: 2, idPrefix: prefix });
  const heading = h('h2', { id: headingId, tabindex: '-1', class: 'queue-item__title' },
    h('a', { href: `/threads/${thread.id}?post=${post.id}` }, `Post by ${author}`, ` in “${thread.title}”`));
  const { form } = buildForm({
    ctx,
    fields: [action, reason],
    headingLevel: 3,
    submitText: 'Confirm',
    check(values) {
      const problems = [];
      if (!values.action) problems.push({ name: 'action', message: 'Choose whether to hide the post or dismiss the flags' });
      if (!values.reason.trim()) problems.push({ name: 'reason', message: 'Give a reason' });
      return problems;
    },
    async onSubmit(values) {
      const why = values.reason.trim();
      if (values.action === 'hide') {
        await ctx.api.post(`/posts/${post.id}/hide`, { reason: why });
      } else {
        for (const flag of item.flags || []) {
          await ctx.api.post(`/flags/${flag.id}/resolve`, { resolution: 'dismissed', reason: why });
        }
      }
      onDone(element, values.action === 'hide' ? `The post by ${author} is hidden.` : `The flags on ${author}’s post are dismissed.`);
    },
  });
  const element = h('li', { class: 'queue-item' },
    h('article', { 'aria-labelledby': headingId },
      heading,
      h('p', { class: 'caption' }, item.group ? `In ${item.group.name} · ` : '', 'posted ', timeElement(post.created_at, { withTime: true }),
        post.hidden ? ' · already hidden' : '', post.deleted ? ' · deleted by the author' : ''),
      h('div', { class: 'quoted-post' }, h('p', { class: 'visually-hidden' }, 'The post:'),
        post.deleted ? h('p', {}, 'This post was deleted.') : h('div', { class: 'post__body' }, safeHtml(body))),
      h('h3', {}, plural((item.flags || []).length, 'flag', 'flags')),
      h('ul', { class: 'list flags' }, (item.flags || []).map((flag) => h('li', {},
        h('strong', {}, flagReasonLabel(flag.reason)), ' – flagged by ', flag.flagger ? flag.flagger.display_name : 'someone', ' on ',
        timeElement(flag.created_at, { withTime: true }),
        flag.detail ? h('span', { class: 'flags__detail' }, `: “${flag.detail}”`) : null))),
      form));
  return element;
}

export async function moderationQueueView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([
    ctx.api.get(`/groups/${id}`),
    ctx.api.get(`/groups/${id}/moderation/queue`),
  ]));
  if (loaded.page) return loaded.page;
  const [{ group }, first] = loaded.data;
  let nextCursor = first.next_cursor || null;
  let count = 0;
  const list = h('ol', { class: 'list queue', 'aria-label': 'Flagged posts' });
  const status = h('p', { class: 'queue__status', tabindex: '-1' });
  const errors = actionErrors(ctx);
  const more = h('button', { type: 'button', class: 'button button--secondary' }, 'Show more flagged posts');

  function describe() {
    status.textContent = count
      ? `${plural(count, 'flagged post', 'flagged posts')} ${count === 1 ? 'is' : 'are'} waiting${nextCursor ? ', and more after these' : ''}.`
      : 'Nothing is waiting. Thank you.';
    list.hidden = count === 0;
    more.hidden = !nextCursor;
  }

  function onDone(element, message) {
    const next = element.nextElementSibling || element.previousElementSibling;
    element.remove();
    count -= 1;
    describe();
    // Focus goes on to the next post waiting, or to the count when there is none.
    (next ? next.querySelector('h2') : status).focus();
    ctx.announce(`${message} ${status.textContent}`);
  }

  function add(items) {
    const elements = items.map((item) => queueItem(ctx, item, { onDone }));
    list.append(...elements);
    count += elements.length;
    return elements;
  }
  add(first.items || []);
  describe();

  more.addEventListener('click', async () => {
    errors.hide();
    try {
      const page = await ctx.api.get(`/groups/${id}/moderation/queue`, { cursor: nextCursor });
      nextCursor = page.next_cursor || null;
      const added = add(page.items || []);
      describe();
      (added.length ? added[0].querySelector('h2') : status).focus();
    } catch (error) {
      errors.show(error);
    }
  });

  const title = `Moderation queue for ${group.name}`;
  return {
    title,
    content: [
      discussionCrumbs({ group, current: 'Moderation queue' }),
      h('h1', {}, title),
      h('p', {}, `Posts people have flagged in ${group.name} and the groups within it. Everything you do here goes in the `,
        h('a', { href: `/groups/${group.id}/moderation/log` }, 'moderation log'), ', which members can read.'),
      errors.element,
      status,
      list,
      h('div', { class: 'button-group' }, more),
    ],
  };
}

function targetLink(entry) {
  switch (entry.target_kind) {
    case 'post': return h('a', { href: `/posts/${entry.target_id}` }, 'A post', visuallyHidden(` (number ${entry.target_id})`));
    case 'thread': return h('a', { href: `/threads/${entry.target_id}` }, 'A thread', visuallyHidden(` (number ${entry.target_id})`));
    case 'person': return 'A person';
    case 'flag': return 'A flag';
    default: return String(entry.target_kind || '');
  }
}

function logRow(entry) {
  return h('tr', {},
    h('td', {}, timeElement(entry.created_at, { withTime: true })),
    h('td', {}, entry.moderator ? entry.moderator.display_name : ''),
    h('th', { scope: 'row', tabindex: '-1' }, moderationActionLabel(entry.action)),
    h('td', {}, targetLink(entry)),
    h('td', {}, entry.reason || ''));
}

export async function moderationLogView(ctx, { params }) {
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([
    ctx.api.get(`/groups/${id}`),
    ctx.api.get(`/groups/${id}/moderation/log`),
  ]));
  if (loaded.page) return loaded.page;
  const [{ group }, first] = loaded.data;
  let nextCursor = first.next_cursor || null;
  const tbody = h('tbody');
  const errors = actionErrors(ctx);
  const status = h('p', { tabindex: '-1' });
  const more = h('button', { type: 'button', class: 'button button--secondary' }, 'Show older entries');
  let count = 0;
  function add(entries) {
    const rows = entries.map(logRow);
    tbody.append(...rows);
    count += rows.length;
    return rows;
  }
  function describe() {
    status.textContent = count ? `Showing ${plural(count, 'entry', 'entries')}, newest first${nextCursor ? '' : ', all there are'}.` : 'No moderator has done anything here yet.';
    more.hidden = !nextCursor;
    table.hidden = count === 0;
  }
  const table = tableWrap('log-caption', h('table', { class: 'table' },
    h('caption', { id: 'log-caption', class: 'visually-hidden' }, `Moderation log of ${group.name}`),
    h('thead', {}, h('tr', {}, ['When', 'Moderator', 'Action', 'About', 'Reason'].map((text) => h('th', { scope: 'col' }, text)))),
    tbody));
  add(first.entries || []);
  describe();
  more.addEventListener('click', async () => {
    errors.hide();
    try {
      const page = await ctx.api.get(`/groups/${id}/moderation/log`, { cursor: nextCursor });
      nextCursor = page.next_cursor || null;
      const rows = add(page.entries || []);
      describe();
      (rows.length ? rows[0].querySelector('th') : status).focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.show(error);
    }
  });
  const title = `Moderation log of ${group.name}`;
  return {
    title,
    content: [
      discussionCrumbs({ group, current: 'Moderation log' }),
      h('h1', {}, title),
      h('p', {}, 'Every action a moderator takes in this group is recorded here with its reason. Nobody can change or remove an entry.'),
      errors.element,
      status,
      table,
      h('div', { class: 'button-group' }, more),
    ],
  };
}
