// Retrieval quality through the plugin's worker path (WorkerEngine: hnswlib-wasm, records in IndexedDB, notes
// served like the UI thread serves them) against the CLI's path (Engine: hnswlib-node, records in files), on both
// shared development sets: Recall@5 and MRR within 0.01. Needs ../shared (fails under CI without it).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { parseQaJsonl } from '../../../src/core/eval/qa-set';
import { IndexedDbRecordStore } from '../../../src/core/storage/indexeddb-record-store';
import { runBench } from '../../../src/engine/run-bench';
import { Engine } from '../../../src/engine/engine';
import { WorkerEngine } from '../../../src/engine/worker/worker-engine';
import { MemorySource } from './memory-source';

const SHARED = resolve(__dirname, '../../../../shared/vaults');
const VAULTS = ['obsidian-developer-docs', 'alt-gnome-wiki'];
const present = VAULTS.every((v) => existsSync(join(SHARED, v)) && existsSync(join(SHARED, `${v}.qa.jsonl`)));
if (!present) {
  const why = `the shared development sets are missing under ${SHARED}`;
  if (process.env.CI === 'true') throw new Error(`worker-quality-shared: ${why}`);
  console.warn(`skipping the worker-path quality check: ${why}`);
}

describe.skipIf(!present)('retrieval quality: worker path vs CLI path', () => {
  it.each(VAULTS)(
    '%s: Recall@5 and MRR within 0.01',
    async (name) => {
      const vault = join(SHARED, name);
      const qa = parseQaJsonl(readFileSync(`${vault}.qa.jsonl`, 'utf8'));
      if (!qa.ok) throw new Error(qa.error);
      const opts = { mode: 'hybrid+graph' as const, k: 5, budget: 3000 };

      const worker = await WorkerEngine.open({
        vault: name,
        source: new MemorySource(vault),
        store: await IndexedDbRecordStore.open(new IDBFactory(), name, IDBKeyRange),
      });
      await worker.sync();
      const viaWorker = await runBench(worker.view(), qa.items, opts);
      await worker.close();

      const dataDir = mkdtempSync(join(tmpdir(), 'overlay-worker-quality-'));
      try {
        const engine = await Engine.open({ vault, dataDir });
        await engine.sync();
        const viaCli = await runBench(engine.view(), qa.items, opts);
        await engine.close();
        console.log(
          `${name}: worker R@5 ${viaWorker.recallAtK.toFixed(3)} MRR ${viaWorker.mrr.toFixed(3)}; CLI R@5 ${viaCli.recallAtK.toFixed(3)} MRR ${viaCli.mrr.toFixed(3)}`,
        );
        expect(Math.abs(viaWorker.recallAtK - viaCli.recallAtK)).toBeLessThanOrEqual(0.01);
        expect(Math.abs(viaWorker.mrr - viaCli.mrr)).toBeLessThanOrEqual(0.01);
        expect(viaWorker.n).toBe(qa.items.length);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
