// One WebSocket per tab to /api/v1/live. It keeps the rooms the page wants, pings so proxies keep
// the connection open, reconnects with backoff and asks for what it missed (`since`).

const PING_INTERVAL_MS = 25_000;
// A connection that has said nothing for this long (two unanswered pings) is treated as dead.
const SILENCE_LIMIT_MS = 60_000;
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;
const REMEMBERED_EVENT_IDS = 500;

export function retryDelay(attempt, random = Math.random) {
  const ceiling = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  // Jitter so that many tabs do not all come back in the same instant after a restart.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class LiveConnection {
  // onStatus(status): 'connecting' | 'connected' | 'reconnecting' | 'stopped'
  // onEvent(event): {id, room, kind, data}; onResync(): too much was missed, reload the view.
  // onSubscribed(rooms, denied): the server has started sending these rooms' events.
  constructor({
    url,
    onStatus = () => {},
    onEvent = () => {},
    onResync = () => {},
    onSubscribed = () => {},
    createSocket = (address) => new WebSocket(address),
    timers = globalThis,
    now = () => Date.now(),
    random = Math.random,
  }) {
    this.url = url;
    this.onStatus = onStatus;
    this.onEvent = onEvent;
    this.onResync = onResync;
    this.onSubscribed = onSubscribed;
    this.createSocket = createSocket;
    this.timers = timers;
    this.now = now;
    this.random = random;
    this.rooms = new Set();
    this.subscribed = new Set();
    this.lastEventId = null;
    this.seenIds = new Set();
    this.socket = null;
    this.ready = false;
    this.running = false;
    this.attempt = 0;
    this.retryTimer = null;
    this.pingTimer = null;
    this.lastHeardAt = 0;
    this.status = 'stopped';
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.connect('connecting');
  }

  stop() {
    this.running = false;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closeSocket();
    this.rooms.clear();
    this.lastEventId = null;
    this.seenIds.clear();
    this.setStatus('stopped');
  }

  // The rooms this page wants now; only the difference is sent to the server.
  setRooms(rooms) {
    const wanted = new Set(rooms);
    const removed = [...this.rooms].filter((room) => !wanted.has(room));
    const added = [...wanted].filter((room) => !this.rooms.has(room));
    this.rooms = wanted;
    if (!this.ready) return;
    if (removed.length) {
      for (const room of removed) this.subscribed.delete(room);
      this.sendMessage({ type: 'unsubscribe', rooms: removed });
    }
    // A room joined while connected needs no replay: the view has just loaded fresh data.
    if (added.length) this.subscribe(added, null);
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.onStatus(status);
  }

  connect(status) {
    this.setStatus(status);
    let socket;
    try {
      socket = this.createSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.ready = false;
    socket.addEventListener('message', (message) => {
      if (socket === this.socket) this.handleMessage(message.data);
    });
    socket.addEventListener('close', () => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.ready = false;
      this.timers.clearInterval(this.pingTimer);
      if (this.running) this.scheduleReconnect();
    });
    // An 'error' is always followed by 'close', which does the work.
  }

  scheduleReconnect() {
    this.setStatus('reconnecting');
    const delay = retryDelay(this.attempt, this.random);
    this.attempt += 1;
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (this.running) this.connect('reconnecting');
    }, delay);
  }

  closeSocket() {
    this.timers.clearInterval(this.pingTimer);
    this.ready = false;
    this.subscribed.clear();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      try {
        socket.close();
      } catch {
        // Already closed.
      }
    }
  }

  handleMessage(text) {
    this.lastHeardAt = this.now();
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    switch (message.type) {
      case 'hello':
        this.ready = true;
        this.attempt = 0;
        this.subscribed.clear();
        this.startPinging();
        this.setStatus('connected');
        // After a reconnect, ask for everything missed since the last event seen.
        if (this.rooms.size) this.subscribe([...this.rooms], this.lastEventId);
        break;
      case 'subscribed':
        for (const room of message.rooms || []) this.subscribed.add(room);
        this.onSubscribed(message.rooms || [], message.denied || []);
        break;
      case 'event':
        this.handleEvent(message);
        break;
      case 'resync':
        this.onResync(message.detail);
        break;
      case 'revoked':
        // The server no longer lets this viewer follow the room (a thread moved somewhere
        // closed to them): stop asking for it after a reconnect too.
        this.subscribed.delete(message.room);
        this.rooms.delete(message.room);
        break;
      default:
        break;
    }
  }

  handleEvent(event) {
    // A replay and the live stream can overlap; an event is handled once.
    if (typeof event.id === 'number') {
      if (this.seenIds.has(event.id)) return;
      this.seenIds.add(event.id);
      if (this.seenIds.size > REMEMBERED_EVENT_IDS) {
        this.seenIds.delete(this.seenIds.values().next().value);
      }
      if (this.lastEventId === null || event.id > this.lastEventId) this.lastEventId = event.id;
    }
    this.onEvent(event);
  }

  subscribe(rooms, since) {
    const message = { type: 'subscribe', rooms };
    if (since !== null && since !== undefined) message.since = since;
    this.sendMessage(message);
  }

  startPinging() {
    this.timers.clearInterval(this.pingTimer);
    this.pingTimer = this.timers.setInterval(() => {
      if (this.now() - this.lastHeardAt > SILENCE_LIMIT_MS) {
        const socket = this.socket;
        this.closeSocket();
        if (socket && this.running) this.scheduleReconnect();
        return;
      }
      this.sendMessage({ type: 'ping' });
    }, PING_INTERVAL_MS);
  }

  sendMessage(message) {
    if (!this.socket || !this.ready) return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch {
      // The close handler reconnects.
    }
  }
}

// The address of the live endpoint for this page's origin.
export function liveUrl(location = globalThis.location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/live`;
}
