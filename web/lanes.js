// The board's themes: the "unassigned" pool on the left, every theme of the round as a
// card in a wrapping grid (count, label, keywords, the first few ideas; "more" opens it
// in full), so a laptop shows them all without scrolling sideways. Nodes are reused by
// id so a re-computation moves only what moved. Every action has a keyboard path: drag
// a card or use its "move" button; select cards (box, Shift-click) and move or hide
// them at once; rename, pin, split per theme; Ctrl-Z undoes. The worker's hints are one
// click each: an unassigned card's likely theme, and in the bar two themes that read as one.

import { el, reconcile, setText } from "./dom.js";
import { duplicateCards } from "./duplicates.js";
import { ideasOfRound } from "./fold.js";
import { groupLabel, t } from "./i18n.js";
import { statementSupport } from "./support.js";
import { percent } from "./support_view.js";
import { createCard, short, updateCard } from "./idea_cards.js";
import { MergeOffer } from "./merge_offer.js";
import { openMoveDialog, UNASSIGNED } from "./move_dialog.js";
import { Selection } from "./selection.js";
import { SelectionBar } from "./selection_bar.js";

export { short, UNASSIGNED };

const GUESS = { card: 52, chrome: 96 };  // px, until a theme card can be measured
const PREVIEW = { min: 1, max: 6 };
const ACTIONS = [["rename", "✎"], ["pin", "⚑"], ["split", "✂"]];

/** The keywords under a theme's label, those already in it left out; none under a name the facilitator gave. */
function keywordLine(theme) {
  if (theme.renamed) return "";
  const inLabel = new Set(theme.label.toLowerCase().split(/[\s·]+/u));
  return theme.keywords.filter((word) => !inLabel.has(word.toLowerCase())).slice(0, 5).join(" · ");
}

/**
 * A theme's dots as support per group (the server's count, DESIGN §8's treatment): "Politiek
 * 60 % (3 van 5) · … · Draagvlak 57 % · zwakst: Burger · verdeeld"; a group of fewer than three
 * voters is marked too small, and the numbers are voters, never ideas.
 */
function supportLine(support) {
  const groups = support.groups.filter((g) => g.seen).map((g) => t(g.tooSmall ? "board.dot_group_small" : "board.dot_group",
    { group: groupLabel(g.group), share: percent(g.share), supporters: g.agree, voters: g.seen }));
  const { consensus } = support;
  const summary = consensus ? [t("support.consensus", { share: percent(consensus.geometric_mean) }),
    t("support.weakest", { group: groupLabel(consensus.weakest_group) })] : [];
  return [...groups, ...summary, ...(support.dividing ? [t("support.dividing")] : [])].join(" · ");
}

