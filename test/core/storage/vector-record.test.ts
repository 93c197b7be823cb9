import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { decodeVectors, encodeVectors, visitVectors } from '../../../src/core/storage/vector-record';
import { seededRandom } from '../../../src/core/util/prng';
import { FsRecordStore } from '../../../src/engine/storage/fs-record-store';

type Entry = [string, Float32Array];

const key = (i: number): string => i.toString(16).padStart(32, '0');

/** Unit vectors with about `share` of their dimensions non-zero. */
function vectors(n: number, dims: number, share: number, seed: number): Entry[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, r) => {
    const v = new Float32Array(dims);
    for (let i = 0; i < dims; i++) if (rand() < share) v[i] = rand() * 2 - 1;
    const norm = Math.hypot(...v) || 1;
    return [key(r), v.map((x) => x / norm)];
  });
}

/** The same bits: -0 and +0 differ, as they do on disk. */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

/** The record of the old (dense-only) layout: count, dims, then key and dims float32 per vector. */
function denseRecord(entries: Entry[], dims: number): Uint8Array {
  const out = Buffer.alloc(8 + entries.length * (16 + 4 * dims));
  out.writeUInt32LE(entries.length, 0);
  out.writeUInt32LE(dims, 4);
  entries.forEach(([k, v], r) => {
    const o = 8 + r * (16 + 4 * dims);
    out.write(k, o, 16, 'hex');
    v.forEach((x, i) => out.writeFloatLE(x, o + 16 + 4 * i));
  });
  return out;
}

