// ConversationMemory: the decay of note weights, what counts as recently sent, follow-up queries, the history
// token count, and the versioned JSON round trip (including turn vectors, so a reload recalls the same turns).
import { describe, expect, it } from 'vitest';
import { ConversationMemory, turnText, turnTokens } from '../../../src/core/memory/conversation-memory';
import { decayFactor, DEFAULT_MEMORY, memoryOptions } from '../../../src/core/memory/memory-options';
import type { Embedder } from '../../../src/core/types';
import { countTokens } from '../../../src/core/tokens';
import { messageOverhead } from '../../../src/core/answer/prompt';
import { localEmbedder, memorySource, playTurn, TOPIC_NOTES } from './memory-fixture';

const turn = (m: ConversationMemory, notes: [string, number][], sent: string[] = [], question = 'q?') =>
  m.recordTurn({ question, answer: 'a.', sent, notes: notes.map(([note, score]) => ({ note, score })) });

/** An embedder that counts passage texts it embedded (to see what a reload recomputes). */
function counting(inner: Embedder): Embedder & { passages: number } {
  const e = {
    passages: 0,
    fingerprint: inner.fingerprint,
    init: (p?: Parameters<Embedder['init']>[0]) => inner.init(p),
    embed: async (texts: string[], mode: 'query' | 'passage') => {
      if (mode === 'passage') e.passages += texts.length;
      return inner.embed(texts, mode);
    },
  };
  return e;
}

describe('note weights', () => {
  it('decay by e^(−λ) per turn with λ = ln 2 / half-life, and add the relevance of the turn', () => {
    expect(decayFactor(3) ** 3).toBeCloseTo(0.5, 12);
    expect(DEFAULT_MEMORY.halfLife).toBe(3);
    const m = new ConversationMemory('c', { halfLife: 3 });
    turn(m, [
      ['A.md', 2],
      ['B.md', 1],
    ]);
    // Relevance is the score relative to the turn's best note.
    expect(m.weight('A.md')).toBe(1);
    expect(m.weight('B.md')).toBe(0.5);
    turn(m, []);
    turn(m, []);
    turn(m, []);
    expect(m.weight('A.md')).toBeCloseTo(0.5, 12);
    expect(m.weight('B.md')).toBeCloseTo(0.25, 12);
    // w ← w·e^(−λ) + relevance.
    turn(m, [
      ['A.md', 4],
      ['C.md', 3],
    ]);
    expect(m.weight('A.md')).toBeCloseTo(0.5 * decayFactor(3) + 1, 12);
    expect(m.weight('C.md')).toBeCloseTo(0.75, 12);
    expect(m.weight('B.md')).toBeCloseTo(0.25 * decayFactor(3), 12);
  });

  it('warmth is the weighted average of relevance: a note best at every turn tends to 1', () => {
    const m = new ConversationMemory('c', { halfLife: 2 });
    turn(m, [['A.md', 1]]);
    expect(m.warmth('A.md')).toBeCloseTo(1 - decayFactor(2), 12);
    for (let i = 0; i < 60; i++) turn(m, [['A.md', 1]]);
    expect(m.warmth('A.md')).toBeGreaterThan(0.999);
    expect(m.warmth('A.md')).toBeLessThanOrEqual(1);
    expect(m.warmth('never.md')).toBe(0);
  });

  it('only the top notes of a turn add relevance, and forgotten weights leave the state', () => {
    const m = new ConversationMemory('c', { relevantNotes: 2, minWeight: 0.01, halfLife: 1 });
    turn(m, [
      ['A.md', 3],
      ['B.md', 2],
      ['C.md', 1],
    ]);
    expect([...m.weights().keys()].sort()).toEqual(['A.md', 'B.md']);
    // Half-life 1: 1 → 2^-7 < 0.01 after 7 turns.
    for (let i = 0; i < 7; i++) turn(m, []);
    expect(m.weights().size).toBe(0);
  });
});

