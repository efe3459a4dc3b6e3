// A participant's statements (DESIGN §8): in the round's vote phase one at a time, in an order
// of this phone's own (seeded by the participant's id), agree / disagree / pass, progress, back
// to change an answer; afterwards, once the facilitator reveals, the support per group.
//
// Answers go out like ideas do (outbox.js): kept in the browser until the room confirms them
// (answer.accepted), sent once per connection, all again after a reconnect or when the room was
// briefly unavailable. Unlike an idea, a newer answer to a statement replaces the older one, so
// the statement's id is the idempotency key: sending an answer twice counts it once.

import { $, el, reconcile, setText, show } from "./dom.js";
import { t } from "./i18n.js";
import { load, save } from "./storage.js";
import { statementSupport } from "./support.js";
import { renderSupport, supportBlock } from "./support_view.js";

/** A 32-bit hash of a string (FNV-1a), the seed of the phone's order. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a small seeded generator; its first draw in [0, 1). */
function mulberry32(seed) {
  let a = (seed + 0x6d2b79f5) >>> 0;
  a = Math.imul(a ^ (a >>> 15), a | 1);
  a ^= a + Math.imul(a ^ (a >>> 7), a | 61);
  return ((a ^ (a >>> 14)) >>> 0) / 4294967296;
}

/**
 * The statements in this participant's order: each statement's place is drawn from a generator
 * seeded by the participant's id and the statement's, so the order is shuffled per phone, the
 * same after a reload, and a statement added later slots in without moving the others.
 */
export function phoneOrder(statements, participantId) {
  const draw = (s) => mulberry32(hash(`${participantId}\u0000${s.id}`));
  return [...statements].map((s) => [draw(s), s]).sort((a, b) => a[0] - b[0] || (a[1].id < b[1].id ? -1 : 1)).map(([, s]) => s);
}

/** The phone's answers per round, and which of them the room has not confirmed. */
export class AnswerOutbox {
  /** storageKey: where the answers live; send(message) → false when not connected. */
  constructor(storageKey, send) {
    this.storageKey = storageKey;
    this.send = send;
    const stored = load(storageKey, {});
    this.answers = stored.answers || {};          // {round_id: {statement_id: answer}}
    this.unsent = new Set(stored.unsent || []);   // statement ids whose latest answer the room may not have
    this.inFlight = new Map();                    // statement id → the answer sent on this connection
  }

  store() {
    save(this.storageKey, { answers: this.answers, unsent: [...this.unsent] });
  }

  of(roundId) {
    return this.answers[roundId] || {};
  }

  /** The room's record of this participant's answers (welcome.answers) wins, except unsent changes. */
  adopt(serverAnswers) {
    const unsent = {};
    for (const [roundId, answers] of Object.entries(this.answers)) {
      for (const [id, answer] of Object.entries(answers)) if (this.unsent.has(id)) (unsent[roundId] ||= {})[id] = answer;
    }
    this.answers = {};
    for (const [roundId, answers] of Object.entries(serverAnswers || {})) this.answers[roundId] = { ...answers };
    for (const [roundId, answers] of Object.entries(unsent)) Object.assign((this.answers[roundId] ||= {}), answers);
    this.store();
  }

  answer(roundId, statementId, answer) {
    (this.answers[roundId] ||= {})[statementId] = answer;
    this.unsent.add(statementId);
    this.store();
  }

  /**
   * Send every unconfirmed answer of a round that votes, once per connection (again: all of
   * them, after a reconnect); an answer to a statement the round no longer has is dropped.
   */
  flush(state, { again = false } = {}) {
    if (again) this.inFlight.clear();
    for (const round of state.rounds) {
      if (round.phase !== "vote") continue;
      const known = new Set((round.statements || []).map((s) => s.id));
      for (const [id, answer] of Object.entries(this.of(round.id))) {
        if (!this.unsent.has(id) || this.inFlight.get(id) === answer) continue;
        if (!known.has(id)) { this.drop(round.id, id); continue; }
        if (this.send({ type: "statement.answer", statement_id: id, answer })) this.inFlight.set(id, answer);
      }
    }
    this.store();
  }

  /** answer.accepted: the room has it, unless it has been changed since. */
  accepted({ round_id: roundId, statement_id: id, answer }) {
    if (this.inFlight.get(id) === answer) this.inFlight.delete(id);
    if (this.of(roundId)[id] === answer) this.unsent.delete(id);
    this.store();
  }

  /** The room could not take it now (unavailable, rate limited, not voting yet): it goes again later. */
  later(statementId) {
    this.inFlight.delete(statementId);
  }

  /** The room will never take it (the statement is gone): forget it. */
  drop(roundId, statementId) {
    delete this.of(roundId)[statementId];
    this.unsent.delete(statementId);
    this.inFlight.delete(statementId);
    this.store();
  }

  /** sent: confirmed by the room; sending: on its way; queued: waits for a connection. */
  status(statementId, connected) {
    if (!this.unsent.has(statementId)) return "sent";
    return connected && this.inFlight.has(statementId) ? "sending" : "queued";
  }
}

/** The statements section of the phone: the card to answer, the summary when done, the results. */
export class StatementsPhone {
  /** outbox: an AnswerOutbox; onAnswer() is called after an answer was given (to flush and render). */
  constructor(outbox, onAnswer) {
    this.outbox = outbox;
    this.onAnswer = onAnswer;
    this.currentId = null;   // the statement on the card; null: the first one not answered
    this.order = [];
    this.round = null;
    for (const button of document.querySelectorAll(".answer-choice")) {
      button.addEventListener("click", () => this.give(button.dataset.answer));
    }
    $("#answer-back").addEventListener("click", () => this.step(-1));
    $("#answer-next").addEventListener("click", () => this.step(+1));
  }

