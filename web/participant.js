// The phone: join with a group, see the prompt and phase, post ideas (queued while
// offline, resent with the same client id until accepted; shown as waiting while the
// facilitator has not let them through), see themes, vote with dots or answer statements
// (statements_phone.js), see the results.

import { $, el, pathParam, reconcile, setText, show } from "./dom.js";
import { applyEvent, currentRound, ideasOfRound } from "./fold.js";
import { bindLanguageSelect, groupLabel, onLanguageChange, preferredLanguage, setLanguage, t } from "./i18n.js";
import { cleanIdea, IDEA_MAX_CHARS, normalizeCode } from "./ids.js";
import { Ballot } from "./ballot.js";
import { Outbox } from "./outbox.js";
import { AnswerOutbox, StatementsPhone } from "./statements_phone.js";
import { bindIndicator, RoomSocket } from "./socket.js";
import { key, load, save } from "./storage.js";
import { statementSupport } from "./support.js";
import { renderSupport, supportBlock } from "./support_view.js";
import { errorText, frameScheduler, phaseText, renderHeadings, runTimer, themeLabel, toast, visibleTally } from "./ui.js";

const code = normalizeCode(pathParam("/j/"));
const KEYS = {
  token: key("participant", code),
  draft: key("draft", code),
  mine: key("mine", code),
  votes: key("votes", code),
  answers: key("answers", code),
};

let info = null;          // GET /api/join/{code}
let state = null;         // the public view of the room
let socket = null;
let joining = null;       // {group, name} for a new participant's hello
let participantId = null; // this phone's participant (welcome): it seeds the order of the statements
const outbox = new Outbox(KEYS.mine, (message) => Boolean(socket?.send(message)));
const ballot = new Ballot(KEYS.votes, (message) => Boolean(socket?.send(message)));
const answers = new AnswerOutbox(KEYS.answers, (message) => Boolean(socket?.send(message)));
const statements = new StatementsPhone(answers, () => { flushAnswers(); render(); });
const schedule = frameScheduler(render);
const RESEND_CODES = new Set(["unavailable", "rate_limited", "wrong_phase"]);  // the same idea may go again
const resend = { delay: 1000, timer: null };

// ---- boot ----------------------------------------------------------------------

async function boot() {
  await setLanguage(preferredLanguage());
  bindLanguageSelect($("#lang"));
  onLanguageChange(() => {
    if (info) renderJoinForm();
    if (socket) setText($("#conn .conn-label"), t(`conn.${socket.status}`));
    schedule();
  });
  restoreDraft();
  info = await lookUpCode();
  if (!info) return;
  show($("#notice"), false);
  await setLanguage(preferredLanguage(info.language));
  setText($("#title"), info.title);
  document.title = `${info.title} · Cocreatie`;
  show($("#loading"), false);
  if (load(KEYS.token)) connect();
  else renderJoinForm();
}

/** The workshop behind the code; while the network or the server is away, keep trying. */
async function lookUpCode() {
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await fetchJoin();
    if (outcome.info || !outcome.retry) return outcome.info || null;
    await new Promise((resolve) => { setTimeout(resolve, Math.min(30000, 2000 * 2 ** attempt)); });
  }
}

async function fetchJoin() {
  let response;
  try {
    response = await fetch(`/api/join/${encodeURIComponent(code)}`);
  } catch (error) {
    console.warn("join lookup failed", error);
    return notice("notice.offline_title", "notice.offline_text", true);
  }
  if (response.status === 404) return notice("notice.not_found_title", "notice.not_found_text", false);
  if (response.status === 429) return notice("notice.busy_title", "notice.busy_text", true);
  if (!response.ok) return notice("notice.offline_title", "notice.offline_text", true);
  return { info: await response.json() };
}

function notice(titleKey, textKey, retry) {
  show($("#loading"), false);
  setText($("#notice-title"), t(titleKey));
  setText($("#notice-text"), t(textKey));
  show($("#notice"), true);
  return { retry };
}

// ---- joining -------------------------------------------------------------------

