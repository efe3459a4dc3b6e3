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

const UNDO_DEPTH = 50;  // as models/state.py: the facilitator's latest commands stay undoable
const UNDOABLE = new Set(["idea.hidden", "idea.approved", "idea.moved", "theme.renamed", "themes.merged",
  "theme.split", "theme.pinned"]);

/** No idea stays in a theme the round no longer has (fold.py: _unassign_from_gone_themes). */
function unassignFromGoneThemes(state, round) {
  for (const idea of Object.values(state.ideas || {})) {
    if (idea.round_id === round.id && idea.theme_id != null && !(idea.theme_id in (round.themes || {}))) {
      idea.theme_id = null;
      if ("placed" in idea) idea.placed = false;
    }
  }
}

/**
 * The worker's themes, keeping what the facilitator's hand set (pinned, renamed, touched),
 * in a stable order: themes that were there keep their place, new ones come last.
 */
function mergedThemes(old, views) {
  const byId = Object.fromEntries(views.map((view) => [view.id, view]));
  const order = [...Object.keys(old).filter((id) => id in byId), ...views.map((v) => v.id).filter((id) => !(id in old))];
  const themes = {};
  for (const id of order) {
    const view = byId[id];
    const theme = {
      id, label: view.label, keywords: view.keywords || [],
      representative: view.representative ?? null, pinned: false, renamed: false, touched: false,
    };
    const before = old[id];
    if (before) {
      theme.pinned = before.pinned;
      theme.touched = before.touched;
      if (before.renamed) { theme.label = before.label; theme.renamed = true; }
    }
    themes[id] = theme;
  }
  return themes;
}

/** Themes given in order (a list) as the state keeps them (an ordered object). */
function themesFromList(list) {
  return Object.fromEntries(list.map((theme) => [theme.id, { ...theme }]));
}

/** A new round as the fold starts it (board and room views differ in what ballots they hold). */
function newRound(state, spec) {
  const ballots = isFacilitatorView(state)
    ? { votes: {}, suggest: {}, alike: [], answers: {}, support: {}, dot_support: {} }
    : { voters: 0, answerers: 0, support: null, dot_support: null };
  return {
    timer_seconds: null, ...spec, phase: "draft", moderation: "open", screen: "themes", timer_ends_at: null,
    themes: {}, ...ballots, revealed: false, tally: null, seeded_from: null, headings: [], statements: [],
    final_text: [],
  };
}

/** The round, on the board; null in the room's view (it takes its statements from `statements_seen`). */
/** The worker has answered these ideas (board only): a theme, or "not yet in a theme". */
function markDecided(ideas) {
  for (const idea of ideas) idea.decided = true;
}

function boardRound(state, roundId) {
  return isFacilitatorView(state) ? findRound(state, roundId) : null;
}

/**
 * What the server counted for a frame (the §8 support per group is not counted here): the board's
 * `support` per round, the room's `statements_seen` per round, one answered statement's support,
 * and the dots' support per group per round (`dot_support`; null in the room until revealed).
 */
function applyServerCounts(state, d) {
  for (const [roundId, support] of Object.entries(d.support || {})) {
    const round = findRound(state, roundId);
    if (round) round.support = support;
  }
  for (const [roundId, support] of Object.entries(d.dot_support || {})) {
    const round = findRound(state, roundId);
    if (round) round.dot_support = support;
  }
  for (const [roundId, seen] of Object.entries(d.statements_seen || {})) {
    const round = findRound(state, roundId);
    if (round) Object.assign(round, seen);
  }
  const round = d.statement_support ? findRound(state, d.round_id) : null;
  if (round && round.support) round.support[d.statement_id] = d.statement_support;
}

/**
 * The board's hints hold only while they make sense (fold.py: _keep_hints): a suggestion goes
 * once its idea has a theme, was put aside by hand, is hidden or gone; a hint goes with a
 * theme it names. The room's view has none.
 */
function keepHints(state, round) {
  if (!isFacilitatorView(state)) return;
  const themes = round.themes || {};
  round.suggest = Object.fromEntries(Object.entries(round.suggest || {}).filter(([ideaId, themeId]) => {
    const idea = state.ideas[ideaId];
    return themeId in themes && idea && idea.theme_id == null && !idea.placed && !idea.hidden;
  }));
  round.alike = (round.alike || []).filter((pair) => pair.every((id) => id in themes));
}

