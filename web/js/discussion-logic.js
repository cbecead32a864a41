// Pure helpers of the discussion pages, free of the DOM so node tests can run them: where a post
// goes in the reply tree, how a search snippet is read, and the words shown for the server's codes.

// Replies nest this deep on screen; deeper replies line up under their ancestor at this depth and
// say whom they answer, so a long exchange does not shrink into a sliver on a phone.
export const MAX_NESTED_DEPTH = 5;

// The post whose list of replies holds `post`: its parent while that is shallow enough, else the
// ancestor at MAX_NESTED_DEPTH. `known` maps id → {id, parent_id, depth} of the posts on the page.
// Returns null for the opening post, and undefined when no ancestor is on the page (a page opened
// at a permalink starts in the middle of the tree): such a post goes at the top level.
export function listOwner(post, known) {
  if (post.parent_id === null || post.parent_id === undefined) return null;
  let ancestor = known.get(post.parent_id);
  while (ancestor && ancestor.depth > MAX_NESTED_DEPTH) ancestor = known.get(ancestor.parent_id);
  return ancestor ? ancestor.id : undefined;
}

// Does the post say whom it answers? When it no longer sits directly under its parent.
export function showsInReplyTo(post, known) {
  if (post.parent_id === null || post.parent_id === undefined) return false;
  const owner = listOwner(post, known);
  return owner !== post.parent_id;
}

export function isDescendant(id, ancestorId, known) {
  let node = known.get(id);
  const seen = new Set();
  while (node && node.parent_id !== null && node.parent_id !== undefined && !seen.has(node.id)) {
    if (node.parent_id === ancestorId) return true;
    seen.add(node.id);
    node = known.get(node.parent_id);
  }
  return false;
}

// Where a new reply to `parentId` goes in the list `listIds` (ids in tree order): after the
// parent and everything below it, which is where the server's depth-first order puts it.
export function insertionIndex(listIds, parentId, known) {
  const at = listIds.indexOf(parentId);
  if (at < 0) return listIds.length;
  let index = at + 1;
  while (index < listIds.length && isDescendant(listIds[index], parentId, known)) index += 1;
  return index;
}

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// The server's search snippet is escaped text with <mark> around the matches. It is read here as
// exactly that, [{text, mark}], so nothing else in it could ever become markup.
export function snippetParts(html) {
  const parts = [];
  let marked = false;
  for (const piece of String(html ?? '').split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) marked = true;
    else if (/^<\/mark>$/i.test(piece)) marked = false;
    else if (piece) parts.push({ text: decodeEntities(piece.replace(/<[^>]*>/g, '')), mark: marked });
  }
  return parts;
}

