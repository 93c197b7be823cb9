// The JSON-RPC methods of `overlay serve` and the plugin's worker: a thin map from method name to the
// EngineService method of the same name (service/engine-service.ts), with params parsed by service/params.ts.
import type { EngineMethods } from './protocol';
import type { HostedEngine, MethodHost, Notify } from './hosted-engine';
import { isEngineError } from './errors';
import { RpcError, RPC_ERRORS, type RequestContext, type RpcHandler } from './rpc-dispatch';
import { askResult, EngineService, type ChatTransport } from './service/engine-service';
import { PARAM_PARSERS, type Params, type Result } from './service/params';

export type { ChatTransport } from './service/engine-service';

/** A typed handler of one engine method. */
export type MethodHandler<M extends keyof EngineMethods> = (
  params: Params<M>,
  ctx: RequestContext,
) => Promise<Result<M>> | Result<M>;

/** Maps engine failures to JSON-RPC errors (expected ones keep their message and code in `data`). */
export function mapEngineError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  if (isEngineError(e)) {
    if (e.code === 'bad-params')
      return new RpcError(RPC_ERRORS.invalidParams, `invalid params: ${e.message}`, { code: e.code });
    return new RpcError(e.code === 'bad-config' ? RPC_ERRORS.invalidParams : RPC_ERRORS.engine, e.message, {
      code: e.code,
      ...(e.details ?? {}),
    });
  }
  if (e instanceof Error && (e.name === 'TransformersEmbedderError' || e.name === 'EmbedderSpecError')) {
    return new RpcError(RPC_ERRORS.engine, e.message, { code: (e as Error & { code?: string }).code ?? 'embedder' });
  }
  return new RpcError(RPC_ERRORS.internal, `internal error: ${e instanceof Error ? e.message : String(e)}`);
}

/** The method registry for a host; `onShutdown` stops the server after the reply is sent. */
export function engineMethods<E extends HostedEngine>(
  host: MethodHost<E>,
  onShutdown: () => void,
  notify?: Notify,
  chatTransport?: ChatTransport,
): Map<string, RpcHandler> {
  const service = new EngineService(host, { onShutdown, ...(chatTransport ? { transport: chatTransport } : {}) });
  const methods: { [M in keyof EngineMethods]?: MethodHandler<M> } = {
    initialize: () => service.initialize(),
    index: (p) => service.index(p),
    related: (p) => service.related(p),
    status: () => service.status(),
    fileEvent: (p) => service.fileEvent(p),
    configure: (p) => service.configure(p),
    shutdown: () => service.shutdown(),
  };
  // `ask` streams its answer as notifications naming the request id: served only where notifications can be sent.
  if (notify) {
    methods.ask = async (p, ctx) =>
      askResult(await service.ask(p, { onDelta: (text) => notify('answerDelta', { requestId: ctx.id ?? 0, text }) }));
    methods.savings = (p) => service.savings(p);
  }
  const registry = new Map<string, RpcHandler>();
  for (const name of Object.keys(methods) as (keyof EngineMethods)[]) {
    const handler = methods[name] as (params: unknown, ctx: RequestContext) => unknown;
    const parse = PARAM_PARSERS[name] as (raw: unknown) => unknown;
    registry.set(name, (raw, ctx) => handler(parse(raw), ctx));
  }
  return registry;
}
