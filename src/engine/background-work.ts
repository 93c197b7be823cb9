// Work an engine runs on its own, after the call that caused it has returned: file events are coalesced into
// syncs, and compaction is queued. Both engines (the CLI's and the plugin worker's) track it the same way, so
// `whenIdle()` and `close()` know when nothing is left running.

/** How soon a lone event's sync runs: long enough for the events of one change (a rename's delete and create). */
export const LEAD_MS = 15;

/** When a coalesced task runs after an event (see BackgroundWork.coalesce). */
export interface CoalesceTiming {
  /** Quiet time a burst must leave before its trailing run. */
  quietMs: number;
  /** Delay of the leading run for an event that follows a quiet period (default LEAD_MS, at most quietMs). */
  leadMs?: number;
  /** Longest an event waits while a burst never goes quiet (default 10 × quietMs). */
  maxWaitMs?: number;
}

/** Coalesced and queued background tasks of one engine. */
export class BackgroundWork {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  /** When the waiting task's first event came (for maxWait), and whether it is a leading run. */
  private waitingSince = 0;
  private leading = false;
  /** When the previous call came: calls closer together than the quiet time are a burst. */
  private lastCallAt = -Infinity;

  /**
   * Runs `task` once for a stream of calls (each call replaces the waiting task; the task takes whatever the
   * calls queued, so nothing is lost). A call after a quiet period runs the task almost at once (leadMs): one
   * edit becomes searchable without waiting out a debounce. A call within `quietMs` of the previous one is part
   * of a burst: it waits for `quietMs` of quiet, so a burst costs one more run, not one per event.
   */
  coalesce(timing: CoalesceTiming, task: () => Promise<void>): void {
    const now = Date.now();
    const previous = this.lastCallAt;
    this.lastCallAt = now;
    const quiet = Math.max(0, timing.quietMs);
    const lead = Math.min(quiet, timing.leadMs ?? LEAD_MS);
    // A leading run already waiting takes this call's events too.
    if (this.timer && this.leading) {
      this.arm(task, this.waitingSince + lead - now, true, this.waitingSince);
      return;
    }
    const since = this.timer ? this.waitingSince : now;
    if (now - previous >= quiet && !this.timer) {
      this.arm(task, lead, true, now);
      return;
    }
    const maxWait = timing.maxWaitMs ?? 10 * quiet;
    this.arm(task, Math.min(quiet, since + maxWait - now), false, since);
  }

  private arm(task: () => Promise<void>, delay: number, leading: boolean, since: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.leading = leading;
    this.waitingSince = since;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.track(task());
      },
      Math.max(0, delay),
    );
  }

  /** Tracks work already started, so whenIdle() waits for it. */
  track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Drops a task still waiting for its run (on close). */
  cancelPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves when no task waits or runs. */
  async whenIdle(): Promise<void> {
    while (this.timer || this.inFlight.size > 0) {
      if (this.inFlight.size > 0) await Promise.all(this.inFlight);
      else await new Promise((r) => setTimeout(r, 20));
    }
  }
}
