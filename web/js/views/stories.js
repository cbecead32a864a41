// Campaign stories: the public Stories section (a list, and each story with the first replies of
// its discussion one click from the whole thread), the form members send a story in with, their
// own stories (with what an editor asked), and the editors' review queue (publish, ask for
// changes with a message, decline with a reason). The pieces shared with the discussion pages are
// fetched when a story page first needs them, so the app's first page does not carry them.
import { ApiError } from '../api.js';
import { actionButton, confirmButton } from '../actions.js';
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, selectField, textArea, textField } from '../forms.js';
import {
  CONTACT_LIMIT, PLACE_LIMIT, TITLE_LIMIT, checkReviewMessage, checkStory, groupOptions, historyLabel, replyCountText,
  storyBody, storyFacts, storyStatusLabel,
} from '../story-logic.js';

const storyPath = (id) => `/stories/${encodeURIComponent(id)}`;
const signInHref = (next) => `/sign-in?next=${encodeURIComponent(next)}`;
const shared = () => Promise.all([import('./thread.js'), import('./post-html.js')])
  .then(([thread, postHtml]) => ({ loadOr: thread.loadOr, safeHtml: postHtml.safeHtml }));

function crumbs(current) {
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
    h('ol', {},
      h('li', {}, h('a', { href: '/' }, 'Home')),
      h('li', {}, current ? h('a', { href: '/stories' }, 'Stories') : h('span', { 'aria-current': 'page' }, 'Stories')),
      current ? h('li', {}, h('span', { 'aria-current': 'page' }, current)) : null));
}

function statusTag(status) {
  return h('strong', { class: `tag story-status story-status--${status}` }, visuallyHidden('Status: '), storyStatusLabel(status));
}

function sectionLinks(ctx, { canReview = false } = {}) {
  const links = [h('li', {}, h('a', { href: '/stories/new' }, 'Send in a story'))];
  if (ctx.person) links.push(h('li', {}, h('a', { href: '/stories/mine' }, 'Your stories')));
  if (canReview) links.push(h('li', {}, h('a', { href: '/stories/review' }, 'Review stories sent in')));
  return h('ul', { class: 'list story-links' }, links);
}

// ---------------------------------------------------------------------------------------------
// The public list

function storyItem(story) {
  const headingId = `story-${story.id}-title`;
  return h('li', { class: 'story-list__item' },
    h('article', { 'aria-labelledby': headingId },
      h('h2', { id: headingId, class: 'story-list__title' }, h('a', { href: storyPath(story.id) }, story.title)),
      h('p', { class: 'caption' }, storyFacts(story).join(' · '), story.published_at ? [' · ', timeElement(story.published_at)] : null),
      story.excerpt ? h('p', { class: 'story-list__excerpt' }, story.excerpt) : null));
}

