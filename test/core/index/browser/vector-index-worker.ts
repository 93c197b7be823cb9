// Worker entry bundled by vector-index-chromium.test.ts: runs the VectorIndex checks on hnswlib-wasm inside a
// Chromium Web Worker (where the plugin runs it) and posts one result per check.
import { HnswWasmIndex, loadHnswWasm } from '../../../../src/core/index/hnsw-wasm-index';
import { VECTOR_INDEX_CHECKS } from '../vector-index-checks';

void (async () => {
  const results: { name: string; ok: boolean; error?: string }[] = [];
  try {
    const lib = await loadHnswWasm();
    for (const check of VECTOR_INDEX_CHECKS) {
      try {
        check.run((d, o) => new HnswWasmIndex(lib, d, o), 'hnsw-wasm-index');
        results.push({ name: check.name, ok: true });
      } catch (e) {
        results.push({ name: check.name, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
    }
  } catch (e) {
    results.push({ name: 'load hnswlib-wasm', ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(results);
})();
