import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatError, ChatMessage, ChatModel, ChatResult } from '../../../src/core/answer/chat-model';
import { askSaving } from '../../../src/core/cost/ask-saving';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import {
  buildRankPrompt,
  DEFAULT_RANK_CANDIDATES,
  EXCERPT_TOKENS,
  parseRankReply,
  rankCandidates,
  rankWithLlm,
} from '../../../src/core/retrieval/llm-ranker';
import { buildMemorySource } from '../../../src/core/retrieval/memory-source';
import type { RankedChunk } from '../../../src/core/retrieval/pack';
import { packCandidates, retrieve } from '../../../src/core/retrieval/retriever';
import { countTokens } from '../../../src/core/tokens';

/** A chat model that replays one scripted outcome and records what it was sent. */
class ScriptedChat implements ChatModel {
  readonly name = 'scripted-ranker';
  calls: ChatMessage[][] = [];
  constructor(private readonly outcome: { ok: true; value: ChatResult } | { ok: false; error: ChatError }) {}
  async complete(messages: ChatMessage[]) {
    this.calls.push(messages);
    return this.outcome;
  }
}

const reply = (text: string) => new ScriptedChat({ ok: true, value: { text, truncated: false, finishReason: 'stop' } });
const failing = (error: ChatError) => new ScriptedChat({ ok: false, error });

const topics = ['Tomatoes', 'Compost', 'Bread', 'Soup', 'Trains', 'Packing', 'Guitar', 'Scales', 'Sleep', 'Running'];
const notes = [
  ...topics.map((t, i) => ({
    path: `Misc/${t}.md`,
    text: `# ${t}\n\n${t} notes: keep a journal of ${t.toLowerCase()} every week, number ${i}.\n\n## More\n\nA second section about ${t.toLowerCase()} and the journal.\n`,
  })),
  {
    path: 'Journal/Habits.md',
    text: '# Habits\n\nA weekly journal keeps habits honest: write one line every evening.\n',
  },
];

const Q = 'How do I keep a weekly journal?';
let src: Awaited<ReturnType<typeof buildMemorySource>>;
let ordered: RankedChunk[];

beforeAll(async () => {
  src = await buildMemorySource(notes, new LocalEmbedder({ dims: 1024 }));
  ordered = (await retrieve(Q, src, { budget: 400 })).ordered;
});

