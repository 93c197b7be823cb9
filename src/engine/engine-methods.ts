// The JSON-RPC methods of `overlay serve`: one entry per method, each validating its params. Adding a method
// (ask, savings) is one line in the registry below.
import { ENGINE_NAME, PROTOCOL_VERSION, type EngineMethods, type FileEvent } from './protocol';
import type { HostedEngine, MethodHost, Notify } from './hosted-engine';
import type { ChatTransport } from './ask-methods';
import { askMethods } from './ask-methods';
import { isEngineError } from './errors';
import { fileEventProblem } from './file-events';
import { RpcError, RPC_ERRORS, type RpcHandler } from './rpc-dispatch';
import { ENGINE_VERSION } from './version';

type Params<M extends keyof EngineMethods> = EngineMethods[M][0];
type Result<M extends keyof EngineMethods> = EngineMethods[M][1];
/** A typed handler of one engine method. */
export type MethodHandler<M extends keyof EngineMethods> = (params: Params<M>) => Promise<Result<M>> | Result<M>;

/** Throws -32602 with a clear message. */
export function badParams(message: string): never {
  throw new RpcError(RPC_ERRORS.invalidParams, `invalid params: ${message}`);
}

/** Checks params is an object whose keys are all in `allowed`. */
export function objectParams(params: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) badParams('params must be an object');
  const obj = params as Record<string, unknown>;
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length > 0) badParams(`unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')} (allowed: ${allowed.join(', ') || 'none'})`);
  return obj;
}

/** An optional positive integer field. */
export function optionalInt(obj: Record<string, unknown>, name: string): number | undefined {
  const v = obj[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) badParams(`${name} must be a positive integer`);
  return v;
}

/** Maps engine failures to JSON-RPC errors (expected ones keep their message and code in `data`). */
export function mapEngineError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  if (isEngineError(e)) {
    return new RpcError(e.code === 'bad-config' ? RPC_ERRORS.invalidParams : RPC_ERRORS.engine, e.message, { code: e.code, ...(e.details ?? {}) });
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
  const methods: { [M in keyof EngineMethods]?: MethodHandler<M> } = {
    initialize: (p) => {
      const o = objectParams(p, ['client']);
      if (o['client'] !== undefined && typeof o['client'] !== 'string') badParams('client must be a string');
      host.start();
      return { name: ENGINE_NAME, version: ENGINE_VERSION, protocol: PROTOCOL_VERSION };
    },
    index: async (p) => {
      const o = objectParams(p, ['full']);
      if (o['full'] !== undefined && typeof o['full'] !== 'boolean') badParams('full must be a boolean');
      const engine = await host.ready();
      return engine.sync({ full: o['full'] === true });
    },
    related: async (p) => {
      const o = objectParams(p, ['note', 'k']);
      if (typeof o['note'] !== 'string' || o['note'].trim() === '') badParams('note must be a non-empty string');
      const k = optionalInt(o, 'k');
      const engine = await (host.queryable?.() ?? host.ready());
      return engine.related(o['note'] as string, k);
    },
    status: (p) => {
      objectParams(p, []);
      return host.status();
    },
    fileEvent: async (p) => {
      const o = objectParams(p, ['type', 'path', 'oldPath']);
      const problem = fileEventProblem(o);
      if (problem) badParams(problem);
      const engine = await host.opened();
      return engine.applyFileEvent(o as unknown as FileEvent);
    },
    configure: async (p) => {
      const o = objectParams(p, ['embedder', 'maxNoteMb']);
      if (o['embedder'] !== undefined && typeof o['embedder'] !== 'string') badParams('embedder must be a string');
      const mb = o['maxNoteMb'];
      if (mb !== undefined && (typeof mb !== 'number' || !(mb > 0))) badParams('maxNoteMb must be a positive number');
      const engine = await host.ready();
      await engine.configure({
        ...(typeof o['embedder'] === 'string' ? { embedder: o['embedder'] } : {}),
        ...(typeof mb === 'number' ? { maxNoteBytes: Math.round(mb * 1024 * 1024) } : {}),
      });
      // A new embedder needs its vectors: index in the background (progress notifications show it).
      void engine.sync().catch(() => undefined);
      return { ok: true };
    },
    shutdown: (p) => {
      objectParams(p, []);
      setTimeout(onShutdown, 0);
      return { ok: true };
    },
  };
  const registry = new Map(Object.entries(methods) as [string, RpcHandler][]);
  if (notify) for (const [name, handler] of askMethods(host, notify, chatTransport)) registry.set(name, handler);
  return registry;
}
