// Entry point of the `overlay` CLI (bundled to dist/overlay.mjs): dispatches to a command, turns expected
// failures into a clear message and exit status, and never shows a stack trace unless OVERLAY_DEBUG=1.
import { parseArgs, rejectUnknownFlags } from './args';
import { processIO, type CliIO } from './cli-io';
import { COMMANDS, usage } from './commands';
import { ENGINE_VERSION } from '../engine/version';

/** Names of errors that are expected failures with a message for the user (checked by name: bundles may copy classes). */
const EXPECTED_ERRORS = new Set(['UserError', 'EngineError', 'EmbedderSpecError', 'TransformersEmbedderError']);

/** A failure as the user sees it; `code` names its kind for scripts (`--json` prints it). */
export interface Failure {
  message: string;
  exitCode: number;
  /** An engine error code ('unknown-note', 'ambiguous-note', …), 'error' for other expected failures, 'internal'. */
  code: string;
  /** Extra facts some failures carry, e.g. the notes an ambiguous name matches. */
  details?: Record<string, unknown>;
}

/** Maps a failure to the message and exit status the user sees. */
export function describeFailure(e: unknown): Failure {
  if (e instanceof Error && EXPECTED_ERRORS.has(e.name)) {
    const exit = (e as { exitCode?: unknown }).exitCode;
    const code = (e as { code?: unknown }).code;
    const details = (e as { details?: unknown }).details;
    // Expected failures are for the user: drop a module prefix such as "transformers-embedder: ".
    return {
      message: e.message.replace(/^(transformers-embedder|create-embedder|model-cache): /, ''),
      exitCode: typeof exit === 'number' ? exit : 2,
      code: typeof code === 'string' ? code : 'error',
      ...(details && typeof details === 'object' ? { details: details as Record<string, unknown> } : {}),
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { message: `internal error: ${message}`, exitCode: 1, code: 'internal' };
}

/** The one JSON value a `--json` run prints on stdout when it fails. */
export function jsonFailure(f: Failure): string {
  return `${JSON.stringify({ error: { code: f.code, message: f.message, exitCode: f.exitCode, ...(f.details ?? {}) } })}\n`;
}

/** Runs the CLI with `argv` (without node and script); returns the exit status. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${ENGINE_VERSION}\n`);
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.stderr(`overlay: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const args = parseArgs(rest, cmd.flags);
  try {
    if (args.flags['help'] === true) {
      io.stdout(`${cmd.help}\n`);
      return 0;
    }
    if (!cmd.checksOwnFlags) rejectUnknownFlags(args, cmd.flags, name);
    return await cmd.run(args, io);
  } catch (e) {
    const failure = describeFailure(e);
    const { message, exitCode } = failure;
    // A script asked for JSON: it gets exactly one JSON value on stdout, the error, as well as the message.
    if (args.flags['json'] === true) io.stdout(jsonFailure(failure));
    io.stderr(`overlay: ${message}\n`);
    if (process.env['OVERLAY_DEBUG'] === '1' && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return exitCode;
  }
}

/** Runs the process: exit status set once output is flushed. */
async function main(): Promise<void> {
  const io = processIO();
  let code: number;
  try {
    code = await runCli(process.argv.slice(2), io);
  } catch (e) {
    // runCli catches everything; this is the last guard so no stack trace ever escapes.
    io.stderr(`overlay: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    code = 1;
  }
  // Native handles (ONNX sessions, timers) must not keep a finished command alive.
  process.stdout.write('', () => process.exit(code));
}

/** Last-resort handler: a failure outside any command still ends with a one-line message. */
function fatal(e: unknown): void {
  process.stderr.write(`overlay: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env['OVERLAY_DEBUG'] === '1' && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
}
process.on('unhandledRejection', fatal);
process.on('uncaughtException', fatal);
void main();
