// Every section on one vault: copies it to a temp folder (notes are edited there, never in the original),
// indexes, then measures vector search, query latency, quality and token saving on the same index.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseQaJsonl, type QaItem } from '../core/eval/qa-set';
import type { IndexRunners } from './index-runs';
import { benchIndexing } from './indexing-bench';
import { benchLatency, benchQuality, benchRelated } from './query-bench';
import type { VaultResult } from './report';
import { copyVault, removeTemp } from './temp-files';
import { benchVectorSearch, vaultVectorSet } from './vector-bench';

/** A vault and its question set. */
export interface VaultSpec {
  name: string;
  path: string;
  qaPath: string;
}

/** Knobs of one vault's measurements. */
export interface VaultBenchOptions {
  /** Repetitions of cold index, open, warm and incremental sync. */
  runs: number;
  runners: IndexRunners;
  /** Repetitions of each question / related() call. */
  queryReps: number;
  /** Passes over the queries for vector-search latency. */
  vectorReps: number;
  /** Random chunk vectors added to the questions as vector-search queries. */
  sampledQueries: number;
  relatedNotes: number;
  budget: number;
  k: number;
  seed: number;
  log?: (msg: string) => void;
}

/** Why a vault cannot be measured (missing folder or question set), or null when it can. */
export async function vaultProblem(spec: VaultSpec): Promise<string | null> {
  const isDir = await fs.stat(spec.path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return `vault folder not found: ${spec.path}`;
  const isFile = await fs.stat(spec.qaPath).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return `question set not found: ${spec.qaPath}`;
  return null;
}

/** Reads and parses a question set; throws a `vault-bench:` error when it is unreadable or malformed. */
export async function readQuestions(qaPath: string): Promise<QaItem[]> {
  const parsed = parseQaJsonl(await fs.readFile(qaPath, 'utf8'));
  if (!parsed.ok) throw new Error(`vault-bench: ${qaPath}: ${parsed.error}`);
  return parsed.items;
}

/** Measures sections 1–5 on one vault. */
export async function benchVault(spec: VaultSpec, o: VaultBenchOptions): Promise<VaultResult> {
  const log = (msg: string) => o.log?.(`${spec.name}: ${msg}`);
  const items = await readQuestions(spec.qaPath);
  const copy = await copyVault(spec.path);
  let dataDir: string | undefined;
  try {
    log(`copied to ${copy}`);
    const idx = await benchIndexing({
      vault: copy,
      runs: o.runs,
      runners: o.runners,
      question: items[0]!.question,
      editCandidates: items.flatMap((it) => it.gold),
      log,
    });
    dataDir = idx.dataDir;
    const { engine } = idx;
    try {
      const view = engine.view();
      const known = new Set([...view.notes.keys()].map((p) => p.toLowerCase()));
      const missing = new Set(items.flatMap((it) => it.gold).filter((g) => !known.has(g.toLowerCase())));
      for (const g of missing) log(`WARNING: gold note not in the index: ${g}`);

      const set = await vaultVectorSet(
        view,
        spec.name,
        items.map((it) => it.question),
        o.sampledQueries,
        o.seed,
      );
      const vectors = benchVectorSearch(set, { reps: o.vectorReps, log });

      const qo = { budget: o.budget, k: o.k, reps: o.queryReps, relatedNotes: o.relatedNotes, seed: o.seed, log };
      const { modes, tokens } = await benchLatency(view, items, qo);
      const related = await benchRelated(engine, { ...qo, relatedK: 10 });
      const quality = await benchQuality(view, items, qo);
      return {
        name: spec.name,
        path: spec.path,
        qaPath: spec.qaPath,
        questions: items.length,
        indexing: idx.result,
        vectors,
        latency: { budget: o.budget, reps: o.queryReps, modes, related },
        quality,
        tokens,
      };
    } finally {
      await engine.close();
    }
  } finally {
    await removeTemp(copy);
    if (dataDir) await removeTemp(dataDir);
  }
}

/** The example vault and the shared one, located from the repository root. */
export function defaultVaults(repoRoot: string): VaultSpec[] {
  const shared = join(dirname(repoRoot), 'shared', 'vaults');
  return [
    {
      name: 'examples/vault',
      path: join(repoRoot, 'examples', 'vault'),
      qaPath: join(repoRoot, 'examples', 'vault.qa.jsonl'),
    },
    {
      name: 'shared/obsidian-developer-docs',
      path: join(shared, 'obsidian-developer-docs'),
      qaPath: join(shared, 'obsidian-developer-docs.qa.jsonl'),
    },
  ];
}
