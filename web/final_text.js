// The round's final text (DESIGN §8: text.set), composed on the board from its statements:
// sentences in order, each built from one or more statements (ticked), its wording free. The
// draft lives in this tab until it is saved; the room's text (round.final_text) replaces the
// draft whenever nothing here is unsaved.

import { $, el, reconcile, setText } from "./dom.js";
import { t } from "./i18n.js";
import { cleanIdea, IDEA_MAX_CHARS } from "./ids.js";

const SENTENCE_MAX_CHARS = 2 * IDEA_MAX_CHARS;  // as cocreatie/models/messages.py: a sentence may merge statements

let nextKey = 0;

function sentence(text = "", statementIds = []) {
  nextKey += 1;
  return { key: `s${nextKey}`, text, statement_ids: [...statementIds] };
}

function same(draft, saved) {
  const plain = (list) => JSON.stringify(list.map((s) => [cleanIdea(s.text), s.statement_ids]));
  return plain(draft) === plain(saved);
}

export class FinalText {
  /** root: the #final-text section; send(message) puts a facilitator command on the board socket. */
  constructor(root, send) {
    this.root = root;
    this.send = send;
    this.round = null;
    this.sentences = [];   // the draft: [{key, text, statement_ids}]
    this.dirty = false;
    $("#sentence-add", root).addEventListener("click", () => this.addSentence());
    $("#final-text-form", root).addEventListener("submit", (event) => { event.preventDefault(); this.save(); });
  }

  render(round) {
    const changedRound = this.round?.id !== round.id;
    this.round = round;
    if (changedRound || !this.dirty || same(this.sentences, round.final_text)) {
      this.dirty = false;
      if (!same(this.sentences, round.final_text)) this.sentences = round.final_text.map((s) => sentence(s.text, s.statement_ids));
    }
    const known = new Set(round.statements.map((s) => s.id));
    for (const s of this.sentences) s.statement_ids = s.statement_ids.filter((id) => known.has(id));
    $("#sentence-add", this.root).disabled = round.statements.length === 0;
    reconcile($("#sentences", this.root), this.sentences.map((s) => s.key), (key) => this.sentenceNode(key),
      (node, key) => this.renderSentence(node, key));
    this.renderStatus();
  }

  renderStatus() {
    const problem = this.problem();
    const button = $("#final-text-save", this.root);
    button.disabled = !this.dirty || Boolean(problem);
    setText($("#final-text-status", this.root), this.dirty
      ? problem || t("final_text.unsaved")
      : this.round.final_text.length ? t("final_text.saved") : "");
  }

  /** Why the draft cannot be saved: a sentence without text or without a statement. */
  problem() {
    const n = this.sentences.findIndex((s) => !cleanIdea(s.text) || !s.statement_ids.length
      || cleanIdea(s.text).length > SENTENCE_MAX_CHARS);
    return n < 0 ? "" : t("final_text.incomplete", { n: n + 1 });
  }

  changed() {
    this.dirty = true;
    this.renderStatus();
  }

  addSentence() {
    const used = new Set(this.sentences.flatMap((s) => s.statement_ids));
    const next = this.round.statements.find((s) => !used.has(s.id));
    this.sentences.push(next ? sentence(next.text, [next.id]) : sentence());
    this.changed();
    this.render(this.round);
    $(`#sentences [data-key="${this.sentences.at(-1).key}"] textarea`, this.root).focus();
  }

  save() {
    if (this.problem()) return;
    const sentences = this.sentences.map((s) => ({ text: cleanIdea(s.text), statement_ids: s.statement_ids }));
    this.send({ type: "text.set", round_id: this.round.id, sentences });
  }

  find(key) {
    return this.sentences.find((s) => s.key === key);
  }

  sentenceNode(key) {
    const area = el("textarea", { id: `sentence-${key}`, class: "content", rows: 2, maxlength: SENTENCE_MAX_CHARS });
    area.addEventListener("input", () => { this.find(key).text = area.value; this.changed(); });
    const tool = (name, label, onclick) => el("button", { type: "button", class: `button small ${name}`, onclick }, label);
    return el("li", { class: "sentence" },
      el("div", { class: "sentence-head" },
        el("label", { for: `sentence-${key}`, class: "sentence-label" }),
        el("div", { class: "sentence-tools" },
          tool("up", "↑", () => this.move(key, -1)), tool("down", "↓", () => this.move(key, +1)),
          tool("remove", t("final_text.remove"), () => this.removeSentence(key)))),
      area,
      el("fieldset", { class: "sentence-sources" },
        el("legend", {}, t("final_text.from")), el("ul", { class: "sentence-statements" })));
  }

  renderSentence(node, key) {
    const index = this.sentences.findIndex((s) => s.key === key);
    const draft = this.sentences[index];
    const label = t("final_text.sentence", { n: index + 1 });
    setText(node.querySelector(".sentence-label"), label);
    const area = node.querySelector("textarea");
    if (document.activeElement !== area && area.value !== draft.text) area.value = draft.text;
    node.querySelector(".up").disabled = index === 0;
    node.querySelector(".down").disabled = index === this.sentences.length - 1;
    node.querySelector(".up").setAttribute("aria-label", t("final_text.up", { n: index + 1 }));
    node.querySelector(".down").setAttribute("aria-label", t("final_text.down", { n: index + 1 }));
    node.querySelector(".remove").setAttribute("aria-label", t("final_text.remove_label", { n: index + 1 }));
    const statements = this.round.statements;
    reconcile(node.querySelector(".sentence-statements"), statements.map((s) => s.id), (id) => {
      const box = el("input", { type: "checkbox", id: `pick-${key}-${id}`, value: id });
      box.addEventListener("change", () => this.pick(key, id, box.checked));
      return el("li", {}, el("label", { for: `pick-${key}-${id}`, class: "sentence-pick" }, box, el("span")));
    }, (item, id) => {
      const n = statements.findIndex((s) => s.id === id);
      setText(item.querySelector("span"), `${n + 1}. ${statements[n].text}`);
      item.querySelector("input").checked = draft.statement_ids.includes(id);
    });
  }

  /** Tick a statement into a sentence; an empty sentence takes the statement's words to start from. */
  pick(key, statementId, on) {
    const draft = this.find(key);
    draft.statement_ids = on
      ? this.round.statements.map((s) => s.id).filter((id) => id === statementId || draft.statement_ids.includes(id))
      : draft.statement_ids.filter((id) => id !== statementId);
    if (on && !cleanIdea(draft.text)) draft.text = this.round.statements.find((s) => s.id === statementId).text;
    this.changed();
    this.render(this.round);
  }

  move(key, step) {
    const from = this.sentences.findIndex((s) => s.key === key);
    const to = from + step;
    if (to < 0 || to >= this.sentences.length) return;
    [this.sentences[from], this.sentences[to]] = [this.sentences[to], this.sentences[from]];
    this.changed();
    this.render(this.round);
    const button = $(`#sentences [data-key="${key}"] .${step < 0 ? "up" : "down"}`, this.root);
    (button.disabled ? $(`#sentences [data-key="${key}"] textarea`, this.root) : button).focus();
  }

  removeSentence(key) {
    const index = this.sentences.findIndex((s) => s.key === key);
    this.sentences.splice(index, 1);
    this.changed();
    this.render(this.round);
    $("#sentence-add", this.root).focus();
  }
}
