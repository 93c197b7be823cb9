// Opens the stored index for one embedder: creates the embedder, loads and verifies the store, and repairs
// what is missing so the next sync only has to embed what is truly lost.
import type { Embedder, ProgressFn } from '../core/types';
import type { CreateEmbedderOptions } from '../core/embed/create-embedder';
import { HnswIndex } from '../core/index/hnsw-index';
import { ScanIndex } from '../core/index/scan-index';
import { LexicalIndex } from '../core/index/lexical-index';
import type { MetaRecord } from '../core/storage/index-records';
import { IndexState } from './index-state';
import type { StoredChunk } from './records';
import { EF_SEARCH, type IndexStore } from './store';

/** Inputs of openState. */
export interface OpenStateOptions {
  store: IndexStore;
  /** Embedder spec asked for; undefined = the one the index was built with, else defaultSpec. */
  spec: string | undefined;
  defaultSpec: string;
  chunker: string;
  embedderFactory: (spec: string, opts: CreateEmbedderOptions) => Embedder;
  embedderOptions: CreateEmbedderOptions;
  onProgress?: ProgressFn;
}

/** An opened index with its embedder. */
export interface OpenedState {
  spec: string;
  embedder: Embedder;
  state: IndexState;
  /** The meta record found (null for a new index). */
  meta: MetaRecord | null;
  /** Chunks whose vector must be embedded again. */
  lost: StoredChunk[];
  /** Why parts were rebuilt (reported once, by the next sync). */
  rebuilt: string[];
}

/** How many HNSW labels are checked against the stored vectors at open (a cache that disagrees is rebuilt). */
const HNSW_SAMPLE = 64;

/** Loads the index in the store for the chosen embedder and repairs it in memory. */
export async function openState(o: OpenStateOptions): Promise<OpenedState> {
  const spec = o.spec ?? (await o.store.storedSpec()) ?? o.defaultSpec;
  const embedder = o.embedderFactory(spec, o.embedderOptions);
  await embedder.init(o.onProgress);
  const fp = embedder.fingerprint;
  if (!Number.isInteger(fp.dims) || fp.dims <= 0)
    throw new Error(`open-state: embedder ${spec} reports ${fp.dims} dims`);
  o.onProgress?.({ phase: 'load', done: 0, total: 1, message: 'loading index' });
  // Sparse queries are answered exactly by a column scan: no graph is built, loaded or saved (an old one is removed).
  const scan = embedder.sparseQueries === true;
  const loaded = await o.store.load(fp, o.chunker, { graph: !scan });
  let columns: ScanIndex | null = null;
  if (scan && loaded.columns) {
    try {
      columns = ScanIndex.restore(fp.dims, loaded.columns);
    } catch (e) {
      loaded.problems.push(`vector columns cache unusable (${e instanceof Error ? e.message : String(e)}): rebuilt`);
      o.store.refuseColumns();
    }
  }
  // A restored scan reads a row's float vector (for exact re-scoring) from the state's store (IndexState binds it).
  const state = new IndexState(
    loaded.vectors,
    scan ? (columns ?? new ScanIndex(fp.dims)) : (loaded.hnsw ?? new HnswIndex(fp.dims, { efSearch: EF_SEARCH })),
    new LexicalIndex(),
    loaded.nextLabel,
  );
  const whole = state.restore(loaded.notes);
  // Vectors whose records were lost (damage was found) but that the cached graph still holds are recovered by
  // text key, so the re-parsed notes find them and embed nothing. Without damage, keys the records lack are only
  // a stale cache's leftovers.
  if (loaded.hnsw && loaded.problems.length > 0) {
    let recovered = 0;
    for (const [label, key] of loaded.hnswKeys) {
      if (state.vectors.has(key)) continue;
      const vec = loaded.hnsw.getVector(label);
      if (vec) {
        state.vectors.set(key, vec);
        recovered++;
      }
    }
    if (recovered > 0) loaded.problems.push(`${recovered} vectors recovered from the HNSW cache`);
  }
  // Records stored but not restored (damaged, other chunker) are rewritten or deleted by the next save.
  for (const n of loaded.notes) if (loaded.notesWithoutVectors.has(n.note.path)) state.dirtyVectors.add(n.note.path);
  // No snapshot: rebuilt from the chunks on first use as well (a load with no snapshot returns null), from the
  // terms the index workers analysed where they did (lexical-state.ts, pending-terms.ts).
  state.deferLexical(loaded.lexical ?? (() => null));
  // The link graph likewise: read from its file and patched to the notes on first use (note-aggregates.ts).
  state.deferGraph(loaded.graph);
  // A restore that took every chunk once leaves nothing to sweep (a walk over every chunk id at 10k+ notes).
  if (!whole) state.sweep();
  const lost = state.reconcile();
  if (loaded.hnsw && !sampleFits(state, (label) => loaded.hnsw!.getVector(label))) {
    loaded.problems.push('HNSW cache does not match the stored vectors: rebuilt from vectors');
    state.rebuildVectorIndex(new HnswIndex(fp.dims, { efSearch: EF_SEARCH }));
  }
  if (columns && !sampleFits(state, (label) => columns.quantised(label))) {
    loaded.problems.push('vector columns cache does not match the stored vectors: rebuilt from vectors');
    o.store.refuseColumns();
    state.rebuildVectorIndex(new ScanIndex(fp.dims));
  }
  o.onProgress?.({ phase: 'load', done: 1, total: 1, message: 'index loaded' });
  return { spec, embedder, state, meta: loaded.meta, lost, rebuilt: loaded.problems };
}

/**
 * Compares a cache's copy of a spread of chunks' vectors (the graph's, or the columns' dequantised rows) with the
 * stored ones by cosine: a cache of another index or of other vectors is refused, int8 rounding is not.
 */
function sampleFits(state: IndexState, cached: (label: number) => Float32Array | null): boolean {
  const chunks = [...state.chunks.values()];
  const step = Math.max(1, Math.floor(chunks.length / HNSW_SAMPLE));
  for (let i = 0; i < chunks.length; i += step) {
    const c = chunks[i]!;
    const stored = state.vectors.get(c.key);
    const inGraph = cached(c.label);
    if (!stored || !inGraph) continue;
    let dot = 0;
    let n1 = 0;
    let n2 = 0;
    for (let d = 0; d < stored.length; d++) {
      dot += stored[d]! * inGraph[d]!;
      n1 += stored[d]! * stored[d]!;
      n2 += inGraph[d]! * inGraph[d]!;
    }
    if (dot / Math.sqrt(n1 * n2 || 1) < 0.999) return false;
  }
  return true;
}
