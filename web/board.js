// The facilitator's live board: token once (kept in this browser, never in a URL),
// phases, timer, lanes of themes, corrections, presence, join code, exports.

import { $, el, pathParam, setText, show } from "./dom.js";
import { applyEvent, currentRound, findRound, ideasOfRound } from "./fold.js";
import { bindLanguageSelect, groupLabel, onLanguageChange, preferredLanguage, setLanguage, t } from "./i18n.js";
import { Lanes, short, UNASSIGNED } from "./lanes.js";
import { bindIndicator, RoomSocket } from "./socket.js";
import { key, load, save } from "./storage.js";
import { errorText, frameScheduler, runTimer, toast } from "./ui.js";

const workshopId = pathParam("/board/");
const TOKEN_KEY = key("facilitator", workshopId);
let state = null;
let viewedRoundId = null;   // the round on screen; follows the current round unless picked
let socket = null;
const schedule = frameScheduler(render);
const lanes = new Lanes($("#lanes"), {
  send: command,
  openMove,
  onSelection: (ids) => { $("#merge").disabled = ids.length < 2; },
});

// ---- the token -------------------------------------------------------------------

/** A link made by another tool may carry #token=…: keep it, then wipe it from the URL. */
function takeTokenFromHash() {
  const match = location.hash.match(/(?:^#|&)token=([^&]+)/);
  if (!match) return;
  save(TOKEN_KEY, decodeURIComponent(match[1]));
  history.replaceState(null, "", location.pathname + location.search);
}

function askToken(errorKey) {
  show($("#board"), false);
  show($("#token-form"), true);
  show($("#token-error"), Boolean(errorKey));
  if (errorKey) setText($("#token-error"), t(errorKey));
  $("#token").focus();
}

$("#token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = $("#token").value.trim();
  if (!token) return;
  save(TOKEN_KEY, token);
  $("#token").value = "";
  show($("#token-form"), false);
  connect();
});

// ---- the socket ------------------------------------------------------------------

function connect() {
  socket = new RoomSocket({
    path: `/ws/board/${encodeURIComponent(workshopId)}`,
    hello: (lastEventId) => {
      const hello = { type: "hello", token: load(TOKEN_KEY) };
      if (state && lastEventId) hello.last_event_id = lastEventId;
      return hello;
    },
    onWelcome: (msg) => {
      if (msg.snapshot) {
        const first = !state;
        state = msg.snapshot;
        if (first) setLanguage(preferredLanguage(state.language));
      }
      renderStatic();
      render(); // now, not on the next frame: the board never shows with an empty prompt
      show($("#token-form"), false);
      show($("#board"), true);
    },
    onEvent: (id, name, data) => {
      if (state && applyEvent(state, id, name, data)) schedule();
    },
    onMessage: (msg) => { if (msg.type === "error") toast(errorText(msg.code)); },
    onFatal: (reason) => {
      if (reason === "unauthorized" || reason === "not_found") {
        if (reason === "unauthorized") save(TOKEN_KEY, null);
        socket = null;
        state = null;
        askToken(reason === "unauthorized" ? "token.wrong" : "board.not_found");
      } else {
        toast(errorText(reason), { ms: 20000 });
      }
    },
  });
  const renderIndicator = bindIndicator($("#conn"), socket, t);
  onLanguageChange(renderIndicator);
  socket.start();
}

function command(message) {
  if (!socket?.send(message)) toast(t("error.not_connected"));
}

// ---- controls --------------------------------------------------------------------

function viewedRound() {
  return findRound(state, viewedRoundId) || currentRound(state);
}

for (const button of document.querySelectorAll(".phase-button")) {
  button.addEventListener("click", () => {
    command({ type: "phase.set", round_id: viewedRound().id, phase: button.dataset.phase });
  });
}

$("#timer-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const minutes = Number($("#minutes").value);
  if (!Number.isFinite(minutes) || minutes <= 0) return;
  command({ type: "timer.start", round_id: viewedRound().id, seconds: Math.round(minutes * 60) });
});

$("#timer-stop").addEventListener("click", () => command({ type: "timer.start", round_id: viewedRound().id, seconds: 0 }));
$("#recluster").addEventListener("click", () => {
  command({ type: "recluster", round_id: viewedRound().id });
  toast(t("board.recluster_sent"), { ms: 3000 });
});

$("#reveal").addEventListener("click", () => {
  const round = viewedRound();
  command({ type: "votes.reveal", round_id: round.id, revealed: !round.revealed });
});

$("#seed").addEventListener("click", () => {
  const round = viewedRound();
  const next = nextRound(round);
  if (!next) return;
  command({ type: "round.seed", round_id: next.id, source_round_id: round.id });
  toast(t("board.seed_sent", { n: state.rounds.indexOf(next) + 1 }), { ms: 3000 });
});

function nextRound(round) {
  return state.rounds[state.rounds.indexOf(round) + 1] || null;
}

$("#merge").addEventListener("click", () => {
  const ids = [...lanes.selected];
  if (ids.length < 2) return;
  command({ type: "theme.merge", theme_ids: ids });
  lanes.selected.clear();
  $("#merge").disabled = true;
});

