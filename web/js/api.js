// The one way the web app talks to the server: JSON over fetch, the CSRF token on every request
// that changes something, and problem+json turned into ApiError values the views can show.

const API_ROOT = '/api/v1';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
  constructor({ status, code, detail, fieldErrors = [], retryAfterSeconds = null }) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    // [{field, message}] from the problem's `errors`, for inline messages next to the fields.
    this.fieldErrors = fieldErrors;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function describeWait(seconds) {
  if (!seconds || seconds < 1) return 'a moment';
  if (seconds < 90) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function parseRetryAfter(header) {
  if (!header) return null;
  const seconds = Number.parseInt(header, 10);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

// Turns a failed response into an ApiError whose detail a person can act on.
export async function errorFromResponse(response) {
  let problem = {};
  const type = response.headers.get('content-type') || '';
  if (type.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = {};
    }
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  const fieldErrors = Array.isArray(problem.errors) ? problem.errors.filter((e) => e && e.message) : [];
  let detail = typeof problem.detail === 'string' && problem.detail ? problem.detail : null;
  if (response.status === 429) {
    // The server says why (slow mode, too many sign-in attempts); the wait is added in words.
    detail = `${detail || 'Too many attempts.'} Please wait ${describeWait(retryAfterSeconds)} and try again.`;
  } else if (response.status === 503) {
    detail = `Plenary is busy or briefly unavailable. Please try again in ${describeWait(retryAfterSeconds)}.`;
  } else if (!detail && response.status >= 500) {
    detail = 'Something went wrong on our side. Please try again.';
  } else if (!detail && response.status === 404) {
    detail = 'We could not find that. It may have been removed.';
  } else if (!detail) {
    detail = fieldErrors.length ? 'Some answers need correcting.' : 'That did not work. Please try again.';
  }
  return new ApiError({
    status: response.status,
    code: problem.code || null,
    detail,
    fieldErrors,
    retryAfterSeconds,
  });
}

export function createApiClient({ fetchImpl = (...args) => globalThis.fetch(...args) } = {}) {
  let csrfToken = null;

  async function send(method, path, { json, csv, query, anonymous = false } = {}) {
    const headers = { Accept: 'application/json' };
    let body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (csv !== undefined) {
      headers['Content-Type'] = 'text/csv';
      body = csv;
    }
    if (STATE_CHANGING.has(method) && csrfToken && !anonymous) headers['X-CSRF-Token'] = csrfToken;
    let url = API_ROOT + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) {
        if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
      }
      const text = params.toString();
      if (text) url += `?${text}`;
    }
    try {
      return await fetchImpl(url, { method, headers, body, credentials: anonymous ? 'omit' : 'same-origin' });
    } catch {
      throw new ApiError({
        status: 0,
        code: 'network',
        detail: 'Could not reach Plenary. Check your internet connection and try again.',
      });
    }
  }

  async function request(method, path, options = {}) {
    let response = await send(method, path, options);
    if (response.status === 403 && STATE_CHANGING.has(method)) {
      // The token can go stale when the person signed in again in another tab: fetch the current
      // one once and repeat the request.
      const error = await errorFromResponse(response.clone());
      if (error.code === 'csrf_token_missing' && (await refreshToken())) {
        response = await send(method, path, options);
      } else {
        throw error;
      }
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return null;
    const type = response.headers.get('content-type') || '';
    return type.includes('json') ? response.json() : null;
  }

  async function refreshToken() {
    const response = await send('GET', '/session');
    if (!response.ok) return false;
    const body = await response.json();
    csrfToken = body.csrf_token || null;
    return Boolean(csrfToken);
  }

  return {
    get: (path, query) => request('GET', path, { query }),
    post: (path, json) => request('POST', path, { json: json ?? {} }),
    // Without the session cookie: for requests that must not tie the person to what they send
    // (checking a ballot tracker).
    postAnonymously: (path, json) => request('POST', path, { json: json ?? {}, anonymous: true }),
    postCsv: (path, csv) => request('POST', path, { csv }),
    patch: (path, json) => request('PATCH', path, { json }),
    put: (path, json) => request('PUT', path, { json: json ?? {} }),
    delete: (path) => request('DELETE', path),
    setCsrfToken(token) {
      csrfToken = token || null;
    },
    // The current session, or null when nobody is signed in.
    async loadSession() {
      try {
        const body = await request('GET', '/session');
        csrfToken = body.csrf_token || null;
        return body;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          csrfToken = null;
          return null;
        }
        throw error;
      }
    },
  };
}
