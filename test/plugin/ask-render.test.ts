// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../__mocks__/obsidian';
import type { AskResult } from '../../src/engine/protocol';
import {
  chunkSnippet,
  plainText,
  renderAnswer,
  renderAnswerText,
  renderContext,
  renderLinkedText,
  renderSaving,
  turnOfChunk,
} from '../../src/plugin/ask-render';
import { askResult, chunk, turnChunk } from './helpers/fixtures';
import { askSaving } from '../../src/core/cost/ask-saving';

/** `askResult` at `turn` of conversation "c" with earlier turns recalled into the context. */
function inConversation(
  turn: number,
  recalled: number[],
  history = { tokens: 0, full: 0 },
  answer?: string,
): AskResult {
  const r = askResult('q', answer !== undefined ? { answer } : {});
  r.context.chunks = [
    ...recalled.map((t) => turnChunk(t, `question ${t}`, `- answer ${t} [[Budget]]\n- and more`)),
    ...r.context.chunks,
  ];
  r.conversation = {
    id: 'c',
    turn,
    recalledTurns: recalled,
    historyTokens: history.tokens,
    fullHistoryTokens: history.full,
  };
  return r;
}

describe('ask rendering', () => {
  it('reduces chunk markdown to reading text', () => {
    expect(plainText('See [[Tokens per word]] and [[KV cache#Size|the cache]], **bold** and `code`.')).toBe(
      'See Tokens per word and the cache, bold and code.',
    );
    expect(plainText('| Minute | Tokens |\n|---|---|\n| 5 | 1000 |')).toBe('Minute · Tokens; 5 · 1000');
    expect(plainText('- item one\n- item two\n## Heading')).toBe('item one item two Heading');
    expect(plainText('h_t ≈ 400·t and a_b')).toBe('h_t ≈ 400·t and a_b');
  });

  it('drops the heading line the chunker prepends and cuts long snippets', () => {
    expect(chunkSnippet(chunk('Energy/KV cache.md', 'Size', 'Two vectors per token.'))).toBe('Two vectors per token.');
    const long = chunkSnippet(chunk('A.md', '', 'word '.repeat(100)));
    expect(long.length).toBeLessThanOrEqual(220);
    expect(long.endsWith('…')).toBe(true);
  });

  it('renders "- " lines as a list and other lines as paragraphs, with links', () => {
    const el = createDiv();
    const opened: string[] = [];
    renderAnswerText(el, 'Short answer.\n- first [[A#B|A › B]]\n- second [[C]]', (t) => opened.push(t));
    expect(el.querySelectorAll('p')).toHaveLength(1);
    expect([...el.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['first A › B', 'second C']);
    el.querySelector<HTMLElement>('a')!.click();
    expect(opened).toEqual(['A#B']);
  });

  it('states the share saved from the token counts (saving.ratio is full ÷ bounded)', () => {
    const el = createDiv();
    renderSaving(el, askResult('q', { context: 2992, full: 32_343 }));
    expect(el.textContent).toContain('2,992 context tokens vs 32,343 for the whole vault · 90.7% saved');
  });

  it('tells turn chunks from note chunks by their id', () => {
    expect(turnOfChunk(turnChunk(12, 'q', 'a'))).toBe(12);
    expect(turnOfChunk(chunk('turn 3.md', '', 'a real note named like a turn'))).toBeNull();
    expect(turnOfChunk({ ...turnChunk(1, 'q', 'a'), id: 'turn:x' })).toBeNull();
  });

  it('lists earlier turns without links: no note, no focus, and neither click nor Enter opens anything', () => {
    const el = createDiv();
    const opened: string[] = [];
    renderContext(el, inConversation(4, [1, 3]), (t) => opened.push(t));
    expect(el.querySelector('.overlay-memory-section-title')!.textContent).toBe(
      'Context: 2 chunks from 2 notes and 2 earlier turns',
    );
    const turns = [...el.querySelectorAll<HTMLElement>('.overlay-memory-turn-chunk')];
    expect(turns.map((li) => li.querySelector('.overlay-memory-turn-label')!.textContent)).toEqual([
      'Earlier turn 1',
      'Earlier turn 3',
    ]);
    expect(turns[0]!.querySelector('.overlay-memory-chunk-text')!.textContent).toBe(
      'Q: question 1 A: answer 1 Budget and more',
    );
    for (const li of turns) {
      expect(li.hasAttribute('data-note')).toBe(false);
      expect(li.hasAttribute('tabindex')).toBe(false);
      expect(li.querySelector('a')).toBeNull();
      li.click();
      li.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    }
    expect(opened).toEqual([]);
    el.querySelector<HTMLElement>('.overlay-memory-chunk:not(.overlay-memory-turn-chunk)')!.click();
    expect(opened).toEqual(['Energy/Prefill#Quadratic attention']);
  });

  it('says when only earlier turns matched', () => {
    const el = createDiv();
    const r = inConversation(2, [1]);
    r.context.chunks = r.context.chunks.filter((c) => turnOfChunk(c) !== null);
    renderContext(el, r, () => {});
    expect(el.querySelector('.overlay-memory-section-title')!.textContent).toBe(
      'Context: 1 earlier turn (no note matched this question)',
    );
  });

  it('links "turn N" as a note outside a conversation and writes it as plain text inside one', () => {
    const opened: string[] = [];
    const plain = createDiv();
    renderLinkedText(plain, 'see [[turn 3]]', (t) => opened.push(t));
    plain.querySelector<HTMLElement>('a')!.click();
    expect(opened).toEqual(['turn 3']);
    const el = createDiv();
    renderAnswer(
      el,
      inConversation(4, [3], undefined, 'As in [[turn 3]] and [[Turn 1|the first]], see [[Budget]].'),
      (t) => opened.push(t),
    );
    expect(el.querySelector('.overlay-memory-answer-text')!.textContent).toBe('As in turn 3 and turn 1, see Budget.');
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('data-href'))).toEqual(['Budget']);
  });

  it('adds the history line from the second turn of a conversation', () => {
    const el = createDiv();
    renderSaving(el, inConversation(1, []));
    expect(el.querySelector('.overlay-memory-saving-history')).toBeNull();
    renderSaving(el, inConversation(7, [2, 6], { tokens: 214, full: 3120 }));
    expect(el.querySelector('.overlay-memory-saving-history')!.textContent).toBe(
      'History: 214 tokens recalled instead of 3,120 re-sent',
    );
    renderSaving(el, askResult('q'));
    expect(el.querySelector('.overlay-memory-saving-history')).toBeNull();
  });

  it('claims no saving for an empty context and names every other baseline in its own line', () => {
    const el = createDiv();
    const empty = askResult('q', { context: 0, full: 32_343 });
    empty.saving = askSaving({ promptTokens: 40, contextTokens: 0, fullTokens: 32_343, outputTokens: 10 });
    renderSaving(el, empty);
    expect(el.textContent).toBe(
      'Saving: none claimed — the bounded context is empty (nothing in the vault matched), so the prompt is only the question.',
    );
    expect(el.textContent).not.toMatch(/% saved/);

    const big = askResult('q', { context: 2992, full: 1_000_000 });
    big.saving = askSaving({
      promptTokens: 3050,
      contextTokens: 2992,
      fullTokens: 1_000_000,
      outputTokens: 200,
      historyTokens: 50_000,
    });
    renderSaving(el, big);
    expect(el.querySelector('.overlay-memory-saving-energy')!.textContent).toMatch(
      /^Energy ≈ .* vs .* for the whole vault \(estimate for Llama-3\.1-70B/,
    );
    const lines = [...el.querySelectorAll('.overlay-memory-saving-baseline')].map((d) => d.textContent);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Saving: 3,050 prompt tokens instead of 130,872 with the vault cut to Llama-3\.1-70B's 131,072-token window/,
    );
    expect(lines[1]).toMatch(/^Against the conversation's cached history \(50,058 tokens, of which 58 prefilled/);
  });
});