function renderJoinForm() {
  const form = $("#join");
  if (load(KEYS.token) || socket) return;
  setText($("#join-title"), info.title);
  const list = $("#groups");
  const checked = list.querySelector("input:checked")?.value;
  list.replaceChildren(...info.groups.map((group, i) => el("label", { class: "choice" },
    el("input", { type: "radio", name: "group", value: group, id: `group-${i}`, required: true, checked: group === checked }),
    el("span", {}, groupLabel(group)))));
  show(form, true);
}

$("#join").addEventListener("submit", (event) => {
  event.preventDefault();
  const group = $("#groups input:checked")?.value;
  if (!group) {
    setText($("#join-error"), t("join.pick_group"));
    show($("#join-error"), true);
    $("#groups input")?.focus();
    return;
  }
  joining = { group, name: $("#name").value.trim() || undefined };
  show($("#join"), false);
  connect();
});

// ---- the socket ----------------------------------------------------------------

function connect() {
  socket = new RoomSocket({
    path: `/ws/join/${encodeURIComponent(code)}`,
    hello: (lastEventId) => {
      const token = load(KEYS.token);
      const hello = { type: "hello" };
      if (token) hello.participant_token = token;
      else Object.assign(hello, joining);
      if (state && lastEventId) hello.last_event_id = lastEventId;
      return hello;
    },
    onWelcome: welcome,
    onEvent: (id, name, data) => {
      if (!state) return;
      applyEvent(state, id, name, data);
      noteArrivals(id, name, data || {});
      if (name === "phase.changed") { flushOutbox({ again: true }); ballot.flush(state); flushAnswers({ again: true }); }
      schedule();
    },
    onMessage: message,
    onStatus: () => schedule(),
    onFatal: fatal,
  });
  bindIndicator($("#conn"), socket, t);
  socket.start();
}

function welcome(msg) {
  if (msg.participant_token) save(KEYS.token, msg.participant_token);
  if (msg.snapshot) state = msg.snapshot;
  if (msg.participant_id) participantId = msg.participant_id;
  if (msg.ballots) ballot.adopt(msg.ballots);
  if (msg.answers) answers.adopt(msg.answers);
  if (Array.isArray(msg.own_waiting)) outbox.adoptWaiting(msg.own_waiting);
  for (const idea of Object.values(state.ideas)) outbox.accepted(idea.client_id, idea.id);
  flushOutbox({ again: true });
  ballot.flush(state);
  flushAnswers({ again: true });
  render(); // now, not on the next frame: the room never shows with an empty prompt
  show($("#join"), false);
  show($("#room"), true);
}

function message(msg) {
  if (msg.type === "error" && !socket.ready && !load(KEYS.token)) {
    // The room refused this hello (e.g. an unknown group): back to the form, calmly.
    socket.stop();
    socket = null;
    renderJoinForm();
    setText($("#join-error"), errorText(msg.code));
    show($("#join-error"), true);
    return;
  }
  if (msg.type === "idea.accepted") {
    outbox.accepted(msg.client_id, msg.event_id, { waiting: Boolean(msg.waiting) });
    resend.delay = 1000;
    schedule();
  } else if (msg.type === "vote.accepted") {
    ballot.accepted(msg.round_id, msg.dots);
  } else if (msg.type === "answer.accepted") {
    answers.accepted(msg);
    schedule();
  } else if (msg.type === "error") {
    refused(msg);
  }
}

/**
 * An error answer: ideas and statement answers the room could not take now go again later; an
 * idea it will never take comes back to the text field, an answer to a statement that is gone is dropped.
 */
function refused(msg) {
  if (msg.code === "invalid_vote") ballot.refused();
  if (msg.statement_id) refusedAnswer(msg);
  else if (msg.code === "wrong_phase") toast(t("error.wrong_phase_idea"));
  else if (msg.code === "unavailable") toast(t("phone.resending"));
  else toast(errorText(msg.code));
  if (!RESEND_CODES.has(msg.code)) {
    if (msg.client_id) outbox.refused(msg.client_id);
  } else {
    if (msg.client_id) outbox.later(msg.client_id);
    resendSoon(!msg.client_id);
  }
  schedule();
}

/** An answer the room could not take now goes again later (a vote that ended: when it votes again). */
function refusedAnswer(msg) {
  const own = { unavailable: "answer.resending", wrong_phase: "answer.closed" }[msg.code];
  toast(own ? t(own) : errorText(msg.code));
  if (RESEND_CODES.has(msg.code)) {
    answers.later(msg.statement_id);
    return;
  }
  const round = state?.rounds.find((r) => msg.statement_id in answers.of(r.id));
  if (round) answers.drop(round.id, msg.statement_id);
}

