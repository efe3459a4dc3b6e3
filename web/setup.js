// Setting the workshop up from the board, before and during it. The editor (title,
// language, stakeholder groups, rounds) sends one `workshop.edit`; what may not change
// any more (a group someone joined, a round that has ideas) is locked with its reason.
// The seed chooser picks which themes of a closed round become the next round's headings.

import { $, el, setText, show } from "./dom.js";
import { ideasOfRound, tally } from "./fold.js";
import { t } from "./i18n.js";
import { errorText, toast } from "./ui.js";

const KINDS = ["mission", "vision", "strategy", "free"];
const NEW_ROUND = { prompt: "", kind: "free", dots: 3, max_per_theme: 2, timer_seconds: null };
let fieldCount = 0;

function fieldId(prefix) {
  fieldCount += 1;
  return `${prefix}-${fieldCount}`;
}

/** People who joined each group. */
function joinedPerGroup(state) {
  const counts = {};
  for (const participant of Object.values(state.participants || {})) {
    counts[participant.group] = (counts[participant.group] || 0) + 1;
  }
  return counts;
}

/** Lock a remove button (it stays focusable, so its reason can be read) or free it. */
function lockButton(button, note, reason) {
  button.setAttribute("aria-disabled", String(Boolean(reason)));
  setText(note, reason || "");
}

function isLocked(button) {
  return button.getAttribute("aria-disabled") === "true";
}

/** A labelled field: a label above its control. */
function field(labelText, control, className = "field") {
  return el("div", { class: className }, el("label", { for: control.id }, labelText), control);
}

/** A planned timer in whole minutes (at least one), or "" when there is none. */
export function timerMinutes(seconds) {
  return seconds ? Math.max(1, Math.round(seconds / 60)) : "";
}

function numberInput(name, value, { min, max, required = true }) {
  return el("input", { id: fieldId(name), class: name, type: "number", min, max, step: 1, inputmode: "numeric", required, value });
}

