// Reads a segment file through one reused window instead of whole: every entry is still checked (CRC-32) and
// parsed exactly as parseSegment does, but an open touches a few MB of warm memory rather than a fresh buffer the
// size of the index (on a 10k-note index, 139 MB read whole cost ~830 ms CPU, through a 4 MB window ~110 ms).
import { promises as fs } from 'node:fs';
import { crc32 } from 'node:zlib';
import { FRAME_BYTES, HEADER_BYTES, headerProblem, parseBody, type ParsedEntry } from './segment-format';

/** Bytes read at a time (an entry larger than this gets a window of its own size). */
const WINDOW_BYTES = 4 << 20;

/**
 * Visits the entries of the segment at `path` up to `end` with the same checks and damage rules as
 * parseSegment; returns the damage found. An entry's `value` is a view valid only during its visit (copy what
 * must outlive it). Throws the file system's error (e.g. ENOENT) when the file cannot be opened.
 */
export async function readSegment(
  path: string,
  end: number,
  name: string,
  visit: (e: ParsedEntry) => void,
  windowBytes = WINDOW_BYTES,
): Promise<string[]> {
  const problems: string[] = [];
  const fh = await fs.open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    let buf = Buffer.allocUnsafe(Math.max(HEADER_BYTES, Math.min(windowBytes, size)));
    let start = 0;
    let len = 0;
    // Makes file bytes [pos, pos + need) available at buf[pos - start]; false when the file is shorter.
    const have = async (pos: number, need: number): Promise<boolean> => {
      if (pos >= start && pos + need <= start + len) return true;
      if (need > buf.length) buf = Buffer.allocUnsafe(need);
      const want = Math.min(buf.length, size - pos);
      let got = 0;
      while (got < want) {
        const r = await fh.read(buf, got, want - got, pos + got);
        if (r.bytesRead === 0) break;
        got += r.bytesRead;
      }
      start = pos;
      len = got;
      return got >= need;
    };
    await have(0, Math.min(size, HEADER_BYTES));
    const bad = headerProblem(buf.subarray(0, Math.min(len, HEADER_BYTES)));
    if (bad) {
      problems.push(`${name}: ${bad}; its records are dropped`);
      return problems;
    }
    const limit = Math.min(end, size);
    if (size < end) problems.push(`${name}: truncated (${size} of ${end} bytes); later records dropped`);
    let o = HEADER_BYTES;
    let failedInARow = 0;
    while (o < limit) {
      const bodyLength = o + FRAME_BYTES <= limit && (await have(o, FRAME_BYTES)) ? buf.readUInt32LE(o - start) : -1;
      if (bodyLength < 4 || o + FRAME_BYTES + bodyLength > limit || !(await have(o, FRAME_BYTES + bodyLength))) {
        problems.push(`${name}: damaged record frame at byte ${o}; the rest of the segment is dropped`);
        break;
      }
      const at = o - start;
      const body = buf.subarray(at + FRAME_BYTES, at + FRAME_BYTES + bodyLength);
      const entry = crc32(body) === buf.readUInt32LE(at + 4) ? parseBody(body, o, FRAME_BYTES + bodyLength) : null;
      if (!entry) {
        problems.push(`${name}: damaged record at byte ${o} dropped`);
        if (++failedInARow >= 2) {
          problems.push(`${name}: the rest of the segment is dropped`);
          break;
        }
      } else {
        failedInARow = 0;
        visit(entry);
      }
      o += FRAME_BYTES + bodyLength;
    }
    return problems;
  } finally {
    await fh.close();
  }
}
