// A thread: the opening post and its replies as a nested tree of lists and articles, paged with
// "Load more", with replies, thanks, flags and moderation in place. Live: the page listens to the
// thread's room; new replies, edits, hides and thanks appear without a reload, are announced
// politely, never take focus, and never move what the reader is reading.
import { ApiError } from '../api.js';
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, checkboxField, selectField, textArea } from '../forms.js';
import {
  SLOW_MODE_CHOICES, checkBody, insertionIndex, isDescendant, listOwner, newRepliesText, showsInReplyTo, slowModeLabel,
  threadChanges,
} from '../discussion-logic.js';
import { markdownField, toggleText } from './composer.js';
import { PostView, postingError } from './post.js';

const PAGE_SIZE = 50;
// New replies that come close together are announced together ("3 new replies").
const ANNOUNCE_AFTER_MS = 400;
const MARK_READ_AFTER_MS = 1500;

export function discussionCrumbs({ group, category, current, linkDiscussions = true }) {
  const items = [h('li', {}, h('a', { href: '/groups' }, 'Groups'))];
  if (group) {
    items.push(h('li', {}, h('a', { href: `/groups/${group.id}` }, group.name)));
    if (linkDiscussions) items.push(h('li', {}, h('a', { href: `/groups/${group.id}/discussions` }, 'Discussions')));
  }
  if (category) items.push(h('li', {}, h('a', { href: `/categories/${category.id}` }, category.name)));
  if (current) items.push(h('li', {}, h('span', { 'aria-current': 'page' }, current)));
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' }, h('ol', {}, items));
}

// Keeps what the reader is looking at in the same place on screen while content above it
// changes: the focused element, or else the first item at least partly in view, is measured
// before and after the change, and the page scrolled by the difference.
export function keepReadingPosition(container, selector, change) {
  let anchor = null;
  let top = 0;
  // What has focus, when it is on screen, is what the reader is at (typing a reply, say).
  const active = document.activeElement;
  if (active && active !== document.body && container.contains(active)) {
    const box = active.getBoundingClientRect();
    if (box.bottom > 0 && box.top < window.innerHeight && box.height > 0) {
      anchor = active;
      top = box.top;
    }
  }
  for (const element of anchor ? [] : container.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    if (box.bottom > 0 && box.height > 0) {
      anchor = element;
      top = box.top;
      break;
    }
  }
  const result = change();
  if (anchor && anchor.isConnected) {
    const shift = anchor.getBoundingClientRect().top - top;
    if (Math.abs(shift) >= 1) window.scrollBy(0, shift);
  }
  return result;
}

export function notFoundPage(what) {
  return {
    title: `${what} not found`,
    content: [h('h1', {}, `${what} not found`),
      h('p', {}, 'There is nothing at this address. It may have been moved or removed.'),
      h('p', {}, h('a', { href: '/groups' }, 'Find your groups and their discussions'))],
  };
}

// A page the viewer may not see: the server's reason, and a way to sign in when that would help.
export function refusedPage(ctx, error, heading = 'You cannot see this') {
  if (error.status === 401 || (!ctx.person && error.status === 403)) return ctx.signInRedirect();
  return {
    title: heading,
    content: [h('h1', {}, heading), h('p', {}, error.detail), h('p', {}, h('a', { href: '/groups' }, 'Go to the groups'))],
  };
}

// Loads what a view shows, turning "not there" and "not for you" into pages instead of errors.
export async function loadOr(ctx, what, load) {
  try {
    return { data: await load() };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 404 || error.status === 400) return { page: notFoundPage(what) };
    if (error.status === 401 || error.status === 403) return { page: refusedPage(ctx, error) };
    throw error;
  }
}

