// `overlay serve --stdio <vault>`: the engine as a JSON-RPC 2.0 server on stdin/stdout (one JSON per line) for
// the Obsidian plugin. stdout carries protocol messages only; logs go to stderr.
import { resolve } from 'node:path';
import { EngineHost, type Notify } from '../engine/engine-host';
import { engineMethods, mapEngineError } from '../engine/engine-methods';
import { JsonRpcServer } from '../engine/rpc-server';
import { boolFlag, stringFlag } from './args';
import { UserError, type CommandFn } from './cli-io';
import { maxNoteBytes } from './index-command';

/** Help of `overlay serve`. */
export const SERVE_HELP = `Usage: overlay serve --stdio <vault> [options]

Runs the engine as a JSON-RPC 2.0 server: one JSON message per line on stdin/stdout, logs on stderr.
Methods: initialize, index, related, status, fileEvent, configure, shutdown.
Notifications: progress, ready (after the start-up sync that follows initialize), synced, error.
Stops on shutdown or when stdin ends.

Options:
  --stdio              serve on stdin/stdout (required; the only transport)
  --data-dir D         index folder (default <vault>/.overlay)
  --embedder E         local (default) or transformers:<model-id>
  --offline            never download a model
  --max-note-mb N      skip notes larger than N MB (default 5)`;

/** `overlay serve`. */
export const serveCommand: CommandFn = async (args, io) => {
  if (!boolFlag(args, 'stdio')) throw new UserError(`serve needs --stdio\n${SERVE_HELP}`);
  const vaultArg = args.positional[0];
  if (!vaultArg) throw new UserError(`missing <vault>\n${SERVE_HELP}`);
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
  server = new JsonRpcServer(process.stdin, process.stdout, engineMethods(host, () => server?.stop(), notify), mapEngineError);
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
