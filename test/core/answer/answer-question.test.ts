import { describe, expect, it } from 'vitest';
import {
  answerQuestion,
  cleanModelText,
  FALLBACK_HEADING,
  NO_CITATION_NOTE,
} from '../../../src/core/answer/answer-question';
import type { ChatError, ChatMessage, ChatModel, ChatResult } from '../../../src/core/answer/chat-model';
import { extractiveAnswer } from '../../../src/core/answer/extractive';
import { buildPrompt } from '../../../src/core/answer/prompt';
import { countTokens } from '../../../src/core/tokens';
import { makeContext } from './context-fixture';

/** A chat model that replays a scripted outcome and records what it was sent. */
class ScriptedChat implements ChatModel {
  readonly name = 'scripted-model';
  calls: ChatMessage[][] = [];
  constructor(
    private readonly outcome: { ok: true; value: ChatResult } | { ok: false; error: ChatError },
    private readonly deltas: string[] = [],
  ) {}
  async complete(messages: ChatMessage[], opts?: { onDelta?: (t: string) => void }) {
    this.calls.push(messages);
    for (const d of this.deltas) opts?.onDelta?.(d);
    return this.outcome;
  }
}

const ok = (text: string, extra: Partial<ChatResult> = {}) => ({
  ok: true as const,
  value: { text, truncated: false, finishReason: 'stop', ...extra },
});
const fail = (error: ChatError) => ({ ok: false as const, error });

const ctx = makeContext([
  {
    note: 'garden/Tomatoes.md',
    path: ['Watering'],
    body: 'Tomatoes need deep watering twice a week. Water in the morning.',
  },
  { note: 'garden/Compost.md', path: ['Basics'], body: 'Compost needs greens and browns. Turn the pile weekly.' },
]);
const Q = 'How often should I water tomatoes?';

describe('answerQuestion', () => {
  it('gives the extractive answer without a model', async () => {
    const a = await answerQuestion(Q, ctx, null);
    expect(a).toEqual(extractiveAnswer(Q, ctx));
    expect(a.error).toBeUndefined();
  });

  it('sends the prompt, checks citations and renders them as links', async () => {
    const chat = new ScriptedChat(ok('Twice a week, deeply [[Tomatoes#Watering]].'), [
      'Twice a week, ',
      'deeply [[Tomatoes#Watering]].',
    ]);
    const deltas: string[] = [];
    const a = await answerQuestion(Q, ctx, chat, { onDelta: (t) => deltas.push(t) });
    expect(chat.calls[0]).toEqual(buildPrompt(Q, ctx).messages);
    expect(deltas.join('')).toBe('Twice a week, deeply [[Tomatoes#Watering]].');
    expect(a).toEqual({
      text: 'Twice a week, deeply [[garden/Tomatoes#Watering|Tomatoes › Watering]].',
      citations: ['garden/Tomatoes.md'],
      sources: ['c0'],
      mode: 'llm',
      promptTokens: buildPrompt(Q, ctx).tokens,
      completionTokens: countTokens('Twice a week, deeply [[Tomatoes#Watering]].'),
    });
  });

  it('marks labels the context does not hold and leaves them out of the citations', async () => {
    const a = await answerQuestion(
      Q,
      ctx,
      new ScriptedChat(ok('Daily [[Peppers#Care]], or weekly [[Compost#Basics]].')),
    );
    expect(a.citations).toEqual(['garden/Compost.md']);
    expect(a.text).toContain('[[Peppers#Care]] (not in context)');
  });

  it('says when the model cited nothing', async () => {
    const a = await answerQuestion(Q, ctx, new ScriptedChat(ok('Twice a week.')));
    expect(a.citations).toEqual([]);
    expect(a.text).toBe(`Twice a week.\n\n${NO_CITATION_NOTE}`);
  });

  it('keeps a cut stream and says the answer was cut', async () => {
    const a = await answerQuestion(
      Q,
      ctx,
      new ScriptedChat(
        ok('Water twice a week [[Tomatoes#Watering]] and', { truncated: true, finishReason: undefined }),
      ),
    );
    expect(a.mode).toBe('llm');
    expect(a.text.startsWith('Water twice a week [[garden/Tomatoes#Watering|Tomatoes › Watering]] and')).toBe(true);
    expect(a.text).toContain('The answer was cut');
    expect(a.error).toMatch(/^The answer was cut: the connection to scripted-model ended/);
    expect(a.citations).toEqual(['garden/Tomatoes.md']);
  });

  it('says when the answer stopped at the token limit', async () => {
    const a = await answerQuestion(
      Q,
      ctx,
      new ScriptedChat(ok('Water twice [[Tomatoes#Watering]]', { finishReason: 'length' })),
    );
    expect(a.error).toMatch(/cut at scripted-model's output limit/);
  });

  it('falls back to the extractive answer with a clear error when the model fails', async () => {
    const a = await answerQuestion(
      Q,
      ctx,
      new ScriptedChat(
        fail({
          kind: 'unreachable',
          message: 'Cannot reach the LLM endpoint http://127.0.0.1:9/v1 (connection refused).',
        }),
      ),
    );
    const ex = extractiveAnswer(Q, ctx);
    expect(a.mode).toBe('extractive');
    expect(a.text).toBe(ex.text);
    expect(a.citations).toEqual(ex.citations);
    expect(a.error).toBe(
      'Cannot reach the LLM endpoint http://127.0.0.1:9/v1 (connection refused). Showing passages from the notes instead (extractive answer).',
    );
  });

  it('keeps partial text from a failed call, marked as cut, before the extractive passages', async () => {
    const partial = 'Compost is turned weekly [[Compost#Basics]], and tomatoes';
    const a = await answerQuestion(
      Q,
      ctx,
      new ScriptedChat(fail({ kind: 'timeout', message: 'No answer from http://x/v1 within 5 s.', partial })),
    );
    expect(a.mode).toBe('extractive');
    expect(
      a.text.startsWith('Compost is turned weekly [[garden/Compost#Basics|Compost › Basics]], and tomatoes …'),
    ).toBe(true);
    expect(a.text).toContain(FALLBACK_HEADING);
    expect(a.text).toContain(extractiveAnswer(Q, ctx).text);
    expect(a.error).toMatch(/^The answer was cut: No answer from http:\/\/x\/v1 within 5 s\./);
    expect(a.citations).toEqual(['garden/Compost.md', 'garden/Tomatoes.md']);
    expect(a.promptTokens).toBe(buildPrompt(Q, ctx).tokens);
  });

  it('falls back when the model returns nothing but reasoning', async () => {
    const a = await answerQuestion(Q, ctx, new ScriptedChat(ok('<think>hmm, tomatoes…</think>\n  ')));
    expect(a.mode).toBe('extractive');
    expect(a.error).toMatch(/empty answer/);
    expect(a.text.length).toBeGreaterThan(0);
  });

  it('makes no model call for an empty context', async () => {
    const chat = new ScriptedChat(ok('should not be used'));
    const a = await answerQuestion(Q, makeContext([]), chat);
    expect(chat.calls).toHaveLength(0);
    expect(a.mode).toBe('extractive');
  });
});

describe('cleanModelText', () => {
  it('removes reasoning blocks, closed or cut', () => {
    expect(cleanModelText('<think>a\nb</think>\nAnswer [[X]]')).toBe('Answer [[X]]');
    expect(cleanModelText('<think>still thinking')).toBe('');
  });
});
