// Starts the app: reads the session, draws the header, starts live updates and the router.
import { createApiClient, ApiError } from './api.js';
import { h, visuallyHidden } from './dom.js';
import { LiveConnection, liveUrl } from './live.js';
import { createRouter } from './router.js';
import { routes, notFoundView } from './routes.js';

const SITE_NAME = 'Plenary';

function createAnnouncer(region) {
  let timer = null;
  let waiting = [];
  // Clearing first makes screen readers announce a message even when it repeats. Messages that
  // come while one waits are read together, so a live update cannot silence another.
  return (message) => {
    if (!waiting.includes(message)) waiting.push(message);
    region.textContent = '';
    clearTimeout(timer);
    timer = setTimeout(() => {
      region.textContent = waiting.join(' ');
      waiting = [];
    }, 100);
  };
}

const LIVE_TEXT = {
  connecting: 'Live updates: connecting',
  connected: 'Live updates: on',
  reconnecting: 'Live updates: reconnecting',
};

async function main() {
  const api = createApiClient();
  const mainElement = document.getElementById('main');
  const nav = document.getElementById('site-nav');
  const liveStatus = document.getElementById('live-status');
  const announce = createAnnouncer(document.getElementById('announcer'));
  const state = { person: null, unread: 0 };
  // The unread count in the header stays the same element, so updating it never moves focus.
  const unreadBadge = h('span', { class: 'badge', hidden: true });
  const notificationsLink = h('a', { href: '/notifications', class: 'nav__link' }, 'Notifications', unreadBadge);
  function setUnread(count) {
    state.unread = Math.max(0, Number(count) || 0);
    unreadBadge.hidden = state.unread === 0;
    unreadBadge.replaceChildren(' ', h('span', { class: 'badge__count' }, String(state.unread)), visuallyHidden(' unread'));
  }
  async function loadUnread() {
    try {
      const body = await api.get('/notifications', { limit: 1 });
      if (state.person && typeof body.unread_count === 'number') setUnread(body.unread_count);
    } catch {
      // The badge is a convenience; the notifications page shows the truth.
    }
  }
  // Views interested in live events register here while they are on screen.
  const eventListeners = new Set();

  const live = new LiveConnection({
    url: liveUrl(),
    onStatus(status) {
      liveStatus.hidden = status === 'stopped';
      liveStatus.dataset.status = status;
      liveStatus.querySelector('.live-status__text').textContent = LIVE_TEXT[status] || '';
    },
    onEvent(event) {
      if (event.kind === 'notification.created' && state.person && event.room === `person:${state.person.id}`) {
        const count = event.data && typeof event.data.unread_count === 'number' ? event.data.unread_count : state.unread + 1;
        setUnread(count);
      }
      for (const listener of eventListeners) listener(event);
    },
    onResync() {
      if (state.person) loadUnread();
      for (const listener of eventListeners) listener({ kind: 'resync' });
    },
    onSubscribed(rooms, denied) {
      for (const listener of eventListeners) listener({ kind: 'subscribed', rooms, denied });
    },
  });

  let router;

  function personRooms() {
    return state.person ? [`person:${state.person.id}`] : [];
  }

  async function signOut() {
    try {
      await api.delete('/session');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) {
        announce(`Could not sign out: ${error.detail || error.message}`);
        return;
      }
    }
    setPerson(null);
    api.setCsrfToken(null);
    router.navigate('/', { notice: 'You have signed out.' });
  }

  function drawNav() {
    const item = (href, text) => h('li', {}, h('a', { href, class: 'nav__link' }, text));
    const items = [item('/groups', 'Groups'), item('/search', 'Search')];
    if (state.person) {
      items.push(h('li', {}, notificationsLink));
      items.push(item('/profile', 'Your account'));
      items.push(h('li', {}, h('button', { type: 'button', class: 'nav__button', on: { click: signOut } }, 'Sign out')));
    } else {
      items.push(item('/sign-in', 'Sign in'), item('/sign-up', 'Create an account'));
    }
    nav.replaceChildren(...items);
    markCurrentLink();
  }

  // The link to the section being shown is marked for screen readers, and in bold for everyone.
  function markCurrentLink() {
    for (const link of nav.querySelectorAll('a')) {
      const path = new URL(link.href).pathname;
      const current = location.pathname === path || (path !== '/' && location.pathname.startsWith(`${path}/`));
      if (current) link.setAttribute('aria-current', location.pathname === path ? 'page' : 'true');
      else link.removeAttribute('aria-current');
    }
  }

  function setPerson(person) {
    const before = state.person ? state.person.id : null;
    state.person = person;
    drawNav();
    if (!person) {
      // Signed-out readers of public discussions get live updates too, without a person room.
      live.stop();
      live.setRooms([]);
      live.start();
      setUnread(0);
    } else if (before !== person.id) {
      live.stop();
      live.setRooms(personRooms());
      live.start();
      setUnread(0);
      loadUnread();
    }
  }

  function makeContext({ onLeave, isCurrent, setErrorState, rerender }) {
    return {
      api,
      announce,
      onLeave,
      isCurrent,
      setErrorState,
      rerender,
      get person() {
        return state.person;
      },
      navigate: (path, options) => router.navigate(path, options),
      signedIn(person, csrfToken) {
        api.setCsrfToken(csrfToken);
        setPerson(person);
      },
      get unreadCount() {
        return state.unread;
      },
      setUnreadCount: setUnread,
      updatePerson(person) {
        state.person = { ...state.person, ...person };
        drawNav();
      },
      async reloadSession() {
        const session = await api.loadSession();
        setPerson(session ? session.person : null);
      },
      // Views call this to hear live events for the rooms they show; the returned function stops it.
      watchRooms(rooms, listener) {
        eventListeners.add(listener);
        live.setRooms([...personRooms(), ...rooms]);
        onLeave(() => {
          eventListeners.delete(listener);
          live.setRooms(personRooms());
        });
      },
      // Sends a signed-out visitor to the sign-in page and back here afterwards.
      signInRedirect() {
        const next = location.pathname + location.search;
        return { redirect: `/sign-in?next=${encodeURIComponent(next)}` };
      },
    };
  }

  router = createRouter({
    routes,
    notFound: notFoundView,
    main: mainElement,
    siteName: SITE_NAME,
    makeContext,
    onRendered: markCurrentLink,
    onSignedOut() {
      setPerson(null);
      api.setCsrfToken(null);
      const next = location.pathname + location.search;
      return { redirect: `/sign-in?next=${encodeURIComponent(next)}`, notice: 'Your session has ended. Please sign in again.' };
    },
  });

  router.preload();
  try {
    const session = await api.loadSession();
    setPerson(session ? session.person : null);
  } catch (error) {
    drawNav();
    mainElement.replaceChildren(
      h('h1', {}, 'Sorry, Plenary is not available'),
      h('p', {}, error.detail || 'Please try again in a few minutes.'),
    );
    document.title = `Not available – ${SITE_NAME}`;
    return;
  }
  await router.start();
}

main();