export async function storiesView(ctx) {
  const first = await ctx.api.get('/stories');
  const list = h('ul', { class: 'list story-list' }, first.stories.map(storyItem));
  const errors = actionErrors(ctx);
  const more = h('div', { class: 'button-group' });
  let cursor = first.next_cursor;
  const drawMore = () => {
    more.replaceChildren(cursor ? actionButton(errors, {
      text: 'Show more stories',
      onClick: async () => {
        const page = await ctx.api.get(`/stories?cursor=${encodeURIComponent(cursor)}`);
        const items = page.stories.map(storyItem);
        list.append(...items);
        cursor = page.next_cursor;
        drawMore();
        // The first new story's link takes focus, so a keyboard user carries on reading there.
        items[0]?.querySelector('a')?.focus();
        if (!cursor) ctx.announce?.('That is every story.');
      },
    }) : '');
  };
  drawMore();
  return {
    title: 'Stories',
    content: [
      crumbs(null),
      h('h1', {}, 'Stories'),
      h('p', { class: 'lead' }, 'Campaigns that worked, told by the people who ran them. Each story has a discussion under it.'),
      sectionLinks(ctx, { canReview: first.can_review }),
      errors.element,
      first.stories.length ? list : h('p', {}, 'No stories are published yet. Yours could be the first.'),
      more,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The form: sending a story in, and changing it while it waits

function storyFields(groups, story = {}) {
  const idPrefix = 'story';
  const title = textField({ name: 'title', label: 'Title', idPrefix, value: story.title ?? '', maxlength: TITLE_LIMIT, required: true,
    hint: 'What happened, in a few words, like “How we kept Riverside Library open on Saturdays”.' });
  const body = textArea({ name: 'body', label: 'Your story', idPrefix, rows: 12, value: story.body_markdown ?? '',
    hint: ['What was the problem, what did you do, and what changed? You can use Markdown: ', h('code', {}, '**bold**'), ', ',
      h('code', {}, '[a link](https://example.org)'), ' and lists starting with ', h('code', {}, '-'), '.'] });
  body.input.setAttribute('aria-required', 'true');
  const place = textField({ name: 'place', label: 'Where it happened (optional)', idPrefix, value: story.place ?? '', maxlength: PLACE_LIMIT,
    hint: 'A town, an estate, a workplace.' });
  const group = selectField({ name: 'group_id', label: 'Group (optional)', idPrefix, options: groupOptions(groups),
    value: story.group ? String(story.group.id) : '', hint: 'The branch or group that ran the campaign, if it is listed.' });
  const whatWorked = textArea({ name: 'what_worked', label: 'What worked (optional)', idPrefix, rows: 5, value: story.what_worked ?? '',
    hint: 'The lessons another group could use: what you would do again.' });
  const contact = textField({ name: 'contact', label: 'How an editor can reach you (optional)', idPrefix, value: story.contact ?? '',
    maxlength: CONTACT_LIMIT, hint: 'A phone number or a time to call. Only the editors see this: it is never published.' });
  return [title, body, place, group, whatWorked, contact];
}

async function groupsForForm(ctx) {
  try {
    return (await ctx.api.get('/groups')).groups.filter((group) => !group.archived);
  } catch (error) {
    if (error instanceof ApiError) return [];
    throw error;
  }
}

function signInPage(title, what, next) {
  return {
    title,
    content: [crumbs(title), h('h1', {}, title),
      h('p', {}, h('a', { href: signInHref(next) }, 'Sign in'), ` to ${what}. `,
        'No account yet? ', h('a', { href: '/sign-up' }, 'Create one'), '.')],
  };
}

export async function newStoryView(ctx) {
  const title = 'Send in a story';
  if (!ctx.person) return signInPage(title, 'send in a story', '/stories/new');
  const fields = storyFields(await groupsForForm(ctx));
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Send the story to the editors',
    check: checkStory,
    async onSubmit(values) {
      const { story } = await ctx.api.post('/stories', storyBody(values));
      ctx.navigate('/stories/mine', { notice: `Thank you: “${story.title}” is with the editors. You will hear from them here and by email.` });
    },
  });
  return {
    title,
    content: [crumbs(title), h('h1', {}, title),
      h('p', { class: 'lead' }, 'Tell the organisation about a campaign that worked, or one you learned from.'),
      h('p', {}, 'An editor reads every story before it is published. They may ask you for changes. Once published, anyone can read it and discuss it.'),
      form],
  };
}

export async function editStoryView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const { loadOr } = await shared();
  const loaded = await loadOr(ctx, 'Story', () => Promise.all([ctx.api.get(`/stories/${encodeURIComponent(params.id)}`), groupsForForm(ctx)]));
  if (loaded.page) return loaded.page;
  const [{ story, can }, groups] = loaded.data;
  const title = `Change “${story.title}”`;
  if (!can.edit) {
    return { title, content: [crumbs('Change a story'), h('h1', {}, title),
      h('p', {}, `This story is ${storyStatusLabel(story.status).toLowerCase()}: it can no longer be changed.`),
      h('p', {}, h('a', { href: storyPath(story.id) }, 'Back to the story'))] };
  }
  const { form } = buildForm({
    ctx,
    fields: storyFields(groups, story),
    submitText: story.status === 'changes_requested' ? 'Send the story again' : 'Save the changes',
    check: checkStory,
    async onSubmit(values) {
      const { story: saved } = await ctx.api.patch(`/stories/${story.id}`, storyBody(values, { editing: true }));
      ctx.navigate('/stories/mine', { notice: `“${saved.title}” is saved and waiting for an editor.` });
    },
  });
  return {
    title,
    content: [crumbs('Change a story'), h('h1', {}, title), reviewMessage(story), form],
  };
}

function reviewMessage(story) {
  if (!story.review_message || story.status === 'published') return null;
  const heading = story.status === 'declined' ? 'Why the editor declined it' : 'What the editor asked';
  return h('div', { class: 'panel story-message' },
    h('h2', { class: 'panel__title' }, heading),
    h('p', { class: 'story-message__text' }, story.review_message),
    story.reviewed_by ? h('p', { class: 'caption' }, story.reviewed_by.display_name, story.reviewed_at ? [', ', timeElement(story.reviewed_at)] : null) : null);
}

// ---------------------------------------------------------------------------------------------
// The author's own stories

