import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { ColumnScan } from '../../src/core/index/column-scan';
import { dequantised, packColumns, unpackColumns } from '../../src/core/index/column-pack';
import {
  decodeScanCache,
  encodeScanCache,
  loadScanCache,
  scanCacheParts,
  ScanCacheDamage,
} from '../../src/engine/scan-cache';
import type { FsRecordStore } from '../../src/engine/storage/fs-record-store';
import { makeVault, removeDir, SAMPLE_NOTES, writeNote } from './temp-vault';

const dirs: string[] = [];
const open: Engine[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

const TOPICS = ['tomato', 'compost', 'rust', 'borrow', 'kyoto', 'temple', 'water', 'trait', 'garden', 'train'];
const QUESTIONS = ['how do I water tomatoes', 'rust borrow checker lifetimes', 'temples in kyoto', 'compost heap'];

/** The sample notes plus generated ones, so that a search has many candidates to rank. */
function vaultFiles(): Record<string, string> {
  const files: Record<string, string> = { ...SAMPLE_NOTES };
  for (let i = 0; i < 60; i++) {
    const words = [0, 3, 7].map((k) => TOPICS[(i + k) % TOPICS.length]!);
    files[`Gen/Note ${i}.md`] =
      `# Note ${i}\nAbout ${words.join(', ')} and more ${words[0]} (${i}).\n\n## Part\nThe ${words[1]} of ${words[2]}.\n`;
  }
  return files;
}

async function engine(vault: string): Promise<Engine> {
  const e = await Engine.open({ vault, indexWorkers: 0, saveDelayMs: 0 });
  open.push(e);
  return e;
}

async function closeAll(): Promise<void> {
  for (const e of open.splice(0)) await e.close();
}

/** Chunk ids and scores of the vector search for each question, and a related-notes answer. */
async function answers(e: Engine): Promise<unknown> {
  const view = e.view();
  const out: unknown[] = [];
  for (const q of QUESTIONS) {
    const [v] = await view.embedder.embed([q], 'query');
    out.push(view.vectors.search(v!, 8).map((h) => [view.idOf(h.label), h.score]));
  }
  out.push((await e.related('Gardening/Tomatoes.md', 5)).map((x) => x.note));
  return out;
}

function cacheFile(vault: string): string {
  const root = join(vault, '.overlay', 'cache', 'vectors');
  const [folder] = readdirSync(root);
  return join(root, folder!, 'scan-columns.bin');
}

/** Builds the index, and the answers of an engine that opened it without the columns cache (built from vectors). */
async function indexedWithReference(): Promise<{ vault: string; reference: unknown }> {
  const vault = makeVault(vaultFiles());
  dirs.push(vault);
  await (await engine(vault)).sync();
  await closeAll();
  expect(existsSync(cacheFile(vault))).toBe(true);
  const saved = readFileSync(cacheFile(vault));
  rmSync(cacheFile(vault));
  const reference = await answers(await engine(vault));
  await closeAll();
  writeFileSync(cacheFile(vault), saved);
  return { vault, reference };
}

describe('scan columns cache (file format)', () => {
  const dims = 16;
  const scan = new ColumnScan(dims);
  const vec = (seed: number): Float32Array => Float32Array.from({ length: dims }, (_, d) => Math.sin(seed * 7 + d));
  scan.addMany([3, 9, 4], [vec(1), vec(2), vec(3)]);
  scan.remove(9);

  it('round-trips the live rows', () => {
    const back = unpackColumns(dims, decodeScanCache(encodeScanCache(packColumns(scan, 2), dims), dims));
    expect([...back.labels()]).toEqual([3, 4]);
    // The spare rows take new vectors in place (no copy of the columns): the arrays stay those of the file.
    const before = back.layout().cols;
    back.addMany([7, 8], [vec(7), vec(8)]);
    expect(back.layout().cols).toBe(before);
    expect(back.search(vec(8), 1)[0]!.label).toBe(8);
    expect(Array.from(dequantised(back, 4)!)).toEqual(Array.from(dequantised(scan, 4)!));
    expect(back.search(vec(3), 1)[0]!.label).toBe(4);
  });

  it("is read straight into the SIMD kernel's memory, and adopted there without a copy", async () => {
    const file = encodeScanCache(packColumns(scan, 2), dims);
    const store = {
      readCache: async (_name: string, place?: (size: number) => Uint8Array) => {
        const out = place!(file.length);
        out.set(file);
        return out;
      },
    } as unknown as FsRecordStore;
    const p = (await loadScanCache(store, 'f', dims))!;
    expect(p.simd?.holds(p.cols)).toBe(true);
    const back = unpackColumns(dims, p);
    expect(back.kernel).toBe('simd');
    expect(back.layout().cols).toBe(p.cols);
    expect([...back.labels()]).toEqual([3, 4]);
    expect(back.search(vec(3), 1)[0]!.label).toBe(4);
  });

  it('writes the same file from parts (the columns as held) as from one buffer', () => {
    const packed = packColumns(scan, 3);
    const parts = scanCacheParts(packed, dims);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(encodeScanCache(packed, dims)));
    const held = new ColumnScan(dims);
    held.addMany([5, 6], [vec(5), vec(6)]);
    const l = held.layout();
    // The first 8 of the held rows (2 live, 6 spare), each column read at the held stride (its capacity).
    const sub = { rows: l.used, labels: l.rowLabel.subarray(0, 8), scale: l.scale.subarray(0, 8), cols: l.cols };
    const file = Buffer.concat(scanCacheParts(sub, dims, l.capacity));
    expect(file.length).toBe(24 + 8 * 8 + dims * 8);
    const back = unpackColumns(dims, decodeScanCache(file, dims));
    expect([...back.labels()]).toEqual([5, 6]);
    expect(Array.from(dequantised(back, 6)!)).toEqual(Array.from(dequantised(held, 6)!));
    expect(file).toEqual(Buffer.from(encodeScanCache(packColumns(held, 6), dims)));
  });

  it('refuses a damaged, truncated or foreign file', () => {
    const file = encodeScanCache(packColumns(scan), dims);
    const flipped = Uint8Array.from(file);
    flipped[file.length - 3]! ^= 0x10;
    expect(() => decodeScanCache(flipped, dims)).toThrow(ScanCacheDamage);
    expect(() => decodeScanCache(file.subarray(0, file.length - 1), dims)).toThrow(ScanCacheDamage);
    expect(() => decodeScanCache(file, dims + 1)).toThrow(ScanCacheDamage);
    expect(() => decodeScanCache(new Uint8Array(10), dims)).toThrow(ScanCacheDamage);
  });

  it('refuses packed rows whose labels repeat', () => {
    const p = packColumns(scan, 1);
    p.labels[1] = p.labels[0]!;
    expect(() => unpackColumns(dims, p)).toThrow(/repeated/);
    const q = packColumns(scan, 1);
    q.labels[2] = 5; // a label in a spare row
    expect(() => unpackColumns(dims, q)).toThrow(/out of place/);
  });
});

