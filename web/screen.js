// The projector: read-only, large, calm. The prompt, the themes growing, the join
// QR code and code, the timer and live counts. It never shows names or hidden ideas.

import { $, el, pathParam, reconcile, setText } from "./dom.js";
import { applyEvent, currentRound, ideasOfRound } from "./fold.js";
import { preferredLanguage, setLanguage, t } from "./i18n.js";
import { normalizeCode } from "./ids.js";
import { bindIndicator, RoomSocket } from "./socket.js";
import { frameScheduler, phaseText, renderHeadings, runTimer, visibleTally } from "./ui.js";

const code = normalizeCode(pathParam("/screen/"));
const MAX_THEMES = 12;
const LATEST = 6;
let state = null;
const themeOrder = [];
const schedule = frameScheduler(render);

function connect() {
  const socket = new RoomSocket({
    path: `/ws/screen/${encodeURIComponent(code)}`,
    hello: (lastEventId) => (state && lastEventId ? { type: "hello", last_event_id: lastEventId } : { type: "hello" }),
    onWelcome: (msg) => {
      if (msg.snapshot) {
        const first = !state;
        state = msg.snapshot;
        if (first) setLanguage(preferredLanguage(state.language)).then(schedule);
      }
      schedule();
    },
    onEvent: (id, name, data) => { if (state && applyEvent(state, id, name, data)) schedule(); },
    onFatal: (reason) => {
      setText($("#prompt"), t(reason === "not_found" ? "notice.not_found_title" : `error.${reason}`));
    },
  });
  bindIndicator($("#conn"), socket, t);
  socket.start();
}

function spacedCode(joinCode) {
  return joinCode.length === 6 ? `${joinCode.slice(0, 3)} ${joinCode.slice(3)}` : joinCode;
}

function render() {
  if (!state) return;
  const round = currentRound(state);
  if (!round) return;
  const draft = round.phase === "draft";  // the prompt stays private until the round opens
  setText($("#title"), draft ? "" : state.title);
  const prompt = draft ? state.title : round.prompt;
  setText($("#prompt"), prompt);
  $("#prompt").dataset.length = prompt.length > 120 ? "very-long" : prompt.length > 60 ? "long" : "short";
  $("#headings").hidden = draft || renderHeadings($("#headings"), round) === 0;
  setText($("#phase"), phaseText(round.phase));
  $("#phase").dataset.phase = round.phase;
  setText($("#code"), spacedCode(state.join_code));
  setText($("#join-how"), t("screen.how", { host: location.host }));
  $("#qr").alt = t("board.qr_alt", { code: state.join_code });
  if (!$("#qr").getAttribute("src")) $("#qr").src = `/api/join/${encodeURIComponent(state.join_code)}/qr.svg`;
  const ideas = ideasOfRound(state, round.id);
  setText($("#participants"), Object.values(state.present || {}).reduce((a, b) => a + b, 0));
  setText($("#ideas"), ideas.length);
  $("#voters-stat").hidden = !["vote", "closed"].includes(round.phase) || !round.voters;
  setText($("#voters"), round.voters || 0);
  const shown = renderThemes(round, ideas);
  renderLatest(round, ideas, shown);
  const waiting = shown === 0 && (round.phase === "draft" || ideas.length === 0);
  $("#waiting").hidden = !waiting;
  setText($("#waiting"), t(round.phase === "draft" ? "screen.soon" : "screen.first"));
  tickTimer();
}

function renderThemes(round, ideas) {
  const counts = {};
  for (const idea of ideas) if (idea.theme_id in round.themes) counts[idea.theme_id] = (counts[idea.theme_id] || 0) + 1;
  for (const id of Object.keys(round.themes)) if (!themeOrder.includes(id)) themeOrder.push(id);
  let ids = themeOrder.filter((id) => id in round.themes && (counts[id] || round.themes[id].pinned));
  const tally = visibleTally(round);
  if (tally) ids = [...ids].sort((a, b) => (tally[b] || 0) - (tally[a] || 0));  // the result, best first
  ids = ids.slice(0, MAX_THEMES);
  const measure = (id) => (tally ? tally[id] || 0 : counts[id] || 0);
  const most = Math.max(1, ...ids.map(measure));
  const list = $("#themes");
  list.dataset.size = ids.length > 8 ? "many" : ids.length > 4 ? "some" : "few";
  reconcile(list, ids, () => el("li", { class: "stage-theme" },
    el("div", { class: "stage-theme-head" }, el("h2", { class: "stage-theme-label" }), el("span", { class: "stage-theme-count" })),
    el("p", { class: "stage-theme-rep" }),
    el("div", { class: "stage-theme-bar", "aria-hidden": "true" }, el("span"))), (node, id) => {
    const theme = round.themes[id];
    const n = measure(id);
    node.classList.toggle("has-tally", Boolean(tally));
    setText(node.querySelector(".stage-theme-label"), theme.label);
    setText(node.querySelector(".stage-theme-count"), tally ? `● ${n}` : n);
    node.querySelector(".stage-theme-count").setAttribute("title", t(tally ? "board.dots" : "count.ideas", { n }));
    setText(node.querySelector(".stage-theme-rep"), theme.representative ? `“${theme.representative}”` : "");
    node.style.setProperty("--share", String(n / most));
  });
  return ids.length;
}

function renderLatest(round, ideas, themeCount) {
  const show = round.phase === "collect" && ideas.length > 0 && themeCount <= 4;
  $("#latest-section").hidden = !show;
  const latest = show ? ideas.slice(-LATEST).reverse() : [];
  reconcile($("#latest"), latest.map((i) => i.id), () => el("li", { class: "latest-idea" }), (node, id) => {
    setText(node, state.ideas[id].text);
  });
}

const tickTimer = runTimer($("#timer"), () => (state ? currentRound(state)?.timer_ends_at : null));

setLanguage(preferredLanguage()).then(connect).catch((error) => console.error(error));