/** Flush the outbox again after a growing pause (1 s, 2 s, … 15 s). again: resend everything. */
function resendSoon(again) {
  if (resend.timer) return;
  resend.timer = setTimeout(() => {
    resend.timer = null;
    flushOutbox({ again });
    if (state) ballot.flush(state);
    flushAnswers();
    schedule();
  }, resend.delay);
  resend.delay = Math.min(15000, resend.delay * 2);
}

/** The outbox learns from the public feed which of its ideas the room now shows. */
function noteArrivals(id, name, data) {
  if (name === "idea.added" && data.client_id) outbox.accepted(data.client_id, id);
  if (name === "idea.approved") outbox.approved(data.idea_id);
  const seen = Object.values(data.rounds_seen || {}).flatMap((round) => Object.values(round.ideas || {}));
  for (const idea of [data.idea, ...seen]) if (idea?.client_id) outbox.accepted(idea.client_id, idea.id);
}

function fatal(reason) {
  if (reason === "unauthorized" && load(KEYS.token)) {
    // The room no longer knows this phone: join again as a new participant.
    save(KEYS.token, null);
    socket = null;
    state = null;
    show($("#room"), false);
    renderJoinForm();
    return;
  }
  if (reason === "deleted") {
    // The facilitator deleted the workshop: nothing here can be sent any more.
    show($("#room"), false);
    notice("notice.deleted_title", "notice.deleted_text", false);
  } else if (reason === "not_found") notice("notice.not_found_title", "notice.not_found_text", false);
  else toast(errorText(reason), { ms: 15000 });
}

// ---- ideas: compose, queue, resend ---------------------------------------------

const textarea = $("#idea");

function restoreDraft() {
  textarea.value = load(KEYS.draft, "");
  updateCounter();
}

function updateCounter() {
  const length = cleanIdea(textarea.value).length;
  setText($("#counter"), `${length} / ${IDEA_MAX_CHARS}`);
  $("#counter").classList.toggle("over", length > IDEA_MAX_CHARS);
}

textarea.addEventListener("input", () => {
  save(KEYS.draft, textarea.value);
  updateCounter();
  show($("#compose-error"), false);
});

textarea.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("#compose").requestSubmit();
});

$("#compose").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = cleanIdea(textarea.value);
  const problem = !text ? "idea.empty" : text.length > IDEA_MAX_CHARS ? "idea.too_long" : null;
  if (problem) {
    setText($("#compose-error"), t(problem, { max: IDEA_MAX_CHARS }));
    show($("#compose-error"), true);
    return;
  }
  outbox.add(text, state.current_round_id, $("#heading").value || null);
  textarea.value = "";
  save(KEYS.draft, null);
  updateCounter();
  flushOutbox();
  schedule();
  textarea.focus();
});

function retry(item) {
  textarea.value = textarea.value ? `${textarea.value} ${item.text}` : item.text;
  save(KEYS.draft, textarea.value);
  outbox.remove(item.client_id);
  updateCounter();
  schedule();
  textarea.focus();
}

function flushOutbox(options) {
  if (state && socket?.ready) outbox.flush(currentRound(state), options);
}

function flushAnswers(options) {
  if (state && socket?.ready) answers.flush(state, options);
}

// ---- rendering -------------------------------------------------------------------

/** The themes the room may see, in their stable order: each with a label never blank, an example idea, its count. */
function themesOf(round) {
  const ideas = ideasOfRound(state, round.id);
  return Object.values(round.themes || {})
    .map((theme, i) => {
      const label = themeLabel(theme, i + 1);
      const example = theme.representative && theme.representative !== label ? theme.representative : "";
      return { theme, label, example, count: ideas.filter((x) => x.theme_id === theme.id).length };
    })
    .filter(({ theme, count }) => count > 0 || theme.pinned);
}