function threadStatus(thread) {
  const items = [];
  if (thread.pinned) items.push(h('li', { class: 'tag' }, 'Pinned'));
  if (thread.locked) items.push(h('li', { class: 'tag tag--strong' }, 'Locked: no new replies'));
  if (thread.archived) items.push(h('li', { class: 'tag tag--strong' }, 'Archived'));
  if (thread.slow_mode_seconds > 0) items.push(h('li', { class: 'tag' }, `Slow mode: ${slowModeLabel(thread.slow_mode_seconds).toLowerCase()} per person`));
  for (const tag of thread.tags || []) items.push(h('li', { class: 'tag tag--topic' }, visuallyHidden('Tag: '), tag));
  return items;
}

// A toggle that asks the server and then shows the new state; the label stays the same.
export function watchButton(ctx, { watching, label, path, onAnnounce }) {
  const errors = actionErrors(ctx, { headingLevel: 2 });
  const button = h('button', { type: 'button', class: 'button button--secondary button--toggle', 'aria-pressed': watching ? 'true' : 'false' }, toggleText(label));
  let busy = false;
  button.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    errors.hide();
    const now = button.getAttribute('aria-pressed') === 'true';
    try {
      if (now) await ctx.api.delete(path);
      else await ctx.api.post(path);
      button.setAttribute('aria-pressed', now ? 'false' : 'true');
      ctx.announce(onAnnounce(!now));
    } catch (error) {
      errors.show(error);
    } finally {
      busy = false;
    }
  });
  return { button, errors: errors.element };
}

function moderatorTools(ctx, state, categories) {
  const thread = state.thread;
  const slowChoices = SLOW_MODE_CHOICES.includes(thread.slow_mode_seconds) ? SLOW_MODE_CHOICES : [...SLOW_MODE_CHOICES, thread.slow_mode_seconds].sort((a, b) => a - b);
  const fields = [
    checkboxField({ name: 'pinned', label: 'Pinned', hint: 'Shown at the top of its category.', checked: thread.pinned, idPrefix: 'mod' }),
    checkboxField({ name: 'locked', label: 'Locked', hint: 'Nobody but moderators can reply.', checked: thread.locked, idPrefix: 'mod' }),
    checkboxField({ name: 'archived', label: 'Archived', hint: 'Kept for the record; nobody can reply.', checked: thread.archived, idPrefix: 'mod' }),
    selectField({
      name: 'slow_mode_seconds', label: 'Slow mode', hint: 'How often each person may post here. Moderators are not limited.', idPrefix: 'mod',
      value: String(thread.slow_mode_seconds || 0),
      options: slowChoices.map((seconds) => ({ value: String(seconds), label: slowModeLabel(seconds) })),
    }),
  ];
  if (categories.length > 1) {
    fields.push(selectField({
      name: 'category_id', label: 'Category', hint: 'Move the thread to another category of this group.', idPrefix: 'mod',
      value: String(thread.category.id), options: categories.map((category) => ({ value: String(category.id), label: category.name })),
    }));
  }
  fields.push(textArea({ name: 'reason', label: 'Reason', hint: 'Required. It goes in the public moderation log.', rows: 2, idPrefix: 'mod' }));
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Save thread settings',
    check(values) {
      const problems = [];
      if (!Object.keys(threadChanges(thread, values)).length) problems.push({ name: null, message: 'Change at least one setting first' });
      if (!values.reason.trim()) problems.push({ name: 'reason', message: 'Give a reason for the change' });
      return problems;
    },
    async onSubmit(values) {
      await ctx.api.patch(`/threads/${thread.id}`, { ...threadChanges(thread, values), reason: values.reason.trim() });
      await ctx.rerender({ notice: 'The thread settings have been saved.' });
    },
  });
  return h('section', { 'aria-labelledby': 'moderate-heading', class: 'moderator-tools' },
    h('h2', { id: 'moderate-heading' }, 'Moderate this thread'),
    h('p', {}, h('a', { href: `/groups/${state.thread.group.id}/moderation` }, 'Moderation queue'), ' · ',
      h('a', { href: `/groups/${state.thread.group.id}/moderation/log` }, 'Moderation log')),
    form);
}