export class Lanes {
  /** ctx: {send(message), onSelection(selectedThemeIds)} */
  constructor(container, ctx) {
    this.container = container;
    this.ctx = ctx;
    this.selected = new Set();  // theme ids picked to merge (the board's merge button reads it)
    this.picks = new Selection(() => this.refresh());  // idea cards picked to move or hide together
    this.cards = new Map();     // card key → {key, ids, ideas}, as last shown
    this.editing = null;        // theme id being renamed
    this.open = null;           // theme id shown in full
    this.bar = new SelectionBar({
      move: () => this.moveDialog([...this.picks.keys]),
      hide: () => this.hideCards([...this.picks.keys]),
      clear: () => this.picks.clear(),
    }, ctx.send);
    this.offer = new MergeOffer(ctx.send, () => this.refresh());
    this.bar.node.insertBefore(this.offer.node, this.bar.undo.button);
    this.pool = this.createLane(UNASSIGNED);
    this.pool.dataset.key = UNASSIGNED;
    this.grid = el("div", { class: "theme-grid" });
    container.replaceChildren(this.bar.node, el("div", { class: "lanes-body" }, this.pool, this.grid));
    container.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.picks.size) this.picks.clear();
    });
    new ResizeObserver(() => this.refresh()).observe(this.grid);
  }

  refresh() {
    if (this.state) this.render(this.state, this.round);
  }

  render(state, round) {
    this.state = state;
    this.round = round;
    const themeIds = Object.keys(round.themes);
    const byLane = new Map([[UNASSIGNED, []], ...themeIds.map((id) => [id, []])]);
    for (const idea of ideasOfRound(state, round.id, { withHidden: true })) {
      (byLane.get(idea.theme_id) || byLane.get(UNASSIGNED)).push(idea);
    }
    const cardsByLane = new Map([...byLane].map(([id, ideas]) => [id, duplicateCards(ideas)]));
    this.cards = new Map([...cardsByLane.values()].flat().map((card) => [card.key, card]));
    this.picks.keepOnly(new Set(this.cards.keys()));
    for (const id of this.selected) if (!(id in round.themes)) this.selected.delete(id);
    if (!(this.open in round.themes)) this.open = null;
    this.container.classList.toggle("no-themes", themeIds.length === 0);
    const focus = this.focusedControl();
    this.pool.classList.toggle("is-empty", cardsByLane.get(UNASSIGNED).length === 0);
    this.updateLane(this.pool, UNASSIGNED, cardsByLane.get(UNASSIGNED));
    const updateTheme = (node, id) => this.updateLane(node, id, cardsByLane.get(id));
    reconcile(this.grid, themeIds, (id) => this.createLane(id), updateTheme);
    const fits = this.previewCount(themeIds.length);
    if (fits !== this.preview) {  // measured on what is shown now: show as many as fit
      this.preview = fits;
      for (const id of themeIds) updateTheme(this.grid.querySelector(`:scope > [data-key="${CSS.escape(id)}"]`), id);
    }
    this.renderBar();
    this.renderOffer();
    this.restoreFocus(focus);
  }

  /** The best pair of alike themes not dismissed, in the bar; its two cards marked. */
  renderOffer() {
    const pair = this.offer.render(this.round);
    this.bar.node.classList.toggle("has-offer", Boolean(pair));  // the offer takes the hint's place
    for (const lane of this.grid.children) lane.classList.toggle("is-offered", Boolean(pair?.includes(lane.dataset.key)));
  }

  /** The theme the worker suggests for an unassigned card, or null. */
  suggestion(card, laneId) {
    const themeId = laneId === UNASSIGNED ? this.round.suggest?.[card.ideas[0].id] : undefined;
    const theme = themeId ? this.round.themes[themeId] : null;
    return theme ? { id: themeId, label: theme.label } : null;
  }

  renderBar() {
    const ideas = [...this.picks.keys].flatMap((key) => this.cards.get(key).ideas);
    this.bar.render(ideas.length, ideas.length > 0 && ideas.every((idea) => idea.hidden), this.state.undo);
  }

  /** How many ideas each closed theme card shows so that every theme fits the grid's height. */
  previewCount(themes) {
    const style = getComputedStyle(this.grid);
    const columns = style.gridTemplateColumns.split(" ").filter(Boolean).length || 1;
    const rows = Math.max(1, Math.ceil(themes / columns));
    const gap = parseFloat(style.rowGap) || 0;
    const { card, chrome } = this.measure(gap);
    const height = this.grid.clientHeight - 2 * (parseFloat(style.paddingTop) || 0) - gap * (rows - 1);
    const fits = Math.floor((height / rows - chrome + gap) / card);
    return Math.min(PREVIEW.max, Math.max(PREVIEW.min, fits));
  }

  /** A closed theme card in px: one idea card with its gap, and all that is not idea cards. */
  measure(gap) {
    const sample = this.grid.querySelector(":scope > .theme-card:not(.is-open)");
    const cards = sample ? Array.from(sample.querySelectorAll(".card-idea:not([hidden])"), (node) => node.offsetHeight) : [];
    if (cards.length === 0) return GUESS;
    const ideas = cards.reduce((sum, h) => sum + h, 0) + gap * (cards.length - 1);
    return { card: Math.max(...cards) + gap, chrome: sample.offsetHeight - ideas };
  }

  /** The card control that has focus, so it keeps focus when its card moves lanes. */
  focusedControl() {
    const active = document.activeElement;
    const card = active?.closest?.(".card-idea");
    if (!card || !this.container.contains(card)) return null;
    const control = [".hide", ".card-pick", ".approve"].find((c) => active.matches(c)) || ".move";
    return { key: card.dataset.key, control };
  }

  restoreFocus(focus) {
    if (!focus || this.container.contains(document.activeElement)) return;
    if (document.querySelector("dialog[open]")) return;
    const card = Array.from(this.container.querySelectorAll(".card-idea")).find((c) => c.dataset.key === focus.key);
    card?.querySelector(focus.control)?.focus();
  }

  createLane(id) {
    const unassigned = id === UNASSIGNED;
    const titleId = `lane-title-${id}`;
    const lane = el("section", { class: `lane${unassigned ? " lane-unassigned" : " theme-card"}`, "aria-labelledby": titleId },
      el("header", { class: "lane-head" },
        el("div", { class: "lane-title-row" },
          unassigned ? null : el("input", { type: "checkbox", class: "merge-pick" }),
          el("h2", { class: "lane-title", id: titleId }),
          el("span", { class: "lane-count" })),
        el("p", { class: "lane-keywords" }),
        el("p", { class: "lane-votes" }),
        el("p", { class: "lane-support" })),
      el("ul", { class: "cards" }),
      unassigned ? null : el("footer", { class: "lane-foot" },
        el("button", { type: "button", class: "icon-button lane-more", "aria-expanded": "false" }),
        el("div", { class: "lane-actions" }, ACTIONS.map(([name, icon]) =>
          el("button", { type: "button", class: `icon-button ${name}`, "aria-pressed": name === "pin" ? "false" : null }, icon)))));
    this.bindDrop(lane, id);
    if (!unassigned) this.bindThemeActions(lane, id);
    return lane;
  }

  updateLane(lane, id, cards) {
    const theme = this.round.themes[id];
    const visible = cards.flatMap((card) => card.ideas).filter((idea) => !idea.hidden).length;
    if (this.editing !== id) setText(lane.querySelector(".lane-title"), theme ? theme.label : t("board.unassigned"));
    setText(lane.querySelector(".lane-count"), visible);
    lane.querySelector(".lane-count").title = t("count.ideas", { n: visible });
    setText(lane.querySelector(".lane-keywords"), theme ? keywordLine(theme) : t("board.unassigned_help"));
    this.updateVotes(lane, id);
    const open = !theme || this.open === id;
    lane.classList.toggle("is-open", Boolean(theme) && open);
    reconcile(lane.querySelector(".cards"), cards.map((card) => card.key), (key) => this.createCard(key),
      (node, key) => updateCard(node, this.cards.get(key), this.picks.has(key), this.suggestion(this.cards.get(key), id)));
    cards.forEach((card, n) => {
      lane.querySelector(`.cards > [data-key="${CSS.escape(card.key)}"]`).hidden = !open && n >= this.preview;
    });
    if (theme) this.updateThemeActions(lane, theme, open, cards.length - this.preview);
  }

  updateVotes(lane, id) {
    const voting = id !== UNASSIGNED && ["vote", "closed"].includes(this.round.phase);
    setText(lane.querySelector(".lane-votes"), voting ? t("board.dots", { n: (this.round.tally || {})[id] || 0 }) : "");
    const counted = this.round.dot_support?.[id];
    setText(lane.querySelector(".lane-support"), voting && counted ? supportLine(statementSupport(counted)) : "");
    lane.querySelector(".lane-votes").hidden = !voting;
  }

  updateThemeActions(lane, theme, open, more) {
    lane.classList.toggle("pinned", theme.pinned);
    const pick = lane.querySelector(".merge-pick");
    pick.checked = this.selected.has(theme.id);
    pick.setAttribute("aria-label", t("board.select_merge", { label: theme.label }));
    const toggle = lane.querySelector(".lane-more");
    toggle.hidden = more <= 0;
    toggle.setAttribute("aria-expanded", String(open));
    setText(toggle, open ? t("lanes.less") : t("lanes.more", { n: more }));
    lane.querySelector(".pin").setAttribute("aria-pressed", String(theme.pinned));
    const names = { rename: t("board.rename"), pin: theme.pinned ? t("board.unpin") : t("board.pin"), split: t("board.split") };
    for (const [name, text] of Object.entries(names)) {
      const button = lane.querySelector(`.lane-actions .${name}`);
      button.setAttribute("aria-label", `${text}: ${theme.label}`);
      button.title = text;
    }
  }

  bindThemeActions(lane, id) {
    lane.querySelector(".merge-pick").addEventListener("change", (event) => {
      if (event.target.checked) this.selected.add(id);
      else this.selected.delete(id);
      this.ctx.onSelection([...this.selected]);
    });
    lane.querySelector(".lane-more").addEventListener("click", () => {
      this.open = this.open === id ? null : id;
      this.refresh();
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

  createCard(key) {
    return createCard(key, {
      pick: (k, event) => this.picks.toggle(k, { range: event.shiftKey, order: this.shownOrder() }),
      move: (k) => this.moveDialog([k]),
      hide: (k) => this.hideCards([k]),
      suggest: (k) => {
        const card = this.cards.get(k);
        const suggested = card ? this.suggestion(card, this.laneOf(card)) : null;
        if (suggested) this.moveCards([card], suggested.id);
      },
      approve: (k) => {
        for (const idea of this.cards.get(k).ideas) this.ctx.send({ type: "idea.approve", idea_id: idea.id });
      },
      dragStart: (k, event) => {
        event.dataTransfer.setData("text/plain", k);
        event.dataTransfer.effectAllowed = "move";
      },
    });
  }

  /** Card keys in the order the board shows them (for a Shift-click range). */
  shownOrder() {
    return Array.from(this.container.querySelectorAll(".card-idea:not([hidden])"), (node) => node.dataset.key);
  }

  /** The cards a drag or a command acts on: the selection when the card is in it. */
  withSelection(keys) {
    return keys.length === 1 && this.picks.has(keys[0]) ? [...this.picks.keys] : keys;
  }

  moveDialog(keys) {
    const cards = this.withSelection(keys).map((key) => this.cards.get(key)).filter(Boolean);
    if (cards.length === 0) return;
    const lanes = new Set(cards.map((card) => this.laneOf(card)));
    const ideas = cards.flatMap((card) => card.ideas);
    const what = ideas.length === 1 ? short(ideas[0].text, 120) : t("lanes.move_what", { n: ideas.length });
    openMoveDialog(this.round, what, lanes.size === 1 ? [...lanes][0] : null, (target) => this.moveCards(cards, target));
  }

  laneOf(card) {
    const themeId = card.ideas[0].theme_id;
    return themeId in this.round.themes ? themeId : UNASSIGNED;
  }

  /** One command for all: idea.move with idea_ids (idea_id when it is one idea). */
  moveCards(cards, target) {
    const ids = cards.flatMap((card) => card.ideas).filter((idea) => idea.theme_id !== target).map((idea) => idea.id);
    if (ids.length === 0) return;
    this.ctx.send(ids.length === 1 ? { type: "idea.move", idea_id: ids[0], theme_id: target }
      : { type: "idea.move", idea_ids: ids, theme_id: target });
    if (cards.some((card) => this.picks.has(card.key))) this.picks.clear();
  }

  /** Hide them all (or show them all again when all are hidden): one idea.hide per idea. */
  hideCards(keys) {
    const cards = this.withSelection(keys).map((key) => this.cards.get(key)).filter(Boolean);
    const ideas = cards.flatMap((card) => card.ideas);
    const hidden = !ideas.every((idea) => idea.hidden);
    for (const idea of ideas) if (idea.hidden !== hidden) this.ctx.send({ type: "idea.hide", idea_id: idea.id, hidden });
    if (cards.some((card) => this.picks.has(card.key))) this.picks.clear();
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
      const keys = this.withSelection([event.dataTransfer.getData("text/plain")]);
      this.moveCards(keys.map((key) => this.cards.get(key)).filter(Boolean), id === UNASSIGNED ? null : id);
    });
  }
}
