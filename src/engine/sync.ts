// Incremental sync: only new or changed notes are read and parsed, only chunks whose text has no stored vector
// are embedded, and deleted notes leave every index. Notes are committed in small groups after their vectors
// exist, so a checkpoint (or a crash) never leaves a note half-indexed.
import type { Chunk, Embedder, NoteFileInfo, NoteSource, ProgressFn } from '../core/types';
import type { ChunkerOptions } from '../core/markdown/chunk-note';
import type { NoteGuard } from '../core/markdown/prepare-note';
import type { SyncReport } from './protocol';
import type { IndexState } from './index-state';
import { prepareFile, type PrepareSettings } from './prepare-file';
import type { NoteRecord, StoredChunk } from './records';
import { textKey } from './vector-store';
import { syncPooled, type SyncPool } from './sync-pooled';

/** A note source that can also stat one path (for event-driven syncs). */
export interface SyncSource extends NoteSource {
  stat(path: string): Promise<NoteFileInfo | null>;
}

/** Inputs of one sync run. */
export interface SyncOptions {
  source: SyncSource;
  state: IndexState;
  embedder: Embedder;
  chunker: ChunkerOptions;
  maxNoteBytes: number;
  /** Per-note size and time limits (defaults: DEFAULT_NOTE_GUARD). */
  noteGuard?: Partial<NoteGuard>;
  /** Only these vault paths are looked at (file events); all notes when absent. */
  only?: ReadonlySet<string>;
  /** Re-read and re-parse every note even when mtime and size are unchanged (vectors are still reused). */
  full?: boolean;
  /** Texts per embed call. */
  batchSize?: number;
  /** Called after about this many embedded chunks, to save a checkpoint. */
  checkpointEvery?: number;
  checkpoint?: () => Promise<void>;
  /** Chunks whose vector was lost (IndexState.reconcile() at load): embedded again first. */
  lost?: readonly StoredChunk[];
  /** Checked between groups: true stops the run early (the engine is closing). */
  shouldStop?: () => boolean;
  onProgress?: ProgressFn;
  /** Worker threads for a sync over many changed notes (Node: index-pool.ts); in-process when absent. */
  pool?: SyncPool;
}

interface Pending {
  record: NoteRecord;
  chunks: Chunk[];
}

const DEFAULT_BATCH = 64;

/**
 * This process's CPU time in ms: the per-note budget's clock, so that other processes' load cuts no note. The
 * plugin's Web Worker has no process: there the budget runs on the worker's own clock.
 */
