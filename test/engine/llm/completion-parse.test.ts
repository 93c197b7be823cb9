import { describe, expect, it } from 'vitest';
import { absorb, type Parsed } from '../../../src/engine/llm/completion-parse';

describe('absorb', () => {
  it('accumulates deltas, finish reason and usage across streamed chunks', () => {
    const p: Parsed = { text: '' };
    const seen: string[] = [];
    absorb({ choices: [{ delta: { role: 'assistant', content: '' } }] }, p, (t) => seen.push(t));
    absorb({ choices: [{ delta: { content: 'Hel' } }] }, p, (t) => seen.push(t));
    absorb({ choices: [{ delta: { content: 'lo' }, finish_reason: 'stop' }] }, p, (t) => seen.push(t));
    absorb({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 2 } }, p);
    expect(p).toEqual({ text: 'Hello', finishReason: 'stop', promptTokens: 12, completionTokens: 2 });
    expect(seen).toEqual(['Hel', 'lo']);
  });

  it('reads whole responses, content given as parts, and legacy `text` choices', () => {
    const a: Parsed = { text: '' };
    absorb(
      {
        choices: [
          {
            message: {
              content: [
                { type: 'text', text: 'A' },
                { type: 'text', text: 'B' },
              ],
            },
          },
        ],
      },
      a,
    );
    expect(a.text).toBe('AB');
    const b: Parsed = { text: '' };
    absorb({ choices: [{ text: 'legacy', finish_reason: 'length' }] }, b);
    expect(b).toEqual({ text: 'legacy', finishReason: 'length' });
  });

  it('records a server error and ignores what is not an object', () => {
    const p: Parsed = { text: '' };
    absorb(null, p);
    absorb('x', p);
    absorb({ error: 'overloaded' }, p);
    expect(p).toEqual({ text: '', serverError: 'overloaded' });
  });
});
