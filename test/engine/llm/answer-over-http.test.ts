// The answerer end to end over HTTP: a bounded context from a small vault, the real client, and a real
// chat-completions server on 127.0.0.1 that records what it was sent.
import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/core/answer/answer-question';
import { extractiveAnswer } from '../../../src/core/answer/extractive';
import { buildPrompt } from '../../../src/core/answer/prompt';
import { OpenAIChatModel } from '../../../src/engine/llm/openai-chat';
import { makeContext, type FixtureChunk } from '../../core/answer/context-fixture';
import { useFakeChatServer } from './fake-chat-server';

const SENTINEL = 'ZEBRA-SENTINEL-7741';

/** A small vault; only the first two notes make it into the bounded context. */
const vault: Record<string, FixtureChunk> = {
  tomatoes: {
    note: 'garden/Tomatoes.md',
    path: ['Watering'],
    body: 'Tomatoes need deep watering twice a week. Water in the morning.',
  },
  compost: {
    note: 'garden/Compost.md',
    path: ['Basics'],
    body: 'Compost needs greens and browns. Turn the pile weekly.',
  },
  secret: {
    note: 'private/Diary.md',
    path: ['March'],
    body: `My locker code is ${SENTINEL}. Tomatoes were cheap at the market.`,
  },
};
const context = makeContext([vault.tomatoes!, vault.compost!]);
const Q = 'How often should I water tomatoes?';

const start = useFakeChatServer(afterEach);

describe('answerQuestion over a chat-completions server', () => {
  it('sends the bounded context and the question, nothing else from the vault, and renders the cited answer', async () => {
    const s = await start({ apiKey: 'sk-test-key-0001' });
    const chat = new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny', apiKey: 'sk-test-key-0001' });
    const streamed: string[] = [];
    const a = await answerQuestion(Q, context, chat, { onDelta: (t) => streamed.push(t) });

    const req = s.chatRequests[0]!;
    expect(req.headers.authorization).toBe('Bearer sk-test-key-0001');
    expect(req.body?.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    const user = req.body!.messages![1]!.content;
    expect(user).toContain('[[Tomatoes#Watering]]');
    expect(user).toContain('[[Compost#Basics]]');
    expect(user).toContain(context.text);
    expect(user).toContain(`Question: ${Q}`);
    expect(req.raw).not.toContain(SENTINEL);
    expect(req.raw).not.toContain('Diary');
    expect(req.body!.messages).toEqual(buildPrompt(Q, context).messages);

    expect(streamed.join('')).toBe('The notes say so [[Tomatoes#Watering]]. Ещё: готово ✓');
    expect(a).toMatchObject({
      mode: 'llm',
      text: 'The notes say so [[garden/Tomatoes#Watering|Tomatoes › Watering]]. Ещё: готово ✓',
      citations: ['garden/Tomatoes.md'],
      promptTokens: buildPrompt(Q, context).tokens,
    });
    expect(a.error).toBeUndefined();
  });

  it('says the answer was cut when the stream is cut mid-way, and keeps what arrived', async () => {
    const s = await start();
    s.fault = { type: 'cut-after', pieces: 7 };
    const a = await answerQuestion(Q, context, new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }));
    expect(a.mode).toBe('llm');
    expect(a.text).toContain('The notes say so [[garden/Tomatoes#Watering|Tomatoes › Watering]]');
    expect(a.error).toMatch(/^The answer was cut/);
    expect(a.text).toContain('⚠ The answer was cut');
  });

  it('keeps partial text of a stalled stream, says it was cut, and adds the extractive passages', async () => {
    const s = await start();
    s.fault = { type: 'stall-after', pieces: 2 };
    const a = await answerQuestion(
      Q,
      context,
      new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny', timeoutMs: 300 }),
    );
    expect(a.mode).toBe('extractive');
    expect(a.text.startsWith('The notes sa …')).toBe(true);
    expect(a.error).toMatch(/^The answer was cut: No answer from .* within 300 ms\./);
    expect(a.text).toContain(extractiveAnswer(Q, context).text);
  });

  it.each([
    ['a missing model', { model: 'llama9' }, /The model "llama9" is not available/],
    ['a refused key', { apiKey: 'sk-bad-key-9999' }, /refused the request \(401 Unauthorized\)/],
  ])('falls back to the extractive answer on %s, with the reason', async (_name, over, why) => {
    const s = await start({ apiKey: 'sk-good-key-1234' });
    const chat = new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny', apiKey: 'sk-good-key-1234', ...over });
    const a = await answerQuestion(Q, context, chat);
    expect(a.mode).toBe('extractive');
    expect(a.text).toBe(extractiveAnswer(Q, context).text);
    expect(a.text.length).toBeGreaterThan(0);
    expect(a.error).toMatch(why);
    expect(a.error).toMatch(/Showing passages from the notes instead/);
    expect(a.error).not.toContain('sk-bad-key-9999');
  });
});
