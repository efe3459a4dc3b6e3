// The board's statements of a round (DESIGN §8): a draft per theme under its label, pre-filled with
// its representative idea and editable before it is added; a statement of one's own; the list in the
// facilitator's order (up / down), each with the themes it came from, editable while nobody has
// answered it, removable, and its live support per stakeholder group; the final text below it
// (final_text.js). Everything renders from the folded state, so every board tab agrees.

import { $, el, reconcile, setText } from "./dom.js";
import { t } from "./i18n.js";
import { cleanIdea, IDEA_MAX_CHARS } from "./ids.js";
import { FinalText } from "./final_text.js";
import { statementSupport } from "./support.js";
import { renderSupport, supportBlock } from "./support_view.js";
import { themeLabel } from "./ui.js";

const STATEMENT_MAX_CHARS = IDEA_MAX_CHARS;  // as cocreatie/models/messages.py
const OWN = "__own__";                    // the draft key of a statement of one's own

/**
 * A theme's draft statement: its representative idea, a sentence a participant wrote (the
 * theme's label stands above the draft); the label alone when no idea can be shown.
 */
function draftText(theme, n) {
  return (theme.representative || "").trim() || themeLabel(theme, n);
}

/** The statement as the server will take it (cleaned, 1–280 characters), or null. */
function acceptable(raw) {
  const text = cleanIdea(raw);
  return text && text.length <= STATEMENT_MAX_CHARS ? text : null;
}

export class StatementsBoard {
  /** root: the #statements section; send(message) puts a facilitator command on the board socket. */
  constructor(root, send) {
    this.root = root;
    this.send = send;
    this.drafts = new Map();     // "round:theme" (or "round:__own__") → the text as typed
    this.editing = null;         // {id, text}: the statement whose wording is being changed
    this.removing = null;        // a statement with answers, once asked to go (a second click removes it)
    this.refocus = null;         // [statement id, button class] to focus again after a move
    this.finalText = new FinalText($("#final-text", root), send);
    this.state = null;
    this.round = null;
    $("#own-statement", root).addEventListener("submit", (event) => {
      event.preventDefault();
      this.add(OWN, $("#own-text", root).value, this.ownThemes(), this.ownServes());
    });
    $("#own-text", root).addEventListener("input", (event) => { this.drafts.set(this.key(OWN), event.target.value); this.renderCounter(); });
  }

  key(themeId) {
    return `${this.round.id}:${themeId}`;
  }

  render(state, round) {
    this.state = state;
    this.round = round;
    const own = $("#own-text", this.root);
    if (document.activeElement !== own) own.value = this.drafts.get(this.key(OWN)) || "";
    this.renderCounter();
    this.renderOwnThemes();
    this.renderOwnServes();
    this.renderDrafts();
    this.renderList();
    this.finalText.render(round);
  }

  renderCounter() {
    const length = cleanIdea($("#own-text", this.root).value).length;
    setText($("#own-counter", this.root), `${length} / ${STATEMENT_MAX_CHARS}`);
    $("#own-counter", this.root).classList.toggle("over", length > STATEMENT_MAX_CHARS);
  }

  /** Send statement.add; the draft it came from is forgotten. */
  add(themeId, raw, themeIds, serves = []) {
    const text = acceptable(raw);
    if (!text) return;
    if (!this.send({ type: "statement.add", round_id: this.round.id, text, theme_ids: themeIds, serves })) return;
    this.drafts.delete(this.key(themeId));
    if (themeId === OWN) {
      $("#own-text", this.root).value = "";
      $("#own-serves", this.root).value = "";
      for (const box of this.root.querySelectorAll("#own-themes input")) box.checked = false;
    }
    this.render(this.state, this.round);
  }

  /** The themes a statement of one's own may name (ticked ones stay ticked as the themes change). */
  renderOwnThemes() {
    const themes = Object.values(this.round.themes || {});
    $("#own-themes-field", this.root).hidden = themes.length === 0;
    reconcile($("#own-themes", this.root), themes.map((theme) => theme.id), (id) => el("li", {},
      el("label", { class: "own-theme" }, el("input", { type: "checkbox", value: id }), el("span"))), (node, id) => {
      setText(node.querySelector("span"), themeLabel(this.round.themes[id], themes.findIndex((x) => x.id === id) + 1));
    });
  }

