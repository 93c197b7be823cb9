// The persisted form of a conversation: a versioned plain-JSON object, and its strict check. A file that fails
// the check is reported (a typed failure), never half-loaded.
import type { StoredTurnVectors } from './turn-index';

/** Format tag of a serialised conversation. */
export const CONVERSATION_FORMAT = 'overlay-conversation';
/** Version of the serialised form; bump on incompatible changes. */
export const CONVERSATION_VERSION = 1;

/** A turn as stored. */
export interface TurnJson {
  turn: number;
  question: string;
  answer: string;
  sent: string[];
  recalled: number[];
  tokens: number;
  at: string;
}

/** A conversation as stored. */
export interface ConversationJson {
  format: typeof CONVERSATION_FORMAT;
  version: typeof CONVERSATION_VERSION;
  id: string;
  createdAt: string;
  turns: TurnJson[];
  /** Note path → accumulator weight. */
  weights: Record<string, number>;
  vectors?: StoredTurnVectors;
}

/** Outcome of reading a serialised conversation. `newer` marks a file from a later version (keep it, do not overwrite). */
export type ParsedConversation<T> = { ok: true; value: T } | { ok: false; error: string; newer?: boolean };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** Checks `data` is a ConversationJson of this version; the first problem found is the error. */
export function parseConversationJson(data: unknown): ParsedConversation<ConversationJson> {
  const fail = (error: string): ParsedConversation<ConversationJson> => ({ ok: false, error });
  if (!isRecord(data)) return fail('not an object');
  if (data.format !== CONVERSATION_FORMAT) return fail(`format is not "${CONVERSATION_FORMAT}"`);
  if (typeof data.version === 'number' && data.version > CONVERSATION_VERSION) {
    return {
      ok: false,
      error: `format version ${data.version} is newer than this program's ${CONVERSATION_VERSION}`,
      newer: true,
    };
  }
  if (data.version !== CONVERSATION_VERSION)
    return fail(`format version ${String(data.version)}, expected ${CONVERSATION_VERSION}`);
  if (typeof data.id !== 'string' || data.id.trim() === '') return fail('id is missing');
  if (typeof data.createdAt !== 'string') return fail('createdAt is missing');
  if (!Array.isArray(data.turns)) return fail('turns is not a list');
  let prev = 0;
  for (const [i, t] of (data.turns as unknown[]).entries()) {
    const problem = turnProblem(t);
    if (problem) return fail(`turn ${i + 1}: ${problem}`);
    const n = (t as TurnJson).turn;
    if (n <= prev) return fail(`turn ${i + 1}: turn numbers must increase (${n} after ${prev})`);
    prev = n;
    if ((t as TurnJson).recalled.some((r) => r >= n)) return fail(`turn ${n}: recalls a later turn`);
  }
  if (!isRecord(data.weights)) return fail('weights is not an object');
  for (const [note, w] of Object.entries(data.weights)) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) return fail(`weight of "${note}" is not a number ≥ 0`);
  }
  if (data.vectors !== undefined) {
    const v = data.vectors;
    if (!isRecord(v) || typeof v.fingerprint !== 'string' || !isCount(v.dims) || v.dims < 1 || !isRecord(v.vectors)) {
      return fail('vectors is malformed');
    }
    if (Object.values(v.vectors).some((x) => typeof x !== 'string')) return fail('vectors holds a non-string entry');
  }
  return { ok: true, value: data as unknown as ConversationJson };
}

function turnProblem(t: unknown): string | null {
  if (!isRecord(t)) return 'not an object';
  if (!isCount(t.turn) || t.turn < 1) return 'turn number is not a whole number ≥ 1';
  if (typeof t.question !== 'string' || t.question.trim() === '') return 'question is missing';
  if (typeof t.answer !== 'string') return 'answer is not text';
  if (!Array.isArray(t.sent) || !t.sent.every((s) => typeof s === 'string')) return 'sent is not a list of chunk ids';
  if (!Array.isArray(t.recalled) || !t.recalled.every((r) => isCount(r) && r >= 1))
    return 'recalled is not a list of turn numbers';
  if (!isCount(t.tokens)) return 'tokens is not a whole number ≥ 0';
  if (typeof t.at !== 'string') return 'at is missing';
  return null;
}
