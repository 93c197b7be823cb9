// A 1,000-turn conversation over a small in-memory vault (real indexes, local embedder, extractive answers): the
// context stays within the budget at every turn — counted exactly — while re-sending the history would cost more
// and more, and the memory itself stays small and loadable.
import { describe, expect, it } from 'vitest';
import { ConversationMemory } from '../../../src/core/memory/conversation-memory';
import { buildPrompt } from '../../../src/core/answer/prompt';
import { countTokens } from '../../../src/core/tokens';
import { memorySource, playTurn, TOPIC_NOTES } from './memory-fixture';

const QUESTIONS = [
  'What do tomatoes need?',
  'Which pests attack tomato leaves?',
  'and why?',
  'When should tomatoes be picked?',
  'What is the compost ratio of brown to green material?',
  'What does the borrow checker enforce?',
  'What does it cost at run time?',
  'How do trait objects dispatch calls?',
  'How do I get to Kyoto from Tokyo?',
  'What can I see in Kyoto?',
  'What should I eat in Lisbon?',
  'Why is Mars red?',
  'What are the moons of Mars?',
  'What are the Galilean moons of Jupiter?',
  'How large is the Great Red Spot?',
];
const TURNS = 1000;
const BUDGET = 600;

describe('a 1,000-turn conversation', () => {
  it('keeps every turn within the budget while the cost of re-sending the history keeps growing', async () => {
    const src = await memorySource(TOPIC_NOTES);
    const m = new ConversationMemory('long');
    const saving: number[] = [];
    let lastFull = -1;
    let recalledRelated = 0;
    const historyCap = Math.floor(m.options.historyShare * BUDGET);
    for (let t = 1; t <= TURNS; t++) {
      // Topics come back every few turns, so recall has earlier turns to find.
      const q = QUESTIONS[(t - 1) % QUESTIONS.length]!;
      const r = await playTurn(q, src, m, BUDGET);
      const exact = countTokens(r.context.text);
      if (exact !== r.context.tokens || exact > BUDGET || r.historyTokens > historyCap) {
        throw new Error(`turn ${t}: context ${exact} (reported ${r.context.tokens}), history ${r.historyTokens}`);
      }
      // The prompt is the context plus a fixed frame and the question: bounded too.
      const frame = buildPrompt(q, { tokens: 0, chunks: [], text: '' }).tokens;
      expect(buildPrompt(q, r.context).tokens).toBeLessThanOrEqual(BUDGET + frame);
      expect(r.fullHistoryTokens).toBeGreaterThan(lastFull);
      lastFull = r.fullHistoryTokens;
      saving.push(r.fullHistoryTokens - r.historyTokens);
      if (r.recalled.some((x) => x.reason === 'related')) recalledRelated++;
    }
    expect(m.turnCount).toBe(TURNS);
    // Re-sending the whole history at turn 1,000 would cost far more than the whole bounded context.
    expect(saving[TURNS - 1]!).toBeGreaterThan(100 * BUDGET);
    expect(saving[9]!).toBeLessThan(saving[99]!);
    expect(saving[99]!).toBeLessThan(saving[TURNS - 1]!);
    expect(recalledRelated).toBeGreaterThan(TURNS / 2);
    // Constant-size state per note; the whole memory reloads.
    expect(m.weights().size).toBeLessThanOrEqual(Object.keys(TOPIC_NOTES).length);
    const back = ConversationMemory.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.ok && back.value.turnCount).toBe(TURNS);
  }, 180_000);
});
