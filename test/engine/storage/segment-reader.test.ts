import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEntry, parseSegment, segmentHeader } from '../../../src/engine/storage/segment-format';
import { readSegment } from '../../../src/engine/storage/segment-reader';

const dir = mkdtempSync(join(tmpdir(), 'overlay-segreader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A segment of entries of many sizes (some larger than the windows used below), puts and deletes. */
function segment(): Buffer {
  const parts: Buffer[] = [segmentHeader()];
  for (let i = 0; i < 60; i++) {
    const size = [0, 3, 17, 100, 999, 5000][i % 6]!;
    const value = i % 7 === 3 ? null : Buffer.alloc(size, i);
    parts.push(encodeEntry(i % 2 ? 'notes' : 'vectors/abc', `key ${i}`, value));
  }
  return Buffer.concat(parts);
}

async function viaWindow(buf: Buffer, end: number, windowBytes: number) {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.seg`);
  writeFileSync(file, buf);
  const entries: { collection: string; key: string; value: string | null; offset: number; length: number }[] = [];
  const problems = await readSegment(
    file,
    end,
    'seg',
    (e) => entries.push({ ...e, value: e.value ? e.value.toString('hex') : null }),
    windowBytes,
  );
  return { entries, problems };
}

function whole(buf: Buffer, end: number) {
  const p = parseSegment(buf, end, 'seg');
  return {
    entries: p.entries.map((e) => ({ ...e, value: e.value ? e.value.toString('hex') : null })),
    problems: p.problems,
  };
}

describe('readSegment', () => {
  const good = segment();
  const damaged: [string, Buffer, number][] = [
    ['intact', good, good.length],
    ['a flipped byte in a body', Buffer.from(good).fill(0xee, 2000, 2001), good.length],
    ['two damaged entries in a row', Buffer.from(good).fill(0xee, 30, 2500), good.length],
    ['a damaged length field', Buffer.from(good).fill(0xff, 8, 12), good.length],
    ['truncated', good.subarray(0, good.length - 700), good.length],
    ['a bad header', Buffer.from(good).fill(0, 0, 4), good.length],
    ['shorter than its header', good.subarray(0, 5), good.length],
    ['uncommitted bytes after the end', Buffer.concat([good, Buffer.alloc(50, 7)]), good.length],
  ];
  for (const [what, buf, end] of damaged) {
    it(`reads what parseSegment reads, with the same damage report (${what})`, async () => {
      const expected = whole(buf, end);
      expect(expected.problems.length > 0).toBe(what !== 'intact' && !what.startsWith('uncommitted'));
      for (const w of [64, 1000, 4096, 1 << 20]) expect(await viaWindow(buf, end, w)).toEqual(expected);
    });
  }

  it('throws ENOENT for a missing file', async () => {
    await expect(readSegment(join(dir, 'none.seg'), 10, 'none', () => undefined)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
