// Search over the discussions the person may read. The query lives in the address (/search?q=…),
// so a search can be bookmarked, shared and reached with Back. Snippets come from the server as
// escaped text with <mark> around the matches, and are read as exactly that.
import { ApiError } from '../api.js';
import { h, plural, timeElement } from '../dom.js';
import { actionErrors, buildForm, problemsFromError, selectField, textField } from '../forms.js';
import { snippetNodes } from './post-html.js';

const FILTERS = ['group_id', 'category_id', 'author_id', 'from', 'to'];

function resultItem(result) {
  const thread = result.thread || {};
  const href = result.kind === 'post' && result.post_id ? `/threads/${thread.id}?post=${result.post_id}` : `/threads/${thread.id}`;
  return h('li', { class: 'search-result' },
    h('h3', { class: 'search-result__title' },
      h('a', { href }, result.kind === 'post' ? `Post in “${thread.title}”` : thread.title)),
    h('p', { class: 'caption' }, result.kind === 'post' ? 'A post' : 'A thread',
      result.author ? ` by ${result.author.display_name}` : '', ', ', timeElement(result.created_at, { withTime: true })),
    result.snippet_html ? h('p', { class: 'search-result__snippet' }, snippetNodes(result.snippet_html)) : null);
}

export async function searchView(ctx, { query }) {
  const q = (query.get('q') || '').trim();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) || '']));
  let groups = [];
  try {
    groups = (await ctx.api.get('/groups')).groups || [];
  } catch {
    groups = [];
  }
  groups.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));

  const fields = [
    textField({ name: 'q', label: 'Search for', hint: 'Words from the title or the text. Put a phrase in "quotes"; put - before a word to leave it out.', type: 'search', value: q, idPrefix: 'search' }),
    selectField({
      name: 'group_id', label: 'In which group?', idPrefix: 'search', value: filters.group_id,
      options: [{ value: '', label: 'All groups' }, ...groups.map((group) => ({ value: String(group.id), label: group.name }))],
    }),
    textField({ name: 'from', label: 'Posted on or after (optional)', type: 'date', width: 'date', value: filters.from, idPrefix: 'search' }),
    textField({ name: 'to', label: 'Posted on or before (optional)', type: 'date', width: 'date', value: filters.to, idPrefix: 'search' }),
  ];
  const kept = {};
  for (const name of ['category_id', 'author_id']) if (filters[name]) kept[name] = filters[name];
  const { form, show } = buildForm({
    ctx,
    fields,
    submitText: 'Search',
    check: (values) => {
      const problems = [];
      if (!values.q) problems.push({ name: 'q', message: 'Enter something to search for' });
      if (values.from && values.to && values.from > values.to) problems.push({ name: 'to', message: 'The end date must be the same as or after the start date' });
      return problems;
    },
    async onSubmit(values) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries({ ...values, ...kept })) if (value) params.set(name, value);
      await ctx.navigate(`/search?${params}`);
    },
  });
  form.setAttribute('role', 'search');

  const narrowed = [];
  if (kept.category_id || kept.author_id) {
    const wider = new URLSearchParams(query);
    wider.delete('category_id');
    wider.delete('author_id');
    narrowed.push(h('p', { class: 'inset' },
      kept.category_id ? 'Searching one category only. ' : 'Searching one person’s posts only. ',
      h('a', { href: `/search?${wider}` }, 'Search everywhere instead')));
  }

  const content = [h('h1', {}, 'Search the discussions'), narrowed, form];
  if (!q) return { title: 'Search the discussions', content };

  const heading = h('h2', { id: 'results-heading', tabindex: '-1' });
  const list = h('ol', { class: 'list search-results', 'aria-labelledby': 'results-heading' });
  const errors = actionErrors(ctx, { headingLevel: 3 });
  const more = h('button', { type: 'button', class: 'button button--secondary' }, 'Show more results');
  let count = 0;
  let nextCursor = null;
  const request = (cursor) => ctx.api.get('/search', { q, ...filters, cursor });
  function describe() {
    heading.textContent = count
      ? `${nextCursor ? `The first ${count} results` : plural(count, 'result', 'results')} for “${q}”`
      : `No results for “${q}”`;
    more.hidden = !nextCursor;
  }
  try {
    const first = await request(null);
    nextCursor = first.next_cursor || null;
    const results = first.results || [];
    count = results.length;
    list.append(...results.map(resultItem));
  } catch (error) {
    if (!(error instanceof ApiError) || ![400, 422].includes(error.status)) throw error;
    const problems = problemsFromError(error);
    // Shown once the form is on the page.
    setTimeout(() => {
      if (ctx.isCurrent()) show(problems);
    }, 0);
    return { title: 'Search the discussions', content };
  }
  describe();
  more.addEventListener('click', async () => {
    errors.hide();
    try {
      const page = await request(nextCursor);
      nextCursor = page.next_cursor || null;
      const added = (page.results || []).map(resultItem);
      count += added.length;
      list.append(...added);
      describe();
      if (added.length) added[0].querySelector('a').focus();
      else heading.focus();
    } catch (error) {
      errors.show(error);
    }
  });
  return {
    title: `“${q}” – Search the discussions`,
    // After a search, the number of results is what people want to hear first.
    focus: heading,
    content: [
      ...content,
      h('section', { 'aria-labelledby': 'results-heading', class: 'results-section' },
        heading,
        count ? list : h('p', {}, 'Try other words, fewer words, or a wider date range. You only find what you are allowed to read.'),
        errors.element,
        h('div', { class: 'button-group' }, more)),
    ],
  };
}
