// Retrieval within a conversation, on real indexes over small in-memory vaults: rotation of sent chunks, the
// warm-note boost, recall of an earlier turn, follow-ups, and the budget split between history and notes.
import { beforeAll, describe, expect, it } from 'vitest';
import { ConversationMemory } from '../../../src/core/memory/conversation-memory';
import {
  fairShares,
  rerankWithMemory,
  retrieveInConversation,
  turnLabel,
} from '../../../src/core/memory/memory-retrieval';
import type { RetrievalSource } from '../../../src/core/retrieval/source';
import type { BoundedContext } from '../../../src/core/types';
import { countTokens } from '../../../src/core/tokens';
import { LIGHTHOUSE_NOTES, memorySource, playTurn, TOPIC_NOTES } from './memory-fixture';

let src: RetrievalSource;
beforeAll(async () => {
  src = await memorySource({ ...TOPIC_NOTES, ...LIGHTHOUSE_NOTES });
});

const LIGHTHOUSE_Q = 'What does the lighthouse keeper write in the logbook?';
const notesOf = (ctx: BoundedContext) => ctx.chunks.map((c) => c.note);

/** Two turns of the same question; memory limited to rotation (no history in the context). */
async function twoTurns(opts: ConstructorParameters<typeof ConversationMemory>[1]) {
  const m = new ConversationMemory('rot', { recentTurns: 0, recallTurns: 0, ...opts });
  const first = await playTurn(LIGHTHOUSE_Q, src, m, 130);
  const second = await retrieveInConversation(LIGHTHOUSE_Q, src, m, { budget: 130 });
  return {
    first: notesOf(first.notesContext),
    second: notesOf(second.notesContext),
    firstTop: first.notesContext.chunks[0]!.note,
  };
}

describe('rotation', () => {
  it("does not re-send last turn's chunks when equally relevant ones are unsent, but keeps the top-ranked one", async () => {
    const { first, second, firstTop } = await twoTurns({ protectTop: 1 });
    // Four of the six near-identical lighthouse notes fit the budget.
    expect(first).toHaveLength(4);
    expect(first.every((n) => n.startsWith('Lighthouses/'))).toBe(true);
    const unsent = Object.keys(LIGHTHOUSE_NOTES).filter((n) => !first.includes(n));
    // The top chunk is still top-ranked: sent again, first.
    expect(second[0]).toBe(firstTop);
    // Both alternatives not shown yet come in; what is re-sent besides the top is at most what is left over.
    for (const n of unsent) expect(second).toContain(n);
    expect(second.filter((n) => first.includes(n) && n !== firstTop).length).toBeLessThanOrEqual(1);
  });

  it('without the top-rank protection the top chunk rotates out too; without rotation nothing changes', async () => {
    const unprotected = await twoTurns({ protectTop: 0 });
    expect(unprotected.second.slice(0, 2).sort()).toEqual(
      Object.keys(LIGHTHOUSE_NOTES)
        .filter((n) => !unprotected.first.includes(n))
        .sort(),
    );
    const off = await twoTurns({ rotationTurns: 0 });
    expect(off.second).toEqual(off.first);
  });

  it('re-ranks: warm notes are boosted, recently sent chunks below the protected top are penalised', () => {
    const ids = Object.keys(LIGHTHOUSE_NOTES)
      .slice(0, 4)
      .map((n) => src.chunksOf(n)[0]!);
    const pool: BoundedContext = {
      tokens: 0,
      text: '',
      chunks: ids.map((id, i) => {
        const c = src.chunks.get(id)!;
        return {
          id,
          note: c.note,
          heading: '',
          label: `[[${c.title}]]`,
          tokens: c.tokens,
          score: 1 - i * 0.01,
          text: c.text,
          trace: { fused: 1 },
        };
      }),
    };
    const m = new ConversationMemory('r', { protectTop: 1, halfLife: 3 });
    // Turn 1 found note 3 best and sent chunks 0 and 1.
    m.recordTurn({
      question: 'q',
      answer: '',
      sent: [ids[0]!, ids[1]!],
      notes: [{ note: src.chunks.get(ids[3]!)!.note, score: 1 }],
    });
    const ranked = rerankWithMemory(pool, src, m);
    const order = ranked.map((r) => ids.indexOf(r.chunk.id));
    // 3 is warm (×1.1), so it leads and takes the protected rank; 0 and 1 were sent and fall below 2.
    expect(order).toEqual([3, 2, 0, 1]);
    const byId = new Map(ranked.map((r) => [r.chunk.id, r]));
    const warm = 1 + m.options.noteBoost * m.warmth(src.chunks.get(ids[3]!)!.note);
    expect(byId.get(ids[3]!)!.trace.memory).toBeCloseTo(warm, 12);
    expect(byId.get(ids[3]!)!.score).toBeCloseTo(0.97 * warm, 12);
    expect(byId.get(ids[0]!)!.trace.memory).toBe(m.options.rotationPenalty);
    expect(byId.get(ids[2]!)!.trace.memory).toBe(1);
  });
});

