// Per-question saving: tokens and energy of the bounded context against honest baselines, each followed by the
// same answer — the whole vault (priced as window-sized calls when it does not fit), the vault cut to the model's
// window (what a user could really paste), and in a conversation the cached history. No saving is claimed for
// an empty context or when no baseline is larger than the bounded prompt.
import type { AskSaving, SavingBaseline } from '../types';
import { decodeEnergyJ, prefillEnergyJ, requestEnergy, toWh } from './energy-model';
import { DEFAULT_KV_RETENTION, DEFAULT_PAUSE_MINUTES, retentionEnergyJ, type KvRetention } from './kv-retention';
import { requireSetup, type CostSetup, type SetupOptions } from './setup';
import { DEFAULT_HARDWARE_ID } from '../defaults';

/** Model priced when the caller names none: a widely served open model whose decode energy is anchored. */
export const DEFAULT_MODEL_ID = 'llama-3.1-70b';
/** Hardware priced when the caller names none. */
export { DEFAULT_HARDWARE_ID };

/** How the whole-vault prompt relates to the model's context window. */
export interface WindowFit {
  contextWindow: number;
  /** True when the whole vault plus the answer does not fit in one window. */
  exceeds: boolean;
  /** Calls of at most one window each needed to send the whole vault once (1 when it fits). */
  windows: number;
}

/** `AskSaving` plus what the window check found and the parts of each energy figure. */
export interface AskSavingDetail extends AskSaving {
  window: WindowFit;
  /** Facility Wh split into input (prefill) and output (decode). */
  parts: { full: { inputWh: number; outputWh: number }; bounded: { inputWh: number; outputWh: number } };
  claimed: boolean;
  baselines: SavingBaseline[];
  promptTokens: number;
}

/** Input of `askSaving`; token counts come from the same tokenizer as the bounded context. */
export interface AskSavingInput {
  /** Tokens of the bounded prompt actually sent (context + question). */
  promptTokens: number;
  /** Tokens of the whole vault sent as the prompt (plus the question). */
  fullTokens: number;
  /** Tokens of the answer (the same for both). */
  outputTokens: number;
  /** Tokens of the bounded context alone; 0 means nothing was retrieved and no saving is claimed. */
  contextTokens?: number;
  /** In a conversation: tokens that re-sending every earlier turn would add (the cached-history baseline). */
  historyTokens?: number;
  /** Where the cached history waits between turns, and for how long (defaults: offloaded, 1 minute). */
  kvRetention?: KvRetention;
  pauseMinutes?: number;
  /**
   * Other model calls the bounded path makes for this question (the LLM ranker), each priced as its own request
   * and added to the bounded side: they are part of the bounded cost.
   */
  extraCalls?: readonly { promptTokens: number; outputTokens: number }[];
  model?: string;
  hardware?: string;
}

function checkCount(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (!Number.isFinite(v) || v < 0) throw new Error(`ask-saving: ${name} must be a finite number ≥ 0, got ${v}`);
}

/** Number of window-sized calls for `tokens` of input when each call must leave room for `outputTokens`. */
export function windowsNeeded(tokens: number, outputTokens: number, contextWindow: number): WindowFit {
  if (tokens + outputTokens <= contextWindow) return { contextWindow, exceeds: false, windows: 1 };
  const room = contextWindow - outputTokens;
  // An answer longer than the window leaves no room for input: count one token of input per call.
  const windows = Math.ceil(tokens / Math.max(1, room));
  return { contextWindow, exceeds: true, windows };
}

function sent(setup: CostSetup, input: number, output: number, calls: number): { inputWh: number; outputWh: number } {
  const per = Math.ceil(input / calls);
  const e = requestEnergy(setup, { newTokens: per, outputTokens: output });
  return { inputWh: toWh(e.prefillJ) * calls, outputWh: toWh(e.decodeJ) * calls };
}

/** The cached-history turn: only the new question is prefilled after the history, which was kept since the last turn. */
function cachedHistoryWh(setup: CostSetup, input: AskSavingInput, questionTokens: number): number {
  const history = input.historyTokens ?? 0;
  const prefill = prefillEnergyJ(setup, questionTokens, history);
  const keep = retentionEnergyJ(
    setup,
    input.kvRetention ?? DEFAULT_KV_RETENTION,
    history,
    60 * (input.pauseMinutes ?? DEFAULT_PAUSE_MINUTES),
  );
  return toWh(prefill + keep + decodeEnergyJ(setup, history + questionTokens, input.outputTokens));
}

