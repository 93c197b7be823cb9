// Conversation ids: they name files on disk and records in IndexedDB, so they are kept to safe file names.

/** Conversation ids are file names: letters, digits, '.', '_' and '-', not starting with '.' or '-'. */
const ID_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

/** Why `id` cannot name a conversation, or null when it can. */
export function conversationIdProblem(id: string): string | null {
  if (ID_RE.test(id)) return null;
  return `conversation id "${id}" must be 1–100 letters, digits, '.', '_' or '-' (not starting with '.' or '-')`;
}
