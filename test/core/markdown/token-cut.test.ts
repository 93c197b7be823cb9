import { describe, expect, it } from 'vitest';
import { longestFittingPrefix, tailWithin } from '../../../src/core/markdown/token-cut';
import { countTokens } from '../../../src/core/tokens';

describe('token-cut', () => {
  const text = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

  it('finds the longest prefix within a budget', () => {
    const fits = (s: string): boolean => countTokens(s) <= 50;
    const k = longestFittingPrefix(text, fits);
    expect(fits(text.slice(0, k))).toBe(true);
    expect(fits(text.slice(0, k + 1))).toBe(false);
    expect(longestFittingPrefix('short', fits)).toBe(5);
  });

  it('never splits a surrogate pair and always makes progress', () => {
    const emoji = '😀'.repeat(50);
    const k = longestFittingPrefix(emoji, (s) => countTokens(s) <= 7);
    expect(k % 2).toBe(0);
    expect(k).toBeGreaterThan(0);
    expect(longestFittingPrefix('abc', () => false)).toBe(1);
  });

  it('takes a tail within a budget starting at a word', () => {
    const tail = tailWithin(text, 20);
    expect(countTokens(tail)).toBeLessThanOrEqual(20);
    expect(countTokens(tail)).toBeGreaterThan(10);
    expect(text.endsWith(tail)).toBe(true);
    expect(text.split(' ')).toContain(tail.split(' ')[0]);
    expect(tailWithin(text, 0)).toBe('');
    expect(tailWithin('oneverylongwordwithoutspaces', 2)).toBe('');
  });
});
