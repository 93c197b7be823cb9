// `overlay index <vault>`: incremental sync of the vault's index. Also the shared way every command opens the
// engine from command-line flags (--data-dir, --embedder, --offline, --max-note-mb).
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Engine } from '../engine/engine';
import { FsNoteSource } from '../engine/fs-note-source';
import type { SyncReport } from '../engine/protocol';
import { EngineService } from '../engine/service/engine-service';
import { OpenedHost } from '../engine/service/opened-host';
import { boolFlag, stringFlag } from './args';
import { UserError, usageError, type CliIO, type CommandFn, type ParsedArgs } from './cli-io';
import { createProgressBar } from './progress-bar';
import { InterruptGuard, INTERRUPTED_EXIT, type SignalHost } from './interrupt';
import { fmt, plural } from './text';

/** Help lines for the flags every command that opens a vault's index takes. */
export const INDEX_FLAGS_HELP = `  --data-dir D         index folder (default <vault>/.overlay)
  --embedder E         local (default, no download) or transformers:<model-id>
  --offline            never download a model
  --max-note-mb N      skip notes larger than N MB (default 5)`;

/** INDEX_FLAGS_HELP plus --json, for the commands whose output scripts read. */
export const ENGINE_FLAGS_HELP = `${INDEX_FLAGS_HELP}
  --json               print exactly one JSON value on stdout`;

/** Help of `overlay index`. */
export const INDEX_HELP = `Usage: overlay index <vault> [options]

Builds or updates the index of a vault folder: only new or changed notes are read, only changed chunks are
embedded, deleted and renamed notes leave the index. The notes themselves are never written.

Options:
  --full               re-read every note even when unchanged (vectors are still reused)
${ENGINE_FLAGS_HELP}

Output with --json: {notes, chunks, embedded, reused, removed, ms, skipped, warnings, rebuilt?}
Exit status: 0 indexed; 2 bad input (no vault, no notes); 3 indexed, but some notes were skipped
(binary, not UTF-8, too large, unreadable) — they are listed.`;

/** The note size limit from --max-note-mb, in bytes. */
export function maxNoteBytes(args: ParsedArgs): number | undefined {
  const v = stringFlag(args, 'max-note-mb');
  if (v === undefined) return undefined;
  const mb = Number(v);
  if (!Number.isFinite(mb) || mb <= 0) throw new UserError(`--max-note-mb must be a positive number, got "${v}"`);
  return Math.round(mb * 1024 * 1024);
}

/** Checks the vault argument: exists, is a folder, has at least one .md note (before anything is created). */
export async function checkVault(vaultArg: string | undefined, usage: string): Promise<string> {
  if (!vaultArg) throw usageError(`missing <vault>`, usage);
  const vault = resolve(vaultArg);
  const source = new FsNoteSource(vault);
  await source.check();
  if (!(await source.hasNotes())) throw new UserError(`no markdown notes (.md) found in ${vault}`);
  return vault;
}

/** An engine opened for one command, its progress bar, and the Ctrl-C handling of the run. */
export interface OpenedEngine {
  engine: Engine;
  /** Clears the progress bar. */
  done(): void;
  guard: InterruptGuard;
}

/**
 * Opens the engine for a vault with the common flags; progress goes to a TTY bar on stderr. From here until
 * syncUntilInterrupted() returns, Ctrl-C stops the work gracefully (see interrupt.ts); the caller uninstalls
 * the guard when done.
 */
export async function openEngine(
  args: ParsedArgs,
  io: CliIO,
  vault: string,
  signals?: SignalHost,
): Promise<OpenedEngine> {
  const bar = createProgressBar(io);
  const dataDir = stringFlag(args, 'data-dir');
  const embedder = stringFlag(args, 'embedder');
  const maxBytes = maxNoteBytes(args);
  const guard = new InterruptGuard(io, signals);
  guard.install();
  // While opening there is nothing to stop: the flag is checked once the engine exists.
  guard.stopWith(() => undefined);
  let engine: Engine;
  try {
    engine = await Engine.open({
      vault,
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(embedder !== undefined ? { embedder } : {}),
      ...(boolFlag(args, 'offline') ? { offline: true } : {}),
      ...(maxBytes !== undefined ? { maxNoteBytes: maxBytes } : {}),
      onProgress: bar.onProgress,
    });
  } catch (e) {
    bar.done();
    guard.uninstall();
    throw e;
  }
  if (engine.lockNotice) io.stderr(`overlay: ${engine.lockNotice}\n`);
  // Closing makes a running sync stop after its current group of notes and save them.
  guard.stopWith(() => void engine.close().catch(() => undefined));
  return { engine, done: () => bar.done(), guard };
}

