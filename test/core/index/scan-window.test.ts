import { describe, expect, it } from 'vitest';
import { scanWindow } from '../../../src/core/index/scan-window';
import { seededRandom } from '../../../src/core/util/prng';

describe('scanWindow', () => {
  it('takes the same rows with a scale ceiling, and a bound at least every left-out row reaches', () => {
    const rand = seededRandom(17);
    for (let t = 0; t < 40; t++) {
      const n = 500 + Math.floor(rand() * 5000);
      const acc = Float64Array.from({ length: n }, () => (rand() < 0.05 ? -Infinity : rand() * rand()));
      const scale = Float32Array.from({ length: n }, () => rand() * 0.01);
      scale[Math.floor(rand() * n)] = 0.5; // one row with a far larger scale than the rest
      const maxScale = scale.reduce((m, x) => Math.max(m, x), 0);
      const half = 1 + rand() * 3;
      const keep = 20 + Math.floor(rand() * 200);
      const scratch = () => ({ work: new Float64Array(0), rows: new Int32Array(0) });
      const plain = scanWindow(acc, n, scale, keep, 10, half, scratch());
      const fast = scanWindow(acc, n, scale, keep, 10, half, scratch(), maxScale);
      expect([...fast.rows.subarray(0, fast.count)]).toEqual([...plain.rows.subarray(0, plain.count)]);
      const inWindow = new Set(fast.rows.subarray(0, fast.count));
      let exact = -Infinity;
      for (let r = 0; r < n; r++)
        if (!inWindow.has(r) && acc[r]! > -Infinity) exact = Math.max(exact, acc[r]! + half * scale[r]!);
      expect(plain.bound).toBe(exact);
      expect(fast.bound).toBeGreaterThanOrEqual(exact);
      // No looser than the lowest score taken into the window.
      const lowest = Math.min(...[...inWindow].map((r) => acc[r]!));
      expect(fast.bound).toBeLessThanOrEqual(Math.max(exact, lowest));
    }
  });
});
