// A phone's own ideas: kept in the browser until the room has them. Each carries its
// client id (the idempotency key), so resending after a reconnect never makes doubles.

import { el, reconcile, setText } from "./dom.js";
import { t } from "./i18n.js";
import { newClientId } from "./ids.js";
import { load, save } from "./storage.js";

const KEEP = 200;

export class Outbox {
  /** storageKey: where the ideas live; send(message) → false when not connected. */
  constructor(storageKey, send) {
    this.storageKey = storageKey;
    this.send = send;
    this.items = load(storageKey, []);  // [{client_id, text, round_id, status, event_id}]
    this.inFlight = new Set();          // sent on this connection, not yet accepted
  }

  save() {
    save(this.storageKey, this.items.slice(-KEEP));
  }

  add(text, roundId) {
    this.items.push({ client_id: newClientId(), text, round_id: roundId, status: "pending" });
    this.save();
  }

  remove(clientId) {
    this.items = this.items.filter((item) => item.client_id !== clientId);
    this.save();
  }

  /** The room has it (an idea.accepted answer, or its idea.added event). */
  accepted(clientId, eventId) {
    const item = this.items.find((m) => m.client_id === clientId);
    if (!item || item.status === "accepted") return;
    item.status = "accepted";
    item.event_id = eventId;
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
      } else if (this.send({ type: "idea.submit", client_id: item.client_id, text: item.text })) {
        this.inFlight.add(item.client_id);
      }
    }
    this.save();
  }

  /** The list of one's own ideas with their state; onRetry(item) for expired ones. */
  render(list, roundId, connected, onRetry) {
    const items = this.items.filter((m) => m.round_id === roundId || m.status === "pending" || m.status === "expired");
    reconcile(list, items.map((m) => m.client_id).reverse(), () => el("li", { class: "mine-item" },
      el("p", { class: "mine-text" }), el("span", { class: "mine-status" })), (node, clientId) => {
      const item = this.items.find((m) => m.client_id === clientId);
      setText(node.querySelector(".mine-text"), item.text);
      const status = item.status === "pending" ? (connected ? "sending" : "queued") : item.status;
      node.dataset.status = status;
      setText(node.querySelector(".mine-status"), t(`mine.${status}`));
      if (status === "expired" && !node.querySelector("button")) {
        node.append(el("button", { type: "button", class: "button small", onclick: () => onRetry(item) }, t("mine.retry")));
      }
    });
    return items.length;
  }
}
