// The measured steps of the scale benchmark, each run in a fresh process (child-process.ts): a cold index, a
// re-index (unchanged or after one edit), and a warm query session (first question after open, 100 questions,
// vector search recall against the exact scan on the questions' own vectors, and edit → searchable as `serve` does it).
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine/engine';
import { askVault } from '../engine/ask';
import { startUpSync } from '../engine/start-up-sync';
import { scansQuery } from '../engine/dense-search';
import { DEFAULT_EMBEDDER_SPEC } from '../core/embed/create-embedder';
import { MemorySampler } from './memory-sampler';
import { quantile, round } from './stats';

/** CPU and wall time of one step, in milliseconds. */
export interface Timed {
  wallMs: number;
  cpuMs: number;
}

/** A cold index or a re-index. */
export interface ScaleIndexRun extends Timed {
  notes: number;
  chunks: number;
  embedded: number;
  peakRss: number;
  maxRss: number;
}

/** The warm query session. */
export interface ScaleQueryRun {
  chunks: number;
  open: Timed;
  /** Process start → first (extractive) answer printed, wall. */
  coldStartToAnswerMs: number;
  /** The first question right after open (retrieval only), and the same question again (warm). */
  firstAsk: Timed;
  sameAskWarm: Timed;
  /** Per-question retrieval CPU and wall over the question set, warm. */
  ask: { n: number; cpuP50: number; cpuP95: number; wallP50: number; wallP95: number };
  /** Recall@10 of the retriever's vector search against the exact scan, on the questions' query vectors. */
  recallAt10: number;
  /** How the retriever searched vectors at this size: column scan, or HNSW for dense queries above SCAN_ALWAYS_MAX chunks. */
  denseMode: string;
  /** Exact Float32Array cosine scan over every chunk vector, per question (ms, median). */
  exactScanMs: number;
  /** Edit a note on disk + file event → the new word is found by lexical search (default debounce, as serve). */
  editToSearchableMs: number;
  /** The sync part of it (report.ms). */
  editSyncMs: number;
  /** The first question after that sync (link graph, vector columns and query weights catch up). */
  firstAskAfterSync: Timed;
  /** Closing and re-opening the index in the same process, then its first question: what the index itself costs
   * the first question, without the process's one-time module and WordNet loading. */
  reopen: { open: Timed; firstAsk: Timed };
  /**
   * Opening as `overlay serve` and the plugin's worker do: open, then their start-up (a sync and one throw-away
   * retrieval, `startUpSync`) before they announce `ready`, then the person's first question. Same process.
   */
  serveStart?: ServeStart;
  /** RSS at the end of the session, before the re-open. */
  rssAfter: number;
}

/** The steps of a start as `serve` does it (ScaleQueryRun.serveStart). */
export interface ServeStart {
  open: Timed;
  startUp: Timed;
  firstAsk: Timed;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, Timed]> {
  const w = performance.now();
  const c = cpuNow();
  const r = await f();
  return [r, { wallMs: round(performance.now() - w, 1), cpuMs: round(cpuNow() - c, 1) }];
}

/** Engine.open + sync() with the default embedder; cold when `dataDir` is empty, else a re-index. */
export async function scaleIndexRun(vault: string, dataDir: string): Promise<ScaleIndexRun> {
  const sampler = new MemorySampler().start();
  try {
    const [report, t] = await timed(async () => {
      const engine = await Engine.open({
        vault,
        dataDir,
        embedder: DEFAULT_EMBEDDER_SPEC,
        onProgress: () => sampler.sample(),
      });
      try {
        return await engine.sync();
      } finally {
        await engine.close();
      }
    });
    const peaks = sampler.stop();
    return {
      ...t,
      notes: report.notes,
      chunks: report.chunks,
      embedded: report.embedded,
      peakRss: peaks.peakRss,
      maxRss: peaks.maxRss,
    };
  } finally {
    sampler.stop();
  }
}

/** The warm query session over a persisted index; `questionsFile` is a JSON array of question strings. */
export async function scaleQueryRun(
  vault: string,
  dataDir: string,
  questionsFile: string,
  editNote: string,
): Promise<ScaleQueryRun> {
  const questions = JSON.parse(readFileSync(questionsFile, 'utf8')) as string[];
  if (questions.length === 0) throw new Error('scale-runs: no questions');
  const session = await firstSession(vault, dataDir, questions, editNote);
  // The first session's engine is closed and unreachable here: the re-open measures one index alive, not two.
  const [again, reopenOpen] = await timed(() => Engine.open({ vault, dataDir, embedder: DEFAULT_EMBEDDER_SPEC }));
  let reopenAsk: Timed;
  try {
    [, reopenAsk] = await timed(() => askVault(again.view(), questions[2]!, { noAnswer: true }));
  } finally {
    await again.close();
  }
  const serveStart = await serveSession(vault, dataDir, questions[3 % questions.length]!);
  return { ...session, reopen: { open: reopenOpen, firstAsk: reopenAsk }, serveStart };
}

/** Open, serve's start-up (sync + warm-up, as before `ready`), then one question; closes its engine. */
async function serveSession(vault: string, dataDir: string, question: string): Promise<ServeStart> {
  const [engine, open] = await timed(() => Engine.open({ vault, dataDir, embedder: DEFAULT_EMBEDDER_SPEC }));
  try {
    const [, startUp] = await timed(() => startUpSync(engine, () => undefined));
    const [, firstAsk] = await timed(() => askVault(engine.view(), question, { noAnswer: true }));
    return { open, startUp, firstAsk };
  } finally {
    await engine.close();
  }
}

