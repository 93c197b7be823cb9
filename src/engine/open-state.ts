// Opens the stored index for one embedder: creates the embedder, loads and verifies the store, and repairs
// what is missing so the next sync only has to embed what is truly lost.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Embedder, ProgressFn } from '../core/types';
import type { CreateEmbedderOptions } from '../core/embed/create-embedder';
import { HnswIndex } from '../core/index/hnsw-index';
import { LexicalIndex } from '../core/index/lexical-index';
import { IndexState, type StoreFile } from './index-state';
import { parseManifest, type Manifest } from './manifest';
import type { StoredChunk } from './records';
import { EF_SEARCH, loadStore } from './store';
import { VectorStore } from './vector-store';

/** Inputs of openState. */
export interface OpenStateOptions {
  dataDir: string;
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
  manifest: Manifest | null;
  /** Chunks whose vector must be embedded again. */
  lost: StoredChunk[];
  /** Why parts were rebuilt (reported once, by the next sync). */
  rebuilt: string[];
}

const ALL_FILES: StoreFile[] = ['notes', 'chunks', 'lexical', 'vectors', 'hnsw'];

/** The embedder spec recorded in the data dir's manifest, if readable. */
async function storedSpec(dataDir: string): Promise<string | undefined> {
  try {
    return parseManifest(await fs.readFile(join(dataDir, 'manifest.json'), 'utf8')).embedder.spec;
  } catch {
    return undefined;
  }
}

/** Loads the index in `dataDir` for the chosen embedder and repairs it in memory. */
export async function openState(o: OpenStateOptions): Promise<OpenedState> {
  const spec = o.spec ?? (await storedSpec(o.dataDir)) ?? o.defaultSpec;
  const embedder = o.embedderFactory(spec, o.embedderOptions);
  await embedder.init(o.onProgress);
  const fp = embedder.fingerprint;
  if (!Number.isInteger(fp.dims) || fp.dims <= 0) throw new Error(`open-state: embedder ${spec} reports ${fp.dims} dims`);
  o.onProgress?.({ phase: 'load', done: 0, total: 1, message: 'loading index' });
  const loaded = await loadStore(o.dataDir, fp, o.chunker);
  const state = new IndexState(
    loaded.vectors ?? new VectorStore(fp.dims),
    loaded.hnsw ?? new HnswIndex(fp.dims, { efSearch: EF_SEARCH }),
    loaded.lexical ?? new LexicalIndex(),
    loaded.nextLabel,
  );
  if (loaded.chunks) state.restore(loaded.notes ?? [], loaded.chunks);
  for (const f of ALL_FILES) if (!loaded.verified.has(f)) state.dirty.add(f);
  state.sweep();
  const lost = state.reconcile();
  o.onProgress?.({ phase: 'load', done: 1, total: 1, message: 'index loaded' });
  return { spec, embedder, state, manifest: loaded.manifest, lost, rebuilt: loaded.problems };
}
