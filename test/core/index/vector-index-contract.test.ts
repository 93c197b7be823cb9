// The same behaviour checks against both HNSW implementations: hnswlib-node (CLI, serve) and hnswlib-wasm (the
// plugin's worker). vector-index-chromium.test.ts runs them again on hnswlib-wasm inside a Chromium Web Worker.
import { describe, it } from 'vitest';
import { HnswIndex } from '../../../src/core/index/hnsw-index';
import { HnswWasmIndex, loadHnswWasm } from '../../../src/core/index/hnsw-wasm-index';
import { VECTOR_INDEX_CHECKS, type MakeIndex } from './vector-index-checks';

const wasm = await loadHnswWasm();
const impls: { name: string; module: string; make: MakeIndex }[] = [
  { name: 'hnswlib-node', module: 'hnsw-index', make: (d, o) => new HnswIndex(d, o) },
  { name: 'hnswlib-wasm', module: 'hnsw-wasm-index', make: (d, o) => new HnswWasmIndex(wasm, d, o) },
];

describe.each(impls)('VectorIndex on $name', ({ module, make }) => {
  for (const check of VECTOR_INDEX_CHECKS) it(check.name, () => check.run(make, module));
});