describe('turns', () => {
  it('knows the chunks sent in the last N turns (rotation window)', () => {
    const m = new ConversationMemory('c', { rotationTurns: 2 });
    turn(m, [], ['a', 'b']);
    turn(m, [], ['c']);
    turn(m, [], ['d', 'd']);
    expect([...m.recentlySent()].sort()).toEqual(['c', 'd']);
    expect(m.turn(3)!.sent).toEqual(['d']);
    const off = new ConversationMemory('c', { rotationTurns: 0 });
    turn(off, [], ['a']);
    expect(off.recentlySent().size).toBe(0);
  });

  it('counts what re-sending the whole history would cost, exactly', () => {
    const m = new ConversationMemory('c');
    expect(m.fullHistoryTokens()).toBe(0);
    m.recordTurn({
      question: 'What is a KV cache?',
      answer: 'Keys and values of earlier tokens.',
      sent: [],
      notes: [],
    });
    m.recordTurn({ question: 'How big is it?', answer: '', sent: [], notes: [] });
    const expected =
      countTokens('What is a KV cache?') +
      countTokens('Keys and values of earlier tokens.') +
      countTokens('How big is it?') +
      2 * (messageOverhead('user') + messageOverhead('assistant'));
    expect(m.fullHistoryTokens()).toBe(expected);
    expect(turnTokens('How big is it?', '')).toBe(
      countTokens('How big is it?') + messageOverhead('user') + messageOverhead('assistant'),
    );
    expect(m.turnCount).toBe(2);
    expect(m.nextTurn).toBe(3);
    expect(turnText(m.turn(1)!)).toBe('Q: What is a KV cache?\nA: Keys and values of earlier tokens.');
    expect(turnText(m.turn(2)!)).toBe('Q: How big is it?');
  });

  it('extends a follow-up question with the previous one, and only a follow-up', () => {
    const m = new ConversationMemory('c');
    expect(m.queryFor('and why?')).toBe('and why?');
    m.recordTurn({ question: 'What should I eat in Lisbon?', answer: '', sent: [], notes: [] });
    expect(m.queryFor('and why?')).toBe('and why? What should I eat in Lisbon?');
    expect(m.queryFor('What does it cost?')).toBe('What does it cost? What should I eat in Lisbon?');
    expect(m.queryFor('Что он хранит?')).toBe('Что он хранит? What should I eat in Lisbon?');
    expect(m.queryFor('How do I get to Kyoto?')).toBe('How do I get to Kyoto?');
    expect(m.queryFor('Why is Mars red?')).toBe('Why is Mars red?');
  });

  it('rejects an empty question, a bad id and bad options with clear errors', () => {
    const m = new ConversationMemory('c');
    expect(() => m.recordTurn({ question: '  ', answer: '', sent: [], notes: [] })).toThrow(/^conversation-memory: /);
    expect(() => m.recordTurn({ question: 'q?', answer: '', sent: [], notes: [], recalled: [1] })).toThrow(
      /cannot recall turn 1/,
    );
    expect(m.turnCount).toBe(0);
    expect(() => new ConversationMemory(' ')).toThrow(/^conversation-memory: /);
    expect(() => memoryOptions({ historyShare: 1 })).toThrow(/^memory-options: historyShare/);
    expect(() => memoryOptions({ halfLife: 0 })).toThrow(/^memory-options: halfLife/);
    expect(() => memoryOptions({ rotationPenalty: 0 })).toThrow(/^memory-options: rotationPenalty/);
  });
});

