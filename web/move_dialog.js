// "Move to…": the board's dialog (#move-dialog) listing every destination of a round,
// the keyboard path for moving one card or a selection of cards.

import { $, el, setText } from "./dom.js";
import { t } from "./i18n.js";

export const UNASSIGNED = "__unassigned__";

/** Destinations of a round in display order: [[id, label]], "unassigned" first. */
export function destinations(round) {
  return [[UNASSIGNED, t("board.unassigned")], ...Object.values(round.themes).map((theme) => [theme.id, theme.label])];
}

/**
 * Ask where to move `what` (the text shown); `current`: the destination it is in now
 * (not offered as a move) or null. `onPick(themeId | null)` gets the choice.
 */
export function openMoveDialog(round, what, current, onPick) {
  const dialog = $("#move-dialog");
  const returnTo = document.activeElement;
  setText($("#move-idea"), what);
  $("#move-targets").replaceChildren(...destinations(round).map(([id, label]) => {
    const here = id === current;
    const button = el("button", {
      type: "button", class: "button move-target", "aria-current": here ? "true" : null, dataset: { target: id },
    }, label);
    button.addEventListener("click", () => {
      if (!here) onPick(id === UNASSIGNED ? null : id);
      dialog.close();
    });
    return el("li", {}, button);
  }));
  dialog.addEventListener("close", () => { if (returnTo?.isConnected) returnTo.focus(); }, { once: true });
  dialog.showModal();
  $("#move-targets button:not([aria-current])")?.focus();
}
