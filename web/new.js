// The organiser's front door: put a workshop together (title, language, groups, rounds),
// create it over the API, and open its board with the facilitator token in the fragment.

import { $, el, setText, show } from "./dom.js";
import { bindLanguageSelect, currentLanguage, onLanguageChange, preferredLanguage, setLanguage, t } from "./i18n.js";

const DEFAULT_GROUPS = ["politiek", "administratie", "burger", "partner"];
const DEFAULT_ROUNDS = ["mission", "vision", "strategy"];
const KINDS = ["mission", "vision", "strategy", "free"];
const MAX_ROUNDS = 20;
let nextId = 1;

// ---- rows ------------------------------------------------------------------------

function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

function removeButton(onclick) {
  return el("button", { type: "button", class: "button small quiet-button row-remove", onclick });
}

function groupRow(name) {
  const id = uid("group");
  const row = el("li", { class: "group-row" },
    el("label", { for: id, class: "visually-hidden row-label" }),
    el("input", { id, type: "text", class: "group-name", maxlength: 40, autocomplete: "off", value: name }),
    removeButton(() => removeRow(row, $("#group-add"))));
  return row;
}

function roundRow(kind) {
  const promptId = uid("prompt");
  const kindId = uid("kind");
  const prompt = el("textarea", { id: promptId, class: "round-prompt", rows: 2, maxlength: 200 });
  if (kind !== "free") followLanguage(prompt, `new.prompt_${kind}`);
  const kinds = el("select", { id: kindId, class: "select round-kind" },
    KINDS.map((value) => el("option", { value, selected: value === kind })));
  const row = el("li", { class: "round-row" },
    el("div", { class: "round-head" },
      el("h3", { class: "row-label" }),
      removeButton(() => removeRow(row, $("#round-add")))),
    el("div", { class: "field" }, el("label", { for: promptId, "data-i18n": "new.round_prompt" }), prompt),
    el("div", { class: "field" }, el("label", { for: kindId, "data-i18n": "new.round_kind" }), kinds));
  return row;
}

/** A suggested prompt follows the page's language until the organiser edits it. */
function followLanguage(input, messageKey) {
  input.value = t(messageKey);
  onLanguageChange(() => {
    if (input.value === input.dataset.suggested) input.value = t(messageKey);
    input.dataset.suggested = t(messageKey);
  });
  input.dataset.suggested = input.value;
}

function addRow(list, row) {
  list.append(row);
  relabel();
  return row;
}

function removeRow(row, fallbackFocus) {
  row.remove();
  relabel();
  fallbackFocus.focus();
}

/** Numbers, labels and which buttons may be used, after any change. */
function relabel() {
  const groups = Array.from($("#groups").children);
  groups.forEach((row, index) => {
    const name = row.querySelector(".group-name").value.trim() || String(index + 1);
    setText(row.querySelector(".row-label"), t("new.group_label", { n: index + 1 }));
    const remove = row.querySelector(".row-remove");
    setText(remove, t("new.remove"));
    remove.setAttribute("aria-label", t("new.group_remove", { name }));
    remove.disabled = groups.length === 1;
  });
  const rounds = Array.from($("#rounds").children);
  rounds.forEach((row, index) => {
    setText(row.querySelector(".row-label"), t("new.round_title", { n: index + 1 }));
    const remove = row.querySelector(".row-remove");
    setText(remove, t("new.remove"));
    remove.setAttribute("aria-label", t("new.round_remove", { n: index + 1 }));
    remove.disabled = rounds.length === 1;
    for (const option of row.querySelectorAll(".round-kind option")) setText(option, t(`new.kind_${option.value}`));
    for (const label of row.querySelectorAll("[data-i18n]")) setText(label, t(label.dataset.i18n));
  });
  $("#round-add").disabled = rounds.length >= MAX_ROUNDS;
}

// ---- the form --------------------------------------------------------------------

