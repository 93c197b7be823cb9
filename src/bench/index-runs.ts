// Single measured runs of the engine: a cold full index into an empty data dir, and opening a persisted index
// followed by the first question. The bench script runs each in a fresh process (child-process.ts), so module
// loading, JIT warm-up and memory are those of a real engine start; tests run them in-process.
import { Engine } from '../engine/engine';
import { askVault } from '../engine/ask';
import { DEFAULT_EMBEDDER_SPEC } from '../core/embed/create-embedder';
import { MemorySampler } from './memory-sampler';
import type { ColdRun, OpenRun } from './report';

/** Runs one cold index and one open of a persisted index (in this process or in a child). */
export interface IndexRunners {
  cold(vault: string, dataDir: string): Promise<ColdRun>;
  open(vault: string, dataDir: string, question: string): Promise<OpenRun>;
}

/** Engine.open + sync() into `dataDir` (expected empty) with the default embedder; memory sampled throughout. */
export async function coldIndexRun(vault: string, dataDir: string): Promise<ColdRun> {
  const baselineRss = process.memoryUsage().rss;
  const sampler = new MemorySampler().start();
  const t = performance.now();
  const engine = await Engine.open({
    vault,
    dataDir,
    embedder: DEFAULT_EMBEDDER_SPEC,
    onProgress: () => sampler.sample(),
  });
  try {
    const report = await engine.sync();
    const ms = performance.now() - t;
    const peaks = sampler.stop();
    return {
      ms: Math.round(ms),
      syncMs: report.ms,
      notes: report.notes,
      chunks: report.chunks,
      embedded: report.embedded,
      baselineRss,
      peakRss: peaks.peakRss,
      peakHeapUsed: peaks.peakHeapUsed,
      maxRss: peaks.maxRss,
    };
  } finally {
    sampler.stop();
    await engine.close();
  }
}

/** Opens the persisted index in `dataDir`, reads the view, then asks `question` once (no answer, retrieval only). */
export async function openRun(vault: string, dataDir: string, question: string): Promise<OpenRun> {
  let t = performance.now();
  const engine = await Engine.open({ vault, dataDir, embedder: DEFAULT_EMBEDDER_SPEC });
  try {
    const view = engine.view();
    const chunks = view.chunks.size;
    if (view.notes.size === 0) throw new Error(`bench: the index in ${dataDir} is empty`);
    const openMs = performance.now() - t;
    const mem = process.memoryUsage();
    t = performance.now();
    await askVault(view, question, { noAnswer: true });
    const firstAskMs = performance.now() - t;
    return {
      openMs: Math.round(openMs * 10) / 10,
      firstAskMs: Math.round(firstAskMs * 10) / 10,
      rssAfterOpen: mem.rss,
      heapUsedAfterOpen: mem.heapUsed,
      chunks,
    };
  } finally {
    await engine.close();
  }
}

/** Both runs in the current process (tests; also a fallback when no child process can be started). */
export const inProcessRunners: IndexRunners = { cold: coldIndexRun, open: openRun };
