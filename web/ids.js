// Client ids for ideas (the idempotency key) and the join code's forgiving form.

/** A random id; crypto.randomUUID needs a secure context, which town-hall wifi may not give. */
export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** "ab-c 12 3" → "ABC123". */
export function normalizeCode(raw) {
  return String(raw || "").toUpperCase().replace(/[\s\-_.]+/g, "");
}

/** Ideas are cleaned as the server cleans them: line breaks become spaces, trimmed. */
export function cleanIdea(raw) {
  return String(raw || "")
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim();
}

export const IDEA_MAX_CHARS = 280;
