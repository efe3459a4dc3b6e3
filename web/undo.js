// Undo on the board: Ctrl-Z / Cmd-Z (unless typing in a field) and a button that says
// what it would undo, from the facilitator snapshot's `undo` ({event_id, command} or null).

import { el, setText } from "./dom.js";
import { has, t } from "./i18n.js";

// What the server or the fold may name the command by: its type, or its event's name.
const EVENT_COMMANDS = {
  "idea.hidden": "idea.hide", "idea.approved": "idea.approve", "idea.moved": "idea.move",
  "theme.renamed": "theme.rename", "themes.merged": "theme.merge", "theme.pinned": "theme.pin",
};
const TYPING = new Set(["text", "search", "number", "password", "email", "url", "tel"]);

/** True when a key press belongs to a text field (its own undo), not to the board. */
function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable || target.closest("textarea, select")) return true;
  return target instanceof HTMLInputElement && TYPING.has(target.type);
}

function isUndoKey(event) {
  return (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "z";
}

export class UndoControl {
  /** send(message): the board's command sender. */
  constructor(send) {
    this.send = send;
    this.button = el("button", { type: "button", class: "button undo-button", disabled: true, "aria-keyshortcuts": "Control+Z Meta+Z" },
      el("span", { class: "undo-icon", "aria-hidden": "true" }, "↶"), el("span", { class: "undo-label" }));
    this.button.addEventListener("click", () => this.send({ type: "undo" }));
    document.addEventListener("keydown", (event) => {
      if (!isUndoKey(event) || isTyping(event.target) || document.querySelector("dialog[open]")) return;
      event.preventDefault();
      this.send({ type: "undo" });
    });
  }

  /** undo: the snapshot's `undo` ({event_id, command} or null; absent on an older server). */
  render(undo) {
    const what = undo ? commandText(undo.command) : null;
    this.button.disabled = !undo;
    setText(this.button.querySelector(".undo-label"), what ? t("lanes.undo_what", { what }) : t("lanes.undo"));
    this.button.title = undo ? `${t("lanes.undo")} (Ctrl+Z)` : t("lanes.undo_none");
  }
}

function commandText(command) {
  const name = `lanes.command.${EVENT_COMMANDS[command] || command}`;
  return has(name) ? t(name) : null;
}