describe('JSON', () => {
  it('round-trips the whole state, and the reloaded memory recalls the same turns without re-embedding them', async () => {
    const src = await memorySource(TOPIC_NOTES);
    const m = new ConversationMemory('trip');
    for (const q of [
      'Which pests attack tomato leaves?',
      'What does the borrow checker enforce?',
      'How do I get to Kyoto?',
    ]) {
      await playTurn(q, src, m, 500);
    }
    const question = 'How do I get rid of hornworms on tomatoes?';
    const before = await m.recall(question, src.embedder);
    const text = JSON.stringify(m);
    const json = JSON.parse(text);
    expect(json).toMatchObject({ format: 'overlay-conversation', version: 1, id: 'trip' });
    expect(Object.keys(json.vectors.vectors)).toEqual(['1', '2', '3']);

    const emb = counting(localEmbedder());
    const back = ConversationMemory.fromJSON(json);
    if (!back.ok) throw new Error(back.error);
    const r = back.value;
    expect(JSON.stringify(r)).toBe(text);
    expect(r.turns()).toEqual(m.turns());
    expect([...r.weights()]).toEqual([...m.weights()]);
    expect(r.fullHistoryTokens()).toBe(m.fullHistoryTokens());
    expect([...r.recentlySent()]).toEqual([...m.recentlySent()]);
    const after = await r.recall(question, emb);
    expect(after.map((t) => [t.turn, t.reason, t.similarity])).toEqual(
      before.map((t) => [t.turn, t.reason, t.similarity]),
    );
    expect(after.some((t) => t.turn === 1 && t.reason === 'related')).toBe(true);
    expect(emb.passages).toBe(0);
  });

  it('re-embeds turns whose stored vectors are from another embedder', async () => {
    const m = new ConversationMemory('emb');
    m.recordTurn({
      question: 'Which pests attack tomato leaves?',
      answer: 'Aphids and hornworms.',
      sent: [],
      notes: [],
    });
    await m.recall('tomato pests', localEmbedder());
    const json = m.toJSON();
    json.vectors!.fingerprint = 'some other model';
    const back = ConversationMemory.fromJSON(JSON.parse(JSON.stringify(json)));
    if (!back.ok) throw new Error(back.error);
    const emb = counting(localEmbedder());
    await back.value.recall('tomato pests', emb);
    expect(emb.passages).toBe(1);
  });

  it('gives a typed failure for anything malformed, and marks a newer version as such', () => {
    const good = (() => {
      const m = new ConversationMemory('bad');
      turn(m, [['A.md', 1]], ['x']);
      turn(m, [['A.md', 1]], ['y']);
      return m.toJSON();
    })();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test corrupts a parsed file's fields at will
    const variant = (f: (j: Record<string, any>) => void) => {
      const j = JSON.parse(JSON.stringify(good));
      f(j);
      return ConversationMemory.fromJSON(j);
    };
    expect(ConversationMemory.fromJSON(good).ok).toBe(true);
    expect(ConversationMemory.fromJSON('nope')).toMatchObject({ ok: false, error: 'not an object' });
    expect(variant((j) => (j.format = 'x'))).toMatchObject({ ok: false, error: /format/ });
    expect(variant((j) => (j.version = 2))).toMatchObject({ ok: false, newer: true });
    expect(variant((j) => (j.version = 0))).toMatchObject({ ok: false, error: /version 0/ });
    expect(variant((j) => (j.turns[1].turn = 1))).toMatchObject({ ok: false, error: /must increase/ });
    expect(variant((j) => (j.turns[0].question = ''))).toMatchObject({ ok: false, error: /question/ });
    expect(variant((j) => (j.turns[0].sent = [1]))).toMatchObject({ ok: false, error: /sent/ });
    expect(variant((j) => (j.turns[0].recalled = [2]))).toMatchObject({ ok: false, error: /later turn/ });
    expect(variant((j) => (j.turns[0].tokens = -1))).toMatchObject({ ok: false, error: /tokens/ });
    expect(variant((j) => (j.weights['A.md'] = 'x'))).toMatchObject({ ok: false, error: /weight/ });
    expect(variant((j) => (j.vectors = { fingerprint: 1 }))).toMatchObject({ ok: false, error: /vectors/ });
  });
});
