// The signed-in person's notifications, newest first: replies, mentions, watched threads and
// categories, what moderators did to their posts, and campaign work (stories to review or
// reviewed, offers to help to answer). New ones arrive live; reading one marks it read, and so
// does the "Mark as read" button. Those not about a post link to the page they are about.
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { actionErrors } from '../forms.js';
import { notificationSentence } from '../discussion-logic.js';
import { keepReadingPosition } from './thread.js';

// The sentence for a notification; campaign notifications are about a page, not a post.
export function notificationText(notification) {
  const actor = notification.actor && notification.actor.display_name ? notification.actor.display_name : 'Someone';
  switch (notification.kind) {
    case 'story_submitted': return `${actor} sent in a story for review`;
    case 'story_reviewed': return 'An editor has reviewed your story';
    case 'offer_received': return `${actor} offered to help`;
    case 'offer_escalated': return 'An offer to help has waited too long for an answer, so it has been passed to you';
    case 'offer_answered': return 'Your offer to help has been answered';
    default: return notificationSentence(notification);
  }
}

// Where a notification leads: its post or thread, else the page it names (a path of this app).
export function notificationHref(notification) {
  if (notification.thread) {
    return notification.post_id
      ? `/threads/${notification.thread.id}?post=${notification.post_id}`
      : `/threads/${notification.thread.id}`;
  }
  return typeof notification.link === 'string' && /^\/[^/]/.test(notification.link) ? notification.link : null;
}

export async function notificationsView(ctx) {
  if (!ctx.person) return ctx.signInRedirect();
  const first = await ctx.api.get('/notifications');
  const errors = actionErrors(ctx);
  const items = new Map();
  let nextCursor = first.next_cursor || null;
  let unread = typeof first.unread_count === 'number' ? first.unread_count : 0;
  const list = h('ol', { class: 'list notification-list', 'aria-labelledby': 'list-heading' });
  const summary = h('p', { class: 'notifications__summary', tabindex: '-1' });
  const empty = h('p', {}, 'You have no notifications yet. You will get one when someone replies to you or mentions you, or when there is news in a thread you watch.');
  const markAll = h('button', { type: 'button', class: 'button button--secondary' }, 'Mark all as read');
  const more = h('button', { type: 'button', class: 'button button--secondary' }, 'Show older notifications');

  function describe() {
    summary.textContent = unread ? `You have ${plural(unread, 'unread notification', 'unread notifications')}.` : 'You have read all your notifications.';
    markAll.hidden = unread === 0;
    empty.hidden = items.size > 0;
    list.hidden = items.size === 0;
    more.hidden = !nextCursor;
    ctx.setUnreadCount(unread);
  }

  async function markRead(ids) {
    await ctx.api.post('/notifications/read', { ids });
  }

  function item(notification) {
    const sentence = notificationText(notification);
    const href = notificationHref(notification);
    const newTag = h('strong', { class: 'tag tag--new' }, 'New', visuallyHidden(' notification:'));
    const button = h('button', { type: 'button', class: 'button button--secondary button--small' },
      'Mark as read', visuallyHidden(`: ${sentence}`));
    const element = h('li', { class: 'notification', dataset: { notificationId: String(notification.id) } },
      h('p', { class: 'notification__text' },
        notification.read ? null : [newTag, ' '],
        notification.thread || !href ? sentence : h('a', { href, class: 'notification__link' }, sentence),
        notification.thread ? [' in ', h('a', { href, class: 'notification__link' }, notification.thread.title)] : null,
        '.'),
      notification.detail
        ? h('p', { class: 'notification__detail' }, notification.kind === 'post_hidden' ? 'Reason: ' : '', notification.detail)
        : null,
      h('p', { class: 'caption' }, timeElement(notification.created_at, { withTime: true })),
      notification.read ? null : h('div', { class: 'button-group' }, button));
    const entry = { notification, element };
    const settle = () => {
      if (entry.notification.read) return;
      entry.notification.read = true;
      unread = Math.max(0, unread - 1);
      element.classList.add('notification--read');
      newTag.remove();
      const hadFocus = button === document.activeElement;
      button.parentElement?.remove();
      if (hadFocus) (element.querySelector('a') || summary).focus();
      describe();
    };
    entry.settle = settle;
    button.addEventListener('click', async () => {
      errors.hide();
      try {
        await markRead([notification.id]);
        settle();
        ctx.announce('Marked as read.');
      } catch (error) {
        errors.show(error);
      }
    });
    // Following the link reads the notification; the page it leads to is the point, so the
    // request is not waited for.
    const link = element.querySelector('a');
    if (link && !notification.read) {
      link.addEventListener('click', () => {
        markRead([notification.id]).then(() => ctx.setUnreadCount(Math.max(0, ctx.unreadCount - 1))).catch(() => {});
      });
    }
    if (notification.read) element.classList.add('notification--read');
    items.set(notification.id, entry);
    return element;
  }

  for (const notification of first.notifications || []) list.append(item(notification));
  describe();

  markAll.addEventListener('click', async () => {
    errors.hide();
    try {
      await ctx.api.post('/notifications/read', { all: true });
    } catch (error) {
      errors.show(error);
      return;
    }
    for (const entry of items.values()) entry.settle();
    unread = 0;
    describe();
    summary.focus();
  });

  more.addEventListener('click', async () => {
    errors.hide();
    try {
      const page = await ctx.api.get('/notifications', { cursor: nextCursor });
      nextCursor = page.next_cursor || null;
      const added = (page.notifications || []).filter((n) => !items.has(n.id)).map(item);
      list.append(...added);
      describe();
      if (added.length) (added[0].querySelector('a') || added[0]).focus();
      else summary.focus();
    } catch (error) {
      errors.show(error);
    }
  });

  ctx.watchRooms([], (event) => {
    if (event.kind !== 'notification.created' || !ctx.isCurrent()) return;
    const data = event.data || {};
    const notification = data.notification || (data.id ? data : null);
    if (!notification || items.has(notification.id)) return;
    if (typeof data.unread_count === 'number') unread = data.unread_count;
    else if (!notification.read) unread += 1;
    keepReadingPosition(list, 'li', () => list.prepend(item(notification)));
    describe();
    ctx.announce(`New notification: ${notificationText(notification)}.`);
  });

  return {
    title: 'Notifications',
    content: [
      h('h1', {}, 'Notifications'),
      errors.element,
      summary,
      h('p', {}, 'You can also have the ones you have not read sent to you by email once a day or once a week: ',
        h('a', { href: '/profile' }, 'choose on your account page'), '.'),
      h('div', { class: 'button-group' }, markAll),
      h('h2', { id: 'list-heading', class: 'visually-hidden' }, 'Your notifications, newest first'),
      empty,
      list,
      h('div', { class: 'button-group' }, more),
    ],
  };
}
