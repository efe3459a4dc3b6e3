// The facilitator's live board: token once (kept in this browser, never in a URL),
// phases, timer, lanes of themes, corrections, what the room sees and the moderation
// queue (moderation.js), the workshop's set-up (setup.js), presence, join code, exports.

import { $, el, pathParam, setText, show } from "./dom.js";
import { applyEvent, currentRound, findRound, ideasOfRound } from "./fold.js";
import {
  bindLanguageSelect, currentLanguage, groupLabel, onLanguageChange, preferredLanguage, setLanguage, t,
} from "./i18n.js";
import { Lanes } from "./lanes.js";
import { Moderation } from "./moderation.js";
import { SeedChooser, timerMinutes, WorkshopSetup } from "./setup.js";
import { StatementsBoard } from "./statements_board.js";
import { bindIndicator, RoomSocket } from "./socket.js";
import { key, load, save } from "./storage.js";
import { bindExports } from "./exports.js";
import { errorText, frameScheduler, reachableJoinUrl, runTimer, toast } from "./ui.js";

const workshopId = pathParam("/board/");
const TOKEN_KEY = key("facilitator", workshopId);
let state = null;
let viewedRoundId = null;   // the round on screen; follows the current round unless picked
let socket = null;
let presence = null;        // the latest {"type": "presence", now, joined}; until then state.present
let prefilled = null;       // "round id:timer seconds" the minutes field was last filled from
const schedule = frameScheduler(render);
const lanes = new Lanes($("#lanes"), {
  send: command,
  onSelection: (ids) => { $("#merge").disabled = ids.length < 2; },
});
const moderation = new Moderation(command);
const setup = new WorkshopSetup(command);
const seeder = new SeedChooser(command);
const statements = new StatementsBoard($("#statements"), command);
let boardView = "themes";   // what the board's main area shows: the themes or the statements

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
      if (!state || !applyEvent(state, id, name, data)) return;
      followEvent(name, data || {});
      schedule();
    },
    onMessage: (msg) => {
      if (msg.type === "presence") {
        presence = msg;
        schedule();
      } else if (msg.type === "error") {
        refused(msg.code);
      }
    },
    onFatal: (reason) => {
      if (reason === "unauthorized" || reason === "not_found" || reason === "deleted") {
        if (reason === "unauthorized") save(TOKEN_KEY, null);
        socket = null;
        state = null;
        askToken({ unauthorized: "token.wrong", not_found: "board.not_found", deleted: "error.deleted" }[reason]);
      } else {
        toast(errorText(reason), { ms: 20000 });
      }
    },
  });
  const renderIndicator = bindIndicator($("#conn"), socket, t);
  onLanguageChange(renderIndicator);
  socket.start();
}

/** Send a facilitator command; false (and a toast) when it could not go out. */
function command(message) {
  const sent = Boolean(socket?.send(message));
  if (!sent) toast(t("error.not_connected"));
  return sent;
}

/** What an event means to this tab beyond the state: its own edit or seeding answered. */
function followEvent(name, data) {
  if (name === "workshop.edited") {
    renderStatic();
    setup.saved();
    const language = preferredLanguage(state.language);
    if (language !== currentLanguage()) setLanguage(language).catch((error) => console.error(error));
  } else if (name === "round.seeded" && seeder.seeded(data.round_id)) {
    viewedRoundId = data.round_id;
    toast(t("board.seed_sent", { n: state.rounds.findIndex((r) => r.id === data.round_id) + 1 }), { ms: 3000 });
  }
}

