import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, varintLength } from '../../../src/core/storage/byte-codec';

describe('byte-codec', () => {
  it('varintLength is the number of bytes varint writes', () => {
    for (const v of [
      0,
      1,
      127,
      128,
      16383,
      16384,
      2 ** 21 - 1,
      2 ** 21,
      2 ** 28,
      2 ** 35 + 7,
      Number.MAX_SAFE_INTEGER,
    ]) {
      const w = new ByteWriter();
      w.varint(v);
      expect(w.length).toBe(varintLength(v));
      expect(new ByteReader(w.finish()).varint()).toBe(v);
    }
  });

  it('a writer sized exactly never grows and hands back its own buffer', () => {
    const values = [5, 300, 70000, 1, 0, 2 ** 30];
    const size = values.reduce((n, v) => n + varintLength(v), 0) + 3;
    const w = new ByteWriter(size);
    w.bytes(Uint8Array.from([1, 2, 3]));
    for (const v of values) w.varint(v);
    const out = w.finish();
    expect(out.length).toBe(size);
    expect(out.buffer.byteLength).toBe(size); // no doubled buffer behind it
    const r = new ByteReader(out.subarray(3));
    expect(values.map(() => r.varint())).toEqual(values);
  });

  it('a writer that is not full returns a copy of what was written', () => {
    const w = new ByteWriter(64);
    w.varint(300);
    expect(w.finish().length).toBe(2);
  });
});
