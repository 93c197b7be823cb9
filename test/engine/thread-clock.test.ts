import { describe, expect, it } from 'vitest';
import { workerBudgetClock } from '../../src/engine/thread-clock';

describe('workerBudgetClock', () => {
  it('reads 0 at first (no system call), then counts up monotonically once wall time has passed', () => {
    const clock = workerBudgetClock(100);
    const first = clock();
    // 0 unless this thread stalled 25 ms between the two lines (a loaded machine).
    expect(first === 0 || first >= 25).toBe(true);
    const until = performance.now() + 40;
    let spin = 0;
    while (performance.now() < until) spin++;
    const a = clock();
    expect(spin).toBeGreaterThan(0);
    // At least the wall time before the first read (25 ms), never less than before.
    expect(a).toBeGreaterThanOrEqual(25);
    expect(clock()).toBeGreaterThanOrEqual(a);
  });

  it('uses the thread clock for long texts where the system has one', () => {
    const clock = workerBudgetClock(1_000_000);
    const a = clock();
    expect(a).toBeGreaterThanOrEqual(0);
    expect(clock()).toBeGreaterThanOrEqual(a);
  });
});
