// The assumptions behind a conversation curve, listed in its report (`overlay savings --json`) with the source of
// each factor, so a reader can check every number the curve rests on.
import type { CachePolicy, TurnShape } from './conversation-turn';
import { tensorParallelDegree, tensorParallelEfficiency } from './energy-model';
import { RETENTION_SOURCES } from './kv-retention';
import { FACTOR_SOURCES, PREFILL_POWER_SOURCE, type CostSetup } from './setup';

/** Every input of the curve (model, hardware, factors, turn shape, cache policy) and where each factor comes from. */
export function conversationAssumptions(
  setup: CostSetup,
  shape: TurnShape,
  cache: CachePolicy,
): Record<string, string | number | boolean> {
  const { rate, reply, budget } = shape;
  const { model, hardware, factors } = setup;
  return {
    modelName: model.name,
    modelParamsB: model.paramsB,
    modelActiveParamsB: model.activeParamsB,
    contextWindow: model.contextWindow,
    hardwareName: hardware.name,
    gpus: setup.gpus,
    gpusFromRule: setup.gpusFromRule,
    powerW: hardware.powerW,
    batch: factors.batch,
    pue: factors.pue,
    overhead: factors.overhead,
    mfu: factors.mfu,
    prefillMfu: factors.prefillMfu,
    attentionEfficiency: factors.attentionEfficiency,
    prefillPowerW: hardware.tdpW,
    tensorParallel: tensorParallelDegree(setup),
    tensorParallelEfficiency: tensorParallelEfficiency(setup),
    tpEfficiencyPerDoubling: factors.tpEfficiency,
    eta: factors.eta,
    memoryReserve: factors.memoryReserve,
    ratePerMinute: rate,
    replyTokens: reply,
    budget,
    kvRetention: cache.where,
    pauseMinutes: cache.pauseMinutes,
    cacheTtlMinutes: cache.ttlMinutes,
    turn:
      `one turn per minute: the person says ${rate} tokens, the model replies ${reply}; full re-send prompt = ` +
      `whole history + new speech; prefix-cached = only the new speech is prefilled, plus keeping the history's KV ` +
      `cache (${cache.where === 'hbm' ? 'in GPU memory' : 'offloaded to host memory'}) for the ${cache.pauseMinutes}-minute ` +
      `pause (cache TTL ${cache.ttlMinutes} min); bounded = min(budget, history) + new speech`,
    modelSource: model.source,
    hardwareSource: hardware.source,
    powerSource: hardware.powerSource,
    pueSource: FACTOR_SOURCES.pue,
    overheadSource: FACTOR_SOURCES.overhead,
    mfuSource: FACTOR_SOURCES.mfu,
    prefillMfuSource: FACTOR_SOURCES.prefillMfu,
    attentionEfficiencySource: FACTOR_SOURCES.attentionEfficiency,
    prefillPowerSource: PREFILL_POWER_SOURCE,
    tpEfficiencySource: FACTOR_SOURCES.tpEfficiency,
    tpMaxSource: FACTOR_SOURCES.tpMax,
    kvRetentionSource: RETENTION_SOURCES[cache.where],
    cacheTtlSource: RETENTION_SOURCES.ttl,
    etaSource: FACTOR_SOURCES.eta,
  };
}
