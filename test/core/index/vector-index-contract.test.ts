// The same behaviour checks against every engine vector index: hnswlib-node (CLI, serve, dense embedders),
// hnswlib-wasm (the plugin's worker, dense embedders) and the column scan (sparse-query embedders, both engines).
// vector-index-chromium.test.ts runs them again inside a Chromium Web Worker.
import { describe, it } from 'vitest';
import { HnswIndex } from '../../../src/core/index/hnsw-index';
import { HnswWasmIndex, loadHnswWasm } from '../../../src/core/index/hnsw-wasm-index';
import { ScanIndex } from '../../../src/core/index/scan-index';
import { checksFor, type MakeIndex } from './vector-index-checks';

const wasm = await loadHnswWasm();
const impls: { name: string; kind: 'hnsw' | 'scan'; module: string; make: MakeIndex }[] = [
  { name: 'hnswlib-node', kind: 'hnsw', module: 'hnsw-index', make: (d, o) => new HnswIndex(d, o) },
  { name: 'hnswlib-wasm', kind: 'hnsw', module: 'hnsw-wasm-index', make: (d, o) => new HnswWasmIndex(wasm, d, o) },
  { name: 'the column scan', kind: 'scan', module: 'scan-index', make: (d) => new ScanIndex(d) },
];

describe.each(impls)('ChunkVectorIndex on $name', ({ kind, module, make }) => {
  for (const check of checksFor(kind)) it(check.name, () => check.run(make, module));
});
