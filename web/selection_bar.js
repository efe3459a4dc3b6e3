// The bar above the themes: what is selected and what to do with it (move, hide, clear),
// and the undo button.

import { el, setText } from "./dom.js";
import { t } from "./i18n.js";
import { UndoControl } from "./undo.js";

export class SelectionBar {
  /** actions: {move(), hide(), clear()}; send: the board's command sender (for undo). */
  constructor(actions, send) {
    this.undo = new UndoControl(send);
    this.status = el("p", { class: "pick-status", "aria-live": "polite" });
    this.move = el("button", { type: "button", class: "button small pick-move" });
    this.hide = el("button", { type: "button", class: "button small pick-hide" });
    this.clear = el("button", { type: "button", class: "button small quiet-button pick-clear" });
    this.move.addEventListener("click", actions.move);
    this.hide.addEventListener("click", actions.hide);
    this.clear.addEventListener("click", actions.clear);
    this.node = el("div", { class: "lanes-bar" },
      this.status, el("div", { class: "pick-actions" }, this.move, this.hide, this.clear), this.undo.button);
  }

  /** n: ideas selected; hidden: all of them are hidden (the button then shows them again). */
  render(n, hidden, undo) {
    setText(this.status, n ? t("lanes.picked", { n }) : t("lanes.pick_hint"));
    this.status.classList.toggle("has-picks", n > 0);
    for (const button of [this.move, this.hide, this.clear]) button.hidden = n === 0;
    setText(this.move, t("lanes.move_selection"));
    setText(this.hide, hidden ? t("board.unhide") : t("board.hide"));
    setText(this.clear, t("lanes.clear_selection"));
    this.undo.render(undo ?? null);
  }
}