  /** The statements of earlier rounds, as "Ronde 1: text", that a statement of one's own may serve (chained rounds). */
  earlierStatements() {
    const rounds = this.state.rounds;
    return rounds.slice(0, rounds.findIndex((r) => r.id === this.round.id))
      .flatMap((round, n) => round.statements.map((s) => ({ id: s.id, text: `${t("statements.round", { n: n + 1 })}: ${s.text}` })));
  }

  renderOwnServes() {
    const earlier = this.earlierStatements();
    const select = $("#own-serves", this.root);
    $("#own-serves-field", this.root).hidden = earlier.length === 0;
    const chosen = select.value;
    const options = [{ id: "", text: t("statements.serves_none") }, ...earlier];
    reconcile(select, options.map((o) => o.id), () => el("option"), (node, id) => {
      node.value = id;
      setText(node, options.find((o) => o.id === id).text);
    });
    select.value = earlier.some((s) => s.id === chosen) ? chosen : "";
  }

  ownServes() {
    const chosen = $("#own-serves", this.root).value;
    return chosen ? [chosen] : [];
  }

  ownThemes() {
    return Array.from(this.root.querySelectorAll("#own-themes input:checked"), (box) => box.value);
  }

  /** One draft per theme of the round, in the themes' order; a theme already used says so. */
  renderDrafts() {
    const themes = Object.values(this.round.themes || {});
    const used = new Set(this.round.statements.flatMap((s) => s.theme_ids));
    $("#drafts-empty", this.root).hidden = themes.length > 0;
    reconcile($("#drafts", this.root), themes.map((theme) => theme.id), (id) => this.draftNode(id), (node, id) => {
      const n = themes.findIndex((theme) => theme.id === id) + 1;
      const theme = this.round.themes[id];
      setText(node.querySelector(".draft-theme"), themeLabel(theme, n));
      setText(node.querySelector(".draft-used"), used.has(id) ? t("statements.theme_used") : "");
      const area = node.querySelector("textarea");
      const text = this.drafts.get(this.key(id)) ?? draftText(theme, n);
      if (document.activeElement !== area && area.value !== text) area.value = text;
      node.querySelector("button").disabled = !acceptable(area.value);
      node.classList.toggle("is-used", used.has(id));
    });
  }

  draftNode(id) {
    const area = el("textarea", { id: `draft-${id}`, class: "draft-text content", rows: 2 });
    const add = el("button", { type: "button", class: "button small primary" }, t("statements.add"));
    area.addEventListener("input", () => {
      this.drafts.set(this.key(id), area.value);
      add.disabled = !acceptable(area.value);
    });
    add.addEventListener("click", () => this.add(id, area.value, [id]));
    return el("li", { class: "draft" },
      el("label", { for: `draft-${id}`, class: "draft-label" },
        el("span", { class: "draft-theme" }), el("span", { class: "draft-used" })),
      area, add);
  }

  /** The round's statements in order, each with its sources, its tools and its support. */
  renderList() {
    const statements = this.round.statements;
    setText($("#statements-count"), statements.length ? `(${statements.length})` : "");
    $("#statements-empty", this.root).hidden = statements.length > 0;
    reconcile($("#statement-list", this.root), statements.map((s) => s.id), (id) => this.statementNode(id), (node, id) => {
      const index = statements.findIndex((s) => s.id === id);
      const statement = statements[index];
      const support = statementSupport(this.round.support?.[id]);
      const answered = support.groups.some((g) => g.seen > 0);
      setText(node.querySelector(".statement-n"), `${index + 1}.`);
      setText(node.querySelector(".statement-text"), statement.text);
      setText(node.querySelector(".statement-sources"), this.sources(statement));
      node.querySelector(".up").disabled = index === 0;
      node.querySelector(".down").disabled = index === statements.length - 1;
      const edit = node.querySelector(".edit");
      edit.disabled = answered;
      edit.title = answered ? t("statements.edit_locked") : "";
      const remove = node.querySelector(".remove");
      setText(remove, this.removing === id ? t("statements.remove_confirm") : t("statements.remove"));
      node.querySelector(".up").setAttribute("aria-label", t("statements.up", { text: statement.text }));
      node.querySelector(".down").setAttribute("aria-label", t("statements.down", { text: statement.text }));
      for (const button of [edit, remove]) button.setAttribute("aria-label", `${button.textContent}: ${statement.text}`);
      this.renderEditor(node, statement, answered);
      renderSupport(node.querySelector(".support"), support, { detail: true });
    });
    this.focusAgain();
  }

