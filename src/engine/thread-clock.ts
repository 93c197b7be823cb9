// The per-note time budget's clock in an index worker thread. process.cpuUsage() counts every thread of the
// process, so with workers busy side by side it runs a few times faster than one note's own work; Linux exposes
// the calling thread's CPU time in /proc/thread-self/schedstat. Reading it costs a file read, so only long texts
// (the only ones the budget can cut) use it; short ones keep the cheap process clock, which never reads less.
import { readFileSync } from 'node:fs';

/** Texts shorter than this cannot come near the budget: the process clock is enough for them. */
const EXACT_FROM_CHARS = 50_000;

/** This process's CPU time in ms (all threads). */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** This thread's CPU time in ms, or null where the system does not expose it. */
export function threadCpuMs(): number | null {
  try {
    const s = readFileSync('/proc/thread-self/schedstat', 'latin1');
    const ns = Number(s.slice(0, s.indexOf(' ')));
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}

/**
 * Wall time (ms) before which a note cannot be near its budget (700 ms), whatever every thread did meanwhile:
 * until then the clock reads 0 without asking the system (process.cpuUsage() is a system call, and a note asks
 * every few dozen steps: a few % of a worker's time on small notes, which are nearly all of them).
 */
const UNREAD_WALL_MS = 25;

/** The budget clock for a note of `textLength` characters in a worker thread (elapsed CPU ms from its first call). */
export function workerBudgetClock(textLength: number): () => number {
  if (textLength >= EXACT_FROM_CHARS && threadCpuMs() !== null) return () => threadCpuMs() ?? processCpuMs();
  const wall0 = performance.now();
  let cpu0: number | null = null;
  let wallAtRead = 0;
  return () => {
    if (cpu0 === null) {
      const wall = performance.now() - wall0;
      if (wall < UNREAD_WALL_MS) return 0;
      // From here on: the wall time so far (at least this thread's CPU time until now) plus the process's CPU.
      cpu0 = processCpuMs();
      wallAtRead = wall;
    }
    return wallAtRead + (processCpuMs() - cpu0);
  };
}
