// Runs async tasks one at a time, in the order they were queued: an engine's syncs, saves and reconfigurations,
// or model loads that share one global library state.

/** A queue of async tasks that never overlap; a failed task does not stop the ones after it. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task queued before it has settled; resolves or rejects with its outcome. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every task queued so far has settled (never rejects). */
  settled(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
