import { describe, expect, it } from 'vitest';
import { median, quantile, round, roundSummary, summarize } from '../../src/bench/stats';

describe('bench stats', () => {
  it('interpolates quantiles between the nearest ranks', () => {
    expect(quantile([10, 20, 30, 40], 0)).toBe(10);
    expect(quantile([10, 20, 30, 40], 1)).toBe(40);
    expect(quantile([40, 10, 30, 20], 0.5)).toBe(25);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(quantile([0, 100], 0.9)).toBeCloseTo(90);
  });

  it('takes the middle sample as the median, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it('summarises count, median, min, p90 and max', () => {
    const s = summarize([3, 1, 2, 10, 4]);
    expect(s).toMatchObject({ n: 5, median: 3, min: 1, max: 10 });
    expect(s.p90).toBeCloseTo(7.6, 10);
  });

  it('refuses empty input, non-finite samples and quantiles outside [0, 1]', () => {
    expect(() => summarize([])).toThrow(/bench-stats: no samples/);
    expect(() => summarize([1, Number.NaN])).toThrow(/not finite/);
    expect(() => quantile([1], 1.5)).toThrow(/quantile must be in/);
  });

  it('rounds summaries for the report', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(roundSummary({ n: 2, median: 1.23456, min: 1.11111, p90: 1.5555, max: 2 }, 1)).toEqual({
      n: 2,
      median: 1.2,
      min: 1.1,
      p90: 1.6,
      max: 2,
    });
  });
});
