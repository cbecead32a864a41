// A group's discussion categories, one category's threads, and the forms to add a category and to
// start a thread. What each person may do comes from the server's `can` flags.
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, textArea, textField } from '../forms.js';
import { LIMITS, VISIBILITIES, checkThread, parseTags, visibilityLabel } from '../discussion-logic.js';
import { markdownField, radiosField } from './composer.js';
import { postingError } from './post.js';
import { discussionCrumbs, keepReadingPosition, loadOr, watchButton } from './thread.js';

const PAGE_SIZE = 30;

export async function categoriesView(ctx, { params }) {
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([
    ctx.api.get(`/groups/${encodeURIComponent(params.id)}`),
    ctx.api.get(`/groups/${encodeURIComponent(params.id)}/categories`),
  ]));
  if (loaded.page) return loaded.page;
  const [{ group }, { categories = [], can = {} }] = loaded.data;
  const title = `Discussions in ${group.name}`;
  const list = categories.length
    ? h('ul', { class: 'list category-list' }, categories.map((category) => {
      const facts = [
        `Who can read: ${category.visibility_label || visibilityLabel(category.visibility)}`,
        plural(category.thread_count || 0, 'thread', 'threads'),
      ];
      if (category.unread_threads) facts.push(`${plural(category.unread_threads, 'thread', 'threads')} with new posts`);
      if (category.watching) facts.push('you are watching it');
      return h('li', { class: 'category-list__item' },
        h('a', { href: `/categories/${category.id}`, class: 'category-list__link' }, category.name),
        category.unread_threads ? [' ', h('strong', { class: 'tag tag--new' }, 'New posts')] : null,
        category.description ? h('p', { class: 'category-list__description' }, category.description) : null,
        h('p', { class: 'caption' }, facts.join(' · ')));
    }))
    : h('p', {}, ctx.person ? 'There are no discussions here that you can read yet.' : 'There are no public discussions here. Sign in to see the ones for members.');
  const links = [
    h('li', {}, h('a', { href: `/search?group_id=${group.id}` }, `Search the discussions of ${group.name}`)),
  ];
  if (ctx.person) links.push(h('li', {}, h('a', { href: `/groups/${group.id}/moderation/log` }, 'Moderation log'), ': what moderators have done here, and why'));
  if (can.moderate || can.manage_categories) links.push(h('li', {}, h('a', { href: `/groups/${group.id}/moderation` }, 'Moderation queue'), ': posts people have flagged'));
  return {
    title,
    content: [
      discussionCrumbs({ group, current: 'Discussions', linkDiscussions: false }),
      h('h1', {}, title),
      h('p', {}, h('a', { href: `/groups/${group.id}` }, `Back to ${group.name}`)),
      can.manage_categories ? h('p', {}, h('a', { href: `/groups/${group.id}/discussions/new`, class: 'button button--secondary' }, 'Add a category')) : null,
      h('section', { 'aria-labelledby': 'categories-heading' }, h('h2', { id: 'categories-heading' }, 'Categories'), list),
      h('section', { 'aria-labelledby': 'more-heading' }, h('h2', { id: 'more-heading' }, 'More'), h('ul', { class: 'list' }, links)),
    ],
  };
}

export async function newCategoryView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const loaded = await loadOr(ctx, 'Group', () => ctx.api.get(`/groups/${encodeURIComponent(params.id)}`));
  if (loaded.page) return loaded.page;
  const { group } = loaded.data;
  const fields = [
    textField({ name: 'name', label: 'Name', hint: 'For example, “General” or “Campaigns”. Up to 80 characters.', maxlength: 80 }),
    textArea({ name: 'description', label: 'Description (optional)', hint: 'What belongs in this category.', rows: 3 }),
    radiosField({
      name: 'visibility', legend: 'Who can read it?', value: 'members', idPrefix: 'f',
      options: VISIBILITIES.map((value) => ({ value, label: visibilityLabel(value) })),
    }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Add category',
    secondary: h('a', { href: `/groups/${group.id}/discussions`, class: 'link-button' }, 'Cancel'),
    check(values) {
      const problems = [];
      if (!values.name) problems.push({ name: 'name', message: 'Enter a name for the category' });
      if (!values.visibility) problems.push({ name: 'visibility', message: 'Choose who can read the category' });
      return problems;
    },
    async onSubmit(values) {
      const body = { name: values.name, visibility: values.visibility };
      if (values.description.trim()) body.description = values.description.trim();
      const { category } = await ctx.api.post(`/groups/${group.id}/categories`, body);
      ctx.navigate(`/categories/${category.id}`, { notice: `The category ${category.name} has been added.` });
    },
  });
  return {
    title: `Add a category to ${group.name}`,
    content: [discussionCrumbs({ group }), h('h1', {}, `Add a category to ${group.name}`), form],
  };
}