export async function threadView(ctx, { params, query }) {
  const threadId = params.id;
  const linkedId = query.get('post');
  let startCursor = null;
  let linkedPost = null;
  if (linkedId) {
    try {
      const found = await ctx.api.get(`/posts/${encodeURIComponent(linkedId)}`);
      if (String(found.thread_id) === String(threadId)) {
        startCursor = found.cursor ?? null;
        linkedPost = found.post || null;
      }
    } catch (error) {
      if (!(error instanceof ApiError) || ![400, 401, 403, 404].includes(error.status)) throw error;
    }
  }
  const loaded = await loadOr(ctx, 'Thread', () => ctx.api.get(`/threads/${encodeURIComponent(threadId)}`, { after: startCursor, limit: PAGE_SIZE }));
  if (loaded.page) return loaded.page;
  const data = loaded.data;
  const state = {
    thread: data.thread,
    can: data.can || {},
    nextCursor: data.next_cursor || null,
    lastPagedId: null,
    openingId: null,
    pending: new Set(),
  };
  const thread = state.thread;
  const room = `thread:${thread.id}`;
  const known = new Map();
  const views = new Map();
  const me = ctx.person ? ctx.person.id : null;

  const openingSlot = h('div', { class: 'opening-post' });
  const topList = h('ol', { class: 'post-tree', 'aria-labelledby': 'replies-heading' });
  const count = h('p', { class: 'thread__count' });
  const further = h('p', { class: 'thread__further', hidden: true });
  const moreErrors = actionErrors(ctx, { headingLevel: 3 });
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Load more replies');
  const statusList = h('ul', { class: 'tags thread__status', 'aria-label': 'About this thread' });
  const section = h('div', { class: 'thread', dataset: { live: 'off' } });

  const keepPosition = (change) => keepReadingPosition(document.getElementById('main') || section,
    'article.post, .thread__count, .thread__write, .moderator-tools', change);

  function listFor(ownerId) {
    if (ownerId === null || ownerId === undefined || ownerId === state.openingId) return topList;
    const owner = views.get(ownerId);
    return owner ? owner.replies() : topList;
  }

  function linkToPost(id) {
    return known.has(id) ? `#post-${id}` : `/threads/${thread.id}?post=${id}`;
  }

  // Fragment links to posts on the page move focus there, so reading continues from it.
  function followPostLink(event, id) {
    const view = views.get(id);
    if (!view) return;
    event.preventDefault();
    view.article.focus();
  }

  const env = {
    ctx,
    threadId: thread.id,
    linkToPost,
    followPostLink,
    authorOf: (id) => (views.has(id) ? views.get(id).post.author : null),
    keepPosition,
    placeReply: (post) => keepPosition(() => placeNew(post, { own: true })),
    refreshPost: (id) => refreshPost(id),
  };

  function remember(post) {
    known.set(post.id, { id: post.id, parent_id: post.parent_id ?? null, depth: post.depth });
  }

  // A post from a page, which comes in tree order: it goes at the end of its list.
  function placeLoaded(post) {
    if (views.has(post.id)) {
      views.get(post.id).update(post);
      return null;
    }
    remember(post);
    state.pending.delete(post.id);
    if (post.depth === 0 || post.parent_id === null || post.parent_id === undefined) {
      state.openingId = post.id;
      const view = new PostView(env, post);
      views.set(post.id, view);
      openingSlot.replaceChildren(view.article);
      return view;
    }
    const owner = listOwner(post, known);
    const view = new PostView(env, post, { inReplyTo: showsInReplyTo(post, known) });
    views.set(post.id, view);
    listFor(owner).append(view.item);
    return view;
  }

  // Is the place of a new reply on the part of the thread shown? Not when its parent's replies may
  // go on past the last post loaded.
  function belongsOnPage(post) {
    if (!state.nextCursor) return true;
    if (!known.has(post.parent_id)) return false;
    const last = state.lastPagedId;
    return last !== null && last !== post.parent_id && !isDescendant(last, post.parent_id, known);
  }

  // A new post (live, or the reader's own): after its parent and everything below the parent.
  // `fresh`: a post written since the page loaded, which the thread's count does not include yet.
  function placeNew(post, { own = false, fresh = true } = {}) {
    if (views.has(post.id)) {
      views.get(post.id).update(post);
      return views.get(post.id);
    }
    if (!own && !belongsOnPage(post)) {
      if (fresh && !state.pending.has(post.id)) thread.post_count = (thread.post_count || 0) + 1;
      state.pending.add(post.id);
      describe();
      return null;
    }
    remember(post);
    const owner = listOwner(post, known);
    const view = new PostView(env, post, { isNew: !own, inReplyTo: showsInReplyTo(post, known) });
    views.set(post.id, view);
    const list = listFor(owner);
    const ids = [...list.children].map((item) => Number(item.dataset.postId));
    const index = owner === post.parent_id || owner === undefined ? ids.length : insertionIndex(ids, post.parent_id, known);
    list.insertBefore(view.item, list.children[index] || null);
    if (fresh) thread.post_count = (thread.post_count || 0) + 1;
    describe();
    scheduleMarkRead();
    return view;
  }

  function describe() {
    const shown = views.size;
    const total = Math.max(thread.post_count || 0, shown);
    const replies = [...views.values()].filter((view) => view.post.depth > 0).length;
    count.textContent = state.nextCursor
      ? `Showing ${shown} of ${plural(total, 'post', 'posts')}.`
      : `${plural(replies, 'reply', 'replies')}${replies ? ', all shown' : ''}.`;
    more.hidden = !state.nextCursor;
    further.hidden = state.pending.size === 0;
    further.textContent = state.pending.size
      ? `${newRepliesText(state.pending.size)} further on in the thread. Load more to read ${state.pending.size === 1 ? 'it' : 'them'}.`
      : '';
  }

  let markTimer = null;
  let markedUpTo = 0;
  function scheduleMarkRead() {
    if (!me) return;
    clearTimeout(markTimer);
    markTimer = setTimeout(async () => {
      const highest = Math.max(0, ...known.keys());
      if (highest <= markedUpTo || !ctx.isCurrent()) return;
      try {
        await ctx.api.put(`/threads/${thread.id}/read`, { last_read_post_id: highest });
        markedUpTo = highest;
      } catch {
        // Read state is a convenience; the next visit tries again.
      }
    }, MARK_READ_AFTER_MS);
  }
  ctx.onLeave(() => clearTimeout(markTimer));

  for (const post of data.posts || []) placeLoaded(post);
  if (data.posts && data.posts.length) state.lastPagedId = data.posts[data.posts.length - 1].id;
  // A permalink whose page came back without it still shows the post asked for.
  if (linkedPost && !views.has(linkedPost.id)) placeNew(linkedPost, { own: true, fresh: false });
  describe();
  scheduleMarkRead();

  more.addEventListener('click', async () => {
    if (!state.nextCursor || more.getAttribute('aria-disabled') === 'true') return;
    moreErrors.hide();
    more.setAttribute('aria-disabled', 'true');
    try {
      const page = await ctx.api.get(`/threads/${thread.id}`, { after: state.nextCursor, limit: PAGE_SIZE });
      if (!ctx.isCurrent()) return;
      let first = null;
      for (const post of page.posts || []) {
        const view = placeLoaded(post);
        if (view && !first) first = view;
      }
      if (page.posts && page.posts.length) state.lastPagedId = page.posts[page.posts.length - 1].id;
      state.nextCursor = page.next_cursor || null;
      if (!state.nextCursor) state.pending.clear();
      describe();
      scheduleMarkRead();
      // Reading goes on at the first post just loaded; with none, the button (or the count) keeps focus.
      if (first) first.article.focus();
      else (state.nextCursor ? more : count).focus();
      ctx.announce(first ? `${plural((page.posts || []).length, 'more post', 'more posts')} loaded.` : 'No more posts to load.');
    } catch (error) {
      moreErrors.show(error);
    } finally {
      more.removeAttribute('aria-disabled');
    }
  });
  count.setAttribute('tabindex', '-1');

  // The server shapes a post for the person asking: a live event carries the shape for any member,
  // so the page asks again for its own (its buttons, a moderator's view of a hidden post).
  async function freshPost(id, fallback) {
    try {
      const found = await ctx.api.get(`/posts/${id}`);
      return found.post || fallback;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
      return fallback;
    }
  }

  async function refreshPost(id) {
    const view = views.get(id);
    if (!view) return;
    const post = await freshPost(id, null);
    if (post && ctx.isCurrent()) keepPosition(() => view.update(post));
  }

  // After a reconnect that missed too much, or a change to the whole thread (locked): reload the
  // posts shown, updating each in place.
  async function refreshAll() {
    let cursor = startCursor;
    const wanted = views.size;
    let seen = 0;
    let fresh;
    do {
      const page = await ctx.api.get(`/threads/${thread.id}`, { after: cursor, limit: PAGE_SIZE });
      if (!ctx.isCurrent()) return;
      fresh = page;
      keepPosition(() => {
        for (const post of page.posts || []) {
          if (views.has(post.id)) views.get(post.id).update(post);
          else placeNew(post, { fresh: false });
        }
      });
      seen += (page.posts || []).length;
      cursor = page.next_cursor;
    } while (cursor && seen < wanted);
    Object.assign(thread, fresh.thread || {});
    state.can = fresh.can || state.can;
    statusList.replaceChildren(...threadStatus(thread));
    drawBottom();
    describe();
  }

  let newCount = 0;
  let announcedPending = 0;
  let announceTimer = null;
  function announceNew() {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      const parts = [];
      if (newCount) parts.push(`${newRepliesText(newCount)}.`);
      const pendingNow = state.pending.size;
      if (pendingNow && pendingNow !== announcedPending) parts.push(`${newRepliesText(pendingNow)} further on in the thread.`);
      announcedPending = pendingNow;
      newCount = 0;
      if (parts.length) ctx.announce(parts.join(' '));
    }, ANNOUNCE_AFTER_MS);
  }
  ctx.onLeave(() => clearTimeout(announceTimer));

  // Events are handled one after another, in the order they came.
  let queue = Promise.resolve();
  function enqueue(work) {
    queue = queue.then(work).catch((error) => console.error(error));
  }

  async function onEvent(event) {
    if (!ctx.isCurrent()) return;
    if (event.kind === 'subscribed') {
      if ((event.rooms || []).includes(room)) section.dataset.live = 'on';
      return;
    }
    if (event.kind === 'resync') {
      enqueue(refreshAll);
      return;
    }
    if (event.room !== room) return;
    const data = event.data || {};
    switch (event.kind) {
      case 'post.created': {
        const post = data.post;
        if (!post || views.has(post.id)) return;
        enqueue(async () => {
          const shaped = await freshPost(post.id, post);
          if (!shaped || !ctx.isCurrent() || views.has(shaped.id)) return;
          const view = keepPosition(() => placeNew(shaped));
          if (!(shaped.author && shaped.author.id === me)) {
            if (view) newCount += 1;
            announceNew();
          }
        });
        break;
      }
      case 'post.updated':
      case 'post.restored':
      case 'post.hidden':
      case 'post.deleted': {
        const id = data.post ? data.post.id : data.post_id;
        if (!views.has(id)) return;
        if (event.kind === 'post.hidden') {
          // Shown at once; the moderators' own copy (with the original) follows.
          const view = views.get(id);
          keepPosition(() => view.patch({ hidden: { ...(view.post.hidden || {}), reason: data.reason }, body_html: '' }));
        }
        enqueue(() => refreshPost(id));
        break;
      }
      case 'post.thanked': {
        const view = views.get(data.post_id);
        if (view && typeof data.thanks_count === 'number') view.patch({ thanks_count: data.thanks_count });
        break;
      }
      case 'thread.updated': {
        const before = { locked: thread.locked, archived: thread.archived };
        Object.assign(thread, data.thread || {});
        statusList.replaceChildren(...threadStatus(thread));
        if (before.locked !== thread.locked || before.archived !== thread.archived) {
          ctx.announce(thread.locked ? 'This thread has been locked.' : thread.archived ? 'This thread has been archived.' : 'This thread is open for replies again.');
          enqueue(refreshAll);
        }
        break;
      }
      default:
        break;
    }
  }
  ctx.watchRooms([room], onEvent);
  document.documentElement.classList.add('no-scroll-anchoring');
  ctx.onLeave(() => document.documentElement.classList.remove('no-scroll-anchoring'));

  // Where a reply to the whole thread is written, or why it cannot be.
  const bottom = h('section', { 'aria-labelledby': 'write-heading', class: 'thread__write' });
  function drawBottom() {
    const hadFocus = bottom.contains(document.activeElement);
    if (state.can.reply) {
      if (bottom.dataset.mode === 'form') return;
      bottom.dataset.mode = 'form';
      const { field, previewButton, preview } = markdownField(ctx, { label: 'Your reply', idPrefix: 'thread-reply' });
      field.group.append(preview);
      const { form } = buildForm({
        ctx,
        fields: [field],
        submitText: 'Post reply',
        secondary: previewButton,
        check: (values) => checkBody(values.body, 'body', 'your reply'),
        async onSubmit(values) {
          const body = { body: values.body };
          if (state.openingId) body.parent_id = state.openingId;
          let result;
          try {
            result = await ctx.api.post(`/threads/${thread.id}/posts`, body);
          } catch (error) {
            throw postingError(error);
          }
          field.input.value = '';
          preview.hidden = true;
          const view = env.placeReply(result.post);
          if (view) view.article.focus();
          ctx.announce('Your reply has been posted.');
        },
      });
      bottom.replaceChildren(h('h2', { id: 'write-heading' }, 'Reply to the thread'), form);
      return;
    }
    bottom.dataset.mode = 'closed';
    let why;
    if (!ctx.person) why = [h('a', { href: `/sign-in?next=${encodeURIComponent(`/threads/${thread.id}`)}` }, 'Sign in'), ' to reply.'];
    else if (thread.archived) why = 'This thread is archived. New replies cannot be posted.';
    else if (thread.locked) why = 'This thread is locked. New replies cannot be posted.';
    else why = 'You cannot reply in this thread.';
    bottom.replaceChildren(h('h2', { id: 'write-heading' }, 'Reply to the thread'), h('p', {}, why));
    if (hadFocus) count.focus();
  }
  drawBottom();

  const watch = state.can.watch
    ? watchButton(ctx, {
      watching: Boolean(data.watching),
      label: 'Watch this thread',
      path: `/threads/${thread.id}/watch`,
      onAnnounce: (on) => (on ? 'You are watching this thread. You will be told about new replies.' : 'You have stopped watching this thread.'),
    })
    : null;
  const firstUnread = data.first_unread_post_id;
  const jump = firstUnread && views.has(firstUnread)
    ? h('a', { href: `#post-${firstUnread}`, on: { click: (event) => followPostLink(event, firstUnread) } }, 'Jump to the first unread post')
    : firstUnread
      ? h('a', { href: `/threads/${thread.id}?post=${firstUnread}` }, 'Jump to the first unread post')
      : null;
  if (firstUnread && views.has(firstUnread)) views.get(firstUnread).article.classList.add('post--first-unread');

  let categories = [];
  if (state.can.moderate && thread.group) {
    try {
      categories = (await ctx.api.get(`/groups/${thread.group.id}/categories`)).categories || [];
    } catch {
      categories = [];
    }
  }

  statusList.replaceChildren(...threadStatus(thread));
  const opening = views.get(state.openingId);
  const author = thread.author ? thread.author.display_name : 'someone';
  section.append(...[
    state.openingId ? null : h('p', { class: 'inset' }, 'This page starts part-way through the thread, at the post you followed a link to. ',
      h('a', { href: `/threads/${thread.id}` }, 'Read the thread from the start'), '.'),
    h('section', { 'aria-label': 'Opening post' }, openingSlot),
    h('section', { 'aria-labelledby': 'replies-heading', class: 'thread__replies' },
      h('h2', { id: 'replies-heading' }, 'Replies'),
      topList, further, moreErrors.element, count, h('div', { class: 'button-group' }, more)),
  ].filter(Boolean));
  if (!opening && !topList.children.length) topList.hidden = true;

  const target = linkedPost ? views.get(linkedPost.id) : null;
  if (target) {
    target.article.classList.add('post--target');
    // On a page load the router leaves focus alone; a permalink is about that post, so it gets it.
    setTimeout(() => {
      if (ctx.isCurrent() && (document.activeElement === document.body || document.activeElement === null)) target.article.focus();
    }, 0);
  }

  return {
    title: thread.title,
    focus: target ? target.article : undefined,
    content: [
      discussionCrumbs({ group: thread.group, category: thread.category, current: thread.title }),
      h('h1', {}, thread.title),
      h('p', { class: 'caption' }, 'Started by ', author, ' on ', timeElement(thread.created_at), ' in ',
        h('a', { href: `/categories/${thread.category.id}` }, thread.category.name), '.'),
      statusList,
      watch ? watch.errors : null,
      (watch || jump) ? h('div', { class: 'button-group thread__tools' }, watch ? watch.button : null, jump) : null,
      section,
      bottom,
      state.can.moderate ? moderatorTools(ctx, state, categories) : null,
    ],
  };
}