function ownItem(ctx, story, errors) {
  const headingId = `own-story-${story.id}`;
  const actions = [];
  if (story.can?.edit) {
    actions.push(h('a', { href: `${storyPath(story.id)}/edit`, class: 'button button--secondary' },
      story.status === 'changes_requested' ? 'Make the changes' : 'Change it', visuallyHidden(` “${story.title}”`)));
  }
  if (story.can?.withdraw) {
    actions.push(confirmButton(errors, {
      text: 'Withdraw',
      question: `Withdraw “${story.title}”? It is deleted and the editors no longer see it.`,
      confirmText: 'Yes, withdraw it',
      cancelText: 'No, keep it',
      warning: true,
      onConfirm: async () => {
        await ctx.api.delete(`/stories/${story.id}`);
        ctx.rerender({ notice: `“${story.title}” is withdrawn.` });
      },
    }));
  }
  return h('li', { class: 'story-list__item' },
    h('article', { 'aria-labelledby': headingId },
      h('h2', { id: headingId, class: 'story-list__title' }, h('a', { href: storyPath(story.id) }, story.title), ' ', statusTag(story.status)),
      h('p', { class: 'caption' }, 'Sent in ', timeElement(story.submitted_at)),
      reviewMessage(story),
      actions.length ? h('div', { class: 'button-group' }, actions) : null));
}

export async function myStoriesView(ctx) {
  const title = 'Your stories';
  if (!ctx.person) return signInPage(title, 'see the stories you sent in', '/stories/mine');
  const { stories } = await ctx.api.get('/stories/mine');
  const errors = actionErrors(ctx);
  return {
    title,
    content: [crumbs(title), h('h1', {}, title), errors.element,
      stories.length
        ? h('ul', { class: 'list story-list' }, stories.map((story) => ownItem(ctx, story, errors)))
        : h('p', {}, 'You have not sent in a story yet.'),
      h('p', {}, h('a', { href: '/stories/new' }, 'Send in a story'))],
  };
}

// ---------------------------------------------------------------------------------------------
// The editors' queue

// Each story in the queue has these forms: the hidden title tells their fields and buttons apart.
function messageForm(ctx, story, { field, label, hint, what, submitText, path, notice }) {
  const about = visuallyHidden(` “${story.title}”`);
  const area = textArea({ name: field, label: [label, about.cloneNode(true)], hint, rows: 3, idPrefix: `${field}-${story.id}` });
  area.input.setAttribute('aria-required', 'true');
  const { form } = buildForm({
    ctx,
    fields: [area],
    submitText: [submitText, about],
    headingLevel: 4,
    buttonClass: 'button button--secondary',
    check: (values) => checkReviewMessage(values[field], { field, what }),
    async onSubmit(values) {
      await ctx.api.post(`/stories/${story.id}/${path}`, { [field]: values[field].trim() });
      ctx.rerender({ notice });
    },
  });
  return form;
}

function historyList(history = []) {
  if (!history.length) return null;
  return h('details', { class: 'story-history' },
    h('summary', {}, 'History'),
    h('ol', { class: 'list' }, history.map((entry) => h('li', {},
      historyLabel(entry.action), entry.by ? ` by ${entry.by.display_name}` : '', ', ', timeElement(entry.at, { withTime: true }),
      entry.note ? h('p', { class: 'caption' }, entry.note) : null))));
}

function queueItem(ctx, story, safeHtml, errors) {
  const headingId = `queue-story-${story.id}`;
  const facts = storyFacts(story);
  const publish = actionButton(errors, {
    text: 'Publish',
    context: `“${story.title}”`,
    className: 'button',
    onClick: async () => {
      await ctx.api.post(`/stories/${story.id}/accept`, {});
      ctx.rerender({ notice: `“${story.title}” is published, with its discussion open.` });
    },
  });
  return h('li', { class: 'queue-item story-review' },
    h('article', { 'aria-labelledby': headingId },
      h('h2', { id: headingId }, story.title, ' ', statusTag(story.status)),
      h('p', { class: 'caption' }, facts.join(' · '), ' · sent in ', timeElement(story.submitted_at)),
      h('dl', { class: 'summary-list' },
        h('dt', {}, 'Contact (editors only)'), h('dd', {}, story.contact || 'None given')),
      reviewMessage(story),
      h('div', { class: 'story-body' }, safeHtml(story.body_html)),
      story.what_worked_html ? [h('h3', {}, 'What worked'), h('div', { class: 'story-body' }, safeHtml(story.what_worked_html))] : null,
      historyList(story.history),
      h('h3', {}, 'Decide', visuallyHidden(` about “${story.title}”`)),
      h('div', { class: 'button-group' }, publish),
      story.status === 'submitted' ? messageForm(ctx, story, {
        field: 'message', label: 'Ask for changes', what: 'what should change',
        hint: 'The author reads this and can change the story and send it again.',
        submitText: 'Ask for these changes', path: 'request-changes', notice: `The author of “${story.title}” is asked for changes.`,
      }) : h('p', {}, 'Waiting for the author’s changes.'),
      messageForm(ctx, story, {
        field: 'reason', label: 'Decline it', what: 'the reason',
        hint: 'Say why: the author reads this. A declined story is not published.',
        submitText: 'Decline the story', path: 'decline', notice: `“${story.title}” is declined.`,
      })));
}

