import { describe, expect, it } from 'vitest';
import { textKey, VectorStore } from '../../src/engine/vector-store';

function store(): VectorStore {
  const s = new VectorStore(3);
  s.set(textKey('a'), Float32Array.from([1, 0, 0]));
  s.set(textKey('b'), Float32Array.from([0, 0.6, 0.8]));
  return s;
}

describe('VectorStore', () => {
  it('round-trips through its binary form exactly', () => {
    const s = store();
    const back = VectorStore.deserialize(s.serialize(), 3);
    expect(back.size).toBe(2);
    expect([...back.get(textKey('b'))!]).toEqual([...Float32Array.from([0, 0.6, 0.8])]);
    expect(textKey('a')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('detects truncation, flipped bytes, wrong dims and foreign files', () => {
    const buf = store().serialize();
    expect(() => VectorStore.deserialize(buf.subarray(0, buf.length - 1), 3)).toThrow(/vector-store: length/);
    const flipped = Buffer.from(buf);
    flipped[20] = flipped[20]! ^ 1;
    expect(() => VectorStore.deserialize(flipped, 3)).toThrow(/checksum mismatch/);
    expect(() => VectorStore.deserialize(buf, 4)).toThrow(/dims 3, expected 4/);
    expect(() =>
      VectorStore.deserialize(Buffer.from('{"json": true, "padding": "................................"}'), 3),
    ).toThrow(/bad magic/);
  });

  it('keeps only the vectors still in use', () => {
    const s = store();
    expect(s.retainOnly(new Set([textKey('a')]))).toBe(1);
    expect(s.has(textKey('b'))).toBe(false);
    expect(() => s.set('k', new Float32Array(2))).toThrow(/2 dims, expected 3/);
  });

  it('hands out copies, or decodes into the caller’s array', () => {
    const s = new VectorStore(3);
    const v = Float32Array.from([0.5, 0, -2]);
    s.set('k', v);
    v[0] = 9; // the store copied it
    const a = s.get('k')!;
    expect(Array.from(a)).toEqual([0.5, 0, -2]);
    expect(s.get('k')).not.toBe(a);
    const into = Float32Array.from([7, 7, 7]);
    expect(s.get('k', into)).toBe(into);
    expect(Array.from(into)).toEqual([0.5, 0, -2]);
    expect(() => s.get('k', new Float32Array(2))).toThrow(/vector-slab: decode into 2 floats, expected 3/);
    s.set('k', Float32Array.from([1, 1, 1]));
    expect(Array.from(s.get('k')!)).toEqual([1, 1, 1]);
    s.delete('k');
    expect(s.get('k')).toBeUndefined();
    expect(s.size).toBe(0);
  });
});
