// `overlay serve --stdio <vault>`: the engine as a JSON-RPC 2.0 server on stdin/stdout (one JSON per line) for
// the Obsidian plugin. stdout carries protocol messages only; logs go to stderr.
import { resolve } from 'node:path';
import { EngineHost, type Notify } from '../engine/engine-host';
import { engineMethods, mapEngineError } from '../engine/engine-methods';
import { JsonRpcServer } from '../engine/rpc-server';
import { boolFlag, stringFlag } from './args';
import { usageError, type CommandFn } from './cli-io';
import { INDEX_FLAGS_HELP, maxNoteBytes } from './index-command';

/** Help of `overlay serve`. */
export const SERVE_HELP = `Usage: overlay serve --stdio <vault> [options]

Runs the engine as a JSON-RPC 2.0 server: one JSON message per line on stdin/stdout, logs on stderr.
Methods: initialize, index, ask, related, savings, status, fileEvent, configure, shutdown (the types are in
src/engine/protocol.ts). Notifications: progress, ready (after the start-up sync that follows initialize),
synced, error, answerDelta (answer text of an ask with an LLM, as it arrives).
Stops on shutdown, SIGTERM or SIGINT (saving what changed), or when stdin ends.

Options:
  --stdio              serve on stdin/stdout (required; the only transport)
${INDEX_FLAGS_HELP}`;

/** `overlay serve`. */
export const serveCommand: CommandFn = async (args, io) => {
  if (!boolFlag(args, 'stdio')) throw usageError(`serve needs --stdio`, SERVE_HELP);
  const vaultArg = args.positional[0];
  if (!vaultArg) throw usageError(`missing <vault>`, SERVE_HELP);
  if (args.positional.length > 1) throw usageError(`unexpected argument "${args.positional[1]}"`, SERVE_HELP);
  const dataDir = stringFlag(args, 'data-dir');
  const embedder = stringFlag(args, 'embedder');
  const maxBytes = maxNoteBytes(args);
  // A library printing to stdout would corrupt the protocol stream: send console output to stderr.
  const log = (...a: unknown[]): void => io.stderr(`${a.map(String).join(' ')}\n`);
  console.log = log;
  console.info = log;
  console.warn = log;
  console.debug = log;

  let server: JsonRpcServer | null = null;
  const notify: Notify = (method, params) => server?.notify(method, params);
  const host = new EngineHost(
    {
      vault: resolve(vaultArg),
      ...(dataDir !== undefined ? { dataDir: resolve(dataDir) } : {}),
      ...(embedder !== undefined ? { embedder } : {}),
      ...(boolFlag(args, 'offline') ? { offline: true } : {}),
      ...(maxBytes !== undefined ? { maxNoteBytes: maxBytes } : {}),
    },
    notify,
  );
  server = new JsonRpcServer(
    process.stdin,
    process.stdout,
    engineMethods(host, () => server?.stop(), notify),
    mapEngineError,
  );
  // The plugin stops the engine with SIGTERM: save what changed and release the lock instead of dying mid-write.
  const stop = (): void => server?.stop();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await server.serve();
  } finally {
    process.removeListener('SIGTERM', stop);
    process.removeListener('SIGINT', stop);
    await host.close();
  }
  return 0;
};