describe('scan columns cache (engine)', () => {
  it('is written with the index and gives the same answers as columns built from the vectors', async () => {
    const { vault, reference } = await indexedWithReference();
    const e = await engine(vault);
    expect(await answers(e)).toEqual(reference);
    expect((await e.sync()).rebuilt).toBeUndefined();
  });

  it('detects a damaged cache, answers the same, and rewrites it', async () => {
    const { vault, reference } = await indexedWithReference();
    const bytes = readFileSync(cacheFile(vault));
    bytes[bytes.length - 100]! ^= 0x01;
    writeFileSync(cacheFile(vault), bytes);
    const e = await engine(vault);
    expect((await e.sync()).rebuilt).toMatch(/vector columns cache unreadable \(checksum mismatch\)/);
    expect(await answers(e)).toEqual(reference);
    await closeAll();
    const again = await engine(vault);
    expect((await again.sync()).rebuilt).toBeUndefined();
    expect(await answers(again)).toEqual(reference);
  });

  it('detects a cache that holds other vectors (a valid file of the wrong rows) and rebuilds the columns', async () => {
    const { vault, reference } = await indexedWithReference();
    const p = decodeScanCache(readFileSync(cacheFile(vault)), 512);
    // Every row gets the next row's values: checksums and labels fit, the vectors do not.
    const n = p.labels.length;
    expect(p.rows).toBeLessThan(n);
    const cols = new Int8Array(p.cols.length);
    for (let d = 0; d < 512; d++) for (let r = 0; r < n; r++) cols[d * n + r] = p.cols[d * n + ((r + 1) % n)]!;
    writeFileSync(cacheFile(vault), encodeScanCache({ ...p, cols }, 512));
    const e = await engine(vault);
    expect((await e.sync()).rebuilt).toMatch(/vector columns cache does not match the stored vectors/);
    expect(await answers(e)).toEqual(reference);
  });

  it('patches a stale cache at open: edited, removed and added notes are searched as in a fresh index', async () => {
    const { vault } = await indexedWithReference();
    const cached = readFileSync(cacheFile(vault));
    writeNote(vault, 'Gen/Note 1.md', '# Note 1\nNow only about kyoto temples and trains.\n');
    rmSync(join(vault, 'Gen', 'Note 2.md'));
    writeNote(vault, 'Gen/New.md', '# New\nTomato compost for the garden, watered daily.\n');
    const e = await engine(vault);
    const r = await e.sync();
    expect(r.rebuilt).toBeUndefined();
    await closeAll();
    // A few changes stay below the rewrite threshold: the cache is not rewritten, and the next open patches it.
    expect(readFileSync(cacheFile(vault)).equals(cached)).toBe(true);
    const patched = await answers(await engine(vault));
    await closeAll();
    rmSync(cacheFile(vault));
    expect(await answers(await engine(vault))).toEqual(patched);
  });
});
