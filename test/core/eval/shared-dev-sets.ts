// The two shared development sets (../shared/vaults: English obsidian-developer-docs, Russian alt-gnome-wiki),
// loaded as in-memory sources for quality tests. Missing sets fail under CI=true and are skipped otherwise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { buildMemorySource } from '../../../src/core/retrieval/memory-source';
import { parseQaJsonl, type QaItem } from '../../../src/core/eval/qa-set';
import type { RetrievalSource } from '../../../src/core/retrieval/source';

/** Names of the shared development sets. */
export const DEV_SETS = ['obsidian-developer-docs', 'alt-gnome-wiki'] as const;

const ROOT = resolve(__dirname, '../../../../shared/vaults');

/** True when both sets are present; otherwise throws under CI=true, or warns that `what` is skipped. */
export function devSetsPresent(what: string): boolean {
  const missing = DEV_SETS.filter((n) => !existsSync(join(ROOT, n)) || !existsSync(join(ROOT, `${n}.qa.jsonl`)));
  if (missing.length === 0) return true;
  const why = `the shared development sets are missing (${missing.join(', ')} under ${ROOT})`;
  if (process.env.CI === 'true') throw new Error(`shared-dev-sets: ${why}`);
  console.warn(`skipping ${what}: ${why}`);
  return false;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

/** One development set as an in-memory retrieval source and its questions. */
export async function loadDevSet(
  name: (typeof DEV_SETS)[number],
): Promise<{ src: RetrievalSource & { fullTokens: number }; items: QaItem[] }> {
  const vault = join(ROOT, name);
  const notes = markdownFiles(vault).map((f) => ({
    path: relative(vault, f).split(sep).join('/'),
    text: readFileSync(f, 'utf8'),
  }));
  const src = await buildMemorySource(notes, new LocalEmbedder());
  const qa = parseQaJsonl(readFileSync(`${vault}.qa.jsonl`, 'utf8'));
  if (!qa.ok) throw new Error(qa.error);
  return { src, items: qa.items };
}