class Invalid extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** The body of POST /api/workshops, or Invalid naming the field to fix. */
function spec() {
  const title = $("#title").value.trim();
  if (!title) throw new Invalid($("#title"), t("new.need_title"));
  const groups = [];
  for (const input of document.querySelectorAll(".group-name")) {
    const name = input.value.trim();
    if (!name) continue;
    if (groups.includes(name)) throw new Invalid(input, t("new.group_twice", { name }));
    groups.push(name);
  }
  if (!groups.length) throw new Invalid(document.querySelector(".group-name"), t("new.need_group"));
  const rounds = Array.from(document.querySelectorAll(".round-row"), (row, index) => {
    const prompt = row.querySelector(".round-prompt");
    if (!prompt.value.trim()) throw new Invalid(prompt, t("new.need_prompt", { n: index + 1 }));
    return { prompt: prompt.value.trim(), kind: row.querySelector(".round-kind").value };
  });
  if (!$("#organiser-token").value.trim()) throw new Invalid($("#organiser-token"), t("new.need_token"));
  return { title, language: $("#language").value, groups, rounds };
}

/** The message goes next to the field it is about (else above the button), and the field gets the focus. */
function fail(message, field = null) {
  const error = $("#form-error");
  if (field) field.closest(".field, .new-list").after(error);
  else $("#form-status").before(error);
  setText(error, message);
  show(error, true);
  setText($("#form-status"), "");
  $("#create").disabled = false;
  if (field) {
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-errormessage", "form-error");
    field.focus();
  }
}

function clearErrors() {
  show($("#form-error"), false);
  for (const field of document.querySelectorAll("[aria-invalid]")) {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-errormessage");
  }
}

async function create(body) {
  const headers = { "Content-Type": "application/json", Authorization: `Bearer ${$("#organiser-token").value.trim()}` };
  let response;
  try {
    response = await fetch("/api/workshops", { method: "POST", headers, body: JSON.stringify(body) });
  } catch (error) {
    console.warn("creating the workshop failed", error);
    return fail(t("notice.offline_text"));
  }
  if (response.status === 201) return openBoard(await response.json());
  if (response.status === 401 || response.status === 403) return fail(t("new.unauthorized"), $("#organiser-token"));
  if (response.status === 429) return fail(t("notice.busy_text"));
  const answer = await response.json().catch(() => null);
  const message = answer?.error?.message;
  return fail(message ? t("new.refused", { message }) : t("error.generic"));
}

/** The board takes the token from the fragment (never sent to a server) and wipes it. */
function openBoard(created) {
  setText($("#form-status"), t("new.done"));
  const token = encodeURIComponent(created.facilitator_token);
  location.assign(`/board/${encodeURIComponent(created.workshop_id)}#token=${token}`);
}

$("#new-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  let body;
  try {
    body = spec();
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return fail(error.message, error.field);
  }
  $("#create").disabled = true;
  setText($("#form-status"), t("new.creating"));
  await create(body);
});

$("#new-form").addEventListener("input", (event) => {
  if (event.target.getAttribute("aria-invalid")) clearErrors();
  if (event.target.classList.contains("group-name")) relabel();
});

$("#group-add").addEventListener("click", () => addRow($("#groups"), groupRow("")).querySelector("input").focus());
$("#round-add").addEventListener("click", () => addRow($("#rounds"), roundRow("free")).querySelector(".round-prompt").focus());

/** The participants' language follows the page's until the organiser picks one. */
$("#language").addEventListener("change", () => { $("#language").dataset.picked = "yes"; });
onLanguageChange((lang) => {
  if (!$("#language").dataset.picked) $("#language").value = lang;
  relabel();
});

setLanguage(preferredLanguage()).then(() => {
  bindLanguageSelect($("#lang"));
  $("#language").value = currentLanguage();
  for (const name of DEFAULT_GROUPS) addRow($("#groups"), groupRow(name));
  for (const kind of DEFAULT_ROUNDS) addRow($("#rounds"), roundRow(kind));
  $("#title").focus();
});
