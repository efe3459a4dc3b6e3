// The worker's offer to merge two themes that read as one, in the bar above the themes: one
// pair at a time (the most alike first), one click to merge, one to keep them apart (for
// this board tab). One line that shrinks rather than wraps, so the lanes never move.

import { el, setText } from "./dom.js";
import { t } from "./i18n.js";

export class MergeOffer {
  /** send: the board's command sender; changed(): called when a pair is kept apart (show the next). */
  constructor(send, changed) {
    this.dismissed = new Set();  // pairs kept apart in this tab, as "a b"
    this.pair = null;
    this.text = el("span", { class: "merge-offer-text" });
    this.merge = el("button", { type: "button", class: "button small merge-offer-go" });
    this.keep = el("button", { type: "button", class: "button small quiet-button merge-offer-keep" });
    this.node = el("div", { class: "merge-offer", hidden: true }, this.text, this.merge, this.keep);
    this.merge.addEventListener("click", () => {
      if (this.pair) send({ type: "theme.merge", theme_ids: [...this.pair] });
    });
    this.keep.addEventListener("click", () => {
      if (!this.pair) return;
      this.dismissed.add(this.pair.join(" "));
      changed();
      if (!this.node.hidden) this.keep.focus();  // the next pair, in the same place
    });
  }

  /** Show the round's best pair still on the board and not kept apart; returns it (or null). */
  render(round) {
    const themes = round.themes || {};
    this.pair = (round.alike || []).find((pair) => pair.every((id) => id in themes) && !this.dismissed.has(pair.join(" "))) || null;
    this.node.hidden = !this.pair;
    if (!this.pair) return null;
    const [a, b] = this.pair.map((id) => themes[id].label);
    setText(this.text, t("lanes.alike", { a, b }));
    this.text.title = t("lanes.alike", { a, b });
    setText(this.merge, t("lanes.alike_merge"));
    this.merge.setAttribute("aria-label", t("lanes.alike_merge_label", { a, b }));
    setText(this.keep, t("lanes.alike_dismiss"));
    this.keep.setAttribute("aria-label", t("lanes.alike_dismiss_label", { a, b }));
    return this.pair;
  }
}
