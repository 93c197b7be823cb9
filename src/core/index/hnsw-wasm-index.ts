// Approximate nearest-neighbour search on hnswlib-wasm (cosine space): the same index as hnsw-index.ts, for the
// plugin's Web Worker, where no native module can load. The WASM is inlined in the package's JS (a data URI), so the
// plugin bundle needs no extra file. The index lives in memory only: the worker rebuilds it from stored vectors.
import factory, { type HnswWasmModule, type WasmHierarchicalNSW } from 'hnswlib-wasm/dist/hnswlib-317962d7.js';
import { HNSW_SEED, HnswGraph, type HnswBinding, type HnswOptions } from './hnsw-graph';

const MODULE = 'hnsw-wasm-index';

let loading: Promise<HnswWasmModule> | null = null;

/**
 * Instantiates the WASM module once. Its Emscripten build only runs where `window` or `importScripts` exists (a
 * page or a worker); elsewhere (Node, for tests) a no-op `importScripts` stands in while it starts.
 */
export function loadHnswWasm(): Promise<HnswWasmModule> {
  loading ??= (async () => {
    const g = globalThis as { window?: unknown; importScripts?: unknown };
    const stub = typeof g.window !== 'object' && typeof g.importScripts !== 'function';
    if (stub) g.importScripts = () => undefined;
    try {
      return await factory({ print: () => undefined, printErr: () => undefined });
    } finally {
      if (stub) delete g.importScripts;
    }
  })();
  return loading;
}

function binding(index: WasmHierarchicalNSW): HnswBinding {
  return {
    addPoint: (p, label, replace) => index.addPoint(p, label, replace),
    markDelete: (label) => index.markDelete(label),
    unmarkDelete: (label) => index.unmarkDelete(label),
    searchKnn: (q, k, filter) => index.searchKnn(q, k, filter),
    getPoint: (label) => index.getPoint(label),
    getCurrentCount: () => index.getCurrentCount(),
    getMaxElements: () => index.getMaxElements(),
    resizeIndex: (n) => index.resizeIndex(n),
    setEf: (ef) => index.setEfSearch(ef),
    allLabels: () => [...index.getUsedLabels(), ...index.getDeletedLabels()],
  };
}

/** HNSW index over unit vectors with integer labels on hnswlib-wasm; call `loadHnswWasm()` first. */
export class HnswWasmIndex extends HnswGraph {
  /** Creates an empty index with the module from `await loadHnswWasm()`. */
  constructor(lib: HnswWasmModule, dims: number, opts: Partial<HnswOptions> = {}) {
    super(MODULE, dims, opts, (d, o) => {
      const index = new lib.HierarchicalNSW('cosine', d, '');
      index.initIndex(o.initialCapacity, o.m, o.efConstruction, HNSW_SEED);
      return binding(index);
    });
  }
}
