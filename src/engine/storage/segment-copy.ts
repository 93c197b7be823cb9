// Compaction's copy step (fs-record-store.ts): the live entries of old segments, read segment by segment and
// written in their order into one new segment, fsynced. Entries are copied as stored bytes (already checksummed),
// so a compaction neither decodes nor re-encodes a record.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { HEADER_BYTES, segmentHeader } from './segment-format';

/** Where an entry sits in a segment file. */
export interface EntryLoc {
  file: string;
  offset: number;
  length: number;
  put: boolean;
}

/** What copyEntries wrote: the new place of each entry, the segment's bytes and its entry count. */
export interface CopiedSegment {
  moved: Map<string, EntryLoc>;
  bytes: number;
  records: number;
}

/**
 * Writes `folder/file`: a segment header, then for each old segment in `order` the entries `byFile` lists for it
 * (keyed by the caller's composite keys), in offset order.
 */
export async function copyEntries(
  folder: string,
  file: string,
  order: readonly string[],
  byFile: ReadonlyMap<string, [string, EntryLoc][]>,
): Promise<CopiedSegment> {
  const moved = new Map<string, EntryLoc>();
  let offset = HEADER_BYTES;
  let records = 0;
  const handle = await fs.open(join(folder, file), 'w', 0o644);
  try {
    await handle.write(segmentHeader());
    for (const old of order) {
      const list = byFile.get(old);
      if (!list || list.length === 0) continue;
      const buf = await fs.readFile(join(folder, old));
      list.sort((a, b) => a[1].offset - b[1].offset);
      const out = Buffer.allocUnsafe(list.reduce((s, [, l]) => s + l.length, 0));
      let o = 0;
      for (const [ck, loc] of list) {
        buf.copy(out, o, loc.offset, loc.offset + loc.length);
        moved.set(ck, { file, offset: offset + o, length: loc.length, put: loc.put });
        o += loc.length;
        records++;
      }
      await handle.write(out);
      offset += out.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { moved, bytes: offset, records };
}