export function utf8Length(text) {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

// The limits the server keeps (DISCUSSIONS.md): shown to people before they hit them.
export const LIMITS = {
  bodyBytes: 64 * 1024,
  titleLength: 200,
  tags: 5,
  tagLength: 30,
  flagDetail: 1000,
};

// "1 new reply", "3 new replies".
export function newRepliesText(count) {
  return count === 1 ? '1 new reply' : `${count} new replies`;
}

export function parseTags(text) {
  return String(text ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);
}

// Problems with a title, body and tags before the server is asked: [{name, message}].
export function checkThread({ title, body, tags }) {
  const problems = [];
  const trimmed = String(title ?? '').trim();
  if (!trimmed) problems.push({ name: 'title', message: 'Enter a title' });
  else if ([...trimmed].length > LIMITS.titleLength) problems.push({ name: 'title', message: `The title must be ${LIMITS.titleLength} characters or fewer` });
  problems.push(...checkBody(body, 'body'));
  const list = parseTags(tags);
  if (list.length > LIMITS.tags) problems.push({ name: 'tags', message: `Use at most ${LIMITS.tags} tags` });
  else if (list.some((tag) => [...tag].length > LIMITS.tagLength)) problems.push({ name: 'tags', message: `Each tag must be ${LIMITS.tagLength} characters or fewer` });
  return problems;
}

export function checkBody(body, name = 'body', what = 'your post') {
  const text = String(body ?? '');
  if (!text.trim()) return [{ name, message: `Write ${what} before sending it` }];
  const over = utf8Length(text) - LIMITS.bodyBytes;
  if (over > 0) return [{ name, message: `${capitalise(what)} is too long. Take out about ${over.toLocaleString('en')} characters.` }];
  return [];
}

const capitalise = (text) => (text ? text[0].toUpperCase() + text.slice(1) : '');

export const FLAG_REASONS = [
  { value: 'spam', label: 'Spam', hint: 'Advertising, or the same message posted again and again.' },
  { value: 'abuse', label: 'Abuse or harassment', hint: 'It attacks, threatens or insults someone.' },
  { value: 'off_topic', label: 'Off topic', hint: 'It does not belong in this discussion.' },
  { value: 'other', label: 'Something else', hint: 'Tell the moderators what is wrong below.' },
];

export function flagReasonLabel(reason) {
  const found = FLAG_REASONS.find((item) => item.value === reason);
  return found ? found.label : capitalise(String(reason ?? '').replace(/_/g, ' '));
}

export function checkFlag({ reason, detail }) {
  const problems = [];
  if (!reason) problems.push({ name: 'reason', message: 'Choose why you are flagging this post' });
  const text = String(detail ?? '').trim();
  if (reason === 'other' && !text) problems.push({ name: 'detail', message: 'Tell the moderators what is wrong with this post' });
  if ([...text].length > LIMITS.flagDetail) problems.push({ name: 'detail', message: `Use ${LIMITS.flagDetail} characters or fewer` });
  return problems;
}

const VISIBILITY_LABELS = {
  public: 'Anyone, signed in or not',
  supporters: 'Supporters and members',
  members: 'Members',
  officers: 'Officers',
};

export const VISIBILITIES = Object.keys(VISIBILITY_LABELS);

export function visibilityLabel(visibility) {
  return VISIBILITY_LABELS[visibility] || capitalise(String(visibility ?? ''));
}

const ACTION_LABELS = {
  hide: 'Hid a post',
  restore: 'Restored a post',
  edit_post: 'Edited a post',
  lock: 'Locked a thread',
  unlock: 'Unlocked a thread',
  pin: 'Pinned a thread',
  unpin: 'Unpinned a thread',
  move: 'Moved a thread',
  slow_mode: 'Changed slow mode',
  archive: 'Archived a thread',
  unarchive: 'Unarchived a thread',
  suspend: 'Suspended someone',
  lift_suspension: 'Lifted a suspension',
  resolve_flag: 'Dealt with a flag',
};

export function moderationActionLabel(action) {
  return ACTION_LABELS[action] || capitalise(String(action ?? '').replace(/_/g, ' '));
}

// Slow mode choices for moderators, and how a setting reads.
export const SLOW_MODE_CHOICES = [0, 30, 60, 300, 900, 3600, 86400];

export function slowModeLabel(seconds) {
  const value = Number(seconds) || 0;
  if (value <= 0) return 'Off';
  if (value < 60) return value === 1 ? 'One post a second' : `One post every ${value} seconds`;
  if (value < 3600) {
    const minutes = Math.round(value / 60);
    return minutes === 1 ? 'One post a minute' : `One post every ${minutes} minutes`;
  }
  if (value < 86400) {
    const hours = Math.round(value / 3600);
    return hours === 1 ? 'One post an hour' : `One post every ${hours} hours`;
  }
  return 'One post a day';
}

// The sentence a notification reads as, without the thread's title (the page links that).
export function notificationSentence(notification) {
  const actor = notification.actor && notification.actor.display_name ? notification.actor.display_name : 'Someone';
  switch (notification.kind) {
    case 'reply': return `${actor} replied to your post`;
    case 'mention': return `${actor} mentioned you`;
    case 'watched_thread': return `${actor} posted in a thread you watch`;
    case 'watched_category': return `${actor} posted in a category you watch`;
    case 'post_hidden': return 'A moderator hid your post';
    case 'suspended': return 'You have been suspended from posting';
    default: return `${actor} did something that concerns you`;
  }
}

// Which thread fields a moderator's form changed, as a PATCH body (without the reason).
export function threadChanges(thread, values) {
  const changes = {};
  if (Boolean(values.locked) !== Boolean(thread.locked)) changes.locked = Boolean(values.locked);
  if (Boolean(values.pinned) !== Boolean(thread.pinned)) changes.pinned = Boolean(values.pinned);
  if (Boolean(values.archived) !== Boolean(thread.archived)) changes.archived = Boolean(values.archived);
  const slow = Number(values.slow_mode_seconds);
  if (Number.isFinite(slow) && slow !== (Number(thread.slow_mode_seconds) || 0)) changes.slow_mode_seconds = slow;
  const category = Number(values.category_id);
  if (values.category_id !== undefined && values.category_id !== '' && thread.category && category !== thread.category.id) {
    changes.category_id = category;
  }
  return changes;
}
