// The projector: read-only, large, calm. It shows what the facilitator lets through
// (round.screen): the prompt alone while people write in silence, the ideas, or the
// themes growing; the join QR code, the reachable address and code, the timer and live
// counts. It never shows names, hidden ideas or ideas that wait for approval. Once the
// facilitator reveals, a round shows the support per group of each statement it voted on, or
// of each theme its dots went to.

import { $, el, pathParam, reconcile, setText } from "./dom.js";
import { applyEvent, currentRound, ideasOfRound } from "./fold.js";
import { groupLabel, preferredLanguage, setLanguage, t } from "./i18n.js";
import { normalizeCode } from "./ids.js";
import { statementSupport } from "./support.js";
import { renderSupport, supportBlock } from "./support_view.js";
import { bindIndicator, RoomSocket } from "./socket.js";
import {
  frameScheduler, isLoopback, phaseText, reachableJoinUrl, renderHeadings, runTimer, themeLabel, visibleTally,
} from "./ui.js";

const code = normalizeCode(pathParam("/screen/"));
const MAX_THEMES = 12;
const LATEST = 6;     // newest ideas under the first few themes
const WALL = 30;      // ideas on the wall of the `ideas` view (as many as fit are shown)
const SMALLEST_FIT = 0.55;  // a long word may shrink its text to this share, never be cut
const LONG_WORD = 16;      // letters: themes with a word this long get wider columns
let state = null;
let joinUrl = new URL(`/j/${encodeURIComponent(code)}`, location.origin);
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

async function lookUpJoinUrl() {
  joinUrl = await reachableJoinUrl(code);
  schedule();
}

function spacedCode(joinCode) {
  return joinCode.length === 6 ? `${joinCode.slice(0, 3)} ${joinCode.slice(3)}` : joinCode;
}

function render() {
  if (!state) return;
  const round = currentRound(state);
  if (!round) return;
  const draft = round.phase === "draft";  // the prompt stays private until the round opens
  const statements = (round.statements || []).length > 0;  // the room sees them from the vote on
  const table = statements || Boolean(round.dot_support);  // support per group: statements, or dots once revealed
  const view = draft ? "draft" : table ? "statements" : round.screen || "themes";
  $("#stage").dataset.view = view;
  for (const node of document.querySelectorAll(".content")) node.lang = state.language;
  setText($("#title"), draft ? "" : state.title);
  const prompt = draft ? state.title : round.prompt;
  setText($("#prompt"), prompt);
  $("#prompt").dataset.length = prompt.length > 120 ? "very-long" : prompt.length > 60 ? "long" : "short";
  $("#headings").hidden = draft || renderHeadings($("#headings"), round) === 0;
  setText($("#phase"), phaseText(round.phase));
  $("#phase").dataset.phase = round.phase;
  renderJoin();
  const ideas = view === "prompt" ? [] : ideasOfRound(state, round.id);
  setText($("#participants"), Object.values(state.present || {}).reduce((a, b) => a + b, 0));
  setText($("#ideas"), ideas.length);
  $("#ideas-stat").hidden = view === "prompt" || view === "statements";
  $("#voters-stat").hidden = !["vote", "closed"].includes(round.phase) || !round.voters || statements;
  setText($("#voters"), round.voters || 0);
  $("#answerers-stat").hidden = !statements;
  setText($("#answerers"), round.answerers || 0);
  const shown = renderThemes(round, view === "themes" ? ideas : null);
  const wall = renderIdeas(round, view, ideas, shown);
  const results = renderStatements(round, view === "statements");
  renderWaiting(view, view === "statements" ? !results : ideas.length + shown === 0);
  fitAll();
  if (wall) keepWhatFits($("#latest"));
  else if (results) fitCards($("#statements"));
  else fitCards($("#themes"));
  tickTimer();
}

function renderJoin() {
  setText($("#code"), spacedCode(state.join_code));
  setText($("#join-how"), t("screen.how", { host: joinUrl.host }));
  const loopback = isLoopback(joinUrl);
  $("#loopback").hidden = !loopback;
  setText($("#loopback"), loopback ? t("screen.loopback") : "");
  $("#qr").alt = t("board.qr_alt", { code: state.join_code });
  if (!$("#qr").getAttribute("src")) $("#qr").src = `/api/join/${encodeURIComponent(state.join_code)}/qr.svg`;
}

