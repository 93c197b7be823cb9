// The byte layout of one segment file of the fs record store: a header, then entries, each framed by its length
// and a CRC-32 of its body, so a damaged entry is found and dropped alone.
//   header: magic "OVSG" (u32 LE), version (u32 LE)
//   entry:  bodyLength (u32 LE), crc32(body) (u32 LE), body
//   body:   op (u8: 1 put, 2 delete), collection length (u8), collection (UTF-8), key length (u16 LE), key (UTF-8),
//           value (the rest; empty for a delete)
import { crc32 } from 'node:zlib';

const MAGIC = 0x4753564f; // "OVSG" little-endian
const VERSION = 1;
/** Bytes of the segment header. */
export const HEADER_BYTES = 8;
/** Bytes of an entry's frame (length + checksum). */
export const FRAME_BYTES = 8;
const OP_PUT = 1;
const OP_DELETE = 2;

/** The header every segment starts with. */
export function segmentHeader(): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(VERSION, 4);
  return b;
}

/** Checks a segment's header; returns why it is bad, or null. */
export function headerProblem(buf: Buffer): string | null {
  if (buf.length < HEADER_BYTES) return 'shorter than its header';
  if (buf.readUInt32LE(0) !== MAGIC) return 'bad magic';
  if (buf.readUInt32LE(4) !== VERSION) return `unknown segment version ${buf.readUInt32LE(4)}`;
  return null;
}

/** One framed entry, ready to append. */
export function encodeEntry(collection: string, key: string, value: Uint8Array | null): Buffer {
  const c = Buffer.from(collection, 'utf8');
  const k = Buffer.from(key, 'utf8');
  if (c.length === 0 || c.length > 255) throw new Error(`segment-format: collection name of ${c.length} bytes`);
  if (k.length > 0xffff) throw new Error(`segment-format: key of ${k.length} bytes`);
  const valueLength = value?.length ?? 0;
  const bodyLength = 1 + 1 + c.length + 2 + k.length + valueLength;
  const b = Buffer.allocUnsafe(FRAME_BYTES + bodyLength);
  let o = FRAME_BYTES;
  b[o++] = value ? OP_PUT : OP_DELETE;
  b[o++] = c.length;
  o += c.copy(b, o);
  b.writeUInt16LE(k.length, o);
  o += 2;
  o += k.copy(b, o);
  if (value) b.set(value, o);
  b.writeUInt32LE(bodyLength, 0);
  b.writeUInt32LE(crc32(b.subarray(FRAME_BYTES)), 4);
  return b;
}

/** An entry as parsed from a segment. `offset`/`length` cover the whole framed entry. */
export interface ParsedEntry {
  collection: string;
  key: string;
  /** null for a delete. A view into the segment buffer. */
  value: Buffer | null;
  offset: number;
  length: number;
}

/** What parsing one segment found. */
export interface ParsedSegment {
  entries: ParsedEntry[];
  /** Damage found, one line each (the damaged entries are not in `entries`). */
  problems: string[];
}

/**
 * Parses the entries of a segment up to `end`. An entry whose checksum fails is skipped; when two in a row fail
 * (the length field itself is likely damaged) the rest of the segment is dropped.
 */
export function parseSegment(buf: Buffer, end: number, name: string): ParsedSegment {
  const out: ParsedSegment = { entries: [], problems: [] };
  const bad = headerProblem(buf);
  if (bad) {
    out.problems.push(`${name}: ${bad}; its records are dropped`);
    return out;
  }
  const limit = Math.min(end, buf.length);
  if (buf.length < end) out.problems.push(`${name}: truncated (${buf.length} of ${end} bytes); later records dropped`);
  let o = HEADER_BYTES;
  let failedInARow = 0;
  while (o < limit) {
    const bodyLength = o + FRAME_BYTES <= limit ? buf.readUInt32LE(o) : -1;
    if (bodyLength < 4 || o + FRAME_BYTES + bodyLength > limit) {
      out.problems.push(`${name}: damaged record frame at byte ${o}; the rest of the segment is dropped`);
      break;
    }
    const body = buf.subarray(o + FRAME_BYTES, o + FRAME_BYTES + bodyLength);
    const entry = crc32(body) === buf.readUInt32LE(o + 4) ? parseBody(body, o, FRAME_BYTES + bodyLength) : null;
    if (!entry) {
      out.problems.push(`${name}: damaged record at byte ${o} dropped`);
      if (++failedInARow >= 2) {
        out.problems.push(`${name}: the rest of the segment is dropped`);
        break;
      }
    } else {
      failedInARow = 0;
      out.entries.push(entry);
    }
    o += FRAME_BYTES + bodyLength;
  }
  return out;
}

/** Parses an entry's body (its checksum already checked); null when its fields do not fit. */
export function parseBody(body: Buffer, offset: number, length: number): ParsedEntry | null {
  const op = body[0];
  if (op !== OP_PUT && op !== OP_DELETE) return null;
  const cLen = body[1]!;
  let o = 2;
  if (o + cLen + 2 > body.length) return null;
  const collection = body.toString('utf8', o, o + cLen);
  o += cLen;
  const kLen = body.readUInt16LE(o);
  o += 2;
  if (o + kLen > body.length) return null;
  const key = body.toString('utf8', o, o + kLen);
  o += kLen;
  if (op === OP_DELETE && o !== body.length) return null;
  return { collection, key, value: op === OP_PUT ? body.subarray(o) : null, offset, length };
}
