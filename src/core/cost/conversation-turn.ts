// One minute of the long conversation priced three ways: re-sending the whole history, prefix caching (with
// the cost of keeping the cache between turns and its expiry), and a bounded context.
import { decodeEnergyJ, prefillEnergyJ, toWh } from './energy-model';
import { retentionEnergyJ, type KvRetention } from './kv-retention';
import type { CostSetup } from './setup';

/** Energies of the three strategies, Wh. */
export interface StrategyWh {
  fullResendWh: number;
  prefixCachedWh: number;
  boundedWh: number;
}

/** One turn's energies and prompt sizes. */
export interface TurnCost extends StrategyWh {
  context: number;
  bounded: number;
  cachedHbmWh: number;
  cachedOffloadWh: number;
  retentionWh: number;
  expired: boolean;
}

/** Pause, TTL and retention place of the cached strategy. */
export interface CachePolicy {
  where: KvRetention;
  pauseMinutes: number;
  ttlMinutes: number;
}

/** Tokens per turn and the bounded budget. */
export interface TurnShape {
  rate: number;
  reply: number;
  budget: number;
}

/** Prices turn `t` (1-based) of the conversation three ways. */
export function turnCost(
  setup: CostSetup,
  t: number,
  shape: TurnShape,
  cache: CachePolicy,
  boundedCache: Map<number, number>,
): TurnCost {
  const { rate, reply, budget } = shape;
  const history = (t - 1) * (rate + reply);
  const context = history + rate;
  const decodeJ = decodeEnergyJ(setup, context, reply);
  const fullJ = prefillEnergyJ(setup, context) + decodeJ;
  // The previous replies were generated into the cache, so only the new speech is prefilled — unless the pause
  // outlived the cache, which then held the history until it expired and the whole history is prefilled again.
  const expired = t > 1 && cache.pauseMinutes > cache.ttlMinutes;
  const heldSeconds = 60 * Math.min(cache.pauseMinutes, cache.ttlMinutes);
  const cachedPrefillJ = expired ? prefillEnergyJ(setup, context) : prefillEnergyJ(setup, rate, history);
  const hbmJ = retentionEnergyJ(setup, 'hbm', history, heldSeconds);
  const offloadJ = retentionEnergyJ(setup, 'offload', history, heldSeconds);
  const cachedHbmWh = toWh(cachedPrefillJ + decodeJ + hbmJ);
  const cachedOffloadWh = toWh(cachedPrefillJ + decodeJ + offloadJ);
  const bounded = Math.min(budget, history) + rate;
  let boundedJ = boundedCache.get(bounded);
  if (boundedJ === undefined) {
    boundedJ = prefillEnergyJ(setup, bounded) + decodeEnergyJ(setup, bounded, reply);
    boundedCache.set(bounded, boundedJ);
  }
  return {
    context,
    bounded,
    fullResendWh: toWh(fullJ),
    boundedWh: toWh(boundedJ),
    expired,
    cachedHbmWh,
    cachedOffloadWh,
    prefixCachedWh: cache.where === 'hbm' ? cachedHbmWh : cachedOffloadWh,
    retentionWh: toWh(cache.where === 'hbm' ? hbmJ : offloadJ),
  };
}

/** First minute from which `bounded` stays below `baseline` to the end (1-based), or null. */
export function firstLastingWin(bounded: readonly number[], baseline: readonly number[]): number | null {
  let first: number | null = null;
  for (let i = bounded.length - 1; i >= 0; i--) {
    if (bounded[i]! < baseline[i]!) first = i + 1;
    else break;
  }
  return first;
}