// /posts/:id: a short address for a post, sent on to its place in its thread.
export async function postRedirectView(ctx, { params }) {
  const loaded = await loadOr(ctx, 'Post', () => ctx.api.get(`/posts/${encodeURIComponent(params.id)}`));
  if (loaded.page) return loaded.page;
  return { redirect: `/threads/${loaded.data.thread_id}?post=${loaded.data.post.id}` };
}

// The earlier versions of a post, newest first, with who changed it and why.
export async function revisionsView(ctx, { params }) {
  const loaded = await loadOr(ctx, 'Post', () => Promise.all([
    ctx.api.get(`/posts/${encodeURIComponent(params.id)}`),
    ctx.api.get(`/posts/${encodeURIComponent(params.id)}/revisions`),
  ]));
  if (loaded.page) return loaded.page;
  const [{ post, thread_id: threadId }, { revisions = [] }] = loaded.data;
  const author = post.author ? post.author.display_name : 'someone';
  const title = `Changes to ${author}’s post`;
  return {
    title,
    content: [
      h('h1', {}, title),
      h('p', {}, h('a', { href: `/threads/${threadId}?post=${post.id}` }, 'Back to the post in its thread')),
      revisions.length
        ? h('ol', { class: 'revisions', reversed: true }, revisions.map((revision) => h('li', { class: 'revision' },
          h('p', { class: 'revision__meta' },
            h('strong', {}, revision.by_moderator ? 'Changed by a moderator' : 'Changed by the author'),
            revision.editor ? ` (${revision.editor.display_name})` : '', ' on ', timeElement(revision.created_at, { withTime: true }), '.'),
          revision.note ? h('p', {}, 'Reason: ', revision.note) : null,
          h('p', { class: 'revision__label' }, 'The text before this change:'),
          h('pre', { class: 'code' }, revision.body_source))))
        : h('p', {}, 'This post has not been changed.'),
    ],
  };
}
