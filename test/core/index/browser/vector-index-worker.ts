// Worker entry bundled by vector-index-chromium.test.ts: runs the vector index checks on hnswlib-wasm and on the
// column scan inside a Chromium Web Worker (where the plugin runs them) and posts one result per check.
import { HnswWasmIndex, loadHnswWasm } from '../../../../src/core/index/hnsw-wasm-index';
import { ColumnScan } from '../../../../src/core/index/column-scan';
import { ScanIndex } from '../../../../src/core/index/scan-index';
import { checksFor, type MakeIndex } from '../vector-index-checks';

void (async () => {
  const results: { name: string; ok: boolean; error?: string }[] = [];
  const run = (kind: 'hnsw' | 'scan', module: string, make: MakeIndex): void => {
    for (const check of checksFor(kind)) {
      try {
        check.run(make, module);
        results.push({ name: `${module}: ${check.name}`, ok: true });
      } catch (e) {
        results.push({
          name: `${module}: ${check.name}`,
          ok: false,
          error: e instanceof Error ? e.message : String(e),
        });
      }
    }
  };
  try {
    const lib = await loadHnswWasm();
    run('hnsw', 'hnsw-wasm-index', (d, o) => new HnswWasmIndex(lib, d, o));
  } catch (e) {
    results.push({ name: 'load hnswlib-wasm', ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  run('scan', 'scan-index', (d) => new ScanIndex(d));
  // The scan checks above ran on the WebAssembly SIMD kernel, as the plugin's worker scans.
  const probe = new ColumnScan(4);
  probe.upsert(1, Float32Array.of(1, 0, 0, 0));
  results.push({ name: 'column scan on the SIMD kernel', ok: probe.kernel === 'simd', error: probe.kernel });
  (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(results);
})();
