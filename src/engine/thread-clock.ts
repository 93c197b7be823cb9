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

/** The budget clock for a note of `textLength` characters in a worker thread. */
export function workerBudgetClock(textLength: number): () => number {
  if (textLength < EXACT_FROM_CHARS || threadCpuMs() === null) return processCpuMs;
  return () => threadCpuMs() ?? processCpuMs();
}