export async function reviewQueueView(ctx) {
  if (!ctx.person) return ctx.signInRedirect();
  const { loadOr, safeHtml } = await shared();
  const loaded = await loadOr(ctx, 'Review queue', () => ctx.api.get('/stories/review'));
  if (loaded.page) return loaded.page;
  const { stories } = loaded.data;
  const errors = actionErrors(ctx);
  const title = 'Stories to review';
  return {
    title,
    content: [crumbs(title), h('h1', {}, title),
      h('p', {}, stories.length ? `${plural(stories.length, 'story is', 'stories are')} waiting, oldest first.` : 'No story is waiting for review.'),
      errors.element,
      stories.length ? h('ul', { class: 'list queue' }, stories.map((story) => queueItem(ctx, story, safeHtml, errors))) : null],
  };
}

// ---------------------------------------------------------------------------------------------
// A story and its discussion

const SHOWN_REPLIES = 5;

async function discussionSection(ctx, story, safeHtml) {
  const headingId = 'story-discussion-heading';
  const threadHref = `/threads/${story.thread_id}`;
  let page = null;
  try {
    page = await ctx.api.get(`/threads/${story.thread_id}?limit=${SHOWN_REPLIES + 1}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  const replies = (page?.posts ?? []).filter((post) => post.depth > 0 && !post.deleted && !post.hidden).slice(0, SHOWN_REPLIES);
  const count = page?.thread?.post_count ?? 0;
  return h('section', { class: 'story-discussion', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Discussion'),
    h('p', {}, replyCountText(count), '. ',
      h('a', { href: threadHref, class: 'story-discussion__link' }, count > 1 ? 'Read the whole discussion and reply' : 'Start the discussion'),
      visuallyHidden(` about “${story.title}”`)),
    replies.length ? h('ol', { class: 'list story-replies' }, replies.map((post) => h('li', { class: 'post story-reply' },
      h('p', { class: 'caption' }, h('strong', {}, post.author?.display_name ?? 'Someone'), ', ', timeElement(post.created_at, { withTime: true })),
      h('div', { class: 'story-body' }, safeHtml(post.body_html))))) : null,
    !ctx.person ? h('p', {}, h('a', { href: signInHref(threadHref) }, 'Sign in'), ' to take part in the discussion.') : null);
}

export async function storyView(ctx, { params }) {
  const { loadOr, safeHtml } = await shared();
  const loaded = await loadOr(ctx, 'Story', () => ctx.api.get(`/stories/${encodeURIComponent(params.id)}`));
  if (loaded.page) return loaded.page;
  const { story, can } = loaded.data;
  const errors = actionErrors(ctx);
  const actions = [];
  if (can.edit) actions.push(h('a', { href: `${storyPath(story.id)}/edit`, class: 'button button--secondary' }, 'Change the story'));
  if (can.review) actions.push(h('a', { href: '/stories/review', class: 'button button--secondary' }, 'Review it in the queue'));
  return {
    title: story.title,
    content: [
      crumbs(story.title),
      h('article', { class: 'story', 'aria-labelledby': 'story-title' },
        h('h1', { id: 'story-title' }, story.title),
        h('p', { class: 'caption' }, storyFacts(story).join(' · '), story.published_at ? [' · published ', timeElement(story.published_at)] : null),
        story.status !== 'published' ? h('p', {}, statusTag(story.status), ' Only you and the editors can see this story until it is published.') : null,
        reviewMessage(story),
        errors.element,
        actions.length ? h('div', { class: 'button-group' }, actions) : null,
        h('div', { class: 'story-body' }, safeHtml(story.body_html)),
        story.what_worked_html ? h('section', { 'aria-labelledby': 'what-worked-heading', class: 'story-what-worked' },
          h('h2', { id: 'what-worked-heading' }, 'What worked'),
          h('div', { class: 'story-body' }, safeHtml(story.what_worked_html))) : null),
      story.thread_id ? await discussionSection(ctx, story, safeHtml) : null,
      h('p', {}, h('a', { href: '/stories' }, 'More stories')),
    ],
  };
}
