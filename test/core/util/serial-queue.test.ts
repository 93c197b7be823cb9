import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../src/core/util/serial-queue';

describe('SerialQueue', () => {
  it('runs tasks one at a time in queue order, past a failed one', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let release = (): void => undefined;
    const first = q.run(async () => {
      log.push('a start');
      await new Promise<void>((r) => (release = r));
      log.push('a end');
      return 1;
    });
    const second = q.run(async () => {
      log.push('b');
      throw new Error('b failed');
    });
    const third = q.run(async () => {
      log.push('c');
      return 3;
    });
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    release();
    expect(await first).toBe(1);
    await expect(second).rejects.toThrow('b failed');
    expect(await third).toBe(3);
    expect(log).toEqual(['a start', 'a end', 'b', 'c']);
  });

  it('settles once the queued tasks have, without rejecting', async () => {
    const q = new SerialQueue();
    let done = false;
    void q
      .run(async () => {
        await new Promise((r) => setTimeout(r, 1));
        done = true;
        throw new Error('x');
      })
      .catch(() => undefined);
    await q.settled();
    expect(done).toBe(true);
  });
});
