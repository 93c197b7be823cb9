import { describe, expect, it } from 'vitest';
import {
  decodeMeta,
  decodeNote,
  decodeVectors,
  encodeMeta,
  encodeNote,
  encodeVectors,
  type NoteWithChunks,
} from '../../../src/core/storage/index-records';
import { blobHeader, openBlob, sealBlob, sealBlobParts } from '../../../src/core/storage/blob-envelope';
import { crc32 } from '../../../src/core/storage/crc32';
import { crc32 as zlibCrc32 } from 'node:zlib';

const note: NoteWithChunks = {
  note: {
    path: 'a/B.md',
    mtimeMs: 1,
    size: 10,
    sha256: 'ff',
    title: 'B',
    aliases: [],
    tags: ['t'],
    links: [],
    headings: [],
    chunks: ['c1', 'c2'],
    fullTokens: 12,
  },
  chunks: ['c1', 'c2'].map((id, i) => ({
    id,
    note: 'a/B.md',
    title: 'B',
    headingPath: [],
    text: `text ${i}`,
    tokens: 2,
    order: i,
    startLine: i,
    endLine: i,
    label: 10 + i,
    key: String(i).repeat(32),
  })),
};

describe('index records', () => {
  it('round-trips a note, its vectors and the meta record', () => {
    expect(decodeNote(encodeNote(note), 'a/B.md')).toEqual(note);
    const vecs: [string, Float32Array][] = [
      ['0'.repeat(32), Float32Array.from([1, -2.5, 3])],
      ['ab'.repeat(16), Float32Array.from([0, 0.5, 7])],
    ];
    expect(decodeVectors(encodeVectors(vecs, 3), 3)).toEqual(vecs);
    const meta = {
      formatVersion: 2,
      createdAt: 'x',
      chunker: 'c',
      nextLabel: 4,
      embedder: {
        spec: 'local',
        folder: 'vectors/x',
        fingerprint: { model: 'm', dims: 3, pooling: 'p', normalized: true, version: 1 },
      },
    };
    expect(decodeMeta(encodeMeta(meta))).toEqual(meta);
  });

  it('refuses a note record whose chunks do not match it, or that belongs to another path', () => {
    const broken = { ...note, chunks: note.chunks.slice(1) };
    expect(() => decodeNote(encodeNote(broken), 'a/B.md')).toThrow(/index-records/);
    expect(() => decodeNote(encodeNote(note), 'other.md')).toThrow(/index-records/);
    expect(() => decodeVectors(encodeVectors([['0'.repeat(32), new Float32Array(3)]], 3), 4)).toThrow(/dims/);
    expect(() => decodeVectors(encodeVectors([['0'.repeat(32), new Float32Array(3)]], 3).subarray(0, 20), 3)).toThrow(
      /length/,
    );
  });

  it("seals cache blobs with a CRC-32 equal to zlib's, and detects damage", () => {
    const payload = new TextEncoder().encode('a lexical snapshot');
    expect(crc32(payload)).toBe(zlibCrc32(payload));
    const sealed = sealBlob(payload);
    expect(openBlob(sealed)).toEqual(payload);
    sealed[sealed.length - 3] = sealed[sealed.length - 3]! ^ 1;
    expect(openBlob(sealed)).toBeNull();
  });

  it('seals a payload given in parts exactly as the joined payload', () => {
    const a = new TextEncoder().encode('chunker and notes|');
    const b = new TextEncoder().encode('the index snapshot');
    const joined = new TextEncoder().encode('chunker and notes|the index snapshot');
    expect(sealBlobParts([a, b], zlibCrc32)).toEqual(sealBlob(joined));
    // The header alone, then the parts: the same bytes (the lexical cache is written so), with either CRC-32.
    for (const crc of [zlibCrc32, undefined]) {
      const header = blobHeader([a, new Uint8Array(0), b], crc);
      expect(Buffer.concat([header, a, b]).equals(Buffer.from(sealBlob(joined)))).toBe(true);
    }
    expect(openBlob(blobHeader([]))?.length).toBe(0);
    expect(openBlob(sealBlobParts([a, new Uint8Array(0), b]))).toEqual(joined);
  });
});
