// The params of every engine method, checked at the boundary (JSON-RPC from `overlay serve` or the plugin's
// worker): one parser per method in one table, each returning the typed params the service method takes. The
// types are declared once, in protocol.ts (EngineMethods); the table's type ties each parser to them.
import type { AskParams, ConfigureParams, EngineMethods, FileEvent, KvRetention, SavingsParams } from '../protocol';
import { EngineError } from '../errors';
import { fileEventProblem } from '../file-events';
import { conversationIdProblem } from '../conversation-id';
import { RETRIEVER_MODES, type RetrieverMode } from '../../core/retrieval/source';
import { findHardware, findModel, hardwareIds, modelIds } from '../../core/cost/presets';
import { checkConversation, type ConversationOptions } from '../../core/cost/conversation';

/** Params of engine method M. */
export type Params<M extends keyof EngineMethods> = EngineMethods[M][0];
/** Result of engine method M. */
export type Result<M extends keyof EngineMethods> = EngineMethods[M][1];

/** Throws the typed "invalid params" failure (JSON-RPC -32602, CLI exit 2) with a clear message. */
export function badParams(message: string): never {
  throw new EngineError('bad-params', message);
}

/** Checks params is an object whose keys are all in `allowed`. */
export function objectParams(params: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) badParams('params must be an object');
  const obj = params as Record<string, unknown>;
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length > 0)
    badParams(
      `unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (allowed: ${allowed.join(', ') || 'none'})`,
    );
  return obj;
}

/** An optional positive integer field. */
export function optionalInt(obj: Record<string, unknown>, name: string): number | undefined {
  const v = obj[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) badParams(`${name} must be a positive integer`);
  return v;
}

/** An optional non-empty string field. */
export function optionalString(o: Record<string, unknown>, name: string): string | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') badParams(`${name} must be a non-empty string`);
  return v;
}

/** Checks energy-model and hardware preset ids (used by `ask` and `savings`, whoever calls them). */
export function checkPresets(model: string | undefined, hardware: string | undefined): void {
  if (model !== undefined && !findModel(model))
    badParams(`unknown model preset "${model}" (known: ${modelIds().join(', ')})`);
  if (hardware !== undefined && !findHardware(hardware))
    badParams(`unknown hardware preset "${hardware}" (known: ${hardwareIds().join(', ')})`);
}

/** Checks what `ask` needs beyond types (presets, conversation id, rankLlm with llm); the service runs it on every call. */
export function checkAsk(p: AskParams): void {
  if (p.retriever !== undefined && !(RETRIEVER_MODES as readonly string[]).includes(p.retriever))
    badParams(`retriever must be one of ${RETRIEVER_MODES.join(', ')}`);
  checkPresets(p.energyModel, p.hardware);
  const idProblem = p.conversation !== undefined ? conversationIdProblem(p.conversation) : null;
  if (idProblem) badParams(idProblem);
  if (p.rankLlm === true && !p.llm) badParams('rankLlm needs llm (the model that ranks the candidates)');
}

/** Checks `savings` options beyond types: the simulation's own limits (presets too, with any preset-file extras). */
export function checkSavings(p: ConversationOptions): void {
  const problems = checkConversation(p);
  if (problems.length > 0) badParams(problems.join('; '));
}