describe('rankCandidates and buildRankPrompt', () => {
  it('lists up to N candidates as "id | note › heading | opening words" within a few tokens each', () => {
    expect(ordered.length).toBeGreaterThan(5);
    const cands = rankCandidates(ordered, 5);
    expect(cands.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    for (const c of cands) {
      const [id, origin, excerpt] = c.line.split(' | ');
      expect(id).toBe(c.id);
      expect(origin).toContain(c.chunk.chunk.title);
      // The heading-path line is not repeated in the excerpt.
      expect(excerpt).not.toMatch(/ > /);
      expect(countTokens(excerpt!)).toBeLessThanOrEqual(EXCERPT_TOKENS + 2);
    }
    const prompt = buildRankPrompt(Q, cands);
    expect(prompt.messages[1]!.content).toContain(`Question: ${Q}`);
    expect(prompt.tokens).toBeGreaterThan(countTokens(cands.map((c) => c.line).join('\n')));
  });

  it("keeps the default list within the issue's 20–40 candidates", () => {
    expect(DEFAULT_RANK_CANDIDATES).toBeGreaterThanOrEqual(20);
    expect(DEFAULT_RANK_CANDIDATES).toBeLessThanOrEqual(40);
  });
});

describe('parseRankReply', () => {
  const known = new Set(['c1', 'c2', 'c3']);
  it('reads ids in order, once each, and sets unknown ones apart', () => {
    expect(parseRankReply('c3, c1, c3, c9', known)).toEqual({ ids: ['c3', 'c1'], unknown: ['c9'], none: false });
    expect(parseRankReply('<think>maybe c2</think>\nC1 ; c 3', known).ids).toEqual(['c1', 'c3']);
  });
  it('reads a bare list of numbers, but not numbers inside prose', () => {
    expect(parseRankReply('2, 1', known).ids).toEqual(['c2', 'c1']);
    expect(parseRankReply('There are 3 useful passages, 1 is best.', known).ids).toEqual([]);
  });
  it('recognises "none"', () => {
    expect(parseRankReply('none', known).none).toBe(true);
    expect(parseRankReply('None.', known).none).toBe(true);
  });
});

describe('rankWithLlm', () => {
  it('follows a good reply: the chosen chunks first in its order, then the rest as before; tokens counted', async () => {
    const chat = reply('c4, c2');
    const { order, ranking } = await rankWithLlm(Q, ordered, chat, { candidates: 8 });
    expect(ranking.status).toBe('ranked');
    expect(order[0]).toBe(ordered[3]);
    expect(order[1]).toBe(ordered[1]);
    expect(order.slice(2)).toEqual(ordered.filter((_, i) => i !== 3 && i !== 1));
    expect(ranking.chosen).toEqual([ordered[3]!.chunk.id, ordered[1]!.chunk.id]);
    expect(ranking.promptTokens).toBe(buildRankPrompt(Q, rankCandidates(ordered, 8)).tokens);
    expect(ranking.completionTokens).toBe(countTokens('c4, c2'));
    expect(chat.calls[0]).toEqual(buildRankPrompt(Q, rankCandidates(ordered, 8)).messages);
    // Packing follows that order: the model's first choice is in the context even in a small budget.
    const packed = packCandidates(order, src, { budget: 120 });
    expect(packed.chunks.map((c) => c.id)).toContain(ordered[3]!.chunk.id);
    expect(packed.tokens).toBeLessThanOrEqual(120);
  });

  it('ignores unknown ids next to known ones, and says which', async () => {
    const { ranking, order } = await rankWithLlm(Q, ordered, reply('c42, c2'), { candidates: 8 });
    expect(ranking.status).toBe('ranked');
    expect(ranking.unknown).toEqual(['c42']);
    expect(order[0]).toBe(ordered[1]);
  });

  const fallbacks: [string, ScriptedChat, RegExp][] = [
    ['prose', reply('The passage about habits seems most relevant to the question.'), /no candidate id: “The passage/],
    ['only unknown ids', reply('c41, c57'), /only unknown ids \(c41, c57\)/],
    ['an empty reply', reply('   '), /returned an empty ranking/],
    ['"none"', reply('none'), /found no candidate/],
  ];
  for (const [what, chat, reason] of fallbacks) {
    it(`keeps the retriever's order on ${what} and says why; the call still counts`, async () => {
      const { order, ranking } = await rankWithLlm(Q, ordered, chat, { candidates: 8 });
      expect(ranking.status).toBe('fallback');
      expect(ranking.reason).toMatch(reason);
      expect(order).toEqual(ordered);
      expect(ranking.chosen).toEqual([]);
      expect(ranking.promptTokens).toBe(buildRankPrompt(Q, rankCandidates(ordered, 8)).tokens);
    });
  }

  it('falls back on a failed call; a prompt the server never read costs nothing, a timed-out one does', async () => {
    const down = await rankWithLlm(
      Q,
      ordered,
      failing({ kind: 'unreachable', message: 'Cannot reach the LLM endpoint.' }),
    );
    expect(down.ranking).toMatchObject({ status: 'fallback', promptTokens: 0, completionTokens: 0 });
    expect(down.ranking.reason).toMatch(/the ranking call failed: Cannot reach/);
    expect(down.order).toEqual(ordered);
    const slow = await rankWithLlm(Q, ordered, failing({ kind: 'timeout', message: 'No answer within 60 s.' }));
    expect(slow.ranking.promptTokens).toBeGreaterThan(0);
  });

  it('does not call the model with fewer than two candidates', async () => {
    const chat = reply('c1');
    const { ranking } = await rankWithLlm(Q, ordered.slice(0, 1), chat);
    expect(chat.calls).toHaveLength(0);
    expect(ranking).toMatchObject({ status: 'fallback', promptTokens: 0 });
  });
});

describe('the ranker in the saving', () => {
  it('adds its request to the bounded side: fewer tokens saved, more bounded energy', () => {
    const plain = askSaving({ promptTokens: 3000, fullTokens: 300_000, outputTokens: 200 });
    const ranked = askSaving({
      promptTokens: 3000,
      fullTokens: 300_000,
      outputTokens: 200,
      extraCalls: [{ promptTokens: 900, outputTokens: 20 }],
    });
    expect(ranked.tokens).toBe(plain.tokens - 900);
    expect(ranked.ratio).toBeCloseTo(300_000 / 3900, 6);
    expect(ranked.energyWh.bounded).toBeGreaterThan(plain.energyWh.bounded);
    expect(ranked.energyWh.full).toBe(plain.energyWh.full);
    const alone = askSaving({ promptTokens: 900, fullTokens: 900, outputTokens: 20 }).energyWh.bounded;
    expect(ranked.energyWh.bounded).toBeCloseTo(plain.energyWh.bounded + alone, 9);
  });
});
