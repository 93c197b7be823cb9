// The Emscripten factory of hnswlib-wasm 0.8.2 (its WASM is inlined as a data URI). The package's own entry
// starts an IndexedDB file system we do not use, so the factory is imported directly; only the calls we use are
// typed here.
declare module 'hnswlib-wasm/dist/hnswlib-317962d7.js' {
  export interface WasmHierarchicalNSW {
    initIndex(maxElements: number, m: number, efConstruction: number, randomSeed: number): void;
    resizeIndex(newMaxElements: number): void;
    addPoint(point: Float32Array | number[], label: number, replaceDeleted: boolean): void;
    markDelete(label: number): void;
    unmarkDelete(label: number): void;
    searchKnn(
      query: Float32Array | number[],
      k: number,
      filter: ((label: number) => boolean) | undefined,
    ): { distances: number[]; neighbors: number[] };
    getUsedLabels(): number[];
    getDeletedLabels(): number[];
    getPoint(label: number): Float32Array | number[];
    getMaxElements(): number;
    getCurrentCount(): number;
    setEfSearch(ef: number): void;
    delete?(): void;
  }
  export interface HnswWasmModule {
    HierarchicalNSW: new (space: 'cosine' | 'l2' | 'ip', dims: number, autoSaveFilename: string) => WasmHierarchicalNSW;
  }
  const factory: (overrides?: Record<string, unknown>) => Promise<HnswWasmModule>;
  export default factory;
}
