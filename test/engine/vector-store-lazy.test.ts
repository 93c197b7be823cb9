import { describe, expect, it } from 'vitest';
import { textKey, VectorStore, type LazyVectors } from '../../src/engine/vector-store';

/** A record of two vectors that counts how often it is decoded. */
function record(): LazyVectors & { decodes: number } {
  const r = {
    decodes: 0,
    decode(): [string, Float32Array][] {
      r.decodes++;
      return [
        [textKey('a'), Float32Array.from([1, 0, 0])],
        [textKey('b'), Float32Array.from([0, 1, 0])],
      ];
    },
  };
  return r;
}

describe('VectorStore lazy records', () => {
  it('decodes a record once, on the first read of any of its keys', () => {
    const s = new VectorStore(3);
    const r = record();
    s.setLazy([textKey('a'), textKey('b')], r);
    expect(s.size).toBe(2);
    expect(s.has(textKey('a'))).toBe(true);
    expect([...s.keys()].sort()).toEqual([textKey('a'), textKey('b')].sort());
    expect(r.decodes).toBe(0);
    expect([...s.get(textKey('b'))!]).toEqual([0, 1, 0]);
    expect([...s.get(textKey('a'))!]).toEqual([1, 0, 0]);
    expect(r.decodes).toBe(1);
    expect(s.size).toBe(2);
  });

  it('keeps what was set or deleted since: the decoded record does not bring it back', () => {
    const s = new VectorStore(3);
    s.setLazy([textKey('a'), textKey('b')], record());
    s.set(textKey('a'), Float32Array.from([0, 0, 1]));
    s.delete(textKey('b'));
    expect(s.size).toBe(1);
    expect(s.get(textKey('b'))).toBeUndefined();
    expect([...s.get(textKey('a'))!]).toEqual([0, 0, 1]);
  });

  it('serializes undecoded vectors too, and drops unkept ones without decoding them', () => {
    const s = new VectorStore(3);
    const r = record();
    s.setLazy([textKey('a'), textKey('b')], r);
    expect(s.retainOnly(new Set([textKey('a')]))).toBe(1);
    expect(r.decodes).toBe(0);
    const back = VectorStore.deserialize(s.serialize(), 3);
    expect([...back.keys()]).toEqual([textKey('a')]);
  });
});
