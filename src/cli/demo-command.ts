// `overlay demo [vault]`: the guided first run — index the bundled example vault, ask one question, show the
// bounded context, the answer and the saving, then the long-conversation curve.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringFlag } from './args';
import { type CommandFn } from './cli-io';
import { checkVault, ENGINE_FLAGS_HELP, withSyncedEngine } from './index-command';
import { savingLine } from './ask-command';
import { askVault, DEFAULT_BUDGET } from '../engine/ask';
import { simulateConversation } from '../core/cost/conversation';
import { renderConversationReport } from '../core/cost/report-text';

/** The question the demo asks when none is given. */
export const DEMO_QUESTION = 'Why does a long conversation with an LLM get more expensive every turn?';

/** Help of `overlay demo`. */
export const DEMO_HELP = `Usage: overlay demo [vault] [--question "..."]

Indexes a vault (default: the bundled examples/vault), asks one question, prints the bounded context with its
citations, an extractive answer and the token/energy saving, then the long-conversation energy curve.

Options:
  --question Q         the question to ask (default: "${DEMO_QUESTION}")
${ENGINE_FLAGS_HELP}`;

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
    io.stdout(`   ${report.notes} notes, ${report.chunks} chunks; embedded ${report.embedded}, reused ${report.reused}, ` +
      `removed ${report.removed} in ${report.ms} ms\n\n2. Question: ${question}\n\n`);
    const r = await askVault(engine.view(), question, { budget: DEFAULT_BUDGET });
    const notes = new Set(r.context.chunks.map((c) => c.note)).size;
    io.stdout(`3. Bounded context: ${r.context.tokens} of ${r.budget} tokens, ${r.context.chunks.length} chunks from ${notes} notes\n\n`);
    for (const c of r.context.chunks) io.stdout(`   ${c.label.padEnd(60)} ${String(c.tokens).padStart(4)} tokens\n`);
    io.stdout(`\n${r.context.text}\n\n4. Answer (${r.answer?.mode ?? 'none'}):\n${r.answer?.text ?? ''}\n\n5. ${savingLine(r)}\n\n`);
    io.stdout('6. A long conversation: per-turn energy of re-sending the whole history vs a bounded context\n\n');
    io.stdout(`${renderConversationReport(simulateConversation({ budget: DEFAULT_BUDGET }))}\n`);
    return 0;
  });
};
