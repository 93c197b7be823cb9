// The `overlay` command table: each command's runner, help text, summary and the options it accepts.
import type { FlagTable } from './args';
import type { CommandFn } from './cli-io';
import { indexCommand, INDEX_HELP } from './index-command';
import { relatedCommand, RELATED_HELP } from './related-command';
import { serveCommand, SERVE_HELP } from './serve-command';
import { askCommand, ASK_HELP } from './ask-command';
import { benchCommand, BENCH_HELP } from './bench-command';
import { demoCommand, DEMO_HELP } from './demo-command';
import { savingsCommand, SAVINGS_FLAGS, SAVINGS_HELP } from './savings-command';
import { calibrateCommand, CALIBRATE_HELP } from './calibrate-command';

/** One CLI command: its runner, its --help text, a one-line summary for the usage list and its options. */
export interface CommandEntry {
  run: CommandFn;
  help: string;
  summary: string;
  /** The options it takes and their types: the parse and the unknown-option check both derive from it. */
  flags: FlagTable;
  /** True when the command refuses unknown options itself, with its own message. */
  checksOwnFlags?: boolean;
}

/** Options of every command that opens a vault's index. */
export const ENGINE_FLAGS: FlagTable = {
  'data-dir': 'string',
  embedder: 'string',
  offline: 'boolean',
  'max-note-mb': 'string',
};

/** Options of the LLM behind answers and the ranker. */
const LLM_FLAGS: FlagTable = { llm: 'string', model: 'string', 'rank-llm': 'boolean' };

/** The command table. */
export const COMMANDS: Record<string, CommandEntry> = {
  index: {
    run: indexCommand,
    help: INDEX_HELP,
    summary: 'build or update the index of a vault',
    flags: { ...ENGINE_FLAGS, json: 'boolean', full: 'boolean' },
  },
  related: {
    run: relatedCommand,
    help: RELATED_HELP,
    summary: 'notes most related to a note',
    flags: { ...ENGINE_FLAGS, json: 'boolean', k: 'string' },
  },
  serve: {
    run: serveCommand,
    help: SERVE_HELP,
    summary: 'JSON-RPC engine on stdin/stdout (for the plugin)',
    flags: { ...ENGINE_FLAGS, stdio: 'boolean' },
  },
  ask: {
    run: askCommand,
    help: ASK_HELP,
    summary: 'answer a question from a bounded context',
    flags: {
      ...ENGINE_FLAGS,
      ...LLM_FLAGS,
      json: 'boolean',
      budget: 'string',
      k: 'string',
      retriever: 'string',
      'llm-timeout': 'string',
      'show-context': 'boolean',
      'show-prompt': 'boolean',
      'energy-model': 'string',
      hardware: 'string',
      conversation: 'string',
    },
  },
  bench: {
    run: benchCommand,
    help: BENCH_HELP,
    summary: 'retrieval quality and context size over a question set',
    flags: { ...ENGINE_FLAGS, ...LLM_FLAGS, json: 'boolean', budget: 'string', k: 'string', retriever: 'string' },
  },
  savings: {
    run: savingsCommand,
    help: SAVINGS_HELP,
    summary: 'tokens and energy of a long conversation: full history vs bounded',
    flags: SAVINGS_FLAGS,
    checksOwnFlags: true,
  },
  calibrate: {
    run: calibrateCommand,
    help: CALIBRATE_HELP,
    summary: 'the energy model against measured decode and prefill anchors',
    flags: { json: 'boolean' },
  },
  demo: {
    run: demoCommand,
    help: DEMO_HELP,
    summary: 'a guided run on the bundled example vault',
    flags: { ...ENGINE_FLAGS, question: 'string' },
  },
};

/** The usage text listing the commands. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return (
    `Usage: overlay <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    `Run "overlay <command> --help" for a command's options. Vault commands take --data-dir D; index, ask,\n` +
    `related, bench, savings and calibrate print exactly one JSON value with --json.\n`
  );
}