function baseline(
  id: SavingBaseline['id'],
  label: string,
  tokens: number,
  prefilled: number,
  calls: number,
  energyWh: number,
  prompt: number,
  boundedWh: number,
): SavingBaseline {
  return {
    id,
    label,
    tokens,
    prefilledTokens: prefilled,
    calls,
    energyWh,
    savedTokens: tokens - prompt,
    savedWh: energyWh - boundedWh,
  };
}

/**
 * Saving of one question. `tokens` = fullTokens − promptTokens (− extra calls' prompts); `ratio` = fullTokens /
 * those bounded prompt tokens (how many
 * times larger the whole-vault prompt is; promptTokens below 1 counts as 1). When the vault does not fit the
 * window, the whole-vault figure prices `windows` calls of equal size, each answered — a lower bound, since one
 * huge call would cost more attention and a real map-reduce would add a merge step; the "vault in the window"
 * baseline then prices the single call a user could really make. Unknown ids throw.
 */
export function askSaving(input: AskSavingInput): AskSavingDetail {
  checkCount('promptTokens', input.promptTokens);
  checkCount('fullTokens', input.fullTokens);
  checkCount('outputTokens', input.outputTokens);
  checkCount('contextTokens', input.contextTokens);
  checkCount('historyTokens', input.historyTokens);
  const opts: SetupOptions = { model: input.model, hardware: input.hardware };
  const setup = requireSetup(opts, { model: DEFAULT_MODEL_ID, hardware: DEFAULT_HARDWARE_ID }, 'ask-saving');
  let prompt = input.promptTokens;
  const window = windowsNeeded(input.fullTokens, input.outputTokens, setup.model.contextWindow);
  const full = sent(setup, input.fullTokens, input.outputTokens, window.windows);
  const bounded = sent(setup, input.promptTokens, input.outputTokens, 1);
  // Other model calls of the bounded path (the LLM ranker) are part of the bounded cost, each its own request.
  for (const call of input.extraCalls ?? []) {
    checkCount('extraCalls.promptTokens', call.promptTokens);
    checkCount('extraCalls.outputTokens', call.outputTokens);
    const e = sent(setup, call.promptTokens, call.outputTokens, 1);
    bounded.inputWh += e.inputWh;
    bounded.outputWh += e.outputWh;
    prompt += call.promptTokens;
  }
  const boundedWh = bounded.inputWh + bounded.outputWh;
  const fullWh = full.inputWh + full.outputWh;

  const baselines = [
    baseline(
      'whole-vault',
      'the whole vault',
      input.fullTokens,
      input.fullTokens,
      window.windows,
      fullWh,
      prompt,
      boundedWh,
    ),
  ];
  if (window.exceeds) {
    const capped = Math.max(0, window.contextWindow - input.outputTokens);
    const c = sent(setup, capped, input.outputTokens, 1);
    baselines.push(
      baseline(
        'vault-in-window',
        `the vault cut to ${setup.model.name}'s ${window.contextWindow.toLocaleString('en-US')}-token window`,
        capped,
        capped,
        1,
        c.inputWh + c.outputWh,
        prompt,
        boundedWh,
      ),
    );
  }
  const contextTokens = input.contextTokens ?? input.promptTokens;
  const question = Math.max(0, input.promptTokens - contextTokens);
  if ((input.historyTokens ?? 0) > 0) {
    const h = input.historyTokens!;
    baselines.push(
      baseline(
        'cached-history',
        "the conversation's cached history",
        h + question,
        question,
        1,
        cachedHistoryWh(setup, input, question),
        prompt,
        boundedWh,
      ),
    );
  }

  let noClaimReason: string | undefined;
  if (contextTokens === 0) {
    noClaimReason = 'the bounded context is empty (nothing in the vault matched), so the prompt is only the question';
  } else if (!baselines.some((b) => b.savedTokens > 0 && b.savedWh > 0)) {
    noClaimReason = 'no baseline is larger than the bounded prompt';
  }
  return {
    tokens: input.fullTokens - prompt,
    ratio: input.fullTokens / Math.max(1, prompt),
    energyWh: { full: fullWh, bounded: boundedWh },
    model: setup.model.id,
    hardware: setup.hardware.id,
    window,
    parts: { full, bounded },
    claimed: noClaimReason === undefined,
    ...(noClaimReason ? { noClaimReason } : {}),
    baselines,
    promptTokens: prompt,
  };
}
