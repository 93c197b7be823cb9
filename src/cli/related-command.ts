// `overlay related <vault> <note>`: the notes most related to a note (updating the index first when stale).
import { boolFlag, intFlag } from './args';
import { usageError, type CommandFn } from './cli-io';
import { checkVault, ENGINE_FLAGS_HELP, noteArgument, withSyncedEngine } from './index-command';
import { EngineService } from '../engine/service/engine-service';
import { DEFAULT_RELATED_K } from '../core/defaults';
import { OpenedHost } from '../engine/service/opened-host';

/** Help of `overlay related`. */
export const RELATED_HELP = `Usage: overlay related <vault> <note> [options]

Lists the notes most related to <note> (a vault path with or without .md, a path to the file, or a note name or
alias as in a [[link]]). Scores are cosine similarities of the note's centroid to each other note's best chunk.
The index is built or updated first when missing or stale (progress on stderr).

Options:
  --k N                how many notes (default ${DEFAULT_RELATED_K})
${ENGINE_FLAGS_HELP}

Output with --json: [{"note": "<path>", "score": <number>}, ...]`;

/** `overlay related`. */
export const relatedCommand: CommandFn = async (args, io) => {
  const [vaultArg, note, extra] = args.positional;
  const vault = await checkVault(vaultArg, RELATED_HELP);
  if (!note) throw usageError(`missing <note>`, RELATED_HELP);
  if (extra !== undefined) throw usageError(`unexpected argument "${extra}"`, RELATED_HELP);
  const k = intFlag(args, 'k', DEFAULT_RELATED_K);
  const json = boolFlag(args, 'json');
  return withSyncedEngine(args, io, vault, async (engine) => {
    // The same service method `overlay serve` runs for a `related` request.
    const related = await new EngineService(new OpenedHost(engine)).related({ note: noteArgument(note, vault), k });
    if (json) {
      io.stdout(`${JSON.stringify(related)}\n`);
    } else if (related.length === 0) {
      io.stdout('No related notes.\n');
    } else {
      for (const r of related) io.stdout(`${r.score.toFixed(3)}  ${r.note}\n`);
    }
    return 0;
  });
};
