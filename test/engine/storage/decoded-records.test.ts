import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeVectors, VECTORS_PREFIX } from '../../../src/core/storage/index-records';
import { FsRecordStore } from '../../../src/engine/storage/fs-record-store';
import { readDecodedRecords, RecordDamage } from '../../../src/engine/storage/decoded-records';

const dir = mkdtempSync(join(tmpdir(), 'overlay-decoded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (i: number): string => i.toString(16).padStart(32, '0');

describe('readDecodedRecords', () => {
  it('decodes vector records of both layouts at the dims each states', async () => {
    const dims = 64;
    // Sparse vectors are stored in the masked layout, dense ones in the dense layout.
    const sparse = Float32Array.from({ length: dims }, (_, i) => (i % 5 === 0 ? i / 100 : 0));
    const dense = Float32Array.from({ length: dims }, (_, i) => 1 + i / 100);
    const collection = `${VECTORS_PREFIX}abc`;
    const store = await FsRecordStore.open(join(dir, 'a'));
    await store.commit([
      { collection, key: 'sparse.md', value: encodeVectors([[key(1), sparse]], dims) },
      { collection, key: 'dense.md', value: encodeVectors([[key(2), dense]], dims) },
    ]);
    const reopened = await FsRecordStore.open(join(dir, 'a'));
    const out = await readDecodedRecords(reopened, (c) => c === collection);
    const m = out.vectors.get(collection)!;
    const vectors = out.vectorStores.get(collection)!;
    expect(vectors.dims).toBe(dims);
    for (const [path, want, k] of [
      ['sparse.md', sparse, key(1)],
      ['dense.md', dense, key(2)],
    ] as const) {
      const got = m.get(path);
      expect(got).not.toBeInstanceOf(RecordDamage);
      expect(got).toEqual({ dims });
      expect(Array.from(vectors.get(k)!)).toEqual(Array.from(want));
    }
  });
});
