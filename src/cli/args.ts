// Argument parsing shared by all commands: `--k 5`, `--k=5`, `--json`, positionals. Each command declares its options
// once, in a FlagTable (commands.ts): the parse reads the types from it and the unknown-option check its names.
import { UserError, type ParsedArgs } from './cli-io';

/** What an option takes: a value (`--k 5`, `--k=5`) or nothing (`--json`). */
export type FlagType = 'string' | 'boolean';

/** The options of one command: name without `--` → type. `--help` (and `-h`) is always accepted. */
export type FlagTable = Readonly<Record<string, FlagType>>;

/**
 * Splits argv into positionals and flags. A boolean option of `table` never takes a value; any other option takes
 * the next argument unless it starts with `--` (so a mistyped `--bugdet 500` is reported as one unknown option).
 */
export function parseArgs(argv: string[], table: FlagTable): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h') {
      flags['help'] = true;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        flags[a.slice(2, eq)] = a.slice(eq + 1);
        continue;
      }
      const name = a.slice(2);
      const next = argv[i + 1];
      if (
        name === 'help' ||
        (Object.hasOwn(table, name) && table[name] === 'boolean') ||
        next === undefined ||
        next.startsWith('--')
      ) {
        flags[name] = true;
      } else {
        flags[name] = next;
        i++;
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, flags };
}

/** A string flag, or `fallback` when absent. */
export function stringFlag(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.flags[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new UserError(`--${name} needs a value`);
  return v;
}

/** A positive integer flag, or `fallback` when absent. */
export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = stringFlag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`--${name} must be a positive whole number, got "${v}"`);
  return n;
}

/** A boolean flag. */
export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true || args.flags[name] === 'true';
}

/**
 * Throws a UserError naming the options `command` does not take (those not in `table`): a mistyped option
 * (`--bugdet 500`) must not be silently ignored. `--help` is always allowed.
 */
export function rejectUnknownFlags(args: ParsedArgs, table: FlagTable, command: string): void {
  const unknown = unknownFlags(args, table);
  if (unknown.length === 0) return;
  const list = unknown.map((f) => `--${f}`).join(', ');
  throw new UserError(
    `unknown option${unknown.length > 1 ? 's' : ''} ${list} for "overlay ${command}" (see "overlay ${command} --help")`,
  );
}

/** The options given that `table` does not declare (`help` aside). */
export function unknownFlags(args: ParsedArgs, table: FlagTable): string[] {
  return Object.keys(args.flags).filter((f) => f !== 'help' && !Object.hasOwn(table, f));
}
