// Work an engine runs on its own, after the call that caused it has returned: file events are debounced into one
// sync, and compaction is queued. Both engines (the CLI's and the plugin worker's) track it the same way, so
// `whenIdle()` and `close()` know when nothing is left running.

/** Debounced and queued background tasks of one engine. */
export class BackgroundWork {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  /** Runs `task` once `ms` have passed without another call (each call replaces the waiting task). */
  debounce(ms: number, task: () => Promise<void>): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.track(task());
    }, ms);
  }

  /** Tracks work already started, so whenIdle() waits for it. */
  track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Drops a task still waiting for its debounce (on close). */
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