/** A calm line under the prompt: soon, write in silence, or the first ideas are coming. */
function renderWaiting(view, empty) {
  const key = { draft: "screen.soon", prompt: "screen.silent", statements: "screen.answer" }[view] || "screen.first";
  $("#waiting").hidden = !(view === "draft" || view === "prompt" || empty);
  setText($("#waiting"), t(key));
}

/** A theme without a label is named by its representative idea, else by its place. */
/**
 * The round's themes with their ideas (null: the view shows no themes), in their stable
 * order (the order of round.themes), or by dots once the result is revealed.
 */
function renderThemes(round, ideas) {
  const counts = {};
  for (const idea of ideas || []) if (idea.theme_id in round.themes) counts[idea.theme_id] = (counts[idea.theme_id] || 0) + 1;
  const order = Object.keys(round.themes || {});
  let ids = ideas ? order.filter((id) => counts[id] || round.themes[id].pinned) : [];
  const tally = visibleTally(round);
  if (tally) ids = [...ids].sort((a, b) => (tally[b] || 0) - (tally[a] || 0));  // the result, best first
  ids = ids.slice(0, MAX_THEMES);
  const measure = (id) => (tally ? tally[id] || 0 : counts[id] || 0);
  const most = Math.max(1, ...ids.map(measure));
  const labels = Object.fromEntries(ids.map((id) => [id, themeLabel(round.themes[id], order.indexOf(id) + 1)]));
  const list = $("#themes");
  list.dataset.size = ids.length > 8 ? "many" : ids.length > 4 ? "some" : "few";
  list.dataset.columns = String(columnsFor(ids.length, Object.values(labels)));
  reconcile(list, ids, () => el("li", { class: "stage-theme" },
    el("div", { class: "stage-theme-head" },
      el("h2", { class: "stage-theme-label", "data-fit": true }), el("span", { class: "stage-theme-count" })),
    el("p", { class: "stage-theme-rep", "data-fit": true }),
    el("div", { class: "stage-theme-bar", "aria-hidden": "true" }, el("span"))), (node, id) => {
    const theme = round.themes[id];
    const label = labels[id];
    const n = measure(id);
    node.classList.toggle("has-tally", Boolean(tally));
    setText(node.querySelector(".stage-theme-label"), label);
    setText(node.querySelector(".stage-theme-count"), tally ? `● ${n}` : n);
    node.querySelector(".stage-theme-count").setAttribute("title", t(tally ? "board.dots" : "count.ideas", { n }));
    const example = theme.representative && theme.representative !== label ? `“${theme.representative}”` : "";
    setText(node.querySelector(".stage-theme-rep"), example);
    node.style.setProperty("--share", String(n / most));
  });
  return ids.length;
}

/**
 * What the support table shows once the facilitator reveals: the statements in the
 * facilitator's order, or (a dot vote) the themes by dots, each with the server's support per
 * group; null before (round.support and round.dot_support are null until then).
 */
function supportRows(round) {
  if ((round.statements || []).length) {
    return round.support ? { rows: round.statements, support: round.support } : null;
  }
  if (!round.dot_support) return null;
  const tally = round.tally || {};
  const order = Object.keys(round.themes || {});
  const ids = order.filter((id) => id in round.dot_support).sort((a, b) => (tally[b] || 0) - (tally[a] || 0));
  const text = (id) => `${themeLabel(round.themes[id], order.indexOf(id) + 1)} · ● ${tally[id] || 0}`;
  return { rows: ids.map((id) => ({ id, text: text(id) })), support: round.dot_support, voters: true };
}

/**
 * The support per group of the statements or themes (supportRows), under one row that names
 * the groups; true when shown.
 */