/** The session over the first open (everything but the re-open); closes its engine. */
async function firstSession(
  vault: string,
  dataDir: string,
  questions: readonly string[],
  editNote: string,
): Promise<Omit<ScaleQueryRun, 'reopen' | 'serveStart'>> {
  const [engine, open] = await timed(() => Engine.open({ vault, dataDir, embedder: DEFAULT_EMBEDDER_SPEC }));
  try {
    const view = engine.view();
    if (view.chunks.size === 0) throw new Error(`scale-runs: the index in ${dataDir} is empty`);
    const [, firstAsk] = await timed(() => askVault(view, questions[0]!, { noAnswer: true }));
    // The first answer a user sees: the same question answered extractively, timed from process start.
    await askVault(view, questions[0]!);
    const coldStartToAnswerMs = round(performance.now(), 1);
    const [, sameAskWarm] = await timed(() => askVault(view, questions[0]!, { noAnswer: true }));
    const cpu: number[] = [];
    const wall: number[] = [];
    for (const q of questions) {
      const [, t] = await timed(() => askVault(view, q, { noAnswer: true }));
      cpu.push(t.cpuMs);
      wall.push(t.wallMs);
    }
    const { recall, exactMs, scanned } = await denseRecall(view, questions);
    const edit = await editToSearchable(engine, vault, editNote);
    const [, firstAskAfterSync] = await timed(() => askVault(view, questions[1]!, { noAnswer: true }));
    const rssAfter = process.memoryUsage().rss;
    return {
      firstAskAfterSync,
      chunks: view.chunks.size,
      open,
      coldStartToAnswerMs,
      firstAsk,
      sameAskWarm,
      ask: {
        n: questions.length,
        cpuP50: round(quantile(cpu, 0.5), 2),
        cpuP95: round(quantile(cpu, 0.95), 2),
        wallP50: round(quantile(wall, 0.5), 2),
        wallP95: round(quantile(wall, 0.95), 2),
      },
      recallAt10: round(recall, 4),
      denseMode:
        scanned === questions.length ? 'column scan' : `HNSW for ${questions.length - scanned} of ${questions.length}`,
      exactScanMs: round(exactMs, 2),
      ...edit,
      rssAfter,
    };
  } finally {
    await engine.close();
  }
}

/**
 * Recall@10 of the vector index against an exact scan of every chunk vector, on the questions' query vectors. One
 * pass over the chunks scores each vector against every question, decoding each into one reused array: the engine's
 * vectors are packed, and holding decoded copies of all of them (as this once did), or allocating one per chunk,
 * would put a second copy of every vector into the RSS measured after the session. `exactMs`: the pass's time per
 * question.
 */
async function denseRecall(
  view: ReturnType<Engine['view']>,
  questions: readonly string[],
): Promise<{ recall: number; exactMs: number; scanned: number }> {
  const vectors = await view.embedder.embed([...questions], 'query');
  const scanned = vectors.filter((v) => scansQuery(view.vectors, v)).length;
  // Per question its best 10 (label, score), best first; a later chunk must score higher to pass an equal one.
  const best = vectors.map(() => [] as { label: number; s: number }[]);
  const t = performance.now();
  let rows = 0;
  const scratch = new Float32Array(view.vectors.dims);
  for (const c of view.chunks.values()) {
    const label = view.labelOf(c.id);
    const v = view.vectorOf?.(c.id, scratch);
    if (label === undefined || !v) continue;
    rows++;
    for (let i = 0; i < vectors.length; i++) {
      const top = best[i]!;
      const s = dot(vectors[i]!, v);
      if (top.length === 10 && !(s > top[9]!.s)) continue;
      let at = top.length;
      while (at > 0 && top[at - 1]!.s < s) at--;
      top.splice(at, 0, { label, s });
      if (top.length > 10) top.pop();
    }
  }
  const exactMs = (performance.now() - t) / Math.max(1, vectors.length);
  let hit = 0;
  let total = 0;
  vectors.forEach((q, i) => {
    const exact = new Set(best[i]!.map((x) => x.label));
    const approx = view.vectors.search(q, 10);
    for (const h of approx) if (exact.has(h.label)) hit++;
    total += exact.size;
  });
  if (rows === 0 || total === 0) throw new Error('scale-runs: no chunk vectors to measure recall on');
  return { recall: hit / total, exactMs, scanned };
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Appends a paragraph with a new word to a note, sends the file event, and polls until lexical search finds it. */
async function editToSearchable(
  engine: Engine,
  vault: string,
  note: string,
): Promise<{ editToSearchableMs: number; editSyncMs: number }> {
  const word = `zqxmarker${Date.now().toString(36)}`;
  const t = performance.now();
  appendFileSync(join(vault, note), `\n\nAn edit made by the benchmark: ${word}.\n`);
  engine.applyFileEvent({ type: 'modify', path: note });
  const view = engine.view();
  for (;;) {
    if (view.lexical.search(word, 1).length > 0) break;
    if (performance.now() - t > 600_000) throw new Error('scale-runs: the edit never became searchable');
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t;
  await engine.whenIdle();
  return { editToSearchableMs: round(ms, 1), editSyncMs: engine.status().lastSync?.ms ?? NaN };
}
