// `overlay demo [vault]`: the guided first run — index the bundled example vault, ask one question, show the
// bounded context, the answer and the saving, then the long-conversation curve.
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringFlag } from './args';
import { type CommandFn } from './cli-io';
import { checkVault, INDEX_FLAGS_HELP, withSyncedEngine } from './index-command';
import { contextLine, savingLine, sourceLines } from './ask-command';
import { plural } from './text';
import { askVault } from '../engine/ask';
import { DEFAULT_BUDGET } from '../core/defaults';
import { simulateConversation } from '../core/cost/conversation';
import { renderConversationReport } from '../core/cost/report-text';

/** The one energy model of the demo screen, for the question and the conversation alike: a 1T mixture-of-experts. */
export const DEMO_ENERGY = { model: 'kimi-k2', hardware: 'h100' } as const;

/** The question the demo asks when none is given. */
export const DEMO_QUESTION = 'Why does a long conversation with an LLM get more expensive every turn?';

/** Help of `overlay demo`. */
export const DEMO_HELP = `Usage: overlay demo [vault] [--question "..."]

Indexes a vault (default: the bundled examples/vault), asks one question, prints the extractive answer with the
passages it cites, the bounded context it came from and the token/energy saving, then the long-conversation energy
curve.

Options:
  --question Q         the question to ask (default: "${DEMO_QUESTION}")
${INDEX_FLAGS_HELP}`;

/** Citation labels are padded to the longest one, up to this width. */
const LABEL_WIDTH = 72;
/** Passages of the context printed in full. */
const PASSAGES_SHOWN = 2;

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `   ${l}`))
    .join('\n');
}

/** An argument as a POSIX shell needs it to be one word. */
function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/u.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** How this CLI was started, to print a command the person can paste: "overlay", or "node bin/overlay.mjs". */
function invocation(): string {
  const script = process.argv[1];
  if (!script || basename(script) === 'overlay') return 'overlay';
  const rel = relative(process.cwd(), script);
  return `node ${quoteArg(rel.startsWith('..') || isAbsolute(rel) ? script : rel)}`;
}

function bundledVault(): string {
  // dist/overlay.mjs → <package>/examples/vault; also works from src/ under the test runner.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'examples', 'vault');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(process.cwd(), 'examples', 'vault');
}

/** `overlay demo`. */
export const demoCommand: CommandFn = async (args, io) => {
  const vault = await checkVault(args.positional[0] ?? bundledVault(), DEMO_HELP);
  const question = stringFlag(args, 'question', DEMO_QUESTION)!;
  io.stdout(`Overlay Memory demo on ${vault}\n\n1. Indexing the vault (incremental: a second run embeds nothing)\n`);
  return withSyncedEngine(args, io, vault, async (engine, report) => {
    io.stdout(
      `   ${report.notes} notes, ${report.chunks} chunks; embedded ${report.embedded}, reused ${report.reused}, ` +
        `removed ${report.removed} in ${report.ms} ms\n\n2. Question: ${question}\n\n`,
    );
    const r = await askVault(engine.view(), question, { budget: DEFAULT_BUDGET, ...DEMO_ENERGY });
    const chunks = r.context.chunks;
    // Answer first, as `ask` and the plugin show it; then where it came from.
    io.stdout(`3. Answer (${r.answer?.mode ?? 'none'}):\n${indent(r.answer?.text ?? '')}\n\n`);
    const sources = sourceLines(r);
    if (sources.length > 0) io.stdout(`   Sources:\n${sources.map((l) => `   ${l}`).join('\n')}\n\n`);
    io.stdout(`4. ${contextLine(r.context, r.budget)}\n\n`);
    const width = Math.min(LABEL_WIDTH, Math.max(0, ...chunks.map((c) => c.label.length)));
    for (const c of chunks) io.stdout(`   ${c.label.padEnd(width)}  ${String(c.tokens).padStart(4)} tokens\n`);
    // The whole context is a few hundred lines: show how it reads, and how to see all of it.
    const shown = chunks.slice(0, PASSAGES_SHOWN);
    io.stdout(
      `\n   The first ${plural(shown.length, 'passage')} as the model reads ${shown.length === 1 ? 'it' : 'them'}:\n\n`,
    );
    for (const c of shown) io.stdout(`${indent(`${c.label}\n${c.text}`)}\n\n`);
    if (chunks.length > shown.length) {
      io.stdout(
        `   … and ${plural(chunks.length - shown.length, 'more passage')}; to read them all:\n` +
          `   ${invocation()} ask ${quoteArg(vault)} ${quoteArg(question)} --show-context\n\n`,
      );
    }
    io.stdout(`5. ${savingLine(r)}\n\n`);
    io.stdout('6. A long conversation: per-turn energy of re-sending the whole history vs a bounded context\n\n');
    // The same energy model as step 5, so the two estimates on this screen compare like with like.
    io.stdout(`${renderConversationReport(simulateConversation({ budget: DEFAULT_BUDGET, ...DEMO_ENERGY }))}\n`);
    return 0;
  });
};