function threadItem(thread) {
  const facts = [];
  if (thread.author) facts.push(`Started by ${thread.author.display_name}`);
  facts.push(plural(thread.post_count || 0, 'post', 'posts'));
  return h('li', { class: 'thread-list__item', dataset: { threadId: String(thread.id), pinned: thread.pinned ? 'yes' : 'no' } },
    h('a', { href: `/threads/${thread.id}`, class: 'thread-list__link' }, thread.title),
    thread.pinned ? [' ', h('span', { class: 'tag' }, 'Pinned')] : null,
    thread.locked ? [' ', h('span', { class: 'tag tag--strong' }, 'Locked')] : null,
    thread.archived ? [' ', h('span', { class: 'tag tag--strong' }, 'Archived')] : null,
    thread.unread_count ? [' ', h('strong', { class: 'tag tag--new' }, `${thread.unread_count} new`, visuallyHidden(thread.unread_count === 1 ? ' post' : ' posts'))] : null,
    h('p', { class: 'caption' }, facts.join(' · '), ' · last post ', timeElement(thread.last_post_at, { withTime: true }),
      (thread.tags || []).length ? ` · tags: ${thread.tags.join(', ')}` : ''));
}

export async function categoryView(ctx, { params }) {
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Category', () => Promise.all([
    ctx.api.get(`/categories/${id}`),
    ctx.api.get(`/categories/${id}/threads`, { limit: PAGE_SIZE }),
  ]));
  if (loaded.page) return loaded.page;
  const [{ category, group, can = {} }, first] = loaded.data;
  let nextCursor = first.next_cursor || null;
  const shown = new Set();
  const list = h('ol', { class: 'list thread-list', 'aria-labelledby': 'threads-heading' });
  const empty = h('p', {}, 'There are no threads here yet.');
  const status = h('p', { class: 'caption', tabindex: '-1' });
  const errors = actionErrors(ctx, { headingLevel: 3 });
  const more = h('button', { type: 'button', class: 'button button--secondary' }, 'Show more threads');
  function describe() {
    empty.hidden = shown.size > 0;
    list.hidden = shown.size === 0;
    more.hidden = !nextCursor;
    status.textContent = shown.size ? `Showing ${plural(shown.size, 'thread', 'threads')}${nextCursor ? '' : ', all there are'}.` : '';
  }
  function add(threads) {
    const items = [];
    for (const thread of threads) {
      if (shown.has(thread.id)) continue;
      shown.add(thread.id);
      items.push(threadItem(thread));
    }
    list.append(...items);
    return items;
  }
  add(first.threads || []);
  describe();
  more.addEventListener('click', async () => {
    errors.hide();
    try {
      const page = await ctx.api.get(`/categories/${id}/threads`, { limit: PAGE_SIZE, cursor: nextCursor });
      nextCursor = page.next_cursor || null;
      const items = add(page.threads || []);
      describe();
      if (items.length) items[0].querySelector('a').focus();
      else status.focus();
    } catch (error) {
      errors.show(error);
    }
  });

  // New threads appear live under the pinned ones; changed ones are redrawn where they are.
  ctx.watchRooms([`category:${category.id}`], (event) => {
    if (!ctx.isCurrent() || event.room !== `category:${category.id}`) return;
    const thread = event.data && event.data.thread;
    if (!thread) return;
    if (event.kind === 'thread.created' && !shown.has(thread.id)) {
      shown.add(thread.id);
      const firstUnpinned = [...list.children].find((item) => item.dataset.pinned !== 'yes');
      keepReadingPosition(list, 'li', () => list.insertBefore(threadItem(thread), firstUnpinned || null));
      describe();
      ctx.announce(`New thread: ${thread.title}`);
    } else if (event.kind === 'thread.updated' && shown.has(thread.id)) {
      const old = list.querySelector(`[data-thread-id="${thread.id}"]`);
      const hadFocus = old && old.contains(document.activeElement);
      const fresh = threadItem(thread);
      if (old) old.replaceWith(fresh);
      if (hadFocus) fresh.querySelector('a').focus();
    }
  });

  const watch = can.watch
    ? watchButton(ctx, {
      watching: Boolean(category.watching),
      label: 'Watch this category',
      path: `/categories/${category.id}/watch`,
      onAnnounce: (on) => (on ? 'You are watching this category. You will be told about new posts.' : 'You have stopped watching this category.'),
    })
    : null;
  const tools = [];
  if (can.create_thread) tools.push(h('a', { href: `/categories/${category.id}/new-thread`, class: 'button' }, 'Start a new thread'));
  if (watch) tools.push(watch.button);
  const links = [h('li', {}, h('a', { href: `/search?category_id=${category.id}` }, 'Search this category'))];
  if (can.moderate) {
    links.push(h('li', {}, h('a', { href: `/groups/${group.id}/moderation` }, 'Moderation queue')));
  }
  if (ctx.person) links.push(h('li', {}, h('a', { href: `/groups/${group.id}/moderation/log` }, 'Moderation log')));
  return {
    title: category.name,
    content: [
      discussionCrumbs({ group, current: category.name }),
      h('h1', {}, category.name),
      h('p', { class: 'caption' }, `In ${group.name} · who can read: ${category.visibility_label || visibilityLabel(category.visibility)}`),
      category.description ? h('p', { class: 'description' }, category.description) : null,
      !ctx.person ? h('p', {}, h('a', { href: `/sign-in?next=${encodeURIComponent(`/categories/${category.id}`)}` }, 'Sign in'), ' to start a thread or reply.') : null,
      watch ? watch.errors : null,
      tools.length ? h('div', { class: 'button-group' }, tools) : null,
      h('section', { 'aria-labelledby': 'threads-heading' },
        h('h2', { id: 'threads-heading' }, 'Threads'),
        h('p', { class: 'hint' }, 'Pinned threads first, then the most recently active.'),
        empty, list, errors.element, status, h('div', { class: 'button-group' }, more)),
      h('ul', { class: 'list' }, links),
    ],
  };
}