describe('vector records', () => {
  it('round-trip bit for bit in the masked layout when vectors are sparse, at about 4 bytes a non-zero', () => {
    const entries = vectors(7, 512, 0.6, 1);
    entries[2]![1].fill(0);
    entries[3]![1][5] = -0;
    entries[3]![1][511] = 1e-30;
    const bytes = encodeVectors(entries, 512);
    let nonZero = 0;
    for (const [, v] of entries) for (const x of v) if (x !== 0 || Object.is(x, -0)) nonZero++;
    expect(bytes.length).toBe(12 + 7 * (16 + 64) + 4 * nonZero);
    expect(bytes.length).toBeLessThan(8 + 7 * (16 + 4 * 512));
    const back = decodeVectors(bytes, 512);
    expect(back.map(([k]) => k)).toEqual(entries.map(([k]) => k));
    back.forEach(([, v], i) => expect(sameBits(v, entries[i]![1])).toBe(true));
  });

  it('stay dense when that is smaller, and an odd number of dims pads its masks correctly', () => {
    const dense = vectors(5, 384, 1, 2);
    const bytes = encodeVectors(dense, 384);
    expect(bytes.length).toBe(8 + 5 * (16 + 4 * 384));
    expect(decodeVectors(bytes, 384)).toEqual(dense);
    const odd = vectors(9, 13, 0.3, 3);
    const back = decodeVectors(encodeVectors(odd, 13), 13);
    back.forEach(([, v], i) => expect(sameBits(v, odd[i]![1])).toBe(true));
    expect(decodeVectors(encodeVectors([], 13), 13)).toEqual([]);
  });

  it("shrink the local embedder's passage vectors by about a third", async () => {
    const embedder = new LocalEmbedder();
    await embedder.init();
    const texts = [
      'Plugins extend Obsidian with commands, views and settings; each plugin has a manifest and a main file.',
      'Water tomato roots deeply at dawn, twice a week, and mulch the bed so the soil keeps its moisture.',
    ];
    const vecs = await embedder.embed(texts, 'passage');
    const entries: Entry[] = vecs.map((v, i) => [key(i), v]);
    const bytes = encodeVectors(entries, 512);
    expect(bytes.length).toBeLessThan(0.8 * (8 + 2 * (16 + 4 * 512)));
    decodeVectors(bytes, 512).forEach(([, v], i) => expect(sameBits(v, vecs[i]!)).toBe(true));
  });

  it('read records of the old dense layout', () => {
    const entries = vectors(4, 512, 0.5, 4);
    const back = decodeVectors(denseRecord(entries, 512), 512);
    back.forEach(([, v], i) => expect(sameBits(v, entries[i]![1])).toBe(true));
  });

  it('are visited as stored: masks and values of the masked layout, decoded vectors of the dense one', () => {
    for (const [entries, dims] of [
      [vectors(6, 512, 0.6, 6), 512],
      [vectors(5, 13, 0.4, 7), 13],
      [vectors(3, 384, 1, 8), 384],
    ] as const) {
      const bytes = encodeVectors(entries, dims);
      const seen: Entry[] = [];
      let maskedSeen = 0;
      visitVectors(bytes, dims, {
        masked: (k, mask, values) => {
          maskedSeen++;
          expect(mask.length).toBe((dims + 7) >> 3);
          const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
          const v = new Float32Array(dims);
          let p = 0;
          for (let d = 0; d < dims; d++) if ((mask[d >> 3]! >> (d & 7)) & 1) v[d] = view.getFloat32(4 * p++, true);
          expect(4 * p).toBe(values.length);
          seen.push([k, v]);
        },
        dense: (k, v) => seen.push([k, v]),
      });
      expect(maskedSeen).toBe(dims === 384 ? 0 : entries.length);
      expect(seen.map(([k]) => k)).toEqual(entries.map(([k]) => k));
      seen.forEach(([, v], i) => expect(sameBits(v, entries[i]![1])).toBe(true));
    }
  });

  const visited = (bytes: Uint8Array, dims: number): number => {
    let n = 0;
    visitVectors(bytes, dims, { masked: () => n++, dense: () => n++ });
    return n;
  };
  for (const [name, read] of [
    ['decodeVectors', decodeVectors],
    ['visitVectors', visited],
  ] as const) {
    it(`refuse a record whose structure does not fit: length, masks, dims (${name})`, () => {
      const bytes = encodeVectors(vectors(3, 20, 0.5, 5), 20);
      expect(() => read(bytes, 24)).toThrow(/^index-records: vectors of 20 dims, expected 24/);
      expect(() => read(bytes.subarray(0, bytes.length - 4), 20)).toThrow(/length does not fit its masks/);
      expect(() => read(Uint8Array.from([...bytes, 0, 0, 0, 0]), 20)).toThrow(/length does not fit/);
      expect(() => read(bytes.subarray(0, 20), 20)).toThrow(/length does not fit/);
      const extraBit = Uint8Array.from(bytes);
      extraBit[12 + 3 * 16 + 2]! |= 0x80; // bit 23 of the first mask: past dims 20
      expect(() => read(extraBit, 20)).toThrow(/bits past its dims/);
      const moreSet = Uint8Array.from(bytes);
      const m = 12 + 3 * 16;
      const clear = [0, 1, 2, 3, 4, 5, 6, 7].find((bit) => (moreSet[m]! & (1 << bit)) === 0)!;
      moreSet[m]! |= 1 << clear; // one more non-zero than there are values
      expect(() => read(moreSet, 20)).toThrow(/length does not fit its masks/);
    });
  }

  describe('in the fs record store', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    it('a flipped bit in a stored value is caught by the record checksum and only that record is dropped', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vector-record-'));
      dirs.push(dir);
      const a = vectors(3, 512, 0.6, 6);
      const b = vectors(2, 512, 0.6, 7);
      const store = await FsRecordStore.open(dir);
      await store.commit([
        { collection: 'vectors/x', key: 'a.md', value: encodeVectors(a, 512) },
        { collection: 'vectors/x', key: 'b.md', value: encodeVectors(b, 512) },
      ]);
      await store.close();
      const seg = join(dir, 'segments', readdirSync(join(dir, 'segments'))[0]!);
      const buf = readFileSync(seg);
      // A value byte of the first record (a.md): past its frame, key and masks.
      buf[8 + 8 + 2 + 9 + 2 + 4 + 12 + 3 * 80 + 100]! ^= 0x04;
      writeFileSync(seg, buf);
      const loaded = await (await FsRecordStore.open(dir)).load(['vectors/x']);
      expect(loaded.problems.join('\n')).toMatch(/damaged record/);
      const recs = loaded.records.get('vectors/x')!;
      expect([...recs.keys()]).toEqual(['b.md']);
      decodeVectors(recs.get('b.md')!, 512).forEach(([, v], i) => expect(sameBits(v, b[i]![1])).toBe(true));
    });
  });
});
