import { describe, expect, it } from 'vitest';
import { simulateConversation } from '../../../src/core/cost/conversation';
import { firstLastingWin } from '../../../src/core/cost/conversation-turn';
import { prefillEnergyJ, toWh } from '../../../src/core/cost/energy-model';
import {
  DRAM_W_PER_GB,
  PCIE_GBS,
  freeKvBytes,
  hbmRetentionJ,
  kvBytes,
  offloadRetentionJ,
  retentionEnergyJ,
} from '../../../src/core/cost/kv-retention';
import { requireSetup } from '../../../src/core/cost/setup';

const kimi = requireSetup({ model: 'kimi-k2', pue: 1, overhead: 1 }, { model: 'kimi-k2', hardware: 'h100' }, 'test');

describe("keeping a history's KV cache between turns", () => {
  it("in HBM: the history's share of the memory free for KV caches, times the GPUs' power, times the pause", () => {
    // Kimi-K2: 61 layers × (512 + 64) × 2 bytes = 70,272 bytes per token; 16 × H100 leave 0.9 × 1,280 GB − 1,026 GB.
    expect(kvBytes(kimi, 1)).toBe(70_272);
    expect(freeKvBytes(kimi)).toBeCloseTo(0.9 * 16 * 80e9 - 1026.4e9, -3);
    const j = hbmRetentionJ(kimi, 15_000, 60);
    expect(j).toBeCloseTo(((70_272 * 15_000) / freeKvBytes(kimi)) * 16 * 610 * 60, 6);
    // Held for a one-minute pause it is attributed about as much as prefilling the history again (issue 12).
    const recompute = prefillEnergyJ(kimi, 15_000);
    expect(j / recompute).toBeGreaterThan(0.5);
    expect(j / recompute).toBeLessThan(3);
  });

  it('offloaded: DRAM power for the pause plus a copy out and back over PCIe — under 0.5 Wh', () => {
    const o = offloadRetentionJ(kimi, 15_000, 60);
    const gb = (70_272 * 15_000) / 1e9;
    expect(o.hostJ).toBeCloseTo(gb * DRAM_W_PER_GB * 60, 9);
    expect(o.gpuJ).toBeCloseTo(2 * 610 * (gb / PCIE_GBS), 9);
    expect(toWh(o.hostJ + o.gpuJ)).toBeLessThan(0.5);
    expect(retentionEnergyJ(kimi, 'offload', 15_000, 60)).toBeLessThan(retentionEnergyJ(kimi, 'hbm', 15_000, 60) / 5);
    expect(retentionEnergyJ(kimi, 'hbm', 0, 60)).toBe(0);
  });
});

describe('the cached column of the conversation', () => {
  it('adds the retention of the history to each cached turn, offloaded by default', () => {
    const r = simulateConversation({ model: 'kimi-k2', minutes: [1, 55], rate: 225, reply: 50 });
    expect(r.assumptions.kvRetention).toBe('offload');
    const [first, t55] = r.turns as [(typeof r.turns)[0], (typeof r.turns)[0]];
    expect(first.cacheRetentionWh).toBe(0);
    expect(t55.cacheRetentionWh).toBeGreaterThan(0);
    expect(t55.prefixCachedWh).toBeCloseTo(t55.prefixCachedOffloadWh, 12);
    expect(t55.prefixCachedHbmWh).toBeGreaterThan(t55.prefixCachedOffloadWh);
    const hbm = simulateConversation({ model: 'kimi-k2', minutes: [55], rate: 225, reply: 50, kvRetention: 'hbm' });
    expect(hbm.turns[0]!.prefixCachedWh).toBeCloseTo(t55.prefixCachedHbmWh, 12);
  });

  it('re-prefills the whole history when the pause outlives the cache TTL', () => {
    const kept = simulateConversation({ model: 'kimi-k2', minutes: [100], pauseMinutes: 4, cacheTtlMinutes: 5 })
      .turns[0]!;
    const lost = simulateConversation({ model: 'kimi-k2', minutes: [100], pauseMinutes: 10, cacheTtlMinutes: 5 })
      .turns[0]!;
    expect(kept.cacheExpired).toBe(false);
    expect(lost.cacheExpired).toBe(true);
    expect(lost.prefixCachedWh).toBeGreaterThan(lost.fullResendWh);
    expect(lost.prefixCachedWh - lost.cacheRetentionWh).toBeCloseTo(lost.fullResendWh, 9);
    // Five minutes of keeping the cache, not ten: it is dropped at expiry.
    const five = simulateConversation({ model: 'kimi-k2', minutes: [100], pauseMinutes: 5, cacheTtlMinutes: 5 })
      .turns[0]!;
    expect(lost.cacheRetentionWh).toBeCloseTo(five.cacheRetentionWh, 12);
  });

  it('says from which minute the bounded context wins per turn and in total, against both baselines', () => {
    const r = simulateConversation({ model: 'kimi-k2', rate: 225, reply: 50 });
    // Against re-sending: as soon as the history exceeds the budget (minute 12 at 275 tokens a minute).
    expect(r.crossover.vsFull).toEqual({ perTurn: 12, total: 12 });
    // Against a kept, offloaded cache: only late, per turn, and not in total within 505 minutes.
    expect(r.crossover.vsCached.perTurn).toBeGreaterThan(200);
    expect(r.crossover.vsCached.total).toBeNull();
    // Against a cache held in HBM, or one that expires between turns, much earlier.
    const hbm = simulateConversation({ model: 'kimi-k2', rate: 225, reply: 50, kvRetention: 'hbm' });
    expect(hbm.crossover.vsCached.perTurn!).toBeLessThan(20);
    const expiring = simulateConversation({ model: 'kimi-k2', rate: 225, reply: 50, pauseMinutes: 10 });
    expect(expiring.crossover.vsCached.perTurn!).toBeLessThanOrEqual(12);
  });

  it('finds the first minute of a lasting win', () => {
    expect(firstLastingWin([5, 1, 5, 1, 1], [2, 2, 2, 2, 2])).toBe(4);
    expect(firstLastingWin([1, 1], [2, 2])).toBe(1);
    expect(firstLastingWin([1, 3], [2, 2])).toBeNull();
  });
});
