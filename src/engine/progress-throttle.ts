// Progress of a hosted engine goes to the client as notifications; a sync reports every note, far more often than
// a status bar can show, so hosts pass on only some of it.
import type { Progress } from '../core/types';

/** Wraps `send` so it gets at most ~10 progress events a second per phase (always the first and last of a phase). */
export function throttledProgress(send: (p: Progress) => void): (p: Progress) => void {
  let lastAt = 0;
  let lastPhase = '';
  return (p) => {
    const now = Date.now();
    const edge = p.phase !== lastPhase || p.done === 0 || p.done >= p.total;
    if (!edge && now - lastAt < 100) return;
    lastAt = now;
    lastPhase = p.phase;
    send(p);
  };
}
