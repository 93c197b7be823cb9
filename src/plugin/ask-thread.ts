// The Ask modal's conversation: questions asked one after another share one engine conversation id, so a
// follow-up is answered with the engine's conversation memory (recalled turns, warm notes) instead of standing
// alone. The plugin keeps a single thread for every modal it opens, so reopening "Ask vault" shortly after an
// answer continues the conversation; after a pause it starts afresh.
import type { AskConversation, AskResult } from '../engine/protocol';

/** Reopening "Ask vault" within this time after the last answer continues that conversation. */
export const CONTINUE_WITHIN_MS = 10 * 60_000;

/** The last answered turn of a thread. */
export interface ThreadTurn {
  turn: number;
  question: string;
  /** Epoch milliseconds when the answer arrived. */
  at: number;
}

/** A thread continued when a modal opened, with the time since its last answer. */
export interface ResumedThread extends ThreadTurn {
  elapsedMs: number;
}

/**
 * A new conversation id, `obsidian-<epoch ms>-<6 base-36 chars>`: a valid engine id (letters, digits and '-',
 * starting with a letter) and unique enough that two vault windows never share a file.
 */
export function newConversationId(now: number, random: () => number): string {
  const tail = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')
    .slice(-6);
  return `obsidian-${Math.max(0, Math.floor(now))}-${tail}`;
}

/** One conversation of the Ask modal: its engine id and the last answered turn. */
export class AskThread {
  private currentId: string | null = null;
  private lastTurn: ThreadTurn | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** Id of the conversation, or null before its first question. */
  get id(): string | null {
    return this.currentId;
  }

  /** The last answered turn, or null when nothing was answered yet. */
  get last(): ThreadTurn | null {
    return this.lastTurn ? { ...this.lastTurn } : null;
  }

  /** The id to send with the next question; the first question of a thread creates it. */
  idForAsk(): string {
    this.currentId ??= newConversationId(this.now(), this.random);
    return this.currentId;
  }

  /**
   * Notes an answered turn and returns its conversation info. A result of another conversation (one asked
   * before "New conversation") or without conversation info is ignored and gives null.
   */
  answered(result: AskResult): AskConversation | null {
    const c = result.conversation;
    if (!c || c.id !== this.currentId) return null;
    // Answers of one conversation can arrive out of order; the highest turn is where it stands.
    if (!this.lastTurn || c.turn >= this.lastTurn.turn)
      this.lastTurn = { turn: c.turn, question: result.question, at: this.now() };
    return c;
  }

  /** Starts afresh: the next question creates a new id. */
  reset(): void {
    this.currentId = null;
    this.lastTurn = null;
  }

  /**
   * Called when a modal opens: continues a conversation answered within `CONTINUE_WITHIN_MS`, otherwise
   * starts afresh. Returns the turn it continues from, or null.
   */
  resume(): ResumedThread | null {
    const elapsedMs = this.lastTurn ? this.now() - this.lastTurn.at : Infinity;
    if (this.lastTurn && elapsedMs <= CONTINUE_WITHIN_MS) return { ...this.lastTurn, elapsedMs };
    this.reset();
    return null;
  }
}