function renderStatements(round, visible) {
  const found = visible ? supportRows(round) : null;
  const shown = Boolean(found);
  $("#statements-section").hidden = !shown;
  const statements = shown ? found.rows : [];
  const list = $("#statements");
  list.dataset.size = statements.length > 2 ? "many" : "few";
  const groups = statements.length ? Object.keys(found.support[statements[0].id]?.answers || {}) : [];
  reconcile($("#statements-groups"), groups, () => el("li", { "data-fit": true }), (node, group) => setText(node, groupLabel(group)));
  reconcile(list, statements.map((s) => s.id), () => el("li", { class: "stage-statement" },
    el("h3", { class: "stage-statement-text", "data-fit": true }), supportBlock()), (node, id) => {
    const statement = statements.find((s) => s.id === id);
    setText(node.querySelector(".stage-statement-text"), statement.text);
    const entry = found.support[id];
    if (entry) renderSupport(node.querySelector(".support"), statementSupport(entry), { voters: found.voters });
  });
  setText($("#statements-small"), t(found?.voters ? "screen.too_few_voters_note" : "screen.too_small_note"));
  const small = statements.some((s) => statementSupport(found.support[s.id]).groups.some((g) => g.seen && g.tooSmall));
  $("#statements-small").hidden = !small;  // the hatching explained, however dense the rows
  return shown && statements.length > 0;
}

/** Two, three or four columns of themes; one column fewer when a label has a long word. */
function columnsFor(count, labels) {
  const columns = count > 8 ? 4 : count > 4 ? 3 : 2;
  const longest = Math.max(0, ...labels.flatMap((label) => label.split(/\s+/)).map((word) => word.length));
  return longest >= LONG_WORD && columns > 2 ? columns - 1 : columns;
}

/**
 * The `ideas` view: a wall of the newest ideas; the `themes` view: the newest few under
 * the first themes while the round collects. True when the wall is shown.
 */
function renderIdeas(round, view, ideas, themeCount) {
  const wall = view === "ideas";
  const show = ideas.length > 0 && (wall || (view === "themes" && round.phase === "collect" && themeCount <= 4));
  $("#latest-section").hidden = !show;
  const latest = show ? ideas.slice(-(wall ? WALL : LATEST)).reverse() : [];
  const list = $("#latest");
  reconcile(list, latest.map((i) => i.id), () => el("li", { class: "latest-idea", "data-fit": true }), (node, id) => {
    setText(node, state.ideas[id].text);
    node.hidden = false;
  });
  return show && wall;
}

/** The wall shows the newest ideas that fit whole; from the first that would be cut, the older stay off. */
function keepWhatFits(list) {
  const bottom = list.getBoundingClientRect().bottom;
  let full = false;
  for (const node of list.children) {
    full = full || node.getBoundingClientRect().bottom > bottom + 1;
    node.hidden = full;
  }
}

/**
 * Every theme (every statement) stays on the wall: when the cards do not fit the height they
 * have, they get denser (data-dense 1, 2): a theme drops its example idea, then takes a smaller
 * label; a statement's row tightens, then takes smaller text.
 */
function fitCards(list) {
  for (let dense = 0; dense <= 2; dense += 1) {
    list.dataset.dense = String(dense);
    if (list.scrollHeight <= list.clientHeight + 1) return;
  }
}

/**
 * Words are never cut: where the browser cannot hyphenate a word wider than its box (a
 * long compound), the text of that box is made smaller until the word fits.
 */
function fitText(node) {
  const key = `${node.textContent}|${node.clientWidth}`;
  if (node.dataset.fitted === key) return;
  node.style.fontSize = "";
  const size = parseFloat(getComputedStyle(node).fontSize);
  let scale = Math.min(1, node.clientWidth / Math.max(1, node.scrollWidth));
  for (let tries = 0; scale < 1 && tries < 6; tries += 1) {
    scale = Math.max(SMALLEST_FIT, scale * 0.97);
    node.style.fontSize = `${(size * scale).toFixed(1)}px`;
    if (scale === SMALLEST_FIT || node.scrollWidth <= node.clientWidth + 1) break;
  }
  node.dataset.fitted = key;
}

function fitAll() {
  for (const node of document.querySelectorAll("[data-fit]")) if (node.offsetParent) fitText(node);
}

window.addEventListener("resize", schedule);

const tickTimer = runTimer($("#timer"), () => (state ? currentRound(state)?.timer_ends_at : null));

setLanguage(preferredLanguage())
  .then(() => { connect(); return lookUpJoinUrl(); })
  .catch((error) => console.error(error));
