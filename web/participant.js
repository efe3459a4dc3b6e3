// The phone: join with a group, see the prompt and phase, post ideas (queued while
// offline, resent with the same client id until accepted), see themes, vote with dots.

import { $, el, pathParam, reconcile, setText, show } from "./dom.js";
import { applyEvent, currentRound, ideasOfRound } from "./fold.js";
import { bindLanguageSelect, groupLabel, onLanguageChange, preferredLanguage, setLanguage, t } from "./i18n.js";
import { cleanIdea, IDEA_MAX_CHARS, newClientId, normalizeCode } from "./ids.js";
import { bindIndicator, RoomSocket } from "./socket.js";
import { key, load, save } from "./storage.js";
import { errorText, frameScheduler, phaseText, runTimer, toast } from "./ui.js";

const code = normalizeCode(pathParam("/j/"));
const KEYS = {
  token: key("participant", code),
  draft: key("draft", code),
  mine: key("mine", code),
  votes: key("votes", code),
};

let info = null;          // GET /api/join/{code}
let state = null;         // the public view of the room
let socket = null;
let joining = null;       // {group, name} for a new participant's hello
let mine = load(KEYS.mine, []);   // [{client_id, text, round_id, status, event_id}]
let votes = load(KEYS.votes, {}); // {round_id: {theme_id: n}}
const votePending = new Set();
const schedule = frameScheduler(render);

// ---- boot ----------------------------------------------------------------------

async function boot() {
  await setLanguage(preferredLanguage());
  bindLanguageSelect($("#lang"));
  onLanguageChange(() => { if (info) renderJoinForm(); schedule(); });
  restoreDraft();
  info = await fetchJoin();
  if (!info) return;
  await setLanguage(preferredLanguage(info.language));
  setText($("#title"), info.title);
  document.title = `${info.title} · Cocreatie`;
  show($("#loading"), false);
  if (load(KEYS.token)) connect();
  else renderJoinForm();
}

async function fetchJoin() {
  let response;
  try {
    response = await fetch(`/api/join/${encodeURIComponent(code)}`);
  } catch (error) {
    console.warn("join lookup failed", error);
    return notice("notice.offline_title", "notice.offline_text", true);
  }
  if (response.status === 404) return notice("notice.not_found_title", "notice.not_found_text");
  if (response.status === 429) return notice("notice.busy_title", "notice.busy_text", true);
  if (!response.ok) return notice("notice.offline_title", "notice.offline_text", true);
  return response.json();
}

function notice(titleKey, textKey, retry = false) {
  show($("#loading"), false);
  setText($("#notice-title"), t(titleKey));
  setText($("#notice-text"), t(textKey));
  show($("#notice"), true);
  if (retry) setTimeout(() => location.reload(), 10000);
  return null;
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
      if (name === "idea.added") markAccepted(data.client_id, id);
      if (name === "phase.changed") flushOutbox();
      schedule();
    },
    onMessage: message,
    onStatus: () => schedule(),
    onFatal: fatal,
  });
  bindIndicator($("#conn"), socket, t);
  onLanguageChange(() => bindIndicatorText());
  socket.start();
}

function bindIndicatorText() {
  setText($("#conn .conn-label"), t(`conn.${socket.status}`));
}

function welcome(msg) {
  if (msg.participant_token) save(KEYS.token, msg.participant_token);
  if (msg.snapshot) state = msg.snapshot;
  show($("#join"), false);
  show($("#room"), true);
  for (const idea of Object.values(state.ideas)) markAccepted(idea.client_id, idea.id);
  flushOutbox();
  flushVotes();
  schedule();
}

function message(msg) {
  if (msg.type === "idea.accepted") {
    markAccepted(msg.client_id, msg.event_id);
    schedule();
  } else if (msg.type === "error") {
    if (msg.code === "wrong_phase") toast(t("error.wrong_phase_idea"));
    else toast(errorText(msg.code));
  }
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
  if (reason === "not_found") notice("notice.not_found_title", "notice.not_found_text");
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
  mine.push({ client_id: newClientId(), text, round_id: state.current_round_id, status: "pending" });
  saveMine();
  textarea.value = "";
  save(KEYS.draft, null);
  updateCounter();
  flushOutbox();
  schedule();
  textarea.focus();
});

function saveMine() {
  save(KEYS.mine, mine.slice(-200));
}

function markAccepted(clientId, eventId) {
  const item = mine.find((m) => m.client_id === clientId);
  if (!item || item.status === "accepted") return;
  item.status = "accepted";
  item.event_id = eventId;
  saveMine();
}

/** Send every idea not yet accepted, with its original client id (the server dedupes). */
function flushOutbox() {
  if (!state || !socket?.ready) return;
  const round = currentRound(state);
  for (const item of mine) {
    if (item.status !== "pending") continue;
    if (item.round_id !== round?.id && round?.phase === "collect") {
      item.status = "expired";
    } else if (round?.phase === "collect") {
      socket.send({ type: "idea.submit", client_id: item.client_id, text: item.text });
    }
  }
  saveMine();
}

function retry(item) {
  textarea.value = textarea.value ? `${textarea.value} ${item.text}` : item.text;
  save(KEYS.draft, textarea.value);
  mine = mine.filter((m) => m !== item);
  saveMine();
  updateCounter();
  schedule();
  textarea.focus();
}

// ---- votes -----------------------------------------------------------------------

function myDots(roundId) {
  votes[roundId] = votes[roundId] || {};
  return votes[roundId];
}

