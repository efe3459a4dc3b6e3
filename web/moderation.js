// What the room sees of a round, and the queue of ideas that wait for approval.
// Per round the facilitator picks open (ideas reach the room at once) or pre (each
// waits for approve or hide), and what the room sees: the prompt, the ideas, or the
// themes. Everything renders from the folded state, so every board tab agrees.

import { $, el, reconcile, setText, show } from "./dom.js";
import { compareIds, ideasOfRound } from "./fold.js";
import { groupLabel, t } from "./i18n.js";

const UPCOMING = 3;
/** Keys of the queue (event.key, lower case) and what they do. */
const KEYS = {
  a: "approve", enter: "approve", h: "hide", delete: "hide",
  j: "next", arrowdown: "next", arrowright: "next", k: "previous", arrowup: "previous", arrowleft: "previous",
};

/** Ideas of a round per moderation state: waiting (not hidden), approved (visible), hidden. */
export function moderationCounts(state, roundId) {
  const counts = { waiting: 0, approved: 0, hidden: 0 };
  for (const idea of ideasOfRound(state, roundId, { withHidden: true })) {
    counts[idea.hidden ? "hidden" : idea.waiting ? "waiting" : "approved"] += 1;
  }
  return counts;
}

export class Moderation {
  /** send(message) puts a facilitator command on the board socket. */
  constructor(send) {
    this.send = send;
    this.state = null;
    this.round = null;
    this.queue = [];
    this.currentId = null;  // the idea shown large
    this.sent = new Set();  // decided in this tab, not yet back from the room
    this.bindRoomControls();
    this.bindQueue();
  }

  render(state, round) {
    this.state = state;
    this.round = round;
    this.renderRoomControls();
    this.renderQueue();
  }

  /** A command was refused: show again what this tab decided but the room did not take. */
  forgetSent() {
    this.sent.clear();
  }

  // ---- what the room sees ---------------------------------------------------------

  bindRoomControls() {
    for (const button of document.querySelectorAll(".screen-button")) {
      button.addEventListener("click", () => this.showView(button.dataset.view));
    }
    $("#moderation").addEventListener("click", () => this.setMode(this.mode() === "pre" ? "open" : "pre"));
    $("#safe-start").addEventListener("click", () => {
      if (this.mode() !== "pre") this.setMode("pre");
      if (this.view() !== "prompt") this.showView("prompt");
    });
  }

  mode() {
    return this.round?.moderation || "open";
  }

  view() {
    return this.round?.screen || "themes";
  }

  setMode(mode) {
    this.send({ type: "moderation.set", round_id: this.round.id, mode });
  }

  showView(view) {
    this.send({ type: "screen.show", round_id: this.round.id, view });
  }

  renderRoomControls() {
    for (const button of document.querySelectorAll(".screen-button")) {
      button.setAttribute("aria-pressed", String(button.dataset.view === this.view()));
    }
    $("#moderation").setAttribute("aria-pressed", String(this.mode() === "pre"));
    $("#safe-start").disabled = this.mode() === "pre" && this.view() === "prompt";
  }

  // ---- the queue ------------------------------------------------------------------

  bindQueue() {
    $("#queue-approve").addEventListener("click", () => this.approve());
    $("#queue-hide").addEventListener("click", () => this.hide());
    $("#queue-next").addEventListener("click", () => this.next());
    document.addEventListener("keydown", (event) => this.onKey(event));
  }

  onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const section = $("#queue");
    if (section.hidden || document.querySelector("dialog[open]")) return;
    const target = event.target;
    if (target !== document.body && !section.contains(target)) return;  // keys elsewhere belong there
    const action = KEYS[event.key.toLowerCase()];
    if (!action || (event.key === "Enter" && target.closest("button"))) return;  // a button's own Enter
    event.preventDefault();
    this[action]();
  }

  current() {
    return this.queue.find((idea) => idea.id === this.currentId) || null;
  }

  approve() {
    this.decide(this.current(), { type: "idea.approve" });
  }

  hide() {
    this.decide(this.current(), { type: "idea.hide", hidden: true });
  }

  decide(idea, message) {
    if (!idea) return;
    this.send({ ...message, idea_id: idea.id });
    this.sent.add(idea.id);
    this.renderQueue();
  }

  next() {
    this.step(1);
  }

  previous() {
    this.step(-1);
  }

  step(by) {
    const n = this.queue.length;
    if (n < 2) return;
    const at = this.queue.findIndex((idea) => idea.id === this.currentId);
    this.currentId = this.queue[(at + by + n) % n].id;
    this.renderQueue();
  }

  /** The current idea stays while it waits; once decided, the one after it takes its place. */
  keepCurrent() {
    if (this.current()) return;
    const after = this.queue.find((idea) => compareIds(idea.id, this.currentId) > 0);
    this.currentId = (after || this.queue[0])?.id ?? null;
  }

  renderQueue() {
    if (!this.round) return;
    const section = $("#queue");
    const ideas = ideasOfRound(this.state, this.round.id);
    const waiting = new Set(ideas.filter((idea) => idea.waiting).map((idea) => idea.id));
    for (const id of this.sent) if (!waiting.has(id)) this.sent.delete(id);
    this.queue = ideas.filter((idea) => waiting.has(idea.id) && !this.sent.has(idea.id));
    section.hidden = waiting.size === 0 && !(this.mode() === "pre" && this.round.phase === "collect");
    if (section.hidden) return;
    this.keepCurrent();
    this.renderCounts();
    this.renderCurrent();
    this.renderUpcoming();
  }

  renderCounts() {
    const counts = moderationCounts(this.state, this.round.id);
    counts.waiting = this.queue.length;  // what this tab has decided already counts as decided
    for (const item of $("#queue-counts").children) {
      const name = item.dataset.count;
      setText(item, t(`queue.${name}`, { n: counts[name] }));
      item.classList.toggle("is-zero", counts[name] === 0);
    }
  }

  renderCurrent() {
    const idea = this.current();
    const at = this.queue.indexOf(idea);
    $("#queue-current").classList.toggle("is-empty", !idea);
    show($("#queue-empty"), !idea);
    setText($("#queue-position"), idea ? t("queue.position", { i: at + 1, n: this.queue.length }) : "");
    setText($("#queue-text"), idea?.text ?? "");
    setText($("#queue-group"), idea ? groupLabel(idea.group) : "");
    $("#queue-approve").disabled = !idea;
    $("#queue-hide").disabled = !idea;
    $("#queue-next").disabled = this.queue.length < 2;
  }

  renderUpcoming() {
    const at = this.queue.findIndex((idea) => idea.id === this.currentId);
    const upcoming = [...this.queue.slice(at + 1), ...this.queue.slice(0, Math.max(at, 0))].slice(0, UPCOMING);
    const texts = new Map(upcoming.map((idea) => [idea.id, idea.text]));
    reconcile($("#queue-upcoming"), [...texts.keys()], (id) => el("li", {},
      el("button", { type: "button", class: "queue-pick", onclick: () => this.pick(id) })),
    (node, id) => setText(node.firstElementChild, texts.get(id)));
  }

  pick(ideaId) {
    this.currentId = ideaId;
    this.renderQueue();
    $("#queue-current").focus();
  }
}
