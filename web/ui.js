// Page furniture shared by all pages: the calm toast, error messages, phase names, the timer.

import { clock, el, reconcile, setText } from "./dom.js";
import { has, t } from "./i18n.js";

let toastTimer = null;

/** A short, calm message at the bottom of the screen. */
export function toast(message, { ms = 5000 } = {}) {
  const node = document.getElementById("toast");
  if (!node) return;
  setText(node, message);
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { node.hidden = true; }, ms);
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The address phones can reach, as the server knows it (join_url); this page's own host otherwise. */
export async function reachableJoinUrl(code) {
  const fallback = new URL(`/j/${encodeURIComponent(code)}`, location.origin);
  try {
    const response = await fetch(`/api/join/${encodeURIComponent(code)}`);
    const info = response.ok ? await response.json() : {};
    return info.join_url ? new URL(info.join_url, location.origin) : fallback;
  } catch (error) {
    console.warn("join address lookup failed; showing this page's host", error);
    return fallback;
  }
}

/** Is this an address only this computer can reach? */
export function isLoopback(url) {
  return LOOPBACK.has(url.hostname) || url.hostname.startsWith("127.");
}

/** A theme's name for the room: its label, else its representative idea, else "Thema n". */
export function themeLabel(theme, n) {
  return theme.label?.trim() || theme.representative || t("theme.n", { n });
}

/** The user's-language text for an error code from the server or the socket. */
export function errorText(code) {
  return has(`error.${code}`) ? t(`error.${code}`) : t("error.generic");
}

export function phaseText(phase) {
  return t(`phase.${phase}`);
}

/**
 * Keep a countdown node up to date: endsAt() returns the round's timer_ends_at
 * (epoch seconds) or null. The node is hidden when there is no timer.
 */
export function runTimer(node, endsAt) {
  const tick = () => {
    const end = endsAt();
    if (!end) { node.hidden = true; return; }
    const left = end - Date.now() / 1000;
    node.hidden = false;
    node.classList.toggle("timer-done", left <= 0);
    node.classList.toggle("timer-soon", left > 0 && left <= 30);
    setText(node, left > 0 ? clock(left) : t("timer.done"));
  };
  tick();
  setInterval(tick, 500);
  return tick;
}

/** Run `render` once per animation frame however many events arrive. */
export function frameScheduler(render) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    const run = () => { queued = false; render(); };
    if (document.hidden) setTimeout(run, 100);  // frames do not come to hidden tabs
    else requestAnimationFrame(run);
  };
}

/** The headings of a seeded round (themes of an earlier round): each one's question. */
export function renderHeadings(list, round) {
  const headings = round.headings || [];
  reconcile(list, headings.map((h) => h.theme_id), () => el("li", { class: "heading" }), (node, id) => {
    const heading = headings.find((h) => h.theme_id === id);
    setText(node, heading.prompt || heading.label);
  });
  return headings.length;
}

/** Dots per theme when the room may see them, else null: the server decides
 * (cocreatie/rules/votes.py) and sends the public feed a tally only then. */
export function visibleTally(round) {
  return round.tally || null;
}
