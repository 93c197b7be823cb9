import { describe, expect, it } from 'vitest';
import { decodeNote, formatBytes, readNote } from '../../src/engine/note-reader';
import type { NoteSource } from '../../src/core/types';

/** A hand-written in-memory source. */
function source(files: Record<string, Buffer | Error>): NoteSource {
  return {
    list: async () =>
      Object.entries(files).map(([path, b]) => ({ path, mtimeMs: 1, size: b instanceof Buffer ? b.length : 0 })),
    read: async (p) => {
      const f = files[p];
      if (f instanceof Error) throw f;
      if (!f) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
      return f;
    },
  };
}

describe('note reader', () => {
  it('decodes UTF-8 (Cyrillic, emoji; a BOM is dropped)', () => {
    const r = decodeNote(Buffer.from('\uFEFFПривет 🌱', 'utf8'));
    expect(r).toMatchObject({ ok: true, text: 'Привет 🌱' });
  });

  it('refuses binary files and invalid UTF-8', () => {
    expect(decodeNote(Buffer.from([0x41, 0x00, 0x42]))).toEqual({ ok: false, reason: 'binary file' });
    expect(decodeNote(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toEqual({ ok: false, reason: 'not valid UTF-8' });
    expect(decodeNote(Buffer.from([0xc3]))).toEqual({ ok: false, reason: 'not valid UTF-8' });
  });

  it('checks the size before reading and names unreadable files', async () => {
    const eacces = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    const src = source({ 'big.md': Buffer.alloc(2048, 'a'), 'locked.md': eacces, 'ok.md': Buffer.from('fine') });
    expect(await readNote(src, { path: 'big.md', mtimeMs: 1, size: 2048 }, 1024)).toEqual({
      ok: false,
      reason: 'too large (2.0 KB, limit 1.0 KB)',
    });
    expect(await readNote(src, { path: 'locked.md', mtimeMs: 1, size: 3 }, 1024)).toEqual({
      ok: false,
      reason: 'unreadable (EACCES)',
    });
    expect(await readNote(src, { path: 'gone.md', mtimeMs: 1, size: 3 }, 1024)).toEqual({
      ok: false,
      reason: 'deleted while reading',
      vanished: true,
    });
    // Grew after listing: still caught.
    expect(await readNote(src, { path: 'big.md', mtimeMs: 1, size: 10 }, 1024)).toMatchObject({ ok: false });
    expect(await readNote(src, { path: 'ok.md', mtimeMs: 1, size: 4 }, 1024)).toMatchObject({ ok: true, text: 'fine' });
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10.0 MB');
  });
});