export class WorkshopSetup {
  /** send(message) → true when the message went out. */
  constructor(send) {
    this.send = send;
    this.dialog = $("#setup-dialog");
    this.form = $("#setup-form");
    this.state = null;
    this.pending = false;
    this.returnTo = null;
    $("#setup-add-group").addEventListener("click", () => this.addGroup({ name: "" }).querySelector("input").focus());
    $("#setup-add-round").addEventListener("click", () => this.addRound(NEW_ROUND).querySelector("textarea").focus());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    this.form.addEventListener("input", () => this.checkFields());
    for (const button of this.dialog.querySelectorAll("[data-close]")) button.addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => this.returnTo?.focus());
  }

  open(state) {
    this.state = state;
    this.returnTo = document.activeElement;
    this.setPending(false);
    this.showError(null);
    $("#setup-name").value = state.title;
    $("#setup-language").value = state.language;
    $("#setup-groups").replaceChildren();
    $("#setup-rounds").replaceChildren();
    for (const name of state.groups) this.addGroup({ name, was: name });
    for (const round of state.rounds) this.addRound(round);
    this.dialog.showModal();
    $("#setup-name").focus();
  }

  /** The state moved on while the dialog is open: lock what may not change any more. */
  refresh(state) {
    if (!this.dialog.open) return;
    this.state = state;
    this.renumber();
  }

  /** The workshop.edited event arrived: when it is this tab's edit, close. */
  saved() {
    if (!this.pending) return;
    this.setPending(false);
    this.dialog.close();
    toast(t("setup.saved"), { ms: 3000 });
  }

  /** An error arrived: when an edit waits for its answer, it is that edit's. */
  failed(code) {
    if (!this.pending) return;
    this.setPending(false);
    this.showError(errorText(code));
  }

  // ---- groups ---------------------------------------------------------------------

  addGroup({ name, was }) {
    const input = el("input", { id: fieldId("setup-group"), type: "text", maxlength: 40, required: true, autocomplete: "off", value: name });
    const note = el("span", { class: "setup-note", id: fieldId("setup-note") });
    const remove = el("button", { type: "button", class: "button small quiet-button setup-remove", "aria-describedby": note.id });
    const row = el("li", { class: "setup-group", dataset: was ? { was } : {} },
      el("label", { for: input.id, class: "visually-hidden" }), input, note, remove);
    remove.addEventListener("click", () => this.removeRow(row, remove, $("#setup-add-group")));
    $("#setup-groups").append(row);
    this.renumber();
    return row;
  }

  renderGroup(row, n, total) {
    setText(row.querySelector("label"), t("setup.group_name", { n }));
    const remove = row.querySelector(".setup-remove");
    setText(remove, t("setup.remove"));
    remove.setAttribute("aria-label", t("setup.group_remove", { n }));
    const joined = row.dataset.was ? joinedPerGroup(this.state)[row.dataset.was] || 0 : 0;
    const reason = joined ? t("setup.group_joined", { n: joined }) : total < 2 ? t("setup.group_last") : null;
    lockButton(remove, row.querySelector(".setup-note"), reason);
  }

  // ---- rounds ---------------------------------------------------------------------

  addRound(round) {
    const prompt = el("textarea", { id: fieldId("setup-prompt"), rows: 2, maxlength: 200, required: true });
    prompt.value = round.prompt;
    const kind = el("select", { id: fieldId("setup-kind"), class: "select" },
      KINDS.map((k) => el("option", { value: k, selected: k === round.kind }, t(`setup.kind.${k}`))));
    const minutes = timerMinutes(round.timer_seconds);
    const up = el("button", { type: "button", class: "button small setup-up" }, t("setup.up"));
    const down = el("button", { type: "button", class: "button small setup-down" }, t("setup.down"));
    const note = el("span", { class: "setup-note", id: fieldId("setup-note") });
    const remove = el("button", { type: "button", class: "button small quiet-button setup-remove", "aria-describedby": note.id });
    const row = el("li", { class: "setup-round", dataset: round.id ? { id: round.id } : {} },
      el("fieldset", {},
        el("legend", { class: "setup-round-title" }),
        field(t("setup.prompt"), prompt, "field setup-prompt"),
        el("div", { class: "setup-round-grid" },
          field(t("setup.kind"), kind),
          field(t("setup.dots"), numberInput("setup-dots", round.dots, { min: 1, max: 20 })),
          field(t("setup.max_per_theme"), numberInput("setup-max", round.max_per_theme, { min: 1, max: 20 })),
          field(t("setup.timer"), numberInput("setup-timer", minutes, { min: 1, max: 240, required: false }))),
        el("div", { class: "setup-round-actions" }, up, down, remove, note)));
    up.addEventListener("click", () => this.moveRound(row, -1, ".setup-up"));
    down.addEventListener("click", () => this.moveRound(row, 1, ".setup-down"));
    remove.addEventListener("click", () => this.removeRow(row, remove, $("#setup-add-round")));
    $("#setup-rounds").append(row);
    this.renumber();
    return row;
  }

  renderRound(row, n, total) {
    const round = (this.state.rounds || []).find((r) => r.id === row.dataset.id);
    const phase = round && round.phase !== "draft" ? ` · ${t(`phase.${round.phase}`)}` : "";
    setText(row.querySelector("legend"), t("setup.round", { n }) + phase);
    row.querySelector(".setup-up").disabled = n === 1;
    row.querySelector(".setup-down").disabled = n === total;
    row.querySelector(".setup-up").setAttribute("aria-label", t("setup.round_up", { n }));
    row.querySelector(".setup-down").setAttribute("aria-label", t("setup.round_down", { n }));
    const remove = row.querySelector(".setup-remove");
    setText(remove, t("setup.remove"));
    remove.setAttribute("aria-label", t("setup.round_remove", { n }));
    const ideas = round ? ideasOfRound(this.state, round.id, { withHidden: true }).length : 0;
    const reason = ideas ? t("setup.round_has_ideas", { n: ideas }) : total < 2 ? t("setup.round_last") : null;
    lockButton(remove, row.querySelector(".setup-note"), reason);
    row.querySelector(".setup-dots").min = ideas ? String(round.dots) : "1";  // fewer dots: not once ideas came
  }

  moveRound(row, by, control) {
    const list = row.parentElement;
    if (by < 0 && row.previousElementSibling) list.insertBefore(row, row.previousElementSibling);
    if (by > 0 && row.nextElementSibling) list.insertBefore(row.nextElementSibling, row);
    this.renumber();
    const button = row.querySelector(control);
    (button.disabled ? row.querySelector(by < 0 ? ".setup-down" : ".setup-up") : button).focus();
  }

  // ---- both lists -----------------------------------------------------------------

  removeRow(row, button, fallback) {
    if (isLocked(button)) return;
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    this.renumber();
    (next?.querySelector("input, textarea") || fallback).focus();
  }

  renumber() {
    const groups = [...$("#setup-groups").children];
    groups.forEach((row, i) => this.renderGroup(row, i + 1, groups.length));
    const rounds = [...$("#setup-rounds").children];
    rounds.forEach((row, i) => this.renderRound(row, i + 1, rounds.length));
  }

  /** Required text is more than spaces; group names are distinct. */
  checkFields() {
    for (const control of this.form.querySelectorAll("input[type=text][required], textarea[required]")) {
      control.setCustomValidity(control.value.trim() ? "" : t("setup.required"));
    }
    const seen = new Set();
    for (const input of $("#setup-groups").querySelectorAll("input")) {
      const name = input.value.trim();
      if (name && seen.has(name)) input.setCustomValidity(t("setup.group_duplicate"));
      seen.add(name);
    }
  }

  message() {
    const groups = [...$("#setup-groups").children].map((row) => {
      const name = row.querySelector("input").value.trim();
      return row.dataset.was && row.dataset.was !== name ? { name, was: row.dataset.was } : { name };  // was: renamed
    });
    const rounds = [...$("#setup-rounds").children].map((row) => {
      const minutes = Number(row.querySelector(".setup-timer").value);
      return {
        ...(row.dataset.id ? { id: row.dataset.id } : {}),
        prompt: row.querySelector("textarea").value.trim(),
        kind: row.querySelector("select").value,
        dots: Number(row.querySelector(".setup-dots").value),
        max_per_theme: Number(row.querySelector(".setup-max").value),
        timer_seconds: minutes > 0 ? Math.round(minutes * 60) : null,
      };
    });
    const title = $("#setup-name").value.trim();
    return { type: "workshop.edit", title, language: $("#setup-language").value, groups, rounds };
  }

  save() {
    if (this.pending) return;
    this.checkFields();
    if (!this.form.reportValidity()) return;
    this.showError(null);
    if (this.send(this.message())) this.setPending(true);
  }

  setPending(pending) {
    this.pending = pending;
    $("#setup-save").disabled = pending;
    setText($("#setup-save"), t(pending ? "setup.saving" : "setup.save"));
  }

  showError(message) {
    show($("#setup-error"), Boolean(message));
    setText($("#setup-error"), message || "");
  }
}

