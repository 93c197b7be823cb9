// A hand-written stand-in for the engine's conversation memory in modal tests: every conversation id gets
// its own numbered turns, each later turn recalls the previous one into the context (as the engine's
// `recentTurns: 1` does), and the history figures follow from the turns asked so far. The real engine's
// figures are checked in real-engine.test.ts.
import type { AskParams, AskResult } from '../../../src/engine/protocol';
import { askResult, turnChunk } from './fixtures';

/** Tokens a recalled turn takes in the context, and what re-sending one turn would add. */
export const RECALLED_TURN_TOKENS = 60;
export const RESENT_TURN_TOKENS = 100;

/** Per-id turn counter answering `ask` params like the engine would. */
export class FakeConversations {
  /** Questions asked per conversation id, in order. */
  readonly turns = new Map<string, string[]>();

  /** Answer to one ask (with the optional LLM answer text). */
  ask(params: AskParams, answer?: string): AskResult {
    const base = askResult(params.question, answer !== undefined ? { answer } : {});
    const id = params.conversation;
    if (id === undefined) return base;
    const asked = this.turns.get(id) ?? [];
    const turn = asked.length + 1;
    const previous = asked.at(-1);
    const recalled =
      previous !== undefined
        ? [turnChunk(turn - 1, previous, `An answer about ${previous}`, RECALLED_TURN_TOKENS)]
        : [];
    asked.push(params.question);
    this.turns.set(id, asked);
    const historyTokens = recalled.reduce((n, c) => n + c.tokens, 0);
    return {
      ...base,
      context: {
        ...base.context,
        tokens: base.context.tokens + historyTokens,
        chunks: [...recalled, ...base.context.chunks],
      },
      conversation: {
        id,
        turn,
        recalledTurns: recalled.map((_, i) => turn - 1 - i),
        historyTokens,
        fullHistoryTokens: RESENT_TURN_TOKENS * (turn - 1),
      },
    };
  }
}
