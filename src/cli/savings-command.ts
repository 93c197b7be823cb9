// `overlay savings`: the long-conversation energy curve (no vault needed).
//   overlay savings [--energy-model ID] [--hardware ID] [--minutes 5,55,205,305,505] [--budget N] [--rate N]
//                   [--reply N] [--gpus N] [--batch N] [--pue X] [--overhead X] [--context N] [--kv-retention
//                   hbm|offload] [--pause MIN] [--cache-ttl MIN] [--presets FILE] [--json]
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { intFlag, stringFlag, unknownFlags, type FlagTable } from './args';
import { UserError, type CommandFn, type ParsedArgs } from './cli-io';
import { checkConversation, DEFAULT_MINUTES, DEFAULT_RATE, DEFAULT_REPLY } from '../core/cost/conversation';
import { DEFAULT_BUDGET } from '../core/defaults';
import type { SavingsParams } from '../engine/protocol';
import { EngineService, type SavingsExtras } from '../engine/service/engine-service';
import { parsePresetFile } from '../core/cost/preset-file';
import { hardwareIds, modelIds, type PresetExtras } from '../core/cost/presets';
import {
  DEFAULT_CACHE_TTL_MINUTES,
  DEFAULT_KV_RETENTION,
  DEFAULT_PAUSE_MINUTES,
  type KvRetention,
} from '../core/cost/kv-retention';
import { renderConversationReport } from '../core/cost/report-text';

/** The options of `overlay savings`. */
export const SAVINGS_FLAGS: FlagTable = {
  'energy-model': 'string',
  hardware: 'string',
  minutes: 'string',
  budget: 'string',
  rate: 'string',
  reply: 'string',
  gpus: 'string',
  batch: 'string',
  pue: 'string',
  overhead: 'string',
  presets: 'string',
  json: 'boolean',
  'prefix-caching': 'boolean',
  context: 'string',
  'kv-retention': 'string',
  pause: 'string',
  'cache-ttl': 'string',
};

/** Help of `overlay savings`. */
export const SAVINGS_HELP = `Usage: overlay savings [--energy-model ID] [--hardware ID] [--minutes 5,55,205,305,505] [--budget N] [--rate N]
                [--reply N] [--gpus N] [--batch N] [--pue X] [--overhead X] [--context N]
                [--kv-retention hbm|offload] [--pause MIN] [--cache-ttl MIN] [--presets FILE] [--json]

Energy per turn of a long conversation: re-sending the whole history, the same with prefix caching (always
shown as its own column, so --prefix-caching changes nothing), and a bounded context. The cached column pays
for keeping the history's KV cache between turns: --kv-retention offload (in host memory) or hbm (in GPU
memory), default ${DEFAULT_KV_RETENTION}, over a --pause of ${DEFAULT_PAUSE_MINUTES} min; a pause longer than --cache-ttl (default ${DEFAULT_CACHE_TTL_MINUTES} min)
re-prefills the history. --context N (default: the budget) sets the prompt length of prefillTokenGpuJ in the
JSON (GPU joules per input token, comparable to "overlay calibrate").
Models (default dense-1t): ${modelIds().join(', ')}.
Hardware (default h100): ${hardwareIds().join(', ')}.
--presets FILE adds your own entries: {"models": [...], "hardware": [...]} (see docs/cost-model.md).
`;

function minutesFlag(args: ParsedArgs): number[] {
  const v = stringFlag(args, 'minutes');
  if (v === undefined) return [...DEFAULT_MINUTES];
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out = parts.map(Number);
  if (parts.length === 0 || out.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UserError(`--minutes must be a comma-separated list of whole minutes, e.g. 5,55,205; got "${v}"`);
  }
  return out;
}

function decimalFlag(args: ParsedArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UserError(`--${name} must be a positive number, got "${v}"`);
  return n;
}

function retentionFlag(args: ParsedArgs): KvRetention | undefined {
  const v = stringFlag(args, 'kv-retention');
  if (v === undefined) return undefined;
  if (v !== 'hbm' && v !== 'offload') throw new UserError(`--kv-retention must be "hbm" or "offload", got "${v}"`);
  return v;
}

function optionalInt(args: ParsedArgs, name: string): number | undefined {
  return args.flags[name] === undefined ? undefined : intFlag(args, name, 1);
}

async function presetsFlag(args: ParsedArgs): Promise<PresetExtras | undefined> {
  const file = stringFlag(args, 'presets');
  if (file === undefined) return undefined;
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e: unknown) {
    throw new UserError(`cannot read --presets ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e: unknown) {
    throw new UserError(`--presets ${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parsePresetFile(json);
  if (!parsed.ok) throw new UserError(`--presets ${path} has problems:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.extras;
}

/** The `savings` command: prints the conversation curve as a table, or JSON with `--json`. */
export const savingsCommand: CommandFn = async (args, io) => {
  if (args.flags.help === true) {
    io.stdout(SAVINGS_HELP);
    return 0;
  }
  if (args.flags['model'] !== undefined) {
    // One name for the energy model across commands; `--model` is the LLM in `ask`.
    const v = typeof args.flags['model'] === 'string' ? ` ${args.flags['model']}` : ' ID';
    throw new UserError(`--model is now --energy-model, as in "overlay ask": overlay savings --energy-model${v}`);
  }
  const unknown = unknownFlags(args, SAVINGS_FLAGS);
  if (unknown.length > 0)
    throw new UserError(`unknown option(s) for savings: ${unknown.map((f) => `--${f}`).join(', ')}\n${SAVINGS_HELP}`);
  if (args.positional.length > 0)
    throw new UserError(`savings takes no positional arguments (got "${args.positional.join(' ')}")`);

  // Read in the order of the help, so the first bad flag is the one reported.
  const model = stringFlag(args, 'energy-model');
  const hardware = stringFlag(args, 'hardware');
  const minutes = minutesFlag(args);
  const budget = intFlag(args, 'budget', DEFAULT_BUDGET);
  const shape = {
    rate: intFlag(args, 'rate', DEFAULT_RATE),
    reply: args.flags.reply === '0' ? 0 : intFlag(args, 'reply', DEFAULT_REPLY),
    gpus: optionalInt(args, 'gpus'),
    batch: optionalInt(args, 'batch'),
    pue: decimalFlag(args, 'pue'),
    overhead: decimalFlag(args, 'overhead'),
    context: optionalInt(args, 'context'),
  };
  const params: SavingsParams = {
    model,
    hardware,
    minutes,
    budget,
    kvRetention: retentionFlag(args),
    pauseMinutes: decimalFlag(args, 'pause'),
    cacheTtlMinutes: decimalFlag(args, 'cache-ttl'),
  };
  // Options only the CLI offers; the service method is the one `overlay serve` runs for a `savings` request.
  const extras: SavingsExtras = { ...shape, extras: await presetsFlag(args) };
  // Checked here first so each problem is reported on its own line, as flags.
  const problems = checkConversation({ ...extras, ...params });
  if (problems.length > 0) throw new UserError(problems.join('\n'));

  const report = new EngineService(null).savings(params, extras);
  io.stdout(args.flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderConversationReport(report));
  return 0;
};