/**
 * Syncs the index; when a signal stopped it, waits for the save and throws the "interrupted" error (exit 130).
 * Afterwards a signal quits at once: nothing is left unsaved.
 */
export async function syncUntilInterrupted(opened: OpenedEngine, opts: { full?: boolean } = {}): Promise<SyncReport> {
  const { engine, guard } = opened;
  let report: SyncReport | undefined;
  let failure: unknown;
  try {
    // The same service method `overlay serve` runs for an `index` request.
    if (!guard.interrupted) report = await new EngineService(new OpenedHost(engine)).index(opts);
  } catch (e) {
    // A sync that had not started when the engine was closed fails with "closed": the signal is the news.
    failure = e;
  }
  if (guard.interrupted) {
    await engine.close();
    opened.done();
    const n = engine.status().notes;
    throw new UserError(
      `interrupted: the index is saved and holds ${plural(n, 'note')}; run the command again to index the rest`,
      INTERRUPTED_EXIT,
    );
  }
  guard.stopWith(null);
  if (report === undefined) throw failure;
  return report;
}

/** Prints skipped notes, warnings and rebuild reasons on stderr (text mode). */
export function printSyncNotes(r: SyncReport, io: CliIO): void {
  printSkippedAndWarnings(r, io);
  if (r.rebuilt) io.stderr(`overlay: rebuilt: ${r.rebuilt}\n`);
}

/**
 * Names skipped notes and warnings (e.g. a note cut by the per-note guard) on stderr; in --json mode too, as they
 * are why the exit status is 3 or why part of a note cannot be found.
 */
function printSkippedAndWarnings(r: SyncReport, io: CliIO): void {
  for (const s of r.skipped) io.stderr(`overlay: skipped ${s.path}: ${s.reason}\n`);
  for (const w of r.warnings) io.stderr(`overlay: warning: ${w.path}: ${w.message}\n`);
}

/** Throws when not a single note could be indexed, naming the skipped ones. */
function failIfEmpty(r: SyncReport, vault: string): void {
  if (r.notes > 0) return;
  const why = r.skipped.map((s) => `  ${s.path}: ${s.reason}`).join('\n');
  throw new UserError(`no note in ${vault} could be indexed${why ? `:\n${why}` : ''}`);
}

/**
 * Opens the engine, brings the index up to date (progress on stderr, skipped notes reported) and runs `fn` on
 * it; the engine is always closed afterwards.
 */
export async function withSyncedEngine(
  args: ParsedArgs,
  io: CliIO,
  vault: string,
  fn: (engine: Engine, report: SyncReport) => Promise<number>,
): Promise<number> {
  const opened = await openEngine(args, io, vault);
  const { engine, done } = opened;
  try {
    const report = await syncUntilInterrupted(opened);
    failIfEmpty(report, engine.vault);
    done();
    if (!boolFlag(args, 'json')) printSyncNotes(report, io);
    else printSkippedAndWarnings(report, io);
    return await fn(engine, report);
  } finally {
    done();
    await engine.close();
    opened.guard.uninstall();
  }
}

/** A note argument as the engine expects it: a path inside the vault becomes vault-relative. */
export function noteArgument(note: string, vault: string): string {
  const abs = resolve(note);
  if ((isAbsolute(note) || existsSync(abs)) && abs.startsWith(vault + sep))
    return relative(vault, abs).split(sep).join('/');
  return note;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `overlay index`. */
export const indexCommand: CommandFn = async (args, io) => {
  const vault = await checkVault(args.positional[0], INDEX_HELP);
  if (args.positional.length > 1) throw usageError(`unexpected argument "${args.positional[1]}"`, INDEX_HELP);
  const opened = await openEngine(args, io, vault);
  let r: SyncReport;
  try {
    r = await syncUntilInterrupted(opened, boolFlag(args, 'full') ? { full: true } : {});
  } finally {
    opened.done();
    await opened.engine.close();
    opened.guard.uninstall();
  }
  failIfEmpty(r, vault);
  // Skipped notes and warnings are named on stderr in both modes: they are why the exit status is 3.
  if (boolFlag(args, 'json')) {
    printSkippedAndWarnings(r, io);
    io.stdout(`${JSON.stringify(r)}\n`);
  } else {
    printSyncNotes(r, io);
    io.stdout(
      `Indexed ${plural(r.notes, 'note')} (${plural(r.chunks, 'chunk')}): ${fmt(r.embedded)} embedded, ${fmt(r.reused)} reused, ` +
        `${fmt(r.removed)} removed in ${seconds(r.ms)}.\n`,
    );
    if (r.skipped.length > 0) io.stdout(`${plural(r.skipped.length, 'note')} skipped (see above).\n`);
  }
  return r.skipped.length > 0 ? 3 : 0;
};
