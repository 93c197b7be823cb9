import { describe, expect, it } from 'vitest';
import { createProgressBar, renderBar } from '../../src/cli/progress-bar';
import type { CliIO } from '../../src/cli/cli-io';

function io(isTTY: boolean): CliIO & { err: string } {
  const o = { err: '', isTTY, stdout: () => undefined, stderr: (t: string) => void (o.err += t) };
  return o;
}

describe('progress bar', () => {
  it('renders phase, bar, percentage and counts', () => {
    expect(renderBar({ phase: 'embed', done: 50, total: 200 }, 8)).toBe('Embedding   [##......]  25%  50/200');
    expect(renderBar({ phase: 'download', done: 1048576, total: 4194304 }, 4)).toBe(
      'Downloading [#...]  25%  1.0/4.0 MB',
    );
    expect(renderBar({ phase: 'load', done: 0, total: 0, message: 'loading model' })).toBe('Loading     loading model');
  });

  it('draws on a TTY only, throttled, and clears the line when done', () => {
    let t = 0;
    const tty = io(true);
    const bar = createProgressBar(tty, true, () => t);
    bar.onProgress({ phase: 'embed', done: 0, total: 10 });
    t += 10;
    bar.onProgress({ phase: 'embed', done: 1, total: 10 }); // within 100 ms: skipped
    t += 200;
    bar.onProgress({ phase: 'embed', done: 2, total: 10 });
    bar.onProgress({ phase: 'embed', done: 10, total: 10 }); // the last step is always drawn
    bar.done();
    expect(tty.err.split('\r\x1b[2K').filter(Boolean)).toEqual([
      expect.stringContaining('0/10'),
      expect.stringContaining('2/10'),
      expect.stringContaining('10/10'),
    ]);
    expect(tty.err.endsWith('\r\x1b[2K')).toBe(true);

    const off = io(true);
    const disabled = createProgressBar(off, false);
    disabled.onProgress({ phase: 'embed', done: 1, total: 2 });
    expect(off.err).toBe('');
  });

  it('writes occasional plain lines when stderr is not a terminal: none for short work', () => {
    let t = 0;
    const pipe = io(false);
    const quick = createProgressBar(pipe, true, () => t);
    for (let i = 0; i <= 10; i++) {
      quick.onProgress({ phase: 'embed', done: i, total: 10 });
      t += 100;
    }
    quick.done();
    expect(pipe.err).toBe('');

    t = 0;
    const log = io(false);
    const slow = createProgressBar(log, true, () => t);
    for (let i = 0; i <= 100; i++) {
      slow.onProgress({ phase: 'embed', done: i, total: 100 });
      t += 500; // 50 s in all
    }
    slow.onProgress({ phase: 'save', done: 0, total: 0, message: 'writing the index' });
    slow.done();
    const lines = log.err.split('\n').filter(Boolean);
    expect(lines[0]).toBe('overlay: Embedding 6/100 (6%)');
    expect(lines).toContain('overlay: Embedding 100/100 (100%)');
    // Spaced at least PLAIN_EVERY_MS apart: about one line per 10 s of a 50 s run, plus the end of the phase.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(7);
    expect(log.err).not.toContain('\r');
  });
});
