// Citations of recalled turns become plain text and leave the list of cited notes.
import { describe, expect, it } from 'vitest';
import { unlinkTurnCitations } from '../../../src/core/memory/turn-citations';
import type { AskAnswer } from '../../../src/core/types';

const answer = (text: string, citations: string[]): AskAnswer => ({
  text,
  citations,
  mode: 'llm',
  promptTokens: 0,
  completionTokens: 0,
});

describe('unlinkTurnCitations', () => {
  it('writes rendered and raw turn links as plain text and keeps note links', () => {
    const r = unlinkTurnCitations(
      answer(
        'As said [[turn 3|turn 3]] and [[turn 12]]; see [[Energy/KV cache|KV cache]] and [[turn 9]] (not in context).',
        ['turn 3', 'Energy/KV cache.md', 'turn 12'],
      ),
    );
    expect(r.text).toBe(
      'As said (turn 3) and (turn 12); see [[Energy/KV cache|KV cache]] and [[turn 9]] (not in context).',
    );
    expect(r.citations).toEqual(['Energy/KV cache.md']);
  });

  it('leaves notes that merely start with "turn" alone', () => {
    const r = unlinkTurnCitations(answer('See [[turn 3|turn 4]] and [[Turnip]].', ['Turnip.md', 'turn of phrase.md']));
    expect(r.text).toBe('See [[turn 3|turn 4]] and [[Turnip]].');
    expect(r.citations).toEqual(['Turnip.md', 'turn of phrase.md']);
  });
});
