// Campaign stories' pure logic: the form's checks (the same limits as the server), the request
// bodies, and the words shown for statuses and history. No DOM, so it is unit-tested in Node.

export const TITLE_LIMIT = 150;
export const BODY_LIMIT = 20000;
export const PLACE_LIMIT = 120;
export const WHAT_WORKED_LIMIT = 4000;
export const CONTACT_LIMIT = 200;
export const MESSAGE_LIMIT = 4000;

// Characters as the server counts them: code points, not UTF-16 units.
export const characters = (text) => [...String(text ?? '')].length;

const trimmed = (value) => String(value ?? '').trim();

export function checkStory(values) {
  const problems = [];
  const title = trimmed(values.title);
  if (!title) problems.push({ name: 'title', message: 'Enter a title' });
  else if (characters(title) > TITLE_LIMIT) problems.push({ name: 'title', message: `The title must be ${TITLE_LIMIT} characters or fewer` });
  const body = trimmed(values.body);
  if (!body) problems.push({ name: 'body', message: 'Write your story' });
  else if (characters(body) > BODY_LIMIT) problems.push({ name: 'body', message: `The story must be ${BODY_LIMIT} characters or fewer` });
  const limits = [['place', PLACE_LIMIT, 'The place'], ['what_worked', WHAT_WORKED_LIMIT, 'What worked'],
    ['contact', CONTACT_LIMIT, 'How we can reach you']];
  for (const [name, limit, label] of limits) {
    if (characters(trimmed(values[name])) > limit) problems.push({ name, message: `${label} must be ${limit} characters or fewer` });
  }
  return problems;
}

// The body of POST /stories (and PATCH /stories/{id}): the group only when one was chosen; when
// editing, an empty choice clears it (null).
export function storyBody(values, { editing = false } = {}) {
  const body = {
    title: trimmed(values.title),
    body: trimmed(values.body),
    place: trimmed(values.place),
    what_worked: trimmed(values.what_worked),
    contact: trimmed(values.contact),
  };
  const group = Number.parseInt(values.group_id, 10);
  if (Number.isInteger(group) && group > 0) body.group_id = group;
  else if (editing) body.group_id = null;
  return body;
}

// An editor's message or reason: required, so the author always learns why.
export function checkReviewMessage(value, { field, what }) {
  const text = trimmed(value);
  if (!text) return [{ name: field, message: `Enter ${what}` }];
  if (characters(text) > MESSAGE_LIMIT) return [{ name: field, message: `Keep it to ${MESSAGE_LIMIT} characters or fewer` }];
  return [];
}

const STATUS_LABELS = {
  submitted: 'Waiting for review',
  changes_requested: 'Changes asked for',
  declined: 'Declined',
  published: 'Published',
};
export const storyStatusLabel = (status) => STATUS_LABELS[status] || String(status ?? '');

const ACTION_LABELS = {
  submitted: 'Sent in',
  edited: 'Edited',
  resubmitted: 'Sent in again after changes',
  changes_requested: 'Changes asked for',
  declined: 'Declined',
  published: 'Published',
};
export const historyLabel = (action) => ACTION_LABELS[action] || String(action ?? '');

// "Riverside · Riverside Branch · by Farah Haddad": what the list says about where a story is from.
export function storyFacts(story) {
  const facts = [];
  if (story.place) facts.push(story.place);
  if (story.group?.name && story.group.name !== story.place) facts.push(story.group.name);
  if (story.author?.display_name) facts.push(`by ${story.author.display_name}`);
  return facts;
}

// The groups a story may name, in tree order with their depth, for an indented select.
export function groupOptions(groups) {
  const children = new Map();
  for (const group of groups) {
    const key = group.parent_id ?? null;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(group);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const known = new Set(groups.map((group) => group.id));
  const out = [];
  const visit = (group, depth) => {
    out.push({ value: String(group.id), label: `${'\u2014 '.repeat(depth)}${group.name}` });
    for (const child of children.get(group.id) || []) visit(child, depth + 1);
  };
  const roots = groups.filter((group) => group.parent_id == null || !known.has(group.parent_id))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const root of roots) visit(root, 0);
  return [{ value: '', label: 'None, or not listed' }, ...out];
}

// Words for how many replies a discussion has: the opening post is the story's, not a reply.
export function replyCountText(postCount) {
  const replies = Math.max(0, (Number(postCount) || 0) - 1);
  if (replies === 0) return 'No replies yet';
  return replies === 1 ? '1 reply' : `${replies} replies`;
}
