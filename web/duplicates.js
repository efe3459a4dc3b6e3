// Duplicate ideas: the same text once case, accents, punctuation and spacing are set
// aside. The board shows them as one card with a count; the ideas stay separate data.

/** The text a duplicate is recognised by: "Eén  loket!" and "een loket" give "een loket". */
export function duplicateKey(text) {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\p{P}\p{S}]/gu, "")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * Ideas (in display order) as cards: [{key, ids, ideas}], one card per duplicate text
 * and per state (a hidden or waiting copy gets its own card), in the order of each
 * card's first idea. A card's key is its first idea's id.
 */
export function duplicateCards(ideas) {
  const cards = new Map();
  for (const idea of ideas) {
    const group = `${idea.hidden ? "h" : ""}${idea.waiting ? "w" : ""}:${duplicateKey(idea.text) || idea.id}`;
    const card = cards.get(group);
    if (card) {
      card.ids.push(idea.id);
      card.ideas.push(idea);
    } else {
      cards.set(group, { key: idea.id, ids: [idea.id], ideas: [idea] });
    }
  }
  return [...cards.values()];
}
