import { describe, expect, it } from 'vitest';
import { fmt, plural } from '../../src/cli/text';

describe('fmt', () => {
  it('groups thousands and rounds to three decimals, as en-US toLocaleString does', () => {
    for (const n of [
      0,
      7,
      999,
      1000,
      32343,
      1234567,
      298134,
      -1234.5678,
      0.1,
      2.0005,
      96.5,
      1.23456,
      1e14 + 0.5,
      NaN,
      Infinity,
    ]) {
      expect(fmt(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(plural(1200, 'note')).toBe('1,200 notes');
  });
});
