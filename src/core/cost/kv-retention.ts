// What it costs to keep a conversation's KV cache between turns, so that a prefix-cached turn is priced
// honestly: held in GPU memory (HBM) it takes room other requests would use; offloaded to host memory it costs
// DRAM power plus the copies over PCIe. Provider caches also expire, after which the history is prefilled again.
import { modelShape } from './energy-model';
import type { CostSetup } from './setup';

/** Where the KV cache of a history waits between turns. */
export type KvRetention = 'hbm' | 'offload';

/** Default: offloaded to host memory (as Mooncake serves Kimi), the cheaper of the two, so savings are not inflated. */
export const DEFAULT_KV_RETENTION: KvRetention = 'offload';
/** Default pause between two requests of the conversation, minutes (one turn per minute). */
export const DEFAULT_PAUSE_MINUTES = 1;
/** Default cache lifetime, minutes: Anthropic's default prompt-cache TTL (5 min; 1 h is an option); OpenAI: 5–10 min, up to 1 h. */
export const DEFAULT_CACHE_TTL_MINUTES = 5;
/** Host DRAM power per GB held, W: a 64 GB DDR5 RDIMM draws about 10 W under load (assumed, ≈ 0.15 W/GB). */
export const DRAM_W_PER_GB = 0.15;
/** Achieved host↔GPU copy bandwidth per GPU, GB/s (PCIe Gen5 x16: 64 GB/s per direction peak). */
export const PCIE_GBS = 50;

/** Sources of the retention figures, for the report's assumptions. */
export const RETENTION_SOURCES = {
  hbm:
    "HBM-held: the history's KV bytes take that share of the memory free for KV caches (0.9·g·M − weights), " +
    "so they are attributed that share of the GPUs' decode power for the pause: E = b_kv·h / free · g·P · Δt",
  offload:
    `offloaded: host DRAM at ${DRAM_W_PER_GB} W/GB (a 64 GB DDR5 RDIMM ≈ 10 W, assumed) for the pause, plus ` +
    `a copy out and back over PCIe at ${PCIE_GBS} GB/s per GPU during which the GPUs are charged their decode power ` +
    '(an upper bound: engines overlap the copy with compute)',
  ttl:
    'provider caches expire: Anthropic prompt caching 5 min by default (1 h option); OpenAI 5–10 min of ' +
    'inactivity, up to 1 h. A pause longer than the TTL re-prefills the whole history',
} as const;

/** Bytes of KV cache a history of `tokens` tokens holds, over all GPUs. */
export function kvBytes(setup: CostSetup, tokens: number): number {
  return modelShape(setup.model).kvBytesPerToken * tokens;
}

/** Bytes of GPU memory left for KV caches once the weights are loaded. */
export function freeKvBytes(setup: CostSetup): number {
  const s = modelShape(setup.model);
  return setup.factors.memoryReserve * setup.gpus * setup.hardware.memoryGB * 1e9 - s.weightBytes;
}

/** Accelerator-side joules of keeping `tokens` of history for `seconds` in HBM (memory-share attribution). */
export function hbmRetentionJ(setup: CostSetup, tokens: number, seconds: number): number {
  const free = freeKvBytes(setup);
  if (tokens <= 0 || seconds <= 0) return 0;
  const share = kvBytes(setup, tokens) / Math.max(1, free);
  return share * setup.gpus * setup.hardware.powerW * seconds;
}

/** Joules of keeping `tokens` of history for `seconds` in host DRAM (`hostJ`), with the copy out and back (`gpuJ`). */
export function offloadRetentionJ(setup: CostSetup, tokens: number, seconds: number): { hostJ: number; gpuJ: number } {
  if (tokens <= 0) return { hostJ: 0, gpuJ: 0 };
  const bytes = kvBytes(setup, tokens);
  const hostJ = (bytes / 1e9) * DRAM_W_PER_GB * Math.max(0, seconds);
  // Each GPU copies its shard; all g GPUs wait at decode power for bytes / (g · BW), once out and once back.
  const copySeconds = bytes / (setup.gpus * PCIE_GBS * 1e9);
  return { hostJ, gpuJ: 2 * setup.gpus * setup.hardware.powerW * copySeconds };
}

/**
 * Facility joules of keeping a history's KV cache between turns: GPU-side energy × k × PUE, host DRAM × PUE
 * (its server share is the DRAM power itself).
 */
export function retentionEnergyJ(setup: CostSetup, where: KvRetention, tokens: number, seconds: number): number {
  const { overhead, pue } = setup.factors;
  if (where === 'hbm') return hbmRetentionJ(setup, tokens, seconds) * overhead * pue;
  const o = offloadRetentionJ(setup, tokens, seconds);
  return o.gpuJ * overhead * pue + o.hostJ * pue;
}