  /** Render for the current round: the card while it votes, the results once revealed, else nothing. */
  render(round, participantId, connected) {
    this.round = round;
    this.order = phoneOrder(round.statements || [], participantId);
    const answering = round.phase === "vote" && this.order.length > 0;
    const results = Boolean(round.support) && this.order.length > 0;
    show($("#statements-section"), answering || results);
    if (answering) this.renderAnswering(connected);
    else { show($("#answer-card"), false); show($("#answer-done"), false); }
    this.renderResults(results);
  }

  mine() {
    return this.outbox.of(this.round.id);
  }

  /** The statement on the card: the one chosen, else the first not answered; null when all are. */
  current() {
    const chosen = this.order.find((s) => s.id === this.currentId);
    if (chosen) return chosen;
    return this.order.find((s) => !(s.id in this.mine())) || null;
  }

  renderAnswering(connected) {
    const statement = this.current();
    const mine = this.mine();
    const done = this.order.filter((s) => s.id in mine).length;
    show($("#answer-card"), Boolean(statement));
    show($("#answer-done"), !statement);
    if (!statement) { this.renderDone(connected); return; }
    const place = this.order.indexOf(statement);
    setText($("#answer-progress"), t("answer.progress", { n: place + 1, total: this.order.length }));
    $("#answer-progress-bar span").style.setProperty("--done", String(done / this.order.length));
    setText($("#answer-text"), statement.text);
    for (const button of document.querySelectorAll(".answer-choice")) {
      button.setAttribute("aria-pressed", String(mine[statement.id] === button.dataset.answer));
    }
    const given = mine[statement.id];
    setText($("#answer-state"), given
      ? t(`answer.${this.outbox.status(statement.id, connected)}`, { answer: t(`answer.${given}`) }) : "");
    $("#answer-back").disabled = place === 0;
    const last = place === this.order.length - 1 && this.order.every((s) => s.id in mine || s === statement);
    setText($("#answer-next"), last ? t("answer.to_summary") : t("answer.next"));
  }

  renderDone(connected) {
    const mine = this.mine();
    setText($("#answer-done-text"), t("answer.done", { n: this.order.length }));
    reconcile($("#answer-summary"), this.order.map((s) => s.id), (id) => el("li", {},
      el("button", { type: "button", class: "button", onclick: () => this.open(id) },
        el("span", { class: "summary-text" }),
        el("span", { class: "summary-answer" }, el("span", { class: "summary-choice" }), el("span", { class: "summary-status" })))),
    (node, id) => {
      const statement = this.order.find((s) => s.id === id);
      const answer = mine[id];
      node.querySelector("button").dataset.answer = answer || "";
      setText(node.querySelector(".summary-text"), statement.text);
      const status = answer ? this.outbox.status(id, connected) : "none";
      node.querySelector("button").dataset.status = status;
      setText(node.querySelector(".summary-choice"), answer ? t(`answer.${answer}`) : t("answer.none"));
      setText(node.querySelector(".summary-status"), status === "sent" || status === "none" ? "" : t("answer.unsent"));
      node.querySelector("button").setAttribute("aria-label", t("answer.change", {
        text: statement.text, answer: answer ? t(`answer.${answer}`) : t("answer.none"),
      }));
    });
  }

  /** Answer the statement on the card, then on to the next one not yet answered (in this phone's order). */
  give(answer) {
    const statement = this.current();
    if (!statement) return;
    this.outbox.answer(this.round.id, statement.id, answer);
    const mine = this.mine();
    const later = this.order.slice(this.order.indexOf(statement) + 1);
    const next = later.find((s) => !(s.id in mine)) || this.order.find((s) => !(s.id in mine)) || null;
    this.currentId = next?.id ?? null;
    this.onAnswer();
    this.focusCard();
  }

  /** Back or on, one statement at a time; past the last: the summary. */
  step(delta) {
    const statement = this.current();
    const place = statement ? this.order.indexOf(statement) + delta : this.order.length - 1;
    this.currentId = this.order[place]?.id ?? null;  // past the last: the first not answered, else the summary
    this.onAnswer();
    this.focusCard();
  }

  open(statementId) {
    this.currentId = statementId;
    this.onAnswer();
    this.focusCard();
  }

  /** A screen reader reads the new statement (or the summary) at once. */
  focusCard() {
    requestAnimationFrame(() => {
      const card = this.current() ? $("#answer-text") : $("#answer-done");
      card.focus();
    });
  }

  /** Once the facilitator reveals: per statement (in the facilitator's order) the support per group. */
  renderResults(visible) {
    show($("#results-block"), visible);
    const statements = visible ? this.round.statements : [];
    const mine = this.mine();
    reconcile($("#results"), statements.map((s) => s.id), () => el("li", { class: "result-item" },
      el("p", { class: "result-text" }), el("p", { class: "result-mine" }), supportBlock()), (node, id) => {
      const statement = statements.find((s) => s.id === id);
      setText(node.querySelector(".result-text"), statement.text);
      const counted = mine[id] && this.outbox.status(id, false) === "sent";  // an answer the room has
      setText(node.querySelector(".result-mine"), counted ? t("answer.yours", { answer: t(`answer.${mine[id]}`) }) : "");
      const entry = this.round.support[id];
      if (entry) renderSupport(node.querySelector(".support"), statementSupport(entry));
    });
  }
}
