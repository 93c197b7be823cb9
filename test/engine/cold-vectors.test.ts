// Vectors left on disk once committed (cold-vectors.ts, vector-store.ts): read back exactly, scored bit-identically,
// kept right through edits, renames, removals and compaction, and a changed segment is refused with a clear error.
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import type { FsRecordStore } from '../../src/engine/storage/fs-record-store';
import type { IndexState } from '../../src/engine/index-state';
import { VectorStore, type VectorRecordSource } from '../../src/engine/vector-store';
import { encodeVectors } from '../../src/core/storage/vector-record';
import { LocalEmbedder } from '../../src/core/embed/local-embedder';
import { seededRandom } from '../../src/core/util/prng';
import { askVault } from '../../src/engine/ask';
import { makeVault, removeDir, writeNote } from './temp-vault';

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

const DIMS = 64;

/** A unit vector with about 60 % of its dimensions non-zero (one of them -0 now and then), or a non-unit one. */
function vector(rnd: () => number, unit = true): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) if (rnd() < 0.6) v[i] = rnd() - 0.5;
  v[3] = -0;
  if (!unit) return v.map((x) => x * 3);
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

/** A query's non-zero dimensions, ascending. */
function query(rnd: () => number): { q: Float32Array; nz: Int32Array; n: number } {
  const q = new Float32Array(DIMS);
  const nz: number[] = [];
  for (let i = 0; i < DIMS; i++)
    if (rnd() < 0.3) {
      q[i] = rnd() - 0.5;
      nz.push(i);
    }
  return { q, nz: Int32Array.from(nz), n: nz.length };
}

/** A source over records held in a map (what the fs store reads from its segments). */
class MapSource implements VectorRecordSource {
  readonly records = new Map<string, Uint8Array>();
  reads = 0;
  read(key: string): Uint8Array | null {
    this.reads++;
    return this.records.get(key) ?? null;
  }
  readTail(key: string, back: number, into: Uint8Array, length: number): boolean {
    this.reads++;
    const r = this.records.get(key);
    if (!r) return false;
    into.set(r.subarray(r.length - back, r.length - back + length));
    return true;
  }
}

function stateOf(e: Engine): IndexState {
  return (e as unknown as { s: { state: IndexState } }).s.state;
}

describe('vector store with vectors on disk', () => {
  it('reads spilled vectors back exactly and scores them as the in-memory rows, bit for bit', () => {
    const rnd = seededRandom(11);
    const src = new MapSource();
    const hot = new VectorStore(DIMS);
    const store = new VectorStore(DIMS);
    store.attachSource(src);
    const entries: [string, Float32Array][] = [];
    for (let i = 0; i < 40; i++) entries.push([(i + 1).toString(16).padStart(32, '0'), vector(rnd, i % 7 !== 0)]);
    for (const [k, v] of entries) {
      hot.set(k, v);
      store.set(k, v);
    }
    // Two records, as two notes' vector records.
    src.records.set('a.md', encodeVectors(entries.slice(0, 25), DIMS));
    src.records.set('b.md', encodeVectors(entries.slice(25), DIMS));
    expect(store.spill('a.md', src.records.get('a.md')!)).toEqual(entries.slice(0, 25).map(([k]) => k));
    store.spill('b.md', src.records.get('b.md')!);
    expect(store.inMemory).toBe(0);
    expect(store.size).toBe(40);
    expect([...store.keys()].sort()).toEqual(entries.map(([k]) => k).sort());
    for (const [k, v] of entries) {
      expect(store.has(k)).toBe(true);
      expect(store.get(k)).toEqual(v);
      expect(Array.from(store.get(k, new Float32Array(DIMS))!).map((x) => Object.is(x, -0))).toEqual(
        Array.from(v).map((x) => Object.is(x, -0)),
      );
      for (let t = 0; t < 5; t++) {
        const { q, nz, n } = query(rnd);
        const want = hot.unitDot(k, q, nz, n);
        const got = store.unitDot(k, q, nz, n);
        expect(Object.is(got, want)).toBe(true);
      }
    }
    // Each vector read alone, every time: its mask, then its values.
    expect(src.reads).toBe(2 * 40 * 7);

    // Before a record changes, its vectors come back into memory; a re-spill puts them on disk again.
    store.unspill('a.md');
    expect(store.inMemory).toBe(25);
    for (const [k, v] of entries) expect(store.get(k)).toEqual(v);
    store.delete(entries[0]![0]);
    store.delete(entries[30]![0]);
    expect(store.size).toBe(38);
    expect(store.has(entries[30]![0])).toBe(false);
    expect(store.retainOnly(new Set(entries.slice(1, 20).map(([k]) => k)))).toBe(19);
    expect(store.size).toBe(19);
  });

  it('says which record lost a vector rather than inventing one', () => {
    const src = new MapSource();
    const store = new VectorStore(DIMS);
    store.attachSource(src);
    store.set('c'.padEnd(32, '1'), vector(seededRandom(2)));
    src.records.set('a.md', encodeVectors([['c'.padEnd(32, '1'), vector(seededRandom(2))]], DIMS));
    store.spill('a.md', src.records.get('a.md')!);
    expect(store.inMemory).toBe(0);
    src.records.delete('a.md');
    expect(() => store.get('c'.padEnd(32, '1'))).toThrow(/cold-vectors: the vector record of a\.md is gone/);
    // Without a source nothing leaves memory.
    const plain = new VectorStore(DIMS);
    plain.set('d'.padEnd(32, '2'), vector(seededRandom(3)));
    expect(plain.spill('a.md', encodeVectors([['d'.padEnd(32, '2'), vector(seededRandom(3))]], DIMS))).toEqual([]);
    expect(plain.inMemory).toBe(1);
  });
});