describe('history in the context', () => {
  it('recalls an earlier turn for a later related question, labelled [[turn N]], and not unrelated turns', async () => {
    const m = new ConversationMemory('recall');
    const qs = [
      'Which pests attack tomato leaves?',
      'What does the borrow checker enforce?',
      'How do I get to Kyoto?',
      'Why is Mars red?',
      'What should I eat in Lisbon?',
    ];
    for (const q of qs) await playTurn(q, src, m, 600);
    const r = await retrieveInConversation('How do I get rid of hornworms on my tomatoes?', src, m, { budget: 600 });
    const related = r.recalled.filter((t) => t.reason === 'related').map((t) => t.turn);
    expect(related).toContain(1);
    expect(related).not.toContain(3);
    expect(r.recalled.find((t) => t.reason === 'recent')?.turn).toBe(5);
    const turnChunk = r.context.chunks.find((c) => c.id === 'turn:1')!;
    expect(turnChunk.label).toBe(turnLabel(1));
    expect(turnChunk.text).toContain('Q: Which pests attack tomato leaves?');
    expect(r.context.text).toContain('[[turn 1]]\nQ: Which pests attack tomato leaves?');
    // Recalled turns come first, oldest first; then the notes, whose part is the notes context.
    const turns = r.context.chunks.filter((c) => c.id.startsWith('turn:')).map((c) => c.id);
    expect(r.context.chunks.slice(0, turns.length).map((c) => c.id)).toEqual(turns);
    expect(turns).toEqual([...turns].sort((a, b) => Number(a.slice(5)) - Number(b.slice(5))));
    expect(r.context.chunks.slice(turns.length)).toEqual(r.notesContext.chunks);
    expect(r.notesContext.chunks[0]!.note).toBe('Garden/Tomatoes.md');
    expect(r.historyTokens).toBe(
      countTokens(
        r.context.chunks
          .slice(0, turns.length)
          .map((c) => `${c.label}\n${c.text}`)
          .join('\n\n'),
      ),
    );
  });

  it("answers a follow-up from the previous question's notes", async () => {
    const m = new ConversationMemory('follow');
    await playTurn('What should I eat in Lisbon?', src, m, 400);
    const r = await retrieveInConversation('and why?', src, m, { budget: 400 });
    expect(r.query).toBe('and why? What should I eat in Lisbon?');
    expect(r.notesContext.chunks[0]!.note).toBe('Travel/Lisbon.md');
    expect(r.recalled.map((t) => [t.turn, t.reason])).toEqual([[1, 'recent']]);
  });

  it('keeps history within its share and the whole context within the budget, even with long turns', async () => {
    const m = new ConversationMemory('long', { recallTurns: 3 });
    const long = 'Tomatoes need sun, water, compost and stakes. '.repeat(60);
    for (let i = 0; i < 6; i++)
      m.recordTurn({ question: `Tell me everything about tomatoes, part ${i + 1}`, answer: long, sent: [], notes: [] });
    for (const budget of [40, 200, 500, 1000]) {
      const r = await retrieveInConversation('What do tomatoes need?', src, m, { budget });
      expect(r.historyTokens).toBeLessThanOrEqual(Math.floor(0.25 * budget));
      expect(r.context.tokens).toBe(countTokens(r.context.text));
      expect(r.context.tokens).toBeLessThanOrEqual(budget);
      if (budget >= 500) {
        // Several turns share the history part; each long one is cut, not dropped.
        expect(r.recalled.length).toBeGreaterThanOrEqual(2);
        expect(r.context.chunks.filter((c) => c.id.startsWith('turn:')).every((c) => c.text.endsWith('…'))).toBe(true);
      }
    }
  });

  it('splits the history share fairly: short turns take what they need, long ones share the rest', () => {
    expect(fairShares([10, 100, 100], 150)).toEqual([10, 70, 70]);
    expect(fairShares([10, 20], 150)).toEqual([10, 20]);
    expect(fairShares([500], 150)).toEqual([150]);
    expect(fairShares([], 150)).toEqual([]);
  });
});
