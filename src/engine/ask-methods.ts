// The `ask` and `savings` JSON-RPC methods: a question answered from the bounded context (answer text streamed
// as `answerDelta` notifications naming the request id), and the long-conversation energy curve.
import type { HostedEngine, MethodHost, Notify } from './hosted-engine';
import type { EngineMethods } from './protocol';
import { askVault } from './ask';
import { OpenAIChatModel } from './llm/openai-chat';
import { badParams, objectParams, optionalInt } from './engine-methods';
import { RETRIEVER_MODES, type RetrieverMode } from '../core/retrieval/source';
import { checkConversation, simulateConversation } from '../core/cost/conversation';
import { findHardware, findModel, hardwareIds, modelIds } from '../core/cost/presets';
import type { RequestContext, RpcHandler } from './rpc-dispatch';
import { conversationIdProblem } from './conversation-id';
import type { ConversationMemory } from '../core/memory/conversation-memory';

function optionalString(o: Record<string, unknown>, name: string): string | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') badParams(`${name} must be a non-empty string`);
  return v;
}

function checkPresets(model: string | undefined, hardware: string | undefined): void {
  if (model !== undefined && !findModel(model)) badParams(`unknown model preset "${model}" (known: ${modelIds().join(', ')})`);
  if (hardware !== undefined && !findHardware(hardware)) badParams(`unknown hardware preset "${hardware}" (known: ${hardwareIds().join(', ')})`);
}

/** How the LLM endpoint is reached where `fetch` cannot (the plugin's worker goes through Obsidian's requestUrl). */
export interface ChatTransport {
  fetch: typeof fetch;
  /** False when the transport cannot stream (requestUrl returns the whole body). */
  stream: boolean;
}

function chatFrom(llm: unknown, transport?: ChatTransport): OpenAIChatModel | null {
  if (llm === undefined || llm === null) return null;
  const o = objectParams(llm, ['url', 'model', 'apiKey', 'timeoutMs']);
  const url = optionalString(o, 'url');
  const model = optionalString(o, 'model');
  if (!url || !model) badParams('llm needs url and model');
  const apiKey = o['apiKey'];
  if (apiKey !== undefined && typeof apiKey !== 'string') badParams('llm.apiKey must be a string');
  const timeoutMs = optionalInt(o, 'timeoutMs');
  try {
    return new OpenAIChatModel({
      baseUrl: url, model, ...(apiKey ? { apiKey } : {}), ...(timeoutMs ? { timeoutMs } : {}),
      ...(transport ? { fetch: transport.fetch, stream: transport.stream } : {}),
    });
  } catch (e) {
    badParams(e instanceof Error ? e.message : String(e));
  }
}

/** `ask` and `savings` handlers for the registry. */
export function askMethods<E extends HostedEngine>(host: MethodHost<E>, notify: Notify, transport?: ChatTransport): Map<string, RpcHandler> {
  const ask = async (p: unknown, ctx: RequestContext): Promise<EngineMethods['ask'][1]> => {
    const o = objectParams(p, ['question', 'budget', 'k', 'retriever', 'llm', 'rankLlm', 'energyModel', 'hardware', 'conversation']);
    if (typeof o['question'] !== 'string' || o['question'].trim() === '') badParams('question must be a non-empty string');
    const budget = optionalInt(o, 'budget');
    const k = optionalInt(o, 'k');
    const mode = optionalString(o, 'retriever');
    if (mode !== undefined && !(RETRIEVER_MODES as readonly string[]).includes(mode)) badParams(`retriever must be one of ${RETRIEVER_MODES.join(', ')}`);
    const energyModel = optionalString(o, 'energyModel');
    const hardware = optionalString(o, 'hardware');
    checkPresets(energyModel, hardware);
    const conversationId = optionalString(o, 'conversation');
    const idProblem = conversationId !== undefined ? conversationIdProblem(conversationId) : null;
    if (idProblem) badParams(idProblem);
    const chat = chatFrom(o['llm'], transport);
    const rankLlm = o['rankLlm'];
    if (rankLlm !== undefined && typeof rankLlm !== 'boolean') badParams('rankLlm must be true or false');
    if (rankLlm === true && !chat) badParams('rankLlm needs llm (the model that ranks the candidates)');
    const engine = await (host.queryable?.() ?? host.ready());
    const requestId = ctx.id ?? 0;
    const askOnce = (conversation?: ConversationMemory) => askVault(engine.view(), o['question'] as string, {
      ...(budget ? { budget } : {}),
      ...(k ? { maxChunks: k } : {}),
      ...(mode ? { retriever: { mode: mode as RetrieverMode } } : {}),
      chat,
      ...(rankLlm === true ? { ranker: chat } : {}),
      ...(energyModel ? { model: energyModel } : {}),
      ...(hardware ? { hardware } : {}),
      ...(chat ? { onDelta: (text: string) => notify('answerDelta', { requestId, text }) } : {}),
      ...(conversation ? { conversation } : {}),
    });
    const r = conversationId === undefined
      ? await askOnce()
      : await host.conversations(engine)(conversationId, async (memory, warning) => {
          const out = await askOnce(memory);
          if (warning && out.conversation) out.conversation.warning = warning;
          return out;
        });
    const { notes: _notes, prompt: _prompt, ...result } = r;
    return result;
  };
  const savings = (p: unknown): unknown => {
    const o = objectParams(p, ['model', 'hardware', 'minutes', 'budget', 'kvRetention', 'pauseMinutes', 'cacheTtlMinutes']);
    const model = optionalString(o, 'model');
    const hardware = optionalString(o, 'hardware');
    checkPresets(model, hardware);
    const minutes = o['minutes'];
    if (minutes !== undefined && (!Array.isArray(minutes) || !minutes.every((m) => Number.isInteger(m) && m > 0))) {
      badParams('minutes must be a list of positive whole minutes');
    }
    const opts = {
      ...(model ? { model } : {}),
      ...(hardware ? { hardware } : {}),
      ...(minutes ? { minutes: minutes as number[] } : {}),
      ...(optionalInt(o, 'budget') ? { budget: optionalInt(o, 'budget')! } : {}),
      ...(o['kvRetention'] !== undefined ? { kvRetention: o['kvRetention'] as 'hbm' | 'offload' } : {}),
      ...(typeof o['pauseMinutes'] === 'number' ? { pauseMinutes: o['pauseMinutes'] } : {}),
      ...(typeof o['cacheTtlMinutes'] === 'number' ? { cacheTtlMinutes: o['cacheTtlMinutes'] } : {}),
    };
    for (const k of ['pauseMinutes', 'cacheTtlMinutes'] as const) {
      if (o[k] !== undefined && typeof o[k] !== 'number') badParams(`${k} must be a number of minutes`);
    }
    const problems = checkConversation(opts);
    if (problems.length > 0) badParams(problems.join('; '));
    return simulateConversation(opts);
  };
  return new Map<string, RpcHandler>([
    ['ask', ask as RpcHandler],
    ['savings', savings],
  ]);
}
