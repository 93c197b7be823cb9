// askVault within a conversation, over real in-memory indexes: the `conversation` field of the result, the
// turn recorded in the memory, recalled turns in what the model sees, and no change at all without a conversation.
import { beforeAll, describe, expect, it } from 'vitest';
import { askVault } from '../../src/engine/ask';
import type { RetrievalView } from '../../src/engine/engine';
import { ConversationMemory, turnTokens } from '../../src/core/memory/conversation-memory';
import type { ChatMessage, ChatModel } from '../../src/core/answer/chat-model';
import { countTokens } from '../../src/core/tokens';
import { memorySource, TOPIC_NOTES } from '../core/memory/memory-fixture';

let view: RetrievalView;
beforeAll(async () => {
  const src = await memorySource(TOPIC_NOTES);
  view = Object.assign(src, { notes: new Map() }) as RetrievalView;
});

/** A chat model that records what it was sent and answers by citing the first label it saw. */
class RecordingChat implements ChatModel {
  readonly name = 'recording';
  readonly sent: ChatMessage[][] = [];
  async complete(messages: ChatMessage[]) {
    this.sent.push(messages);
    const label = /\[\[[^\]]+\]\]/.exec(messages[1]!.content)?.[0] ?? '';
    return { ok: true as const, value: { text: `As said before ${label}.`, truncated: false } };
  }
}

describe('askVault with a conversation', () => {
  it('adds no conversation field without one', async () => {
    const r = await askVault(view, 'Which pests attack tomato leaves?', { budget: 400 });
    expect(r).not.toHaveProperty('conversation');
    expect(r.context.chunks.some((c) => c.id.startsWith('turn:'))).toBe(false);
  });

  it('reports each turn, recalls the earlier one and records the turn', async () => {
    const m = new ConversationMemory('chat');
    const q1 = 'Which pests attack tomato leaves?';
    const first = await askVault(view, q1, { budget: 400, conversation: m });
    expect(first.conversation).toEqual({
      id: 'chat',
      turn: 1,
      recalledTurns: [],
      historyTokens: 0,
      fullHistoryTokens: 0,
    });
    expect(m.turn(1)!.answer).toBe(first.answer!.text);
    expect(m.turn(1)!.sent).toEqual(first.context.chunks.map((c) => c.id));

    const second = await askVault(view, 'How do I get rid of hornworms?', { budget: 400, conversation: m });
    const c = second.conversation!;
    expect(c.turn).toBe(2);
    expect(c.recalledTurns).toEqual([1]);
    expect(c.fullHistoryTokens).toBe(turnTokens(q1, first.answer!.text));
    const turnBlock = second.context.chunks.find((x) => x.id === 'turn:1')!;
    expect(c.historyTokens).toBe(countTokens(`${turnBlock.label}\n${turnBlock.text}`));
    expect(second.context.tokens).toBeLessThanOrEqual(400);
    expect(second.context.tokens).toBe(countTokens(second.context.text));
    // The extractive answer quotes notes, never an earlier answer.
    expect(second.answer!.citations.length).toBeGreaterThan(0);
    for (const n of second.answer!.citations) expect(n).toMatch(/\.md$/);
    expect(m.turn(2)!.recalled).toEqual([1]);
    expect(m.turn(2)!.sent.every((id) => !id.startsWith('turn:'))).toBe(true);
    expect(m.fullHistoryTokens()).toBe(
      c.fullHistoryTokens + turnTokens('How do I get rid of hornworms?', second.answer!.text),
    );
  });

  it('shows the model the recalled turn under its label, within the budget', async () => {
    const m = new ConversationMemory('llm');
    const chat = new RecordingChat();
    await askVault(view, 'Why is Mars red?', { budget: 300, conversation: m, chat });
    const r = await askVault(view, 'What colour is the dust on Mars?', { budget: 300, conversation: m, chat });
    const user = chat.sent[1]![1]!.content;
    expect(user).toContain('[[turn 1]]\nQ: Why is Mars red?\nA: As said before');
    expect(r.answer!.mode).toBe('llm');
    // The model cited the recalled turn: plain text in the answer (a turn is not a note to link to).
    expect(r.answer!.text).toBe('As said before (turn 1).');
    expect(r.answer!.citations).toEqual([]);
    expect(m.turn(2)!.answer).toBe('As said before (turn 1).');
    expect(r.answer!.promptTokens).toBe(r.prompt.tokens);
    expect(r.context.tokens).toBeLessThanOrEqual(300);
    expect(r.conversation!.recalledTurns).toEqual([1]);
  });

  it('prices the saving against the cached history from the second turn, and claims none for an empty context', async () => {
    const m = new ConversationMemory('baselines');
    const first = await askVault(view, 'Which pests attack tomato leaves?', { budget: 400, conversation: m });
    expect(first.saving!.baselines!.map((b) => b.id)).toEqual(['whole-vault']);
    const second = await askVault(view, 'How do I get rid of hornworms?', { budget: 400, conversation: m });
    const cached = second.saving!.baselines!.find((b) => b.id === 'cached-history')!;
    expect(cached.tokens).toBe(second.conversation!.fullHistoryTokens + (second.prompt.tokens - second.context.tokens));
    expect(cached.prefilledTokens).toBe(second.prompt.tokens - second.context.tokens);
    // A budget too small for any passage leaves the context empty: no saving is claimed.
    const empty = await askVault(view, 'Which pests attack tomato leaves?', { budget: 3 });
    expect(empty.context.tokens).toBe(0);
    expect(empty.saving!.claimed).toBe(false);
    expect(first.saving!.claimed).toBe(true);
  });
});