/** A theme without a label is named by its representative idea, else by its place. */
function render() {
  if (!state) return;
  const round = currentRound(state);
  if (!round) return;
  setText($("#title"), state.title);
  const prompt = round.phase === "draft" ? state.title : round.prompt;
  setText($("#prompt"), prompt);
  $("#prompt").style.setProperty("--longest", String(Math.max(1, ...prompt.split(/\s+/).map((word) => word.length))));
  setText($("#phase"), phaseText(round.phase));
  $("#phase").dataset.phase = round.phase;
  const onStatements = round.phase === "vote" && (round.statements || []).length > 0;
  setText($("#phase-help"), onStatements ? t("help.vote_statements") : t(`help.${round.phase}`));
  for (const node of document.querySelectorAll(".content")) node.lang = state.language;
  renderSeededHeadings(round);
  show($("#compose"), round.phase === "collect");
  renderMine(round);
  renderThemes(round);
  statements.render(round, participantId || "", Boolean(socket?.ready));
  renderVote(round);
  tickTimer();
}

/** A seeded round's headings, folded away under one line, and the choice of heading for a new idea. */
function renderSeededHeadings(round) {
  const count = round.phase === "draft" ? 0 : renderHeadings($("#headings"), round);
  show($("#headings-block"), count > 0);
  setText($("#headings-count"), count ? `(${count})` : "");
  const select = $("#heading");
  const chosen = select.value;
  const headings = round.headings || [];
  reconcile(select, headings.map((h) => h.theme_id), () => el("option"), (node, id) => {
    node.value = id;
    setText(node, headingLabel(id));
  });
  select.value = headings.some((h) => h.theme_id === chosen) ? chosen : "";
  show($("#heading-field"), round.phase === "collect" && count > 0);
}

/** A heading's name, from the round that has it. */
function headingLabel(themeId) {
  for (const round of state.rounds) {
    const heading = (round.headings || []).find((h) => h.theme_id === themeId);
    if (heading) return heading.label || heading.prompt;
  }
  return "";
}

function renderMine(round) {
  const count = outbox.render($("#mine"), round.id, {
    connected: Boolean(socket?.ready),
    headingLabel: (id) => t("phone.mine_heading", { label: headingLabel(id) }),
    onRetry: retry,
  });
  show($("#mine-section"), count > 0);
}

/** The themes while they form and after the vote; once results are revealed, by dots, each with its support per group. */
function renderThemes(round) {
  const visible = ["cluster", "closed"].includes(round.phase) || Boolean(round.dot_support);
  const tally = visibleTally(round);
  const themes = visible ? themesOf(round) : [];
  if (tally) themes.sort((a, b) => (tally[b.theme.id] || 0) - (tally[a.theme.id] || 0));  // the result, best first
  show($("#themes-section"), themes.length > 0);
  reconcile($("#themes"), themes.map(({ theme }) => theme.id), () => el("li", { class: "theme-item" },
    el("p", { class: "theme-label" }), el("p", { class: "theme-rep" }),
    el("span", { class: "theme-count" }), el("span", { class: "theme-dots" }), supportBlock()), (node, id) => {
    const { label, example, count } = themes.find((x) => x.theme.id === id);
    setText(node.querySelector(".theme-label"), label);
    setText(node.querySelector(".theme-rep"), example);
    setText(node.querySelector(".theme-count"), t("count.ideas", { n: count }));
    setText(node.querySelector(".theme-dots"), tally ? t("board.dots", { n: tally[id] || 0 }) : "");
    const support = round.dot_support?.[id];
    node.querySelector(".support").hidden = !support;
    if (support) renderSupport(node.querySelector(".support"), statementSupport(support), { voters: true });
  });
}

/** The dots, in a vote without statements (a round with statements votes on those instead). */
function renderVote(round) {
  const voting = round.phase === "vote" && !(round.statements || []).length;
  show($("#vote"), voting);
  if (!voting) return;
  const themes = themesOf(round);
  show($("#vote-empty"), themes.length === 0);
  ballot.render($("#vote-list"), $("#dots-left"), round, themes, visibleTally(round), (themeId, delta) => {
    if (ballot.change(currentRound(state), themeId, delta)) {
      ballot.flush(state);
      schedule();
    }
  });
}

const tickTimer = runTimer($("#timer"), () => (state ? currentRound(state)?.timer_ends_at : null));

boot().catch((error) => {
  console.error(error);
  notice("notice.offline_title", "notice.offline_text", false);
});
