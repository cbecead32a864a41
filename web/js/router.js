// History-API routing: links inside the app change the view without a page load; each view gets a
// title, one h1 that receives focus, and an optional notice ("You joined …") that takes focus
// instead.
import { h } from './dom.js';

// A view whose module is fetched the first time one of its addresses is opened: `load` imports
// the module, `name` is the view it exports. Until then the router has only this small stand-in.
export function lazyView(load, name) {
  let loaded = null;
  const preload = () => {
    loaded ??= load().catch((error) => {
      loaded = null;  // a failed fetch (offline, a deploy in between) is tried again next time
      throw error;
    });
    return loaded;
  };
  const view = async (context, args) => (await preload())[name](context, args);
  view.preload = preload;
  return view;
}

export function compileRoutes(table) {
  return table.map(({ path, view }) => {
    const names = [];
    const pattern = path.replace(/:([a-zA-Z]+)/g, (_, name) => {
      names.push(name);
      return '([^/]+)';
    });
    return { path, view, regex: new RegExp(`^${pattern}/?$`), names };
  });
}

export function matchRoute(routes, pathname) {
  for (const route of routes) {
    const found = route.regex.exec(pathname);
    if (found) {
      const params = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]);
      });
      return { route, params };
    }
  }
  return null;
}

// Is this click one the router should handle, rather than the browser?
function isAppLink(event, anchor) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target && anchor.target !== '_self') return false;
  if (anchor.hasAttribute('download') || anchor.getAttribute('rel') === 'external') return false;
  const href = anchor.getAttribute('href');
  if (!href || href.startsWith('#')) return false;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return false;
  // Links to the same page and a fragment keep the browser's own behaviour (the skip link).
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return false;
  return true;
}

export function createRouter({ routes, notFound, main, siteName, makeContext, onSignedOut, onRendered = () => {} }) {
  const compiled = compileRoutes(routes);
  let renderCount = 0;
  let leaveHooks = [];
  let baseTitle = siteName;

  function setTitle(title, withError = false) {
    baseTitle = title ? `${title} – ${siteName}` : siteName;
    document.title = withError ? `Error: ${baseTitle}` : baseTitle;
  }

  function runLeaveHooks() {
    const hooks = leaveHooks;
    leaveHooks = [];
    for (const hook of hooks) {
      try {
        hook();
      } catch (error) {
        console.error(error);
      }
    }
  }

  async function render({ moveFocus = true, notice = null } = {}) {
    const token = ++renderCount;
    runLeaveHooks();
    const url = new URL(location.href);
    const found = matchRoute(compiled, url.pathname);
    const view = found ? found.route.view : notFound;
    const hooks = [];
    const context = makeContext({
      onLeave: (hook) => hooks.push(hook),
      isCurrent: () => token === renderCount,
      setErrorState: (withError) => {
        if (token === renderCount) setTitle(currentTitle, withError);
      },
      rerender: (options) => render({ moveFocus: true, ...options }),
    });
    let currentTitle = '';
    main.setAttribute('aria-busy', 'true');
    let result;
    try {
      result = await view(context, {
        params: found ? found.params : {},
        query: url.searchParams,
        state: history.state || {},
      });
    } catch (error) {
      if (error && error.status === 401 && onSignedOut) {
        // The session ended (expired, or signed out elsewhere) while this view was loading.
        result = onSignedOut();
      } else {
        console.error(error);
        result = {
          title: 'Sorry, there is a problem',
          content: [h('h1', {}, 'Sorry, there is a problem'),
            h('p', {}, (error && error.detail) || 'Something went wrong. Please try again.')],
        };
      }
    }
    if (token !== renderCount) {
      for (const hook of hooks) hook();
      return;
    }
    main.removeAttribute('aria-busy');
    if (result.redirect) {
      navigate(result.redirect, { replace: true, notice: result.notice });
      return;
    }
    leaveHooks = hooks;
    currentTitle = result.title;
    setTitle(result.title);
    main.replaceChildren(...[result.content].flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false && node !== ""));
    const heading = main.querySelector('h1');
    if (heading) heading.setAttribute('tabindex', '-1');
    let focusTarget = result.focus || heading;
    if (notice) {
      // Named by its own message, so moving focus to it reads the message.
      const noticeNode = h('div', { class: 'notice', tabindex: '-1', role: 'region', 'aria-labelledby': 'notice-message' },
        h('p', { id: 'notice-message' }, notice));
      if (heading) heading.after(noticeNode);
      else main.prepend(noticeNode);
      focusTarget = noticeNode;
    }
    if (moveFocus && focusTarget) focusTarget.focus();
    onRendered(url);
  }

  function navigate(path, { replace = false, notice = null, state = {} } = {}) {
    const url = new URL(path, location.href);
    if (replace) history.replaceState(state, '', url);
    else history.pushState(state, '', url);
    window.scrollTo(0, 0);
    return render({ notice });
  }

  function start() {
    document.addEventListener('click', (event) => {
      const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!anchor || !isAppLink(event, anchor)) return;
      event.preventDefault();
      navigate(anchor.href);
    });
    window.addEventListener('popstate', () => render());
    // The first view after a page load leaves focus where the browser put it, at the page start.
    return render({ moveFocus: false });
  }

  // Starts fetching the current address's view while the app does other first things (asks who
  // is signed in), instead of after them.
  function preload() {
    const found = matchRoute(compiled, location.pathname);
    found?.route.view.preload?.().catch(() => {});
  }

  return { start, navigate, render, preload };
}
