// A participant's dots in the vote phase: kept in the browser, sent whole (vote.cast
// replaces the previous ballot), resent after a reconnect, shown as +/− per theme,
// with the room's dots beside them as soon as the facilitator reveals the result.

import { el, reconcile, setText } from "./dom.js";
import { t } from "./i18n.js";
import { load, save } from "./storage.js";

export class Ballot {
  /** storageKey: where the ballots live; send(message) → false when not connected. */
  constructor(storageKey, send) {
    this.storageKey = storageKey;
    this.send = send;
    const stored = load(storageKey, {});
    this.ballots = stored.ballots || {};      // {round_id: {theme_id: n}}
    this.unsent = new Set(stored.unsent || []);  // rounds whose latest ballot the room may not have
  }

  store() {
    save(this.storageKey, { ballots: this.ballots, unsent: [...this.unsent] });
  }

  /** The room's record of this participant's ballots (welcome.ballots) wins, except unsent changes. */
  adopt(serverBallots) {
    for (const roundId of new Set([...Object.keys(this.ballots), ...Object.keys(serverBallots || {})])) {
      if (!this.unsent.has(roundId)) this.ballots[roundId] = { ...(serverBallots?.[roundId] || {}) };
    }
    this.store();
  }

  dots(roundId) {
    this.ballots[roundId] = this.ballots[roundId] || {};
    return this.ballots[roundId];
  }

  used(roundId) {
    return Object.values(this.dots(roundId)).reduce((a, b) => a + b, 0);
  }

  change(round, themeId, delta) {
    const dots = this.dots(round.id);
    const next = (dots[themeId] || 0) + delta;
    if (next < 0 || next > round.max_per_theme || (delta > 0 && this.used(round.id) >= round.dots)) return false;
    if (next === 0) delete dots[themeId];
    else dots[themeId] = next;
    this.unsent.add(round.id);
    this.store();
    return true;
  }

  /** Send every ballot the room has not confirmed, for rounds that vote; dots on vanished themes drop. */
  flush(state) {
    for (const roundId of [...this.unsent]) {
      const round = state.rounds.find((r) => r.id === roundId);
      if (round?.phase !== "vote") continue;
      const dots = this.dots(roundId);
      for (const themeId of Object.keys(dots)) if (!(themeId in round.themes)) delete dots[themeId];
      this.send({ type: "vote.cast", round_id: roundId, dots });
    }
    this.store();
  }

  /** vote.accepted: the room has this ballot. */
  accepted(roundId, dots) {
    if (sameDots(dots, this.dots(roundId))) this.unsent.delete(roundId);
    this.store();
  }

  /** invalid_vote: the room keeps its own record; stop resending ours. */
  refused() {
    this.unsent.clear();
    this.store();
  }

  /**
   * Render the +/− list of themes ([{theme, label, example}]); tally: the room's dots per theme
   * once revealed, else null; onChange(themeId, delta) is called on a press.
   */
  render(list, summary, round, themes, tally, onChange) {
    const dots = this.dots(round.id);
    const used = this.used(round.id);
    setText(summary, t("vote.left", { n: round.dots - used, total: round.dots }));
    reconcile(list, themes.map(({ theme }) => theme.id), (id) => {
      const minus = el("button", { type: "button", class: "dot-button minus" }, "−");
      const plus = el("button", { type: "button", class: "dot-button plus" }, "+");
      minus.addEventListener("click", () => onChange(id, -1));
      plus.addEventListener("click", () => onChange(id, +1));
      return el("li", { class: "vote-item" },
        el("div", { class: "vote-text" }, el("p", { class: "theme-label" }), el("p", { class: "theme-rep" }),
          el("p", { class: "vote-tally" })),
        el("div", { class: "vote-controls" }, minus,
          el("span", { class: "dot-count", "aria-hidden": "true" }), el("span", { class: "visually-hidden dot-sr" }), plus));
    }, (node, id) => {
      const { label, example } = themes.find((x) => x.theme.id === id);
      const mine = dots[id] || 0;
      setText(node.querySelector(".theme-label"), label);
      setText(node.querySelector(".theme-rep"), example);
      setText(node.querySelector(".vote-tally"), tally ? t("phone.vote_tally", { n: tally[id] || 0 }) : "");
      setText(node.querySelector(".dot-count"), "●".repeat(mine) || "0");
      setText(node.querySelector(".dot-sr"), t("vote.count", { n: mine }));
      node.querySelector(".minus").setAttribute("aria-label", t("vote.remove", { label }));
      node.querySelector(".plus").setAttribute("aria-label", t("vote.add", { label }));
      node.querySelector(".minus").disabled = mine === 0;
      node.querySelector(".plus").disabled = mine >= round.max_per_theme || used >= round.dots;
      node.classList.toggle("has-dots", mine > 0);
    });
  }
}

function sameDots(a, b) {
  const entries = (dots) => Object.entries(dots || {}).filter(([, n]) => n > 0).sort();
  return JSON.stringify(entries(a)) === JSON.stringify(entries(b));
}
