// The room state as a fold of its events: the same rules as cocreatie/stream/fold.py.
// The state object has the shape of RoomState.public_view() (participants, projector)
// or RoomState.facilitator_view() (board). Events are applied in place.

/** Compare two stream ids ("ms-seq") numerically: negative, zero or positive. */
export function compareIds(a, b) {
  const [am, as] = String(a || "0-0").split("-").map(BigInt);
  const [bm, bs] = String(b || "0-0").split("-").map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

/** The worker's themes, keeping what the facilitator's hand set (pinned, renamed). */
function mergedThemes(old, views) {
  const themes = {};
  for (const view of views) {
    const theme = {
      id: view.id, label: view.label, keywords: view.keywords || [],
      representative: view.representative ?? null, pinned: false, renamed: false,
    };
    const before = old[view.id];
    if (before) {
      theme.pinned = before.pinned;
      if (before.renamed) { theme.label = before.label; theme.renamed = true; }
    }
    themes[view.id] = theme;
  }
  return themes;
}

export function findRound(state, roundId) {
  return (state.rounds || []).find((r) => r.id === roundId) || null;
}

export function currentRound(state) {
  return findRound(state, state.current_round_id) || (state.rounds || [])[0] || null;
}

function roundOfTheme(state, themeId) {
  return (state.rounds || []).find((r) => r.themes && themeId in r.themes) || null;
}

function themeOf(state, themeId) {
  const round = roundOfTheme(state, themeId);
  return round ? round.themes[themeId] : null;
}

function isFacilitatorView(state) {
  return state.participants !== undefined;
}

function countPresent(state) {
  const counts = {};
  for (const group of state.groups || []) counts[group] = 0;
  for (const p of Object.values(state.participants)) counts[p.group] = (counts[p.group] || 0) + 1;
  state.present = counts;
}

const RULES = {
  "workshop.created"(state, d) {
    state.title = d.title;
    state.language = d.language;
    state.groups = [...d.groups];
    state.join_code = d.join_code;
    state.created_at = d.created_at;
    const ballots = () => (isFacilitatorView(state) ? { votes: {} } : { voters: 0 });
    state.rounds = d.rounds.map((spec) => ({
      ...spec, phase: "draft", timer_ends_at: null, themes: {}, ...ballots(),
      revealed: false, tally: null, seeded_from: null, headings: [],
    }));
    state.current_round_id = d.rounds[0].id;
  },
  "participant.joined"(state, d) {
    if (isFacilitatorView(state)) {
      state.participants[d.participant_id] = { id: d.participant_id, group: d.group, name: d.name ?? null };
      countPresent(state);
    } else {
      state.present = state.present || {};
      state.present[d.group] = (state.present[d.group] || 0) + 1;
    }
  },
  "idea.added"(state, d, id) {
    const idea = {
      id, round_id: d.round_id, client_id: d.client_id,
      text: d.text, at: d.at, hidden: false, theme_id: null, placed: false,
    };
    if (isFacilitatorView(state)) {  // the public view names no author, not even by group
      idea.participant_id = d.participant_id;
      idea.group = state.participants[d.participant_id]?.group ?? "";
    }
    state.ideas[id] = idea;
  },
  "idea.hidden"(state, d) {
    const idea = state.ideas[d.idea_id];
    if (isFacilitatorView(state)) {
      if (idea) idea.hidden = d.hidden;
    } else if (d.hidden) {
      delete state.ideas[d.idea_id];  // the public view holds no hidden ideas
    } else if (!idea && d.idea) {
      state.ideas[d.idea_id] = { ...d.idea, hidden: false };
    }
  },
  "phase.changed"(state, d) {
    const round = findRound(state, d.round_id);
    if (!round) return;
    round.phase = d.phase;
    if (d.phase !== "closed") state.current_round_id = d.round_id;
    if (typeof d.voters === "number") round.voters = d.voters;
    if ("tally" in d) round.tally = d.tally;  // the public feed: null until results may be shown
  },
  "timer.started"(state, d) {
    const round = findRound(state, d.round_id);
    if (round) round.timer_ends_at = d.seconds ? d.ends_at : null;
  },
  "idea.moved"(state, d) {
    const idea = state.ideas[d.idea_id];
    if (idea) { idea.theme_id = d.theme_id; idea.placed = true; }
  },
  "theme.renamed"(state, d) {
    const theme = themeOf(state, d.theme_id);
    if (theme) { theme.label = d.label; theme.renamed = true; }
  },
  "themes.merged"(state, d) {
    const round = roundOfTheme(state, d.into);
    if (!round) return;
    for (const idea of Object.values(state.ideas)) {
      if (d.theme_ids.includes(idea.theme_id)) { idea.theme_id = d.into; idea.placed = true; }
    }
    for (const themeId of d.theme_ids) if (themeId !== d.into) delete round.themes[themeId];
  },
  "theme.split"(state, d) {
    const theme = themeOf(state, d.theme_id);
    if (!theme) return;
    theme.pinned = false;
    for (const idea of Object.values(state.ideas)) if (idea.theme_id === d.theme_id) idea.placed = false;
  },
  "theme.pinned"(state, d) {
    const theme = themeOf(state, d.theme_id);
    if (theme) theme.pinned = d.pinned;
  },
  "recluster.requested"() {},
  "themes.updated"(state, d) {
    const round = findRound(state, d.round_id);
    if (!round) return;
    if (d.themes) round.themes = mergedThemes(round.themes || {}, d.themes);  // none: the fast path
    const placed = new Set(d.placed || []);  // ideas the worker placed for the facilitator (a split)
    for (const [ideaId, themeId] of Object.entries(d.assign || {})) {
      const idea = state.ideas[ideaId];
      if (idea && (!idea.placed || placed.has(ideaId))) {
        idea.theme_id = themeId;
        idea.placed = idea.placed || placed.has(ideaId);
      }
    }
    if (d.model) state.model = d.model;
  },
  "vote.cast"(state, d) {
    const round = findRound(state, d.round_id);
    if (!round) return;
    if (d.participant_id !== undefined && d.dots !== undefined) {
      round.votes = round.votes || {};
      round.votes[d.participant_id] = { ...d.dots };
    } else if (typeof d.voters === "number") {
      round.voters = d.voters;  // the public feed may carry the count, never the ballot
    }
    if ("tally" in d) round.tally = d.tally;
  },
  "votes.revealed"(state, d) {
    const round = findRound(state, d.round_id);
    if (!round) return;
    round.revealed = d.revealed;
    if ("tally" in d) round.tally = d.tally;
  },
  "round.seeded"(state, d) {
    const round = findRound(state, d.round_id);
    if (round) { round.seeded_from = d.source_round_id; round.headings = [...d.headings]; }
  },
};

/** Dots per theme of a round on its current themes, as RoundState.tally() counts them. */
export function tally(round) {
  const totals = Object.fromEntries(Object.keys(round.themes || {}).map((id) => [id, 0]));
  for (const ballot of Object.values(round.votes || {})) {
    for (const [themeId, n] of Object.entries(ballot)) if (n > 0 && themeId in totals) totals[themeId] += n;
  }
  return totals;
}

/**
 * Apply one event in place. Returns false (and changes nothing) when the event was
 * already applied (id ≤ last_event_id) or has no rule.
 */
export function applyEvent(state, id, name, data) {
  if (compareIds(id, state.last_event_id) <= 0) return false;
  const rule = RULES[name];
  if (rule) rule(state, data || {}, id);
  state.last_event_id = id;
  if (isFacilitatorView(state)) for (const round of state.rounds || []) round.tally = tally(round);
  return Boolean(rule);
}

/** Ideas of a round, visible or all, in arrival order. */
export function ideasOfRound(state, roundId, { withHidden = false } = {}) {
  return Object.values(state.ideas || {})
    .filter((idea) => idea.round_id === roundId && (withHidden || !idea.hidden))
    .sort((a, b) => compareIds(a.id, b.id));
}

/**
 * Dot totals per theme of a round, overall and per stakeholder group:
 * {theme_id: {total, groups: {group: dots}}}. Facilitator view only (ballots are private).
 */
export function dotTotals(state, round) {
  const totals = {};
  for (const [participantId, ballot] of Object.entries(round.votes || {})) {
    const group = state.participants?.[participantId]?.group ?? "";
    for (const [themeId, n] of Object.entries(ballot)) {
      const entry = (totals[themeId] = totals[themeId] || { total: 0, groups: {} });
      entry.total += n;
      entry.groups[group] = (entry.groups[group] || 0) + n;
    }
  }
  return totals;
}