function changeDots(round, themeId, delta) {
  const dots = myDots(round.id);
  const used = Object.values(dots).reduce((a, b) => a + b, 0);
  const next = (dots[themeId] || 0) + delta;
  if (next < 0 || next > round.max_per_theme || (delta > 0 && used >= round.dots)) return;
  if (next === 0) delete dots[themeId];
  else dots[themeId] = next;
  save(KEYS.votes, votes);
  votePending.add(round.id);
  flushVotes();
  schedule();
}

function flushVotes() {
  if (!state || !socket?.ready) return;
  for (const roundId of votePending) {
    const round = state.rounds.find((r) => r.id === roundId);
    if (round?.phase !== "vote") { votePending.delete(roundId); continue; }
    if (socket.send({ type: "vote.cast", round_id: roundId, dots: myDots(roundId) })) votePending.delete(roundId);
  }
}

// ---- rendering -------------------------------------------------------------------

function themesOf(round) {
  const ideas = ideasOfRound(state, round.id);
  return Object.values(round.themes || {})
    .map((theme) => ({ theme, count: ideas.filter((i) => i.theme_id === theme.id).length }))
    .filter(({ theme, count }) => count > 0 || theme.pinned);
}

function render() {
  if (!state) return;
  const round = currentRound(state);
  if (!round) return;
  setText($("#title"), state.title);
  setText($("#prompt"), round.prompt);
  setText($("#phase"), phaseText(round.phase));
  $("#phase").dataset.phase = round.phase;
  setText($("#phase-help"), t(`help.${round.phase}`));
  show($("#compose"), round.phase === "collect");
  renderMine(round);
  renderThemes(round);
  renderVote(round);
  tickTimer();
}

function renderMine(round) {
  const items = mine.filter((m) => m.round_id === round.id || m.status === "pending" || m.status === "expired");
  show($("#mine-section"), items.length > 0);
  const offline = !socket?.ready;
  reconcile($("#mine"), items.map((m) => m.client_id).reverse(), () => el("li", { class: "mine-item" },
    el("p", { class: "mine-text" }), el("span", { class: "mine-status" })), (node, clientId) => {
    const item = mine.find((m) => m.client_id === clientId);
    setText(node.querySelector(".mine-text"), item.text);
    const status = item.status === "pending" ? (offline ? "queued" : "sending") : item.status;
    node.dataset.status = status;
    setText(node.querySelector(".mine-status"), t(`mine.${status}`));
    let button = node.querySelector("button");
    if (status === "expired" && !button) {
      button = el("button", { type: "button", class: "button small" }, t("mine.retry"));
      button.addEventListener("click", () => retry(item));
      node.append(button);
    }
  });
}

function renderThemes(round) {
  const visible = ["cluster", "closed"].includes(round.phase);
  const themes = visible ? themesOf(round) : [];
  show($("#themes-section"), themes.length > 0);
  reconcile($("#themes"), themes.map(({ theme }) => theme.id), () => el("li", { class: "theme-item" },
    el("p", { class: "theme-label" }), el("p", { class: "theme-rep" }), el("span", { class: "theme-count" })), (node, id) => {
    const { theme, count } = themes.find((x) => x.theme.id === id);
    setText(node.querySelector(".theme-label"), theme.label);
    setText(node.querySelector(".theme-rep"), theme.representative || "");
    setText(node.querySelector(".theme-count"), t("count.ideas", { n: count }));
  });
}

function renderVote(round) {
  const voting = round.phase === "vote";
  show($("#vote"), voting);
  if (!voting) return;
  const dots = myDots(round.id);
  const used = Object.values(dots).reduce((a, b) => a + b, 0);
  setText($("#dots-left"), t("vote.left", { n: round.dots - used, total: round.dots }));
  const themes = themesOf(round);
  reconcile($("#vote-list"), themes.map(({ theme }) => theme.id), (id) => {
    const minus = el("button", { type: "button", class: "dot-button minus" }, "−");
    const plus = el("button", { type: "button", class: "dot-button plus" }, "+");
    minus.addEventListener("click", () => changeDots(currentRound(state), id, -1));
    plus.addEventListener("click", () => changeDots(currentRound(state), id, +1));
    return el("li", { class: "vote-item" },
      el("div", { class: "vote-text" }, el("p", { class: "theme-label" }), el("p", { class: "theme-rep" })),
      el("div", { class: "vote-controls" }, minus,
        el("span", { class: "dot-count", "aria-hidden": "true" }), el("span", { class: "visually-hidden dot-sr" }), plus));
  }, (node, id) => {
    const { theme } = themes.find((x) => x.theme.id === id);
    const mineHere = dots[id] || 0;
    setText(node.querySelector(".theme-label"), theme.label);
    setText(node.querySelector(".theme-rep"), theme.representative || "");
    setText(node.querySelector(".dot-count"), "●".repeat(mineHere) || "0");
    setText(node.querySelector(".dot-sr"), t("vote.count", { n: mineHere }));
    node.querySelector(".minus").setAttribute("aria-label", t("vote.remove", { label: theme.label }));
    node.querySelector(".plus").setAttribute("aria-label", t("vote.add", { label: theme.label }));
    node.querySelector(".minus").disabled = mineHere === 0;
    node.querySelector(".plus").disabled = mineHere >= round.max_per_theme || used >= round.dots;
    node.classList.toggle("has-dots", mineHere > 0);
  });
}

const tickTimer = runTimer($("#timer"), () => (state ? currentRound(state)?.timer_ends_at : null));

boot().catch((error) => {
  console.error(error);
  notice("notice.offline_title", "notice.offline_text", true);
});
