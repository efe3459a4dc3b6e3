// A phone's own ideas: kept in the browser until the room has them. Each carries its
// client id (the idempotency key), so resending after a reconnect never makes doubles.
// Under pre-moderation the room has it but shows it only once the facilitator approves:
// until then it is "waiting", also after a reload (the welcome's own_waiting says so).

import { el, reconcile, setText } from "./dom.js";
import { t } from "./i18n.js";
import { newClientId } from "./ids.js";
import { load, save } from "./storage.js";

const KEEP = 200;
const OFFERED_BACK = new Set(["expired", "refused"]);  // not sent: the text can go back to the field

export class Outbox {
  /** storageKey: where the ideas live; send(message) → false when not connected. */
  constructor(storageKey, send) {
    this.storageKey = storageKey;
    this.send = send;
    this.items = load(storageKey, []);  // [{client_id, text, round_id, heading?, status, event_id}]
    this.inFlight = new Set();          // sent on this connection, no answer yet
  }

  save() {
    save(this.storageKey, this.items.slice(-KEEP));
  }

  find(clientId) {
    return this.items.find((m) => m.client_id === clientId);
  }

  /** A new idea; heading: the theme id of the seeded heading it answers, or null. */
  add(text, roundId, heading = null) {
    const item = { client_id: newClientId(), text, round_id: roundId, status: "pending" };
    if (heading) item.heading = heading;
    this.items.push(item);
    this.save();
  }

  remove(clientId) {
    this.items = this.items.filter((item) => item.client_id !== clientId);
    this.save();
  }

  /** The room has it (idea.accepted, or the idea in the public feed); waiting: not shown yet. */
  accepted(clientId, eventId, { waiting = false } = {}) {
    const item = this.find(clientId);
    if (!item || item.status === "accepted" || (waiting && item.status === "waiting")) return;
    item.status = waiting ? "waiting" : "accepted";
    item.event_id = eventId;
    this.inFlight.delete(clientId);
    this.save();
  }

  /** The facilitator let this idea (by its id) through to the room. */
  approved(ideaId) {
    const item = this.items.find((m) => m.status === "waiting" && m.event_id === ideaId);
    if (item) this.accepted(item.client_id, ideaId);
  }

  /**
   * The welcome's own_waiting is the room's word on which of this phone's ideas wait:
   * they are kept (added back if this browser lost them); the others no longer wait.
   */
  adoptWaiting(ownWaiting) {
    const waiting = new Set(ownWaiting.map((idea) => idea.client_id));
    for (const idea of ownWaiting) {
      if (!this.find(idea.client_id)) {
        this.items.push({ client_id: idea.client_id, text: idea.text, round_id: idea.round_id, status: "pending" });
      }
      this.accepted(idea.client_id, idea.id, { waiting: true });
    }
    for (const item of this.items) if (item.status === "waiting" && !waiting.has(item.client_id)) item.status = "accepted";
    this.save();
  }

  /** The room could not take it now (unavailable, rate limited): it goes again on the next flush. */
  later(clientId) {
    this.inFlight.delete(clientId);
  }

  /** The room will never take it as it is: it is offered back to the text field. */
  refused(clientId) {
    const item = this.find(clientId);
    if (!item || item.status !== "pending") return;
    item.status = "refused";
    this.inFlight.delete(clientId);
    this.save();
  }

  /**
   * Send every pending idea of the current round while it collects; each goes once per
   * connection, `again` resends all (after a reconnect or a refusal). An idea typed for a
   * round that is over is marked expired, and offered back to the text field.
   */
  flush(round, { again = false } = {}) {
    if (again) this.inFlight.clear();
    if (round?.phase !== "collect") return;
    for (const item of this.items) {
      if (item.status !== "pending" || this.inFlight.has(item.client_id)) continue;
      if (item.round_id !== round.id) {
        item.status = "expired";
      } else if (this.send(submission(item))) {
        this.inFlight.add(item.client_id);
      }
    }
    this.save();
  }

  /**
   * The list of one's own ideas with their state. connected: the socket is up;
   * headingLabel(themeId) names a heading; onRetry(item) for expired ones.
   */
  render(list, roundId, { connected, headingLabel, onRetry }) {
    const items = this.items.filter((m) => m.round_id === roundId || OFFERED_BACK.has(m.status) || m.status === "pending");
    reconcile(list, items.map((m) => m.client_id).reverse(), () => el("li", { class: "mine-item" },
      el("p", { class: "mine-text" }), el("p", { class: "mine-heading" }), el("span", { class: "mine-status" })),
    (node, clientId) => {
      const item = this.find(clientId);
      setText(node.querySelector(".mine-text"), item.text);
      setText(node.querySelector(".mine-heading"), item.heading ? headingLabel(item.heading) : "");
      const status = item.status === "pending" ? (connected && this.inFlight.has(clientId) ? "sending" : "queued") : item.status;
      node.dataset.status = status;
      setText(node.querySelector(".mine-status"), t(`mine.${status}`));
      if (OFFERED_BACK.has(status) && !node.querySelector("button")) {
        node.append(el("button", { type: "button", class: "button small", onclick: () => onRetry(item) }, t("mine.retry")));
      }
    });
    return items.length;
  }
}

function submission(item) {
  const message = { type: "idea.submit", client_id: item.client_id, text: item.text };
  if (item.heading) message.heading = item.heading;
  return message;
}