  /** "Uit: Zwembad, Sport" (the themes still there), or that the facilitator wrote it; then the earlier statements it serves. */
  sources(statement) {
    const served = this.earlierStatements().filter((s) => (statement.serves || []).includes(s.id));
    const origin = this.origin(statement);
    return served.length ? `${origin} · ${t("statements.serves", { statements: served.map((s) => s.text).join("; ") })}` : origin;
  }

  origin(statement) {
    if (!statement.theme_ids.length) return t("statements.own");
    const order = Object.keys(this.round.themes || {});
    const labels = statement.theme_ids.filter((id) => id in this.round.themes)
      .map((id) => themeLabel(this.round.themes[id], order.indexOf(id) + 1));
    return t("statements.from", { themes: labels.join(", ") || t("statements.themes_gone") });
  }

  statementNode(id) {
    const tool = (name, label, onclick) => el("button", { type: "button", class: `button small ${name}`, onclick }, label);
    const form = el("form", { class: "statement-editor", hidden: true },
      el("label", { for: `edit-${id}`, class: "visually-hidden" }, t("statements.edit_label")),
      el("textarea", { id: `edit-${id}`, class: "content", rows: 2, maxlength: STATEMENT_MAX_CHARS }),
      el("div", { class: "editor-actions" },
        el("button", { type: "submit", class: "button small primary" }, t("statements.save")),
        tool("cancel", t("common.cancel"), () => { this.editing = null; this.render(this.state, this.round); })));
    form.addEventListener("submit", (event) => { event.preventDefault(); this.saveEdit(id, form.querySelector("textarea").value); });
    form.querySelector("textarea").addEventListener("input", (event) => { this.editing.text = event.target.value; });
    return el("li", { class: "statement-item" },
      el("div", { class: "statement-head" },
        el("span", { class: "statement-n" }), el("p", { class: "statement-text content" }),
        el("div", { class: "statement-tools" },
          tool("up", "↑", () => this.move(id, -1)), tool("down", "↓", () => this.move(id, +1)),
          tool("edit", t("statements.edit"), () => this.startEdit(id)),
          tool("remove", t("statements.remove"), () => this.remove(id)))),
      form,
      el("p", { class: "statement-sources" }),
      supportBlock());
  }

  renderEditor(node, statement, answered) {
    const editing = this.editing?.id === statement.id && !answered;
    const form = node.querySelector(".statement-editor");
    form.hidden = !editing;
    node.querySelector(".statement-text").hidden = editing;
    if (!editing) return;
    const area = form.querySelector("textarea");
    if (document.activeElement !== area) area.value = this.editing.text;
  }

  startEdit(id) {
    const statement = this.round.statements.find((s) => s.id === id);
    this.editing = { id, text: statement.text };
    this.render(this.state, this.round);
    $(`#edit-${CSS.escape(id)}`, this.root).focus();
  }

  saveEdit(id, raw) {
    const text = acceptable(raw);
    if (!text) return;
    if (!this.send({ type: "statement.edit", statement_id: id, text })) return;
    this.editing = null;
    this.refocus = [id, "edit"];
  }

  /** A statement nobody answered goes at once; one with answers (they go with it) on a second click. */
  remove(id) {
    const answered = Object.values(this.round.answers || {}).some((answers) => id in answers);
    if (answered && this.removing !== id) {
      this.removing = id;
      this.refocus = [id, "remove"];
      this.render(this.state, this.round);
      return;
    }
    this.removing = null;
    this.send({ type: "statement.remove", statement_id: id });
  }

  move(id, step) {
    const ids = this.round.statements.map((s) => s.id);
    const from = ids.indexOf(id);
    const to = from + step;
    if (to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to], ids[from]];
    this.refocus = [id, step < 0 ? "up" : "down", to];
    this.send({ type: "statement.order", round_id: this.round.id, statement_ids: ids });
  }

  /** After a move (or an edit saved), the focus stays on the same button of the same statement. */
  focusAgain() {
    if (!this.refocus) return;
    const [id, name, place] = this.refocus;
    const node = $(`#statement-list [data-key="${CSS.escape(id)}"]`, this.root);
    const button = node?.querySelector(`.${name}`);
    if (!button || (place !== undefined && this.round.statements[place]?.id !== id)) return;  // not moved yet
    const target = button.disabled ? node.querySelector(".statement-tools button:not(:disabled)") : button;
    target?.focus();
    this.refocus = null;
  }
}