/** The server refused a command: say why, and where a dialog waits for its answer, there too. */
function refused(code) {
  toast(errorText(code));
  setup.failed(code);
  seeder.failed(code);
  moderation.forgetSent();
  schedule();
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

/** Fewer / more themes: the round re-clustered into one theme less or more than it shows. */
for (const [id, step] of [["#fewer-themes", -1], ["#more-themes", 1]]) {
  $(id).addEventListener("click", () => {
    const round = viewedRound();
    const themes = themeCount(round) + step;
    command({ type: "recluster", round_id: round.id, themes });
    toast(t("board.themes_sent", { n: themes }), { ms: 3000 });
  });
}

$("#reveal").addEventListener("click", () => {
  const round = viewedRound();
  command({ type: "votes.reveal", round_id: round.id, revealed: !round.revealed });
});

$("#seed").addEventListener("click", () => {
  const round = viewedRound();
  const next = nextRound(round);
  if (next) seeder.open(state, round, next);
});

$("#setup-open").addEventListener("click", () => { if (state) setup.open(state); });

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

for (const button of document.querySelectorAll(".view-button")) {
  button.addEventListener("click", () => {
    boardView = button.dataset.boardView;
    schedule();
  });
}

$("#round").addEventListener("change", () => {
  viewedRoundId = $("#round").value;
  schedule();
});

// ---- exports: fetched with the token in a header, saved as a file ------------------

bindExports(document.querySelectorAll(".export-buttons button"), workshopId, () => load(TOKEN_KEY));

// ---- rendering -------------------------------------------------------------------

/** What does not change during a workshop: join code, QR code, projector link. */
function renderStatic() {
  const code = state.join_code;
  $("#qr").src = `/api/join/${encodeURIComponent(code)}/qr.svg`;
  $("#qr").alt = t("board.qr_alt", { code });
  setText($("#join-code"), code);
  setText($("#join-url"), `${location.host}\u200b/j/${code}`);
  reachableJoinUrl(code).then((url) => setText($("#join-url"), `${url.host}\u200b/j/${code}`));
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
  renderBoardView(round);
  moderation.render(state, round);
  setup.refresh(state);
  renderVoteTools(round);
  renderThemeTools(round);
  prefillMinutes(round);
  renderPresence(round);
  setText($("#model"), state.model ? t("board.model", { model: state.model }) : "");
  tickTimer();
}

/** The main area: the themes (lanes) or the round's statements; only the one shown is rendered. */
function renderBoardView(round) {
  for (const button of document.querySelectorAll(".view-button")) {
    button.setAttribute("aria-pressed", String(button.dataset.boardView === boardView));
  }
  show($("#lanes"), boardView === "themes");
  show($("#statements"), boardView === "statements");
  if (boardView === "themes") lanes.render(state, round);
  statements.render(state, round);  // also its count on the switch
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

const MAX_THEMES = 50;  // what `recluster` accepts

function themeCount(round) {
  return Object.keys(round.themes).length;
}

/** Re-clustering is for a round still open to it: never in vote or closed (frozen). */
function renderThemeTools(round) {
  const themes = themeCount(round);
  const frozen = ["vote", "closed"].includes(round.phase);
  setText($("#theme-count"), String(themes));
  $("#fewer-themes").disabled = frozen || themes <= 1;
  $("#more-themes").disabled = frozen || themes >= Math.min(MAX_THEMES, ideasOfRound(state, round.id).length);
  $("#recluster").disabled = frozen;
}

function renderRoundPicker(round) {
  const select = $("#round");
  const options = state.rounds.map((r, i) => `${i + 1}. ${r.prompt}`);
  const shown = Array.from(select.options, (option) => `${option.value}\n${option.text}`);
  if (shown.join("\n") !== state.rounds.map((r, i) => `${r.id}\n${options[i]}`).join("\n")) {
    select.replaceChildren(...state.rounds.map((r, i) => el("option", { value: r.id }, options[i])));
  }
  select.value = round.id;
  select.closest("label").hidden = state.rounds.length < 2;
}

/** The minutes field follows the round's planned timer, unless someone is typing in it. */
function prefillMinutes(round) {
  const planned = `${round.id}:${round.timer_seconds ?? ""}`;
  if (planned === prefilled || document.activeElement === $("#minutes")) return;
  prefilled = planned;
  $("#minutes").value = String(timerMinutes(round.timer_seconds) || 5);
}

/**
 * Per group: connected now / joined in all (only joined until the first presence message).
 * Joined comes from the state, which every participant.joined updates at once; the
 * presence message (every few seconds) would lag behind it.
 */
function renderPresence(round) {
  show($("#present-legend"), Boolean(presence));
  $("#present").replaceChildren(...state.groups.map((group) => {
    const joined = state.present?.[group] ?? presence?.joined?.[group] ?? 0;
    const count = presence ? `${presence.now?.[group] || 0} / ${joined}` : String(joined);
    return el("li", { class: presence && !presence.now?.[group] ? "is-away" : null },
      el("span", {}, groupLabel(group)), el("strong", {}, count));
  }));
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
