// The board's lanes: an "unassigned" lane and one column per theme, cards inside.
// Nodes are reused by id so a re-computation moves only what moved. Every action has
// a keyboard path: drag a card, or use its "move" button; rename, pin, split per theme.

import { el, reconcile, setText } from "./dom.js";
import { dotTotals, ideasOfRound } from "./fold.js";
import { groupLabel, t } from "./i18n.js";

export const UNASSIGNED = "__unassigned__";
const themeOrder = new Map();  // round id → theme ids in order of first appearance

/** Theme ids in a stable order: a theme keeps its column while it exists. */
function orderedThemes(round) {
  const order = (themeOrder.get(round.id) || []).filter((id) => id in round.themes);
  for (const id of Object.keys(round.themes)) if (!order.includes(id)) order.push(id);
  themeOrder.set(round.id, order);
  return order;
}

export class Lanes {
  /** ctx: {send(message), openMove(idea), onSelection(selectedIds)} */
  constructor(container, ctx) {
    this.container = container;
    this.ctx = ctx;
    this.selected = new Set();
    this.editing = null;
  }

  render(state, round) {
    this.state = state;
    this.round = round;
    const ideas = ideasOfRound(state, round.id, { withHidden: true });
    const themeIds = orderedThemes(round);
    const byLane = new Map([[UNASSIGNED, []], ...themeIds.map((id) => [id, []])]);
    for (const idea of ideas) (byLane.get(idea.theme_id) || byLane.get(UNASSIGNED)).push(idea);
    this.totals = dotTotals(state, round);
    for (const id of this.selected) if (!(id in round.themes)) this.selected.delete(id);
    const focus = this.focusedControl();
    reconcile(this.container, [UNASSIGNED, ...themeIds], (id) => this.createLane(id),
      (node, id) => this.updateLane(node, id, byLane.get(id)));
    this.restoreFocus(focus);
  }

  /** The card button that has focus, so it keeps focus when its card moves lanes. */
  focusedControl() {
    const active = document.activeElement;
    const card = active?.closest?.(".card-idea");
    if (!card || !this.container.contains(card)) return null;
    return { ideaId: card.dataset.key, control: active.classList.contains("hide") ? ".hide" : ".move" };
  }

  restoreFocus(focus) {
    if (!focus || this.container.contains(document.activeElement)) return;
    if (document.querySelector("dialog[open]")) return;
    const card = Array.from(this.container.querySelectorAll(".card-idea")).find((c) => c.dataset.key === focus.ideaId);
    card?.querySelector(focus.control)?.focus();
  }

  createLane(id) {
    const unassigned = id === UNASSIGNED;
    const titleId = `lane-title-${id}`;
    const lane = el("section", { class: `lane${unassigned ? " lane-unassigned" : ""}`, "aria-labelledby": titleId },
      el("header", { class: "lane-head" },
        el("div", { class: "lane-title-row" },
          unassigned ? null : el("input", { type: "checkbox", class: "merge-pick" }),
          el("h2", { class: "lane-title", id: titleId }),
          el("span", { class: "lane-count" })),
        el("p", { class: "lane-keywords" }),
        el("p", { class: "lane-votes" }),
        el("p", { class: "lane-support" }),
        unassigned ? null : el("div", { class: "lane-actions" },
          el("button", { type: "button", class: "icon-button pin", "aria-pressed": "false" }),
          el("button", { type: "button", class: "icon-button rename" }),
          el("button", { type: "button", class: "icon-button split" }))),
      el("ul", { class: "cards" }));
    this.bindDrop(lane, id);
    if (!unassigned) this.bindThemeActions(lane, id);
    return lane;
  }

  updateLane(lane, id, ideas) {
    const theme = this.round.themes[id];
    const visible = ideas.filter((i) => !i.hidden).length;
    const label = theme ? theme.label : t("board.unassigned");
    if (this.editing !== id) setText(lane.querySelector(".lane-title"), label);
    setText(lane.querySelector(".lane-count"), visible);
    lane.querySelector(".lane-count").title = t("count.ideas", { n: visible });
    setText(lane.querySelector(".lane-keywords"), theme ? theme.keywords.slice(0, 5).join(" · ") : t("board.unassigned_help"));
    const voting = theme && ["vote", "closed"].includes(this.round.phase);
    const votes = this.totals[id] || { total: 0, groups: {} };
    setText(lane.querySelector(".lane-votes"), voting ? t("board.dots", { n: votes.total }) : "");
    setText(lane.querySelector(".lane-support"), voting ? Object.entries(votes.groups)
      .map(([group, n]) => `${groupLabel(group)} ${n}`).join(" · ") : "");
    lane.querySelector(".lane-votes").hidden = !voting;
    if (theme) this.updateThemeActions(lane, theme);
    reconcile(lane.querySelector(".cards"), ideas.map((i) => i.id), (ideaId) => this.createCard(ideaId),
      (card, ideaId) => this.updateCard(card, this.state.ideas[ideaId]));
  }