export class SeedChooser {
  /** send(message) → true when the message went out. */
  constructor(send) {
    this.send = send;
    this.dialog = $("#seed-dialog");
    this.pendingRoundId = null;
    this.choice = null;
    $("#seed-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    for (const button of this.dialog.querySelectorAll("[data-close]")) button.addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => this.returnTo?.focus());
  }

  /** Open for `round` (closed) and `next`: its themes in order of dots, those with dots chosen. */
  open(state, round, next) {
    this.choice = { round, next };
    this.returnTo = document.activeElement;
    this.pendingRoundId = null;
    $("#seed-submit").disabled = false;
    show($("#seed-error"), false);
    setText($("#seed-title"), t("board.seed", { n: state.rounds.indexOf(next) + 1 }));
    const dots = round.tally || tally(round);
    const themes = Object.values(round.themes).map((theme, order) => ({ theme, dots: dots[theme.id] || 0, order }))
      .sort((a, b) => b.dots - a.dots || a.order - b.order);
    const anyDots = themes.some((entry) => entry.dots > 0);
    $("#seed-themes").replaceChildren(...themes.map(({ theme, dots: n }) => {
      const id = fieldId("seed-theme");
      return el("li", { class: "seed-theme" },
        el("input", { type: "checkbox", id, value: theme.id, checked: n > 0 || !anyDots }),
        el("label", { for: id }, el("span", { class: "seed-label" }, theme.label),
          el("span", { class: "seed-dots" }, t("board.dots", { n }))));
    }));
    this.dialog.showModal();
    $("#seed-themes input")?.focus();
  }

  submit() {
    const themeIds = [...$("#seed-themes").querySelectorAll("input:checked")].map((input) => input.value);
    if (!themeIds.length) {
      this.showError(t("seed.none"));
      return;
    }
    const { round, next } = this.choice;
    if (!this.send({ type: "round.seed", round_id: next.id, source_round_id: round.id, theme_ids: themeIds })) return;
    this.pendingRoundId = next.id;
    $("#seed-submit").disabled = true;
  }

  /** A round.seeded event: true when it answers this tab's choice (the board then shows that round). */
  seeded(roundId) {
    if (!this.pendingRoundId || roundId !== this.pendingRoundId) return false;
    this.pendingRoundId = null;
    this.returnTo = null;
    this.dialog.close();
    return true;
  }

  failed(code) {
    if (!this.pendingRoundId) return;
    this.pendingRoundId = null;
    $("#seed-submit").disabled = false;
    this.showError(errorText(code));
  }

  showError(message) {
    show($("#seed-error"), true);
    setText($("#seed-error"), message);
  }
}
