// Approximate nearest-neighbour search on hnswlib-node (cosine space), for the CLI and `overlay serve`. The shared
// bookkeeping lives in hnsw-graph.ts; this file adds the native binding and files, checked in JS before the native
// reader touches them (see hnsw-file.ts). The plugin's worker uses hnsw-wasm-index.ts instead.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { HierarchicalNSW } from 'hnswlib-node';
import { inspectHnswFile, type HnswFileInfo } from './hnsw-file';
import { checkDims } from './vector-math';
import { HNSW_SEED, HnswGraph, type HnswBinding, type HnswOptions } from './hnsw-graph';

export { DEFAULT_HNSW, type HnswOptions } from './hnsw-graph';

const MODULE = 'hnsw-index';

type HnswModule = typeof import('hnswlib-node');
let hnswModule: HnswModule | undefined;
/** Loads the native addon on first use, so importing this file costs nothing. */
function native(): HnswModule {
  hnswModule ??= createRequire(import.meta.url)('hnswlib-node') as HnswModule;
  return hnswModule;
}

/** Adapts a native index to the shared binding interface (the addon takes plain arrays). */
function binding(index: HierarchicalNSW): HnswBinding {
  return {
    addPoint: (p, label, replace) => index.addPoint(Array.from(p), label, replace),
    markDelete: (label) => index.markDelete(label),
    unmarkDelete: (label) => index.unmarkDelete(label),
    searchKnn: (q, k, filter) =>
      filter ? index.searchKnn(Array.from(q), k, filter) : index.searchKnn(Array.from(q), k),
    getPoint: (label) => index.getPoint(label),
    getCurrentCount: () => index.getCurrentCount(),
    getMaxElements: () => index.getMaxElements(),
    resizeIndex: (n) => index.resizeIndex(n),
    setEf: (ef) => index.setEf(ef),
    allLabels: () => index.getIdsList(),
    native: index,
  } as HnswBinding & { native: HierarchicalNSW };
}

function createNative(dims: number, o: HnswOptions): HnswBinding {
  const index = new (native().HierarchicalNSW)('cosine', dims);
  index.initIndex(o.initialCapacity, o.m, o.efConstruction, HNSW_SEED, true);
  return binding(index);
}

/** HNSW index over unit vectors with integer labels; scores are cosine similarities. */
export class HnswIndex extends HnswGraph {
  /** Creates an empty index. */
  constructor(dims: number, opts: Partial<HnswOptions> = {}) {
    super(MODULE, dims, opts, createNative);
  }

  private get nativeIndex(): HierarchicalNSW {
    return (this.index as HnswBinding & { native: HierarchicalNSW }).native;
  }

  /** Reads an index written by save(); throws Error('hnsw-index: ...') if the file is missing/corrupt/dims differ. */
  static load(file: string, dims: number, opts: Partial<HnswOptions> = {}): HnswIndex {
    checkDims(MODULE, dims);
    let info: HnswFileInfo;
    try {
      info = inspectHnswFile(readFileSync(file), dims);
    } catch (e: unknown) {
      throw new Error(`${MODULE}: cannot load ${file}: ${reason(e)}`);
    }
    // The constructor's native index is a placeholder (capacity 1) replaced by the loaded one below.
    const self = new HnswIndex(dims, { ...opts, m: info.m, efConstruction: info.efConstruction, initialCapacity: 1 });
    // A fresh native object: if readIndexSync fails it leaves a dangling pointer behind, so never reuse one.
    const loaded = new (native().HierarchicalNSW)('cosine', dims);
    try {
      loaded.readIndexSync(file, true);
    } catch (e: unknown) {
      throw new Error(`${MODULE}: cannot load ${file}: ${reason(e)}`);
    }
    self.index = binding(loaded);
    self.index.setEf(self.opts.efSearch);
    for (const label of info.live) self.live.add(label);
    self.tombstones = new Set(info.deleted);
    return self;
  }

  /**
   * Writes the index to `file` and reads it back to check it; not atomic by itself (the engine writes to a temp path
   * through replaceFileAtomic in engine/atomic-file.ts, which owns temp names and their cleanup).
   */
  save(file: string): void {
    try {
      mkdirSync(dirname(file), { recursive: true });
      this.nativeIndex.writeIndexSync(file);
      // hnswlib writes through an unchecked ofstream: a full disk gives a short file silently, so read it back.
      inspectHnswFile(readFileSync(file), this.dims);
    } catch (e: unknown) {
      throw new Error(`${MODULE}: cannot save ${file}: ${reason(e)}`);
    }
  }
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
