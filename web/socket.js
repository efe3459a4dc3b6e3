// One room socket: hello → welcome → events; reconnects with exponential back-off and
// jitter, resumes from the last applied event id, and never applies an event twice.

import { compareIds } from "./fold.js";

const CLOSE = Object.freeze({
  UNAUTHORIZED: 4001, FORBIDDEN: 4003, NOT_FOUND: 4004, TOO_SLOW: 4008, DELETED: 4010, RATE_LIMITED: 4029,
});
const FATAL = new Map([
  [CLOSE.UNAUTHORIZED, "unauthorized"], [CLOSE.FORBIDDEN, "forbidden"], [CLOSE.NOT_FOUND, "not_found"],
  [CLOSE.DELETED, "deleted"],
]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export class RoomSocket {
  /**
   * path: "/ws/join/CODE"; hello(lastEventId) → the hello message;
   * onWelcome(welcome), onEvent(id, name, data), onMessage(msg), onStatus(status),
   * onFatal(reason) — the socket will not reconnect after a fatal close.
   */
  constructor({ path, hello, onWelcome, onEvent, onMessage = () => {}, onStatus = () => {}, onFatal = () => {} }) {
    Object.assign(this, { path, hello, onWelcome, onEvent, onMessage, onStatus, onFatal });
    this.ws = null;
    this.ready = false;
    this.stopped = false;
    this.attempt = 0;
    this.timer = null;
    this.lastEventId = null;
    this.status = "connecting";
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.dropForOffline());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.reconnectNow();
    });
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, "bye");
  }

  /** Send when the room said welcome; returns false when the message could not go out. */
  send(message) {
    if (!this.ready || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.onStatus(status);
  }

  connect() {
    clearTimeout(this.timer);
    if (this.stopped || (this.ws && this.ws.readyState <= WebSocket.OPEN)) return;
    if (navigator.onLine === false) {
      this.setStatus("offline");
      this.schedule();
      return;
    }
    this.setStatus(this.attempt === 0 && !this.lastEventId ? "connecting" : "reconnecting");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}${this.path}`);
    this.ws = ws;
    // batch: events that are ready at once may come as one `events` message
    ws.addEventListener("open", () => ws.send(JSON.stringify({ ...this.hello(this.lastEventId), batch: true })));
    ws.addEventListener("message", (message) => this.receive(message));
    ws.addEventListener("close", (close) => this.closed(ws, close));
  }

  receive(message) {
    let msg;
    try {
      msg = JSON.parse(message.data);
    } catch (error) {
      console.error("unreadable message from the server", error);
      return;
    }
    if (msg.type === "welcome") {
      if (msg.snapshot) this.lastEventId = msg.snapshot.last_event_id || msg.last_event_id;
      else if (!this.lastEventId) this.lastEventId = msg.last_event_id;
      this.ready = true;
      this.attempt = 0;
      this.setStatus("online");
      this.onWelcome(msg);
    } else if (msg.type === "event") {
      this.takeEvent(msg);
    } else if (msg.type === "events") {
      for (const event of msg.events) this.takeEvent(event);
    } else {
      this.onMessage(msg);
    }
  }

  takeEvent(msg) {
    if (this.lastEventId && compareIds(msg.id, this.lastEventId) <= 0) return;
    this.lastEventId = msg.id;
    this.onEvent(msg.id, msg.event, msg.data);
  }

  closed(ws, close) {
    if (ws !== this.ws) return;
    this.ready = false;
    this.ws = null;
    if (this.stopped) return;
    const fatal = FATAL.get(close.code);
    if (fatal) {
      this.stopped = true;
      this.setStatus("closed");
      this.onFatal(fatal);
      return;
    }
    this.setStatus(navigator.onLine === false ? "offline" : "reconnecting");
    this.schedule(close.code === CLOSE.RATE_LIMITED ? 5000 : 0);
  }

  schedule(minimum = 0) {
    clearTimeout(this.timer);
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    const delay = Math.max(minimum, ceiling / 2 + Math.random() * (ceiling / 2));
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.stopped || this.ws) return;
    this.attempt = 0;
    this.connect();
  }

  dropForOffline() {
    this.setStatus("offline");
    if (this.ws) this.ws.close(1000, "offline");
  }
}

/** A calm connection indicator: a dot and a short word, announced politely. */
export function bindIndicator(node, socket, t) {
  const render = () => {
    node.dataset.status = socket.status;
    node.querySelector(".conn-label").textContent = t(`conn.${socket.status}`);
  };
  const previous = socket.onStatus;
  socket.onStatus = (status) => { previous(status); render(); };
  render();
  return render;
}