$("#round").addEventListener("change", () => {
  viewedRoundId = $("#round").value;
  schedule();
});

// ---- moving with the keyboard: a dialog of destinations ---------------------------

function openMove(idea) {
  const dialog = $("#move-dialog");
  const round = viewedRound();
  const returnTo = document.activeElement;
  setText($("#move-idea"), short(idea.text, 120));
  const targets = [[UNASSIGNED, t("board.unassigned")],
    ...Object.values(round.themes).map((theme) => [theme.id, theme.label])];
  $("#move-targets").replaceChildren(...targets.map(([id, label]) => {
    const here = (idea.theme_id || UNASSIGNED) === id || (id === UNASSIGNED && !(idea.theme_id in round.themes));
    const button = el("button", { type: "button", class: "button move-target", "aria-current": here ? "true" : null }, label);
    button.addEventListener("click", () => {
      if (!here) command({ type: "idea.move", idea_id: idea.id, theme_id: id === UNASSIGNED ? null : id });
      dialog.close();
    });
    return el("li", {}, button);
  }));
  dialog.addEventListener("close", () => returnTo?.focus(), { once: true });
  dialog.showModal();
  $("#move-targets button:not([aria-current])")?.focus();
}

// ---- exports: fetched with the token in a header, saved as a file ------------------

for (const button of document.querySelectorAll(".export-buttons button")) {
  button.addEventListener("click", () => exportAs(button.dataset.format, button));
}

async function exportAs(format, button) {
  button.disabled = true;
  try {
    const response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/export?format=${format}`, {
      headers: { Authorization: `Bearer ${load(TOKEN_KEY)}` },
    });
    if (!response.ok) {
      toast(t("error.export_failed"));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: fileName(response, format) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    console.warn("export failed", error);
    toast(t("error.export_failed"));
  } finally {
    button.disabled = false;
  }
}

function fileName(response, format) {
  const header = response.headers.get("Content-Disposition") || "";
  const match = header.match(/filename="?([^";]+)"?/);
  return match ? match[1] : `cocreatie-${workshopId}.${format}`;
}

// ---- rendering -------------------------------------------------------------------

/** What does not change during a workshop: join code, QR code, projector link. */
function renderStatic() {
  const code = state.join_code;
  $("#qr").src = `/api/join/${encodeURIComponent(code)}/qr.svg`;
  $("#qr").alt = t("board.qr_alt", { code });
  setText($("#join-code"), code);
  setText($("#join-url"), `${location.host}/j/${code}`);
  $("#screen-link").href = `/screen/${encodeURIComponent(code)}`;
  document.title = `${state.title} · ${t("board.title")}`;
}

function render() {
  if (!state) return;
  const round = viewedRound();
  setText($("#title"), state.title);
  renderRoundPicker(round);
  setText($("#prompt"), round.prompt);
  for (const button of document.querySelectorAll(".phase-button")) {
    button.setAttribute("aria-pressed", String(button.dataset.phase === round.phase));
  }
  lanes.render(state, round);
  renderVoteTools(round);
  renderPresence(round);
  setText($("#model"), state.model ? t("board.model", { model: state.model }) : "");
  tickTimer();
}

function renderVoteTools(round) {
  const reveal = $("#reveal");
  reveal.hidden = !["vote", "closed"].includes(round.phase);
  reveal.setAttribute("aria-pressed", String(Boolean(round.revealed)));
  const next = nextRound(round);
  const seed = $("#seed");
  seed.hidden = round.phase !== "closed" || next?.phase !== "draft" || Object.keys(round.themes).length === 0;
  if (next) setText(seed, t("board.seed", { n: state.rounds.indexOf(next) + 1 }));
}

function renderRoundPicker(round) {
  const select = $("#round");
  const options = state.rounds.map((r, i) => `${i + 1}. ${r.prompt}`);
  if (select.options.length !== options.length) {
    select.replaceChildren(...state.rounds.map((r, i) => el("option", { value: r.id }, options[i])));
  }
  select.value = round.id;
  select.closest("label").hidden = state.rounds.length < 2;
}

function renderPresence(round) {
  const present = state.present || {};
  $("#present").replaceChildren(...Object.entries(present).map(([group, n]) =>
    el("li", {}, el("span", {}, groupLabel(group)), el("strong", {}, String(n)))));
  const ideas = ideasOfRound(state, round.id).length;
  const voters = Object.keys(round.votes || {}).length;
  setText($("#totals"), [t("count.ideas", { n: ideas }), round.phase === "vote" || voters ? t("count.voters", { n: voters }) : ""]
    .filter(Boolean).join(" · "));
}

const tickTimer = runTimer($("#timer"), () => (state ? viewedRound()?.timer_ends_at : null));

async function boot() {
  takeTokenFromHash();
  await setLanguage(preferredLanguage());
  bindLanguageSelect($("#lang"));
  onLanguageChange(() => { if (state) { renderStatic(); schedule(); } });
  if (load(TOKEN_KEY)) connect();
  else askToken();
}

boot().catch((error) => {
  console.error(error);
  toast(t("error.generic"));
});
