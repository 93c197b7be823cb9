// The shape of one benchmark run, written as bench-results/bench-<timestamp>.json and rendered to Markdown.
// Times are milliseconds, sizes bytes; every timing is a Summary over repeated runs (median first).
import type { BenchReport } from '../core/eval/metrics';
import type { RetrieverMode } from '../core/retrieval/source';
import type { MachineInfo } from './machine';
import type { Summary } from './stats';

/** Version of this JSON shape; bumped when a field changes meaning. */
export const BENCH_SCHEMA = 1;

/** One cold full index (fresh data dir, usually in a fresh process). */
export interface ColdRun {
  /** Engine.open + sync() (the sync saves the index). */
  ms: number;
  /** The sync's own report.ms. */
  syncMs: number;
  notes: number;
  chunks: number;
  embedded: number;
  /** RSS before Engine.open (runtime and modules only). */
  baselineRss: number;
  peakRss: number;
  peakHeapUsed: number;
  /** The process's lifetime peak RSS (OS high-water mark). */
  maxRss: number;
}

/** Opening a persisted index (usually in a fresh process), then the first question. */
export interface OpenRun {
  /** Engine.open + view() until the view answers chunk and note counts. */
  openMs: number;
  /** askVault (noAnswer, default retriever) right after opening: graph, query weights and tokenizer load. */
  firstAskMs: number;
  rssAfterOpen: number;
  heapUsedAfterOpen: number;
  chunks: number;
}

/** Section 1: indexing with the default local embedder. */
export interface IndexingResult {
  embedder: string;
  notes: number;
  chunks: number;
  cold: {
    runs: ColdRun[];
    ms: Summary;
    /** The sync's own time (report.ms), without Engine.open. */
    syncMs: Summary;
    notesPerSec: number;
    chunksPerSec: number;
    /** Medians over the runs. */
    peakRss: number;
    peakHeapUsed: number;
    maxRss: number;
    baselineRss: number;
  };
  /** `rebuilt`: why a warm run rebuilt stored data (it should never happen on an unchanged vault). */
  warm: { ms: Summary; embedded: number[]; rebuilt?: string[] };
  incremental: { note: string; ms: Summary; embedded: number[] };
  open: { runs: OpenRun[]; ms: Summary; firstAskMs: Summary; rssAfterOpen: number; heapUsedAfterOpen: number };
  /** Bytes of the vault's files (the copy that was indexed). */
  vaultBytes: number;
  /** Bytes of every file in the data dir after the cold index. */
  indexBytes: number;
  /** Bytes of the files the manifest lists. */
  manifestBytes: number;
}

/** Recall and latency of one HNSW search width. */
export interface EfPoint {
  ef: number;
  recallAt10: number;
  latencyMs: Summary;
}

/** Section 2: HNSW against the exact scan on one vector set. */
export interface VectorSearchResult {
  /** Where the vectors came from. */
  source: string;
  vectors: number;
  dims: number;
  queries: number;
  /** How the queries were made. */
  queryNote: string;
  hnswParams: { m: number; efConstruction: number };
  buildMs: number;
  exact: { buildMs: number; latencyMs: Summary };
  hnsw: EfPoint[];
}

/** Section 3: latency of one retriever mode over the question set. */
export interface ModeLatency {
  mode: RetrieverMode;
  /** Per-question medians over the repetitions, summarised across questions. */
  ms: Summary;
}

/** Section 5: context size against the whole vault, default retriever. */
export interface TokenSaving {
  mode: RetrieverMode;
  budget: number;
  fullVaultTokens: number;
  contextTokens: Summary;
  promptTokens: Summary;
  fullPromptTokens: number;
  /** Whole-vault tokens / median context tokens. */
  ratio: number;
  /** Median of the per-question energy estimates (Wh) of the whole-vault and the bounded prompt (null: none given). */
  energyWh: { full: number; bounded: number } | null;
  model: string;
  hardware: string;
}

/** Everything measured on one vault. */
export interface VaultResult {
  name: string;
  path: string;
  qaPath: string;
  questions: number;
  indexing: IndexingResult;
  vectors: VectorSearchResult;
  latency: { budget: number; reps: number; modes: ModeLatency[]; related: { k: number; notes: number; ms: Summary } };
  quality: { k: number; budget: number; reports: BenchReport[]; table: string };
  tokens: TokenSaving;
}

/** A complete run. */
export interface BenchRun {
  schema: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  quick: boolean;
  /** Repetitions of each timing (cold index, open, warm and incremental sync). */
  runs: number;
  machine: MachineInfo;
  loadAvgEnd: [number, number, number];
  vaults: VaultResult[];
  /** Vaults that could not be measured, with the reason. */
  skipped: { name: string; path: string; reason: string }[];
  synthetic:
    | {
        result: VectorSearchResult;
        spec: { n: number; queries: number; dims: number; latent: number; noise: number; seed: number };
      }
    | { skipped: string };
}
