// Per-question saving: tokens and energy of sending the whole vault versus the bounded context, each followed
// by the same answer. A vault larger than the context window is priced as the window-sized calls it would take.
import type { AskSaving } from '../types';
import { requestEnergy, toWh } from './energy-model';
import { requireSetup, type CostSetup, type SetupOptions } from './setup';

/** Model priced when the caller names none: a widely served open model whose decode energy is anchored. */
export const DEFAULT_MODEL_ID = 'llama-3.1-70b';
/** Hardware priced when the caller names none. */
export const DEFAULT_HARDWARE_ID = 'h100';

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
}

/** Input of `askSaving`; token counts come from the same tokenizer as the bounded context. */
export interface AskSavingInput {
  /** Tokens of the bounded prompt actually sent (context + question). */
  promptTokens: number;
  /** Tokens of the whole vault sent as the prompt (plus the question). */
  fullTokens: number;
  /** Tokens of the answer (the same for both). */
  outputTokens: number;
  /**
   * Other model calls the bounded path makes for this question (the LLM ranker), each priced as its own request
   * and added to the bounded side: they are part of the bounded cost.
   */
  extraCalls?: readonly { promptTokens: number; outputTokens: number }[];
  model?: string;
  hardware?: string;
}

function checkCount(name: string, v: number): void {
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

/**
 * Saving of one question. `tokens` = fullTokens − promptTokens (− extra calls' prompts); `ratio` = fullTokens /
 * those bounded prompt tokens (how many
 * times larger the whole-vault prompt is; promptTokens below 1 counts as 1). When the vault does not fit the
 * window, the full figure prices `windows` calls of equal size, each answered — a lower bound, since one huge
 * call would cost more attention and a real map-reduce would add a merge step. Unknown ids throw.
 */
export function askSaving(input: AskSavingInput): AskSavingDetail {
  checkCount('promptTokens', input.promptTokens);
  checkCount('fullTokens', input.fullTokens);
  checkCount('outputTokens', input.outputTokens);
  const opts: SetupOptions = { model: input.model, hardware: input.hardware };
  const setup = requireSetup(opts, { model: DEFAULT_MODEL_ID, hardware: DEFAULT_HARDWARE_ID }, 'ask-saving');
  const window = windowsNeeded(input.fullTokens, input.outputTokens, setup.model.contextWindow);
  const full = sent(setup, input.fullTokens, input.outputTokens, window.windows);
  const bounded = sent(setup, input.promptTokens, input.outputTokens, 1);
  let extraPrompt = 0;
  for (const call of input.extraCalls ?? []) {
    checkCount('extraCalls.promptTokens', call.promptTokens);
    checkCount('extraCalls.outputTokens', call.outputTokens);
    const e = sent(setup, call.promptTokens, call.outputTokens, 1);
    bounded.inputWh += e.inputWh;
    bounded.outputWh += e.outputWh;
    extraPrompt += call.promptTokens;
  }
  const boundedPrompt = input.promptTokens + extraPrompt;
  return {
    tokens: input.fullTokens - boundedPrompt,
    ratio: input.fullTokens / Math.max(1, boundedPrompt),
    energyWh: { full: full.inputWh + full.outputWh, bounded: bounded.inputWh + bounded.outputWh },
    model: setup.model.id,
    hardware: setup.hardware.id,
    window,
    parts: { full, bounded },
  };
}
