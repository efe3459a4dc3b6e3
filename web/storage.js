// Everything the browser keeps: tokens, drafts, the outbox of unsent ideas, votes.
// One key builder; values are JSON. A full or blocked localStorage never breaks the page.

const PREFIX = "cocreatie";

export function key(...parts) {
  return [PREFIX, ...parts].join(":");
}

export function load(name, fallback = null) {
  try {
    const raw = localStorage.getItem(name);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (error) {
    console.warn("could not read", name, error);
    return fallback;
  }
}

export function save(name, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(name);
    else localStorage.setItem(name, JSON.stringify(value));
  } catch (error) {
    console.warn("could not store", name, error);
  }
}
