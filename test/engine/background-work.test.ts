import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackgroundWork } from '../../src/engine/background-work';

/** A task that records each run and what was queued when it ran (like a sync taking the event queue). */
function recorder() {
  const queued: string[] = [];
  const runs: string[][] = [];
  const task = async (): Promise<void> => {
    runs.push(queued.splice(0));
  };
  return { queued, runs, task };
}

describe('BackgroundWork.coalesce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a lone call after the short lead, not after the quiet time', async () => {
    const w = new BackgroundWork();
    const r = recorder();
    r.queued.push('a.md');
    w.coalesce({ quietMs: 300, leadMs: 15 }, r.task);
    await vi.advanceTimersByTimeAsync(15);
    expect(r.runs).toEqual([['a.md']]);
  });

  it('turns a burst into the leading run plus one trailing run, losing nothing', async () => {
    const w = new BackgroundWork();
    const r = recorder();
    const call = (p: string): void => {
      r.queued.push(p);
      w.coalesce({ quietMs: 300, leadMs: 15 }, r.task);
    };
    call('a.md');
    call('b.md'); // same moment: joins the leading run
    await vi.advanceTimersByTimeAsync(20);
    for (let i = 0; i < 20; i++) {
      call(`n${i}.md`);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(r.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(r.runs).toEqual([['a.md', 'b.md'], Array.from({ length: 20 }, (_, i) => `n${i}.md`)]);
    // Quiet again: the next lone call leads.
    await vi.advanceTimersByTimeAsync(1000);
    call('c.md');
    await vi.advanceTimersByTimeAsync(15);
    expect(r.runs.at(-1)).toEqual(['c.md']);
    expect(r.runs).toHaveLength(3);
  });

  it('runs at least every maxWait while a burst never goes quiet', async () => {
    const w = new BackgroundWork();
    const r = recorder();
    for (let t = 0; t < 3000; t += 100) {
      r.queued.push(`t${t}`);
      w.coalesce({ quietMs: 300, leadMs: 15, maxWaitMs: 1000 }, r.task);
      await vi.advanceTimersByTimeAsync(100);
    }
    // Leading run, then a forced run about every second although calls never stopped.
    expect(r.runs.length).toBeGreaterThanOrEqual(3);
    await vi.advanceTimersByTimeAsync(400);
    expect(r.runs.flat()).toEqual(Array.from({ length: 30 }, (_, i) => `t${i * 100}`));
  });

  it('cancelPending drops the waiting run and whenIdle waits for a running one', async () => {
    const w = new BackgroundWork();
    const r = recorder();
    w.coalesce({ quietMs: 300 }, r.task);
    w.cancelPending();
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.runs).toEqual([]);
    let finished = false;
    w.coalesce({ quietMs: 300 }, async () => {
      await new Promise((res) => setTimeout(res, 500));
      finished = true;
    });
    const idle = w.whenIdle().then(() => finished);
    await vi.advanceTimersByTimeAsync(600);
    expect(await idle).toBe(true);
  });
});