function cpuMs(): number {
  if (typeof process === 'undefined' || typeof process.cpuUsage !== 'function') return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
const DEFAULT_CHECKPOINT = 2000;

/** Brings `state` up to date with the source; returns what changed. */
export async function syncIndex(o: SyncOptions): Promise<SyncReport> {
  const started = Date.now();
  const { state, source } = o;
  const progress = o.onProgress ?? (() => undefined);
  const report: SyncReport = {
    notes: 0,
    chunks: 0,
    embedded: 0,
    reused: 0,
    removed: 0,
    ms: 0,
    skipped: [],
    warnings: [],
  };

  // 1. Scan.
  progress({ phase: 'scan', done: 0, total: 1 });
  let listed: NoteFileInfo[];
  if (o.only) {
    const infos = await Promise.all([...o.only].map((p) => source.stat(p)));
    listed = infos.filter((x): x is NoteFileInfo => x !== null);
  } else {
    listed = await source.list();
  }
  const listedPaths = new Set(listed.map((f) => f.path));
  // A file-event sync looks at its paths only, never at every indexed note.
  const gone = [...(o.only ?? state.notes.keys())].filter((p) => state.notes.has(p) && !listedPaths.has(p));
  progress({ phase: 'scan', done: 1, total: 1, message: `${listed.length} notes` });

  // 2. Read and parse what changed.
  const candidates = listed.filter((f) => {
    const rec = state.notes.get(f.path);
    // An indexed note over a (lowered) size limit is looked at again so it leaves the index.
    return o.full || !rec || rec.mtimeMs !== f.mtimeMs || rec.size !== f.size || f.size > o.maxNoteBytes;
  });
  const settings: PrepareSettings = {
    chunker: o.chunker,
    maxNoteBytes: o.maxNoteBytes,
    ...(o.noteGuard ? { noteGuard: o.noteGuard } : {}),
    clock: () => cpuMs,
  };
  // Many changed notes go to the worker pool, which streams them into the index (step 5b) instead of this loop.
  const pooled = o.pool !== undefined && candidates.length >= o.pool.minNotes;
  const inProcess = pooled ? [] : candidates;
  const pending: Pending[] = [];
  for (let i = 0; i < inProcess.length && !o.shouldStop?.(); i++) {
    const f = inProcess[i]!;
    if (i % 50 === 0) progress({ phase: 'parse', done: i, total: inProcess.length });
    const rec = state.notes.get(f.path);
    const out = await prepareFile(source, f, rec && !o.full ? rec.sha256 : undefined, settings);
    if (out.kind === 'prepared') {
      for (const w of out.warnings) report.warnings.push({ path: f.path, message: w });
      pending.push({ record: out.record, chunks: out.chunks });
    } else if (out.kind === 'same') {
      state.touchRecord({ ...rec!, mtimeMs: f.mtimeMs, size: f.size });
    } else {
      // A note deleted or renamed since the scan is simply gone (a rename is picked up by the next sync).
      if (out.kind === 'failed' || !out.vanished) report.skipped.push({ path: f.path, reason: out.reason });
      if (rec) gone.push(f.path);
    }
  }
  if (!pooled) progress({ phase: 'parse', done: inProcess.length, total: inProcess.length });

  // 3. Deleted notes leave first (their vectors stay in the store until the final save, so a rename reuses them).
  for (const p of gone) report.removed += state.removeNote(p);

  // 4. Vectors lost from the store (a damaged vector record with no HNSW cache to recover from) are embedded again.
  const lost = (o.lost ?? []).filter((c) => state.chunks.get(c.id) === c);
  const newTexts = new Map<string, string>();
  for (const p of pending) {
    for (const c of p.chunks) {
      if (state.chunks.has(c.id)) continue;
      const key = textKey(c.text);
      if (!state.vectors.has(key)) newTexts.set(key, c.text);
    }
  }
  const total = lost.length + newTexts.size;
  const batch = o.batchSize ?? DEFAULT_BATCH;
  const checkpointEvery = o.checkpointEvery ?? DEFAULT_CHECKPOINT;
  let sinceCheckpoint = 0;
  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const vecs = await o.embedder.embed(texts, 'passage');
    if (vecs.length !== texts.length)
      throw new Error(`sync: embedder returned ${vecs.length} vectors for ${texts.length} texts`);
    report.embedded += texts.length;
    sinceCheckpoint += texts.length;
    progress({ phase: 'embed', done: report.embedded, total });
    return vecs;
  };
  if (total > 0) progress({ phase: 'embed', done: 0, total });
  for (let i = 0; i < lost.length && !o.shouldStop?.(); i += batch) {
    const slice = lost.slice(i, i + batch);
    state.restoreVectors(slice, await embedBatch(slice.map((c) => c.text)));
  }

  // 5. Embed and commit changed notes in groups.
  let group: Pending[] = [];
  let groupTexts = new Map<string, string>();
  const flush = async (): Promise<void> => {
    const keys = [...groupTexts.keys()];
    for (let i = 0; i < keys.length; i += batch) {
      const slice = keys.slice(i, i + batch);
      const vecs = await embedBatch(slice.map((k) => groupTexts.get(k)!));
      slice.forEach((k, j) => state.vectors.set(k, vecs[j]!));
    }
    for (const p of group) report.removed += state.applyNote(p.record, p.chunks);
    group = [];
    groupTexts = new Map();
    if (o.checkpoint && sinceCheckpoint >= checkpointEvery) {
      sinceCheckpoint = 0;
      await o.checkpoint();
    }
  };
  for (const p of pending) {
    if (o.shouldStop?.()) break;
    group.push(p);
    for (const c of p.chunks) {
      const key = textKey(c.text);
      if (newTexts.has(key) && !state.vectors.has(key)) groupTexts.set(key, c.text);
    }
    if (groupTexts.size >= batch) await flush();
  }
  if (group.length > 0 && !o.shouldStop?.()) await flush();

  // 5b. Or prepare, embed and apply them on the pool's threads, streaming.
  if (pooled && !o.shouldStop?.()) {
    await syncPooled({
      pool: o.pool!,
      source,
      state,
      embedder: o.embedder,
      settings,
      candidates,
      full: o.full === true,
      report,
      progress,
      batch,
      checkpointEvery,
      ...(o.checkpoint ? { checkpoint: o.checkpoint } : {}),
      ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
    });
  }

  // 6. Chunks no note refers to any more leave too.
  report.removed += state.sweep(o.only);
  report.notes = state.notes.size;
  report.chunks = state.chunks.size;
  report.reused = Math.max(0, report.chunks - report.embedded);
  report.ms = Date.now() - started;
  return report;
}