/** An idea put in a theme by the facilitator's hand: on the board it stays there (placed). */
function place(state, idea, themeId) {
  idea.theme_id = themeId;
  if (isFacilitatorView(state)) idea.placed = true;
}

function touch(state, themeId) {
  const theme = themeId ? themeOf(state, themeId) : null;
  if (theme) theme.touched = true;
}

/** Context the server adds to a room's frame: ideas that appear or go, a round seen anew. */
function applyContext(state, d) {
  if (d.idea) state.ideas[d.idea.id] = { ...d.idea };
  for (const id of d.gone || []) delete state.ideas[id];
  for (const [roundId, seen] of Object.entries(d.rounds_seen || {})) {
    const round = findRound(state, roundId);
    if (!round) continue;
    for (const [id, idea] of Object.entries(state.ideas)) if (idea.round_id === roundId) delete state.ideas[id];
    for (const [id, idea] of Object.entries(seen.ideas)) state.ideas[id] = { ...idea };
    round.themes = themesFromList(seen.themes);
  }
}

function roundOfIdea(state, ideaId) {
  const idea = state.ideas[ideaId];
  return idea ? findRound(state, idea.round_id) : null;
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

const IMPORT_PARTICIPANT_PREFIX = "import:";  // as models/state.py: stand-ins that carry imported ideas

/** People who joined, per group (the stand-ins of imported ideas do not count), as RoomState.group_counts(). */
function countPresent(state) {
  const counts = {};
  for (const group of state.groups || []) counts[group] = 0;
  for (const p of Object.values(state.participants)) {
    if (!p.id.startsWith(IMPORT_PARTICIPANT_PREFIX)) counts[p.group] = (counts[p.group] || 0) + 1;
  }
  state.present = counts;
}

const RULES = {
  "workshop.created"(state, d) {
    state.title = d.title;
    state.language = d.language;
    state.groups = [...d.groups];
    state.join_code = d.join_code;
    state.created_at = d.created_at;
    state.rounds = d.rounds.map((spec) => newRound(state, spec));
    state.current_round_id = d.rounds[0].id;
  },
  "workshop.edited"(state, d) {
    state.title = d.title;
    state.language = d.language;
    state.groups = [...d.groups];
    const renamed = d.renamed_groups || {};
    if (isFacilitatorView(state)) {
      for (const holder of [...Object.values(state.participants), ...Object.values(state.ideas)]) {
        if (holder.group in renamed) holder.group = renamed[holder.group];
      }
      countPresent(state);
    } else {
      const present = {};
      for (const [group, n] of Object.entries(state.present || {})) present[renamed[group] ?? group] = n;
      state.present = Object.fromEntries([
        ...state.groups.map((group) => [group, present[group] || 0]),
        ...Object.entries(present).filter(([group, n]) => !state.groups.includes(group) && n > 0),
      ]);
    }
    state.rounds = d.rounds.map((spec) => {
      const old = findRound(state, spec.id);
      return old ? Object.assign(old, spec) : newRound(state, spec);
    });
    if (!findRound(state, state.current_round_id)) state.current_round_id = state.rounds[0].id;
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
    if (d.withheld) return;  // the room does not see it (yet): waiting for approval, or silent writing
    const idea = {
      id, round_id: d.round_id, client_id: d.client_id,
      text: d.text, at: d.at, hidden: false, heading: d.heading ?? null, theme_id: null,
    };
    if (isFacilitatorView(state)) {  // the public view names no author, not even by group
      idea.participant_id = d.participant_id;
      idea.group = state.participants[d.participant_id]?.group ?? "";
      idea.placed = false;
      idea.decided = false;  // until the worker answers: a theme, or "not yet in a theme"
      idea.waiting = findRound(state, d.round_id)?.moderation === "pre";
    }
    state.ideas[id] = idea;
  },
  "idea.hidden"(state, d) {
    const idea = state.ideas[d.idea_id];
    if (isFacilitatorView(state) && idea) idea.hidden = d.hidden;
    const round = roundOfIdea(state, d.idea_id);
    if (round && d.round_themes) round.themes = themesFromList(d.round_themes);  // its words left the themes
    if (round && d.hidden) keepHints(state, round);
  },
  "idea.approved"(state, d) {
    const idea = state.ideas[d.idea_id];
    if (isFacilitatorView(state) && idea) idea.waiting = false;
    const round = roundOfIdea(state, d.idea_id);
    if (round && d.round_themes) round.themes = themesFromList(d.round_themes);
  },
  "moderation.set"(state, d) {
    const round = findRound(state, d.round_id);
    if (round) round.moderation = d.mode;
  },
  "screen.shown"(state, d) {
    const round = findRound(state, d.round_id);
    if (round) round.screen = d.view;
  },
  "command.undone"(state, d) {
    if (!isFacilitatorView(state)) return;  // the room's frame carries the rounds seen anew
    state.undoable = (state.undoable || []).filter((entry) => entry.event_id !== d.undone);
    for (const [ideaId, patch] of Object.entries(d.ideas || {})) {
      if (state.ideas[ideaId]) Object.assign(state.ideas[ideaId], patch);
    }
    const round = findRound(state, d.round_id);
    if (!round) return;
    const themes = { ...round.themes };
    for (const [themeId, theme] of Object.entries(d.themes || {})) {
      if (theme === null) delete themes[themeId];
      else themes[themeId] = { ...theme, keywords: [...theme.keywords] };
    }
    const order = [...(d.order || []).filter((id) => id in themes), ...Object.keys(themes).filter((id) => !(d.order || []).includes(id))];
    round.themes = Object.fromEntries(order.map((id) => [id, themes[id]]));
    unassignFromGoneThemes(state, round);
    keepHints(state, round);
  },
  "undo.cleared"(state) {
    if (isFacilitatorView(state)) state.undoable = [];
  },
  "phase.changed"(state, d) {
    const round = findRound(state, d.round_id);
    if (!round) return;
    round.phase = d.phase;
    if (d.phase !== "collect") round.timer_ends_at = null;
    if (d.phase !== "closed") state.current_round_id = d.round_id;
    if (typeof d.voters === "number") round.voters = d.voters;
    if ("tally" in d) round.tally = d.tally;  // the public feed: null until results may be shown
  },
  "timer.started"(state, d) {
    const round = findRound(state, d.round_id);
    if (round) round.timer_ends_at = d.seconds ? d.ends_at : null;
  },
  "idea.moved"(state, d) {
    if (d.withheld) return;
    const moved = d.idea_ids?.length ? d.idea_ids : [d.idea_id];
    for (const ideaId of moved) {
      const idea = state.ideas[ideaId];
      if (idea) place(state, idea, d.theme_id);
    }
    touch(state, d.theme_id);
    for (const round of new Set(moved.map((ideaId) => roundOfIdea(state, ideaId)).filter(Boolean))) keepHints(state, round);
  },
  "theme.renamed"(state, d) {
    const theme = themeOf(state, d.theme_id);
    if (theme) { theme.label = d.label; theme.renamed = true; theme.touched = true; }
  },
  "themes.merged"(state, d) {
    const round = roundOfTheme(state, d.into);
    if (!round) return;
    for (const idea of Object.values(state.ideas)) {
      if (d.theme_ids.includes(idea.theme_id)) place(state, idea, d.into);
    }
    for (const themeId of d.theme_ids) if (themeId !== d.into) delete round.themes[themeId];
    touch(state, d.into);
    keepHints(state, round);
  },
  "theme.split"(state, d) {
    const theme = themeOf(state, d.theme_id);
    if (!theme) return;
    theme.pinned = false;
    theme.touched = true;
    if (!isFacilitatorView(state)) return;
    for (const idea of Object.values(state.ideas)) if (idea.theme_id === d.theme_id) idea.placed = false;
  },
  "theme.pinned"(state, d) {
    const theme = themeOf(state, d.theme_id);
    if (theme) { theme.pinned = d.pinned; theme.touched = true; }
  },
  "recluster.requested"() {},
  "themes.updated"(state, d) {
    const round = findRound(state, d.round_id);
    if (!round) return;
    if (d.themes) {  // none: the fast path
      round.themes = mergedThemes(round.themes || {}, d.themes);
      unassignFromGoneThemes(state, round);
      if (isFacilitatorView(state)) markDecided(Object.values(state.ideas).filter((idea) => idea.round_id === round.id));
    }
    const placed = new Set(d.placed || []);  // ideas the worker placed for the facilitator (a split)
    if (isFacilitatorView(state)) markDecided(Object.keys(d.assign || {}).map((id) => state.ideas[id]).filter(Boolean));
    for (const [ideaId, themeId] of Object.entries(d.assign || {})) {
      const idea = state.ideas[ideaId];
      if (idea && (!idea.placed || placed.has(ideaId))) {
        idea.theme_id = themeId;
        if (isFacilitatorView(state)) idea.placed = idea.placed || placed.has(ideaId);
      }
    }
    if (isFacilitatorView(state)) {  // the board's hints: all of them with the themes, a few more on the fast path
      if (d.themes) {
        round.suggest = { ...d.suggest };
        round.alike = (d.alike || []).map((pair) => [...pair]);
      } else {
        round.suggest = { ...round.suggest, ...d.suggest };
      }
      keepHints(state, round);
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
  "statement.added"(state, d, id) {
    const round = boardRound(state, d.round_id);
    if (round) round.statements.push({ id, text: d.text, theme_ids: [...(d.theme_ids || [])], serves: [...(d.serves || [])] });
  },
  "statement.edited"(state, d) {
    const statement = boardRound(state, d.round_id)?.statements.find((s) => s.id === d.statement_id);
    if (statement) statement.text = d.text;
  },
  "statement.removed"(state, d) {  // its answers go with it; neither the final text nor later rounds' statements name it
    const round = boardRound(state, d.round_id);
    if (!round) return;
    for (const later of state.rounds || []) {
      for (const statement of later.statements || []) statement.serves = (statement.serves || []).filter((s) => s !== d.statement_id);
    }
    round.statements = round.statements.filter((s) => s.id !== d.statement_id);
    for (const [participantId, answers] of Object.entries(round.answers)) {
      delete answers[d.statement_id];
      if (!Object.keys(answers).length) delete round.answers[participantId];
    }
    for (const sentence of round.final_text) sentence.statement_ids = sentence.statement_ids.filter((s) => s !== d.statement_id);
  },
  "statements.ordered"(state, d) {  // those named first, in that order; the others keep theirs after them
    const round = boardRound(state, d.round_id);
    if (!round) return;
    const byId = Object.fromEntries(round.statements.map((s) => [s.id, s]));
    const named = [...new Set(d.statement_ids)].filter((id) => id in byId);
    round.statements = [...named.map((id) => byId[id]), ...round.statements.filter((s) => !named.includes(s.id))];
  },
  "statement.answered"(state, d) {
    const round = findRound(state, d.round_id);
    if (!round) return;
    if (!isFacilitatorView(state)) {
      if (typeof d.answerers === "number") round.answerers = d.answerers;  // never who answered what
    } else if (round.statements.some((s) => s.id === d.statement_id)) {
      round.answers[d.participant_id] = { ...round.answers[d.participant_id], [d.statement_id]: d.answer };
    }
  },
  "final_text.set"(state, d) {
    const round = boardRound(state, d.round_id);
    if (round) round.final_text = d.sentences.map((s) => ({ text: s.text, statement_ids: [...s.statement_ids] }));
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
  if (!isFacilitatorView(state)) applyContext(state, data || {});
  applyServerCounts(state, data || {});
  state.last_event_id = id;
  if (isFacilitatorView(state)) {
    for (const round of state.rounds || []) round.tally = tally(round);
    if (UNDOABLE.has(name)) state.undoable = [...(state.undoable || []), { event_id: id, command: name }].slice(-UNDO_DEPTH);
    state.undo = state.undoable?.length ? state.undoable[state.undoable.length - 1] : null;
  }
  return Boolean(rule);
}

/** Ideas of a round, visible or all, in arrival order. */
export function ideasOfRound(state, roundId, { withHidden = false } = {}) {
  return Object.values(state.ideas || {})
    .filter((idea) => idea.round_id === roundId && (withHidden || !idea.hidden))
    .sort((a, b) => compareIds(a.id, b.id));
}

