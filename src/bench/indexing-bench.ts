// Section 1: indexing a vault copy with the default local embedder — cold full index (repeated, each into a
// fresh data dir), opening the persisted index, then a warm re-run on the unchanged vault and incremental syncs
// after editing one note. Leaves the engine open on the last index for the later sections.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine/engine';
import { DEFAULT_EMBEDDER_SPEC } from '../core/embed/create-embedder';
import type { IndexRunners } from './index-runs';
import type { ColdRun, IndexingResult, OpenRun } from './report';
import { median, roundSummary, summarize } from './stats';
import { folderBytes, removeTemp, tempDir } from './temp-files';

/** Inputs of benchIndexing. */
export interface IndexingBenchOptions {
  /** A temp copy of the vault: its notes are edited. */
  vault: string;
  runs: number;
  runners: IndexRunners;
  /** Asked once right after each open (the first question of the set). */
  question: string;
  /** Notes to edit for the incremental runs, first indexed one wins (else the first indexed note). */
  editCandidates: readonly string[];
  log?: (msg: string) => void;
}

/** The measurements and the engine, open on the index of the last cold run (the caller closes it). */
export interface IndexingBench {
  result: IndexingResult;
  engine: Engine;
  dataDir: string;
}

async function elapsed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Runs section 1 on `o.vault`. */
export async function benchIndexing(o: IndexingBenchOptions): Promise<IndexingBench> {
  if (!Number.isInteger(o.runs) || o.runs < 1)
    throw new Error(`indexing-bench: runs must be a positive integer, got ${o.runs}`);
  const log = o.log ?? (() => undefined);

  const cold: ColdRun[] = [];
  let dataDir = '';
  try {
    for (let i = 0; i < o.runs; i++) {
      const dir = await tempDir();
      if (dataDir) await removeTemp(dataDir);
      dataDir = dir;
      const run = await o.runners.cold(o.vault, dir);
      log(
        `cold index ${i + 1}/${o.runs}: ${run.ms} ms, ${run.chunks} chunks, peak RSS ${(run.maxRss / 2 ** 20).toFixed(0)} MiB`,
      );
      cold.push(run);
    }
    return await measureOnIndex(o, cold, dataDir, log);
  } catch (e) {
    if (dataDir) await removeTemp(dataDir);
    throw e;
  }
}

/** Open, warm and incremental runs on the index the cold runs left in `dataDir`. */
async function measureOnIndex(
  o: IndexingBenchOptions,
  cold: ColdRun[],
  dataDir: string,
  log: (msg: string) => void,
): Promise<IndexingBench> {
  const indexBytes = await folderBytes(dataDir);

  const opens: OpenRun[] = [];
  for (let i = 0; i < o.runs; i++) {
    const run = await o.runners.open(o.vault, dataDir, o.question);
    log(`open ${i + 1}/${o.runs}: ${run.openMs} ms, first ask ${run.firstAskMs} ms`);
    opens.push(run);
  }

  const engine = await Engine.open({ vault: o.vault, dataDir, embedder: DEFAULT_EMBEDDER_SPEC });
  try {
    const warmMs: number[] = [];
    const warmEmbedded: number[] = [];
    const rebuilt: string[] = [];
    for (let i = 0; i < o.runs; i++) {
      const { ms, value } = await elapsed(() => engine.sync());
      warmMs.push(ms);
      warmEmbedded.push(value.embedded);
      if (value.rebuilt) rebuilt.push(value.rebuilt);
    }
    for (const r of rebuilt) log(`warm re-run rebuilt data: ${r}`);
    log(`warm re-run: median ${median(warmMs).toFixed(1)} ms, embedded ${warmEmbedded.join('/')}`);
    if (warmEmbedded.some((n) => n !== 0)) log('WARNING: a warm re-run on the unchanged vault embedded chunks');

    const notes = engine.view().notes;
    const note = o.editCandidates.find((p) => notes.has(p)) ?? [...notes.keys()].sort()[0];
    if (note === undefined) throw new Error('indexing-bench: the vault has no indexed note to edit');
    const file = join(o.vault, ...note.split('/'));
    const original = await fs.readFile(file, 'utf8');
    const incMs: number[] = [];
    const incEmbedded: number[] = [];
    let text = original;
    for (let i = 0; i < o.runs; i++) {
      // Each edit appends a sentence, so size and content change and exactly the tail chunk goes stale.
      text += `\n\nBenchmark edit ${i + 1}: an appended sentence the incremental sync must pick up.\n`;
      await fs.writeFile(file, text);
      const { ms, value } = await elapsed(() => engine.sync());
      incMs.push(ms);
      incEmbedded.push(value.embedded);
    }
    log(`incremental (edit ${note}): median ${median(incMs).toFixed(1)} ms, embedded ${incEmbedded.join('/')}`);
    await fs.writeFile(file, original);
    await engine.sync();

    const first = cold[0]!;
    const coldMs = summarize(cold.map((r) => r.ms));
    const result: IndexingResult = {
      embedder: DEFAULT_EMBEDDER_SPEC,
      notes: first.notes,
      chunks: first.chunks,
      cold: {
        runs: cold,
        ms: roundSummary(coldMs, 0),
        syncMs: roundSummary(summarize(cold.map((r) => r.syncMs)), 0),
        notesPerSec: Math.round((first.notes / coldMs.median) * 1000),
        chunksPerSec: Math.round((first.chunks / coldMs.median) * 1000),
        peakRss: Math.round(median(cold.map((r) => r.peakRss))),
        peakHeapUsed: Math.round(median(cold.map((r) => r.peakHeapUsed))),
        maxRss: Math.round(median(cold.map((r) => r.maxRss))),
        baselineRss: Math.round(median(cold.map((r) => r.baselineRss))),
      },
      warm: {
        ms: roundSummary(summarize(warmMs), 1),
        embedded: warmEmbedded,
        ...(rebuilt.length > 0 ? { rebuilt } : {}),
      },
      incremental: { note, ms: roundSummary(summarize(incMs), 1), embedded: incEmbedded },
      open: {
        runs: opens,
        ms: roundSummary(summarize(opens.map((r) => r.openMs)), 1),
        firstAskMs: roundSummary(summarize(opens.map((r) => r.firstAskMs)), 1),
        rssAfterOpen: Math.round(median(opens.map((r) => r.rssAfterOpen))),
        heapUsedAfterOpen: Math.round(median(opens.map((r) => r.heapUsedAfterOpen))),
      },
      vaultBytes: await folderBytes(o.vault),
      indexBytes,
      manifestBytes: engine.status().sizeBytes,
    };
    return { result, engine, dataDir };
  } catch (e) {
    await engine.close();
    throw e;
  }
}
