import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/bench/bench-args';

describe('bench arguments', () => {
  it('defaults to a full run with 5 repetitions into bench-results', () => {
    expect(parseBenchArgs([])).toEqual({
      ok: true,
      args: {
        quick: false,
        runs: 5,
        out: 'bench-results',
        help: false,
        scale: [],
        scaleDir: '/tmp/overlay-scale',
        scaleSteps: ['cold', 'reindex', 'query'],
      },
    });
  });

  it('reads --quick, --runs N, --runs=N and --out', () => {
    expect(parseBenchArgs(['--quick', '--runs', '3', '--out', '/tmp/x'])).toEqual({
      ok: true,
      args: {
        quick: true,
        runs: 3,
        out: '/tmp/x',
        help: false,
        scale: [],
        scaleDir: '/tmp/overlay-scale',
        scaleSteps: ['cold', 'reindex', 'query'],
      },
    });
    const r = parseBenchArgs(['--runs=7']);
    expect(r.ok && r.args.runs).toBe(7);
  });

  it('reads the scale benchmark options', () => {
    const r = parseBenchArgs(['--scale', '--scale-dir', '/tmp/s', '--scale-steps', 'query']);
    expect(r.ok && [r.args.scale, r.args.scaleDir, r.args.scaleSteps]).toEqual([
      [1000, 10000, 50000],
      '/tmp/s',
      ['query'],
    ]);
    const sized = parseBenchArgs(['--scale=10000,1000']);
    expect(sized.ok && sized.args.scale).toEqual([1000, 10000]);
    expect(parseBenchArgs(['--scale=5'])).toMatchObject({ ok: false, error: expect.stringContaining('--scale sizes') });
    expect(parseBenchArgs(['--scale-steps', 'warm'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('cold, reindex and query'),
    });
  });

  it('says what is wrong with bad input', () => {
    expect(parseBenchArgs(['--runs', '0'])).toEqual({
      ok: false,
      error: '--runs must be a whole number from 1 to 100, got 0',
    });
    expect(parseBenchArgs(['--runs'])).toMatchObject({ ok: false, error: expect.stringContaining('got nothing') });
    expect(parseBenchArgs(['--out'])).toEqual({ ok: false, error: '--out needs a folder' });
    expect(parseBenchArgs(['--fast'])).toEqual({ ok: false, error: 'unknown argument "--fast"' });
  });
});
