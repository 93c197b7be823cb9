// Progress on stderr. On a terminal: a one-line bar, redrawn at most ~10 times a second. Elsewhere (pipes, logs,
// CI): occasional plain lines, so a long index shows it is alive without flooding a log — nothing for work that
// ends within a few seconds, then a line about counted work at most every PLAIN_EVERY_MS, and one when a phase that
// was reported ends.
import type { Progress, ProgressFn } from '../core/types';
import type { CliIO } from './cli-io';

const PHASE_LABEL: Record<Progress['phase'], string> = {
  scan: 'Scanning',
  parse: 'Reading',
  embed: 'Embedding',
  index: 'Indexing',
  save: 'Saving',
  download: 'Downloading',
  load: 'Loading',
};

/** Renders one bar line, e.g. "Embedding [#######.............]  35%  700/2000". */
export function renderBar(p: Progress, width = 24): string {
  const label = PHASE_LABEL[p.phase].padEnd(11);
  if (!(p.total > 0)) return `${label} ${p.message ?? ''}`.trimEnd();
  const frac = Math.max(0, Math.min(1, p.done / p.total));
  const filled = Math.round(frac * width);
  const counts =
    p.phase === 'download'
      ? `${(p.done / 1048576).toFixed(1)}/${(p.total / 1048576).toFixed(1)} MB`
      : `${p.done}/${p.total}`;
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${counts}`;
}

/** Quiet period before the first plain line: short runs print nothing. */
export const PLAIN_AFTER_MS = 3000;
/** Least time between two plain lines. */
export const PLAIN_EVERY_MS = 10_000;

/** One plain progress line, e.g. "overlay: Embedding 700/2000 (35%)". */
export function renderPlain(p: Progress): string {
  const label = PHASE_LABEL[p.phase];
  if (!(p.total > 0)) return `overlay: ${label}${p.message ? ` ${p.message}` : ''}`;
  const pct = Math.round(100 * Math.max(0, Math.min(1, p.done / p.total)));
  const counts =
    p.phase === 'download'
      ? `${(p.done / 1048576).toFixed(1)}/${(p.total / 1048576).toFixed(1)} MB`
      : `${p.done}/${p.total}`;
  return `overlay: ${label} ${counts} (${pct}%)`;
}

/** Plain lines for a stderr that is not a terminal. */
function plainProgress(io: CliIO, now: () => number): ProgressBar {
  const start = now();
  let last = -Infinity;
  let reported = '';
  return {
    onProgress(p) {
      const t = now();
      // The end of a phase is worth a line only when the phase was reported (no lone "100%" for quick work).
      if (p.total > 0 && p.done >= p.total) {
        if (reported === p.phase) io.stderr(`${renderPlain(p)}\n`);
        if (reported === p.phase) reported = '';
        return;
      }
      // Only counted work in progress is reported: a one-step phase ("loading index") has nothing to count.
      if (!(p.total > 1) || t - start < PLAIN_AFTER_MS || t - last < PLAIN_EVERY_MS) return;
      io.stderr(`${renderPlain(p)}\n`);
      last = t;
      reported = p.phase;
    },
    done: () => undefined,
  };
}

/** A progress callback plus done() to clear the line. */
export interface ProgressBar {
  onProgress: ProgressFn;
  done(): void;
}

/** Creates progress output on `io.stderr`: a bar on a TTY, occasional plain lines otherwise, none when disabled. */
export function createProgressBar(io: CliIO, enabled = true, now: () => number = Date.now): ProgressBar {
  if (!enabled) return { onProgress: () => undefined, done: () => undefined };
  if (!io.isTTY) return plainProgress(io, now);
  let last = 0;
  let lastPhase = '';
  let shown = false;
  return {
    onProgress(p) {
      const t = now();
      const edge = p.phase !== lastPhase || p.done >= p.total;
      if (!edge && t - last < 100) return;
      last = t;
      lastPhase = p.phase;
      io.stderr(`\r\x1b[2K${renderBar(p)}`);
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