export async function newThreadView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const loaded = await loadOr(ctx, 'Category', () => ctx.api.get(`/categories/${encodeURIComponent(params.id)}`));
  if (loaded.page) return loaded.page;
  const { category, group } = loaded.data;
  const title = textField({ name: 'title', label: 'Title', hint: `Say what the thread is about in a few words. Up to ${LIMITS.titleLength} characters.`, maxlength: LIMITS.titleLength });
  const { field: body, previewButton, preview } = markdownField(ctx, { label: 'Your message', rows: 10, idPrefix: 'f' });
  body.group.append(preview);
  const tags = textField({ name: 'tags', label: 'Tags (optional)', hint: `Up to ${LIMITS.tags} words or short phrases, separated by commas, each up to ${LIMITS.tagLength} characters. For example: housing, rent.`, spellcheck: false });
  const { form } = buildForm({
    ctx,
    fields: [title, body, tags],
    submitText: 'Post thread',
    secondary: [previewButton, h('a', { href: `/categories/${category.id}`, class: 'link-button' }, 'Cancel')],
    check: (values) => checkThread(values),
    async onSubmit(values) {
      const request = { title: values.title, body: values.body };
      const list = parseTags(values.tags);
      if (list.length) request.tags = list;
      let result;
      try {
        result = await ctx.api.post(`/categories/${category.id}/threads`, request);
      } catch (error) {
        throw postingError(error);
      }
      ctx.navigate(`/threads/${result.thread.id}`, { notice: 'Your thread has been posted.' });
    },
  });
  const heading = `Start a new thread in ${category.name}`;
  return {
    title: heading,
    content: [
      discussionCrumbs({ group, category, current: 'New thread' }),
      h('h1', {}, heading),
      h('p', {}, `Who can read it: ${category.visibility_label || visibilityLabel(category.visibility)}.`),
      form,
    ],
  };
}
