import { describe, expect, it } from 'vitest';
import type { AskResult } from '../../src/engine/protocol';
import { conversationIdProblem } from '../../src/engine/conversation-store';
import { AskThread, CONTINUE_WITHIN_MS, newConversationId } from '../../src/plugin/ask-thread';
import { askResult } from './helpers/fixtures';

function answer(id: string | null, turn: number, question = `q${turn}`): AskResult {
  const r = askResult(question);
  return id === null
    ? r
    : { ...r, conversation: { id, turn, recalledTurns: [], historyTokens: 0, fullHistoryTokens: 0 } };
}

describe('newConversationId', () => {
  it('makes ids the engine accepts as file names, for any random draw', () => {
    for (const [now, rnd] of [
      [0, 0],
      [1_736_153_000_000, 0.999_999_999],
      [1_736_153_000_000, 0.5],
      [Number.MAX_SAFE_INTEGER, 1e-9],
    ] as const) {
      const id = newConversationId(now, () => rnd);
      expect(id).toMatch(/^obsidian-\d+-[0-9a-z]{6}$/);
      expect(conversationIdProblem(id)).toBeNull();
    }
    expect(newConversationId(5, () => 0.1)).not.toBe(newConversationId(5, () => 0.2));
  });
});

describe('AskThread', () => {
  it('creates its id on the first ask and keeps it until reset', () => {
    const thread = new AskThread(
      () => 1000,
      () => 0.25,
    );
    expect(thread.id).toBeNull();
    const id = thread.idForAsk();
    expect(thread.idForAsk()).toBe(id);
    thread.reset();
    expect(thread.id).toBeNull();
    expect(thread.last).toBeNull();
  });

  it('follows the highest answered turn and ignores answers of other conversations', () => {
    let now = 0;
    const thread = new AskThread(
      () => now,
      () => 0.25,
    );
    const id = thread.idForAsk();
    now = 10;
    expect(thread.answered(answer(id, 2, 'second'))).toMatchObject({ id, turn: 2 });
    now = 20;
    thread.answered(answer(id, 1, 'first')); // arrives late
    expect(thread.last).toEqual({ turn: 2, question: 'second', at: 10 });
    expect(thread.answered(answer('someone-else', 9))).toBeNull();
    expect(thread.answered(answer(null, 3))).toBeNull();
    expect(thread.last!.turn).toBe(2);
  });

  it('resumes within the time limit after the last answer and starts afresh after it', () => {
    let now = 0;
    const thread = new AskThread(
      () => now,
      () => 0.25,
    );
    expect(thread.resume()).toBeNull(); // nothing answered yet
    const id = thread.idForAsk();
    thread.answered(answer(id, 1, 'first'));
    now = CONTINUE_WITHIN_MS;
    expect(thread.resume()).toEqual({ turn: 1, question: 'first', at: 0, elapsedMs: CONTINUE_WITHIN_MS });
    expect(thread.id).toBe(id);
    now = CONTINUE_WITHIN_MS + 1;
    expect(thread.resume()).toBeNull();
    expect(thread.id).toBeNull();
  });

  it('drops an id whose first question was never answered when a modal opens again', () => {
    const thread = new AskThread(
      () => 0,
      () => 0.25,
    );
    thread.idForAsk();
    expect(thread.resume()).toBeNull();
    expect(thread.id).toBeNull();
  });
});
