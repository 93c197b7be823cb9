// Peak memory of a phase. A timer alone misses peaks while synchronous work holds the event loop (embedding
// runs between awaits that never reach the timer queue), so callers also sample at progress events; the
// operating system's own high-water mark (resourceUsage().maxRSS) is recorded next to the sampled peak.

/** Peaks seen while sampling, in bytes. */
export interface MemoryPeaks {
  /** Highest sampled resident set size. */
  peakRss: number;
  /** Highest sampled V8 heap in use. */
  peakHeapUsed: number;
  /** The process's lifetime peak RSS as the OS reports it (includes everything before start()). */
  maxRss: number;
  samples: number;
}

/** Samples process.memoryUsage() on a timer and on demand; stop() returns the peaks. */
export class MemorySampler {
  private peakRss = 0;
  private peakHeapUsed = 0;
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;

  /** Starts sampling every `intervalMs` (the timer does not keep the process alive). */
  start(intervalMs = 20): this {
    if (!(intervalMs > 0)) throw new Error(`memory-sampler: interval must be positive, got ${intervalMs}`);
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  /** Takes one sample now (call it from progress callbacks). */
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peakRss) this.peakRss = m.rss;
    if (m.heapUsed > this.peakHeapUsed) this.peakHeapUsed = m.heapUsed;
    this.samples++;
  }

  /** Stops the timer and returns the peaks (a final sample included). */
  stop(): MemoryPeaks {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return {
      peakRss: this.peakRss,
      peakHeapUsed: this.peakHeapUsed,
      // resourceUsage reports kilobytes.
      maxRss: process.resourceUsage().maxRSS * 1024,
      samples: this.samples,
    };
  }
}