  updateThemeActions(lane, theme) {
    lane.classList.toggle("pinned", theme.pinned);
    const pick = lane.querySelector(".merge-pick");
    pick.checked = this.selected.has(theme.id);
    pick.setAttribute("aria-label", t("board.select_merge", { label: theme.label }));
    const pin = lane.querySelector(".pin");
    pin.setAttribute("aria-pressed", String(theme.pinned));
    setText(pin, theme.pinned ? t("board.unpin") : t("board.pin"));
    setText(lane.querySelector(".rename"), t("board.rename"));
    setText(lane.querySelector(".split"), t("board.split"));
  }

  bindThemeActions(lane, id) {
    lane.querySelector(".merge-pick").addEventListener("change", (event) => {
      if (event.target.checked) this.selected.add(id);
      else this.selected.delete(id);
      this.ctx.onSelection([...this.selected]);
    });
    lane.querySelector(".pin").addEventListener("click", () => {
      const theme = this.round.themes[id];
      if (theme) this.ctx.send({ type: "theme.pin", theme_id: id, pinned: !theme.pinned });
    });
    lane.querySelector(".split").addEventListener("click", () => this.ctx.send({ type: "theme.split", theme_id: id }));
    lane.querySelector(".rename").addEventListener("click", () => this.startRename(lane, id));
  }

  startRename(lane, id) {
    const title = lane.querySelector(".lane-title");
    const input = el("input", { type: "text", class: "rename-input", maxlength: 80, "aria-label": t("board.rename_label") });
    input.value = this.round.themes[id]?.label || "";
    this.editing = id;
    title.hidden = true;
    title.after(input);
    input.focus();
    input.select();
    const finish = (commit) => {
      if (this.editing !== id) return;
      this.editing = null;
      const label = input.value.trim();
      input.remove();
      title.hidden = false;
      if (commit && label && label !== this.round.themes[id]?.label) {
        setText(title, label);
        this.ctx.send({ type: "theme.rename", theme_id: id, label });
      }
      lane.querySelector(".rename").focus();
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); finish(true); }
      if (event.key === "Escape") { event.preventDefault(); finish(false); }
    });
    input.addEventListener("blur", () => finish(true));
  }

  createCard(ideaId) {
    const card = el("li", { class: "card-idea", draggable: "true" },
      el("p", { class: "card-text" }),
      el("div", { class: "card-foot" },
        el("span", { class: "card-group" }),
        el("button", { type: "button", class: "icon-button move" }),
        el("button", { type: "button", class: "icon-button hide" })));
    card.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData("text/plain", ideaId);
      event.dataTransfer.effectAllowed = "move";
      card.classList.add("dragging");
    });
    card.addEventListener("dragend", () => card.classList.remove("dragging"));
    card.querySelector(".move").addEventListener("click", () => this.ctx.openMove(this.state.ideas[ideaId]));
    card.querySelector(".hide").addEventListener("click", () => {
      const idea = this.state.ideas[ideaId];
      this.ctx.send({ type: "idea.hide", idea_id: ideaId, hidden: !idea.hidden });
    });
    return card;
  }

  updateCard(card, idea) {
    card.classList.toggle("is-hidden", idea.hidden);
    card.classList.toggle("is-placed", idea.placed);
    setText(card.querySelector(".card-text"), idea.text);
    setText(card.querySelector(".card-group"), idea.group ? groupLabel(idea.group) : "");
    setText(card.querySelector(".move"), t("board.move"));
    card.querySelector(".move").setAttribute("aria-label", t("board.move_label", { text: short(idea.text) }));
    setText(card.querySelector(".hide"), idea.hidden ? t("board.unhide") : t("board.hide"));
    card.querySelector(".hide").setAttribute("aria-label",
      t(idea.hidden ? "board.unhide_label" : "board.hide_label", { text: short(idea.text) }));
  }

  bindDrop(lane, id) {
    lane.addEventListener("dragover", (event) => {
      if (!event.dataTransfer.types.includes("text/plain")) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      lane.classList.add("drop-target");
    });
    lane.addEventListener("dragleave", (event) => {
      if (!lane.contains(event.relatedTarget)) lane.classList.remove("drop-target");
    });
    lane.addEventListener("drop", (event) => {
      event.preventDefault();
      lane.classList.remove("drop-target");
      const ideaId = event.dataTransfer.getData("text/plain");
      const idea = this.state.ideas[ideaId];
      const target = id === UNASSIGNED ? null : id;
      if (idea && idea.theme_id !== target) this.ctx.send({ type: "idea.move", idea_id: ideaId, theme_id: target });
    });
  }
}

export function short(text, n = 40) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