describe('engine with vectors on disk', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) {
    files[`Notes/Note ${i}.md`] =
      `# Note ${i}\nGarden soil and compost, note ${i}, with roots and leaves.\n\n## More\nTomato ${i} in the sun. [[Note ${(i + 1) % 12}]]\n`;
  }
  // Twins: the same basename and text, so the same chunk texts and vector keys in two records.
  files['A/Twin.md'] = 'The very same paragraph in two notes.\n';
  files['B/Twin.md'] = 'The very same paragraph in two notes.\n';

  /** Every chunk's vector, read from disk, equals the embedding of its text; none are held in memory. */
  async function expectVectorsRight(e: Engine, inMemory = 0): Promise<void> {
    const st = stateOf(e);
    const emb = new LocalEmbedder();
    await emb.init();
    const chunks = [...st.chunks.values()];
    const want = await emb.embed(
      chunks.map((c) => c.text),
      'passage',
    );
    chunks.forEach((c, i) => expect(st.vectors.get(c.key)).toEqual(want[i]));
    expect(st.vectors.inMemory).toBe(inMemory);
  }

  it('keeps every vector right through a cold index, re-open, edit, rename, removal and compaction', async () => {
    const vault = makeVault(files);
    dirs.push(vault);
    let e = await Engine.open({ vault });
    engines.push(e);
    await e.sync();
    await expectVectorsRight(e);
    await e.close();
    engines.pop();

    e = await Engine.open({ vault });
    engines.push(e);
    expect(stateOf(e).vectors.inMemory).toBe(0);
    expect(stateOf(e).vectors.size).toBeGreaterThan(12);
    const ask = async (): Promise<string[]> =>
      (await askVault(e.view(), 'compost in the garden soil', { noAnswer: true })).context.chunks.map((c) => c.id);
    writeNote(vault, 'Notes/Note 3.md', '# Note 3\nNow about rivers and bamboo forests.\n');
    mkdirSync(join(vault, 'Moved'));
    renameSync(join(vault, 'Notes/Note 5.md'), join(vault, 'Moved/Note 5.md'));
    rmSync(join(vault, 'Notes/Note 7.md'));
    // Both twins' records hold the twin vector; it is read from the one loaded last: B's.
    rmSync(join(vault, 'B/Twin.md'));
    const r = await e.sync();
    // The twin vector came back into memory before B's record went (A's record still holds it on disk).
    await expectVectorsRight(e, 1);
    // Only Note 3's text is new: the moved note's vectors were read from its old record before it was deleted.
    expect(r.embedded).toBe(stateOf(e).notes.get('Notes/Note 3.md')!.chunks.length);
    const before = await ask();
    expect(before.length).toBeGreaterThan(0);
    const store = (e as unknown as { store: { records: { compact(o: object): Promise<boolean> } } }).store;
    expect(await store.records.compact({ force: true })).toBe(true);
    await expectVectorsRight(e, 1);
    expect(await ask()).toEqual(before);
  });

  it('refuses a segment changed behind its back, naming the segment', async () => {
    const vault = makeVault(files);
    dirs.push(vault);
    const first = await Engine.open({ vault });
    await first.sync();
    await first.close();
    const e = await Engine.open({ vault });
    engines.push(e);
    const records = (e as unknown as { store: { records: FsRecordStore } }).store.records;
    const st = stateOf(e);
    const folder = (await records.collections()).find((c) => c.startsWith('vectors/'))!;
    const bytes = records.readSync(folder, 'Notes/Note 2.md');
    expect(bytes && bytes.length).toBeGreaterThan(0);
    expect(records.readSync(folder, 'Notes/No such note.md')).toBeNull();
    const segs = join(vault, '.overlay', 'segments');
    for (const f of readdirSync(segs)) {
      // Every byte after the segment header flipped: whichever entry a read finds is not what was committed.
      const path = join(segs, f);
      const size = statSync(path).size;
      const fd = openSync(path, 'r+');
      const buf = Buffer.alloc(size - 8);
      readSync(fd, buf, 0, buf.length, 8);
      for (let i = 0; i < buf.length; i++) buf[i] = buf[i]! ^ 0xff;
      writeSync(fd, buf, 0, buf.length, 8);
      closeSync(fd);
    }
    expect(() => records.readSync(folder, 'Notes/Note 2.md')).toThrow(
      /entry-reader: segment \d+\.seg changed since the index was opened \((frame|checksum)/,
    );
    expect(st.vectors.inMemory).toBe(0);
  });
});
