// A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes, logs or --json runs
// read by scripts), redrawn at most ~10 times a second.
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
  const counts = p.phase === 'download' ? `${(p.done / 1048576).toFixed(1)}/${(p.total / 1048576).toFixed(1)} MB` : `${p.done}/${p.total}`;
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${counts}`;
}

/** A progress callback plus done() to clear the line; a no-op when stderr is not a TTY. */
export interface ProgressBar {
  onProgress: ProgressFn;
  done(): void;
}

/** Creates a progress bar on `io.stderr` (inert when `io.isTTY` is false or `enabled` is false). */
export function createProgressBar(io: CliIO, enabled = true, now: () => number = Date.now): ProgressBar {
  if (!io.isTTY || !enabled) return { onProgress: () => undefined, done: () => undefined };
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