function llmParams(llm: unknown): AskParams['llm'] {
  if (llm === undefined || llm === null) return undefined;
  const o = objectParams(llm, ['url', 'model', 'apiKey', 'timeoutMs']);
  const url = optionalString(o, 'url');
  const model = optionalString(o, 'model');
  if (!url || !model) badParams('llm needs url and model');
  const apiKey = o['apiKey'];
  if (apiKey !== undefined && typeof apiKey !== 'string') badParams('llm.apiKey must be a string');
  const timeoutMs = optionalInt(o, 'timeoutMs');
  return { url, model, ...(apiKey ? { apiKey } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
}

function askParams(p: unknown): AskParams {
  const o = objectParams(p, [
    'question',
    'budget',
    'k',
    'retriever',
    'llm',
    'rankLlm',
    'energyModel',
    'hardware',
    'conversation',
  ]);
  if (typeof o['question'] !== 'string' || o['question'].trim() === '')
    badParams('question must be a non-empty string');
  const budget = optionalInt(o, 'budget');
  const k = optionalInt(o, 'k');
  const mode = optionalString(o, 'retriever');
  if (mode !== undefined && !(RETRIEVER_MODES as readonly string[]).includes(mode))
    badParams(`retriever must be one of ${RETRIEVER_MODES.join(', ')}`);
  const energyModel = optionalString(o, 'energyModel');
  const hardware = optionalString(o, 'hardware');
  checkPresets(energyModel, hardware);
  const conversation = optionalString(o, 'conversation');
  const idProblem = conversation !== undefined ? conversationIdProblem(conversation) : null;
  if (idProblem) badParams(idProblem);
  const llm = llmParams(o['llm']);
  const rankLlm = o['rankLlm'];
  if (rankLlm !== undefined && typeof rankLlm !== 'boolean') badParams('rankLlm must be true or false');
  return {
    question: o['question'] as string,
    ...(budget ? { budget } : {}),
    ...(k ? { k } : {}),
    ...(mode ? { retriever: mode as RetrieverMode } : {}),
    ...(llm ? { llm } : {}),
    ...(rankLlm !== undefined ? { rankLlm } : {}),
    ...(energyModel ? { energyModel } : {}),
    ...(hardware ? { hardware } : {}),
    ...(conversation !== undefined ? { conversation } : {}),
  };
}

function savingsParams(p: unknown): SavingsParams {
  const o = objectParams(p, [
    'model',
    'hardware',
    'minutes',
    'budget',
    'kvRetention',
    'pauseMinutes',
    'cacheTtlMinutes',
  ]);
  const model = optionalString(o, 'model');
  const hardware = optionalString(o, 'hardware');
  checkPresets(model, hardware);
  const minutes = o['minutes'];
  if (minutes !== undefined && (!Array.isArray(minutes) || !minutes.every((m) => Number.isInteger(m) && m > 0))) {
    badParams('minutes must be a list of positive whole minutes');
  }
  const budget = optionalInt(o, 'budget');
  const out: SavingsParams = {
    ...(model ? { model } : {}),
    ...(hardware ? { hardware } : {}),
    ...(minutes ? { minutes: minutes as number[] } : {}),
    ...(budget ? { budget } : {}),
    // A value other than hbm/offload is reported by checkConversation (checkSavings) with the known values.
    ...(o['kvRetention'] !== undefined ? { kvRetention: o['kvRetention'] as KvRetention } : {}),
    ...(typeof o['pauseMinutes'] === 'number' ? { pauseMinutes: o['pauseMinutes'] } : {}),
    ...(typeof o['cacheTtlMinutes'] === 'number' ? { cacheTtlMinutes: o['cacheTtlMinutes'] } : {}),
  };
  for (const k of ['pauseMinutes', 'cacheTtlMinutes'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'number') badParams(`${k} must be a number of minutes`);
  }
  return out;
}

function configureParams(p: unknown): ConfigureParams {
  const o = objectParams(p, ['embedder', 'maxNoteMb']);
  if (o['embedder'] !== undefined && typeof o['embedder'] !== 'string') badParams('embedder must be a string');
  const mb = o['maxNoteMb'];
  if (mb !== undefined && (typeof mb !== 'number' || !(mb > 0))) badParams('maxNoteMb must be a positive number');
  return {
    ...(typeof o['embedder'] === 'string' ? { embedder: o['embedder'] } : {}),
    ...(typeof mb === 'number' ? { maxNoteMb: mb } : {}),
  };
}

const empty = (p: unknown): Record<string, never> => {
  objectParams(p, []);
  return {};
};

/** One parser per engine method: checks untrusted JSON and returns the method's typed params. */
export const PARAM_PARSERS: { [M in keyof EngineMethods]: (raw: unknown) => Params<M> } = {
  initialize: (p) => {
    const o = objectParams(p, ['client']);
    if (o['client'] !== undefined && typeof o['client'] !== 'string') badParams('client must be a string');
    return typeof o['client'] === 'string' ? { client: o['client'] } : {};
  },
  index: (p) => {
    const o = objectParams(p, ['full']);
    if (o['full'] !== undefined && typeof o['full'] !== 'boolean') badParams('full must be a boolean');
    return o['full'] === true ? { full: true } : {};
  },
  ask: askParams,
  related: (p) => {
    const o = objectParams(p, ['note', 'k']);
    if (typeof o['note'] !== 'string' || o['note'].trim() === '') badParams('note must be a non-empty string');
    const k = optionalInt(o, 'k');
    return { note: o['note'] as string, ...(k !== undefined ? { k } : {}) };
  },
  savings: savingsParams,
  status: empty,
  fileEvent: (p) => {
    const o = objectParams(p, ['type', 'path', 'oldPath']);
    const problem = fileEventProblem(o);
    if (problem) badParams(problem);
    return o as unknown as FileEvent;
  },
  configure: configureParams,
  shutdown: empty,
};
