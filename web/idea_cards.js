// One idea card on the board: its text (duplicates once, with "×n"), its group, a mark
// when it waits for approval, a box to select it, and buttons to move, hide or approve it;
// an unassigned one may carry the worker's one-click suggestion of a theme.
// A card may stand for several ideas (duplicates): `card` is {key, ids, ideas}.

import { el, setText } from "./dom.js";
import { groupLabel, t } from "./i18n.js";

export function short(text, n = 40) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** actions: {pick(key, event), move(key), hide(key), approve(key), suggest(key), dragStart(key, event)} */
export function createCard(key, actions) {
  const card = el("li", { class: "card-idea", draggable: "true" },
    el("input", { type: "checkbox", class: "card-pick" }),
    el("p", { class: "card-text" }),
    el("span", { class: "card-badges" }, el("span", { class: "card-dups" }), el("span", { class: "card-waiting" })),
    el("span", { class: "card-sorting" }),
    el("button", { type: "button", class: "card-suggest", hidden: true }),
    el("div", { class: "card-foot" },
      el("span", { class: "card-group" }),
      el("button", { type: "button", class: "icon-button approve" }),
      el("button", { type: "button", class: "icon-button move" }),
      el("button", { type: "button", class: "icon-button hide" })));
  card.addEventListener("dragstart", (event) => {
    actions.dragStart(key, event);
    card.classList.add("dragging");
  });
  card.addEventListener("dragend", () => card.classList.remove("dragging"));
  card.querySelector(".card-pick").addEventListener("click", (event) => actions.pick(key, event));
  card.addEventListener("click", (event) => {
    if (!event.target.closest("button, input")) actions.pick(key, event);
  });
  card.querySelector(".move").addEventListener("click", () => actions.move(key));
  card.querySelector(".hide").addEventListener("click", () => actions.hide(key));
  card.querySelector(".approve").addEventListener("click", () => actions.approve(key));
  card.querySelector(".card-suggest").addEventListener("click", () => actions.suggest(key));
  return card;
}

/** suggested: the theme the worker thinks the card belongs to ({id, label}), or null. */
export function updateCard(node, card, selected, suggested = null) {
  const idea = card.ideas[0];
  const n = card.ids.length;
  const text = short(idea.text);
  node.dataset.ideas = card.ids.join(" ");
  node.classList.toggle("is-hidden", idea.hidden);
  node.classList.toggle("is-placed", idea.placed);
  node.classList.toggle("is-waiting", Boolean(idea.waiting));
  node.classList.toggle("is-selected", selected);
  const pick = node.querySelector(".card-pick");
  pick.checked = selected;
  pick.setAttribute("aria-label", t("lanes.pick_label", { text }));
  setText(node.querySelector(".card-text"), idea.text);
  node.querySelector(".card-text").title = idea.text;
  const dups = node.querySelector(".card-dups");
  setText(dups, n > 1 ? `×${n}` : "");
  dups.title = n > 1 ? t("lanes.duplicates", { n }) : "";
  setText(node.querySelector(".card-group"), groups(card));
  setText(node.querySelector(".card-waiting"), idea.waiting ? t("lanes.waiting") : "");
  // Until the worker answers, a card in "not yet grouped" says it is being sorted; after a
  // "not yet in a theme" it says nothing: the facilitator may place it.
  setText(node.querySelector(".card-sorting"), idea.decided === false && !idea.theme_id ? t("lanes.sorting") : "");
  const approve = node.querySelector(".approve");
  approve.hidden = !idea.waiting;
  setText(approve, t("lanes.approve"));
  approve.setAttribute("aria-label", t("lanes.approve_label", { text }));
  setText(node.querySelector(".move"), t("board.move"));
  node.querySelector(".move").setAttribute("aria-label", t("board.move_label", { text }));
  setText(node.querySelector(".hide"), idea.hidden ? t("board.unhide") : t("board.hide"));
  node.querySelector(".hide").setAttribute("aria-label", t(idea.hidden ? "board.unhide_label" : "board.hide_label", { text }));
  updateSuggestion(node.querySelector(".card-suggest"), suggested, text);
}

function updateSuggestion(button, suggested, text) {
  button.hidden = !suggested;
  button.dataset.theme = suggested ? suggested.id : "";
  if (!suggested) return;
  const label = short(suggested.label, 60);
  setText(button, t("lanes.suggest", { label }));
  button.setAttribute("aria-label", t("lanes.suggest_label", { label, text }));
}

/** The stakeholder groups of a card's ideas, each once. */
function groups(card) {
  return [...new Set(card.ideas.map((idea) => idea.group).filter(Boolean))].map(groupLabel).join(" · ");
}
