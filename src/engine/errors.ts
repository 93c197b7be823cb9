// Expected engine failures, typed so the CLI prints a clear message (no stack) and JSON-RPC maps them to codes.

/** Kinds of expected engine failure. */
export type EngineErrorCode =
  | 'vault-missing'
  | 'vault-not-folder'
  | 'vault-empty'
  | 'locked'
  | 'data-dir'
  | 'unknown-note'
  | 'ambiguous-note'
  | 'closed'
  | 'bad-config'
  /** Params a caller sent that the method cannot take (JSON-RPC -32602). */
  | 'bad-params';

/** An expected failure with a message meant for the user. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** Facts a client can act on, e.g. `{candidates: [...]}` for an ambiguous note name. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** True for an EngineError (also across bundle copies, where instanceof may fail). */
export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError || (e instanceof Error && e.name === 'EngineError' && 'code' in e);
}
