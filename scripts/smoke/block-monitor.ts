// Measures how long the page's UI thread is blocked while the plugin works (scripts/store-smoke.mjs).

/** Longest time the UI thread was busy: a MessageChannel ping loop records the gaps between its turns. */
export class BlockMonitor {
  max = 0;
  readonly gaps: { at: number; ms: number }[] = [];
  private last = 0;
  private running = false;
  private readonly ch = new MessageChannel();
  private longTasks = 0;
  private observer: PerformanceObserver | null = null;
  start(): void {
    this.running = true;
    this.last = performance.now();
    this.ch.port1.onmessage = () => {
      const now = performance.now();
      this.max = Math.max(this.max, now - this.last);
      if (now - this.last > 30) this.gaps.push({ at: Math.round(this.last), ms: Math.round(now - this.last) });
      this.last = now;
      if (this.running) setTimeout(() => this.ch.port2.postMessage(0), 0);
    };
    this.ch.port2.postMessage(0);
    try {
      this.observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) this.longTasks = Math.max(this.longTasks, e.duration);
      });
      this.observer.observe({ type: 'longtask', buffered: false });
    } catch {
      // No Long Tasks API: the ping loop alone measures.
    }
  }
  stop(): number {
    this.running = false;
    this.observer?.disconnect();
    return Math.max(this.max, this.longTasks);
  }
}
