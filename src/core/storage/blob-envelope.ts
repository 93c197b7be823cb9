// A checksummed wrapper for cache blobs (the lexical snapshot), so a damaged cache is detected and rebuilt
// rather than trusted: magic "OVBL", CRC-32 and length of the payload, then the payload. Pure.
import { crc32 as jsCrc32 } from './crc32';

const MAGIC = 0x4c42564f; // "OVBL" little-endian
const HEADER = 12;

/** The payload wrapped with its checksum; `crc` may be a faster native CRC-32 (same values). */
export function sealBlob(payload: Uint8Array, crc: (b: Uint8Array) => number = jsCrc32): Uint8Array {
  return sealBlobParts([payload], crc);
}

/**
 * The payload made of `parts`, in order, wrapped with its checksum: one copy of a large payload (a lexical snapshot
 * of tens of MB) instead of joining the parts first and copying the joined payload again.
 */
export function sealBlobParts(parts: readonly Uint8Array[], crc: (b: Uint8Array) => number = jsCrc32): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(HEADER + length);
  let at = HEADER;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  out.set(blobHeader([out.subarray(HEADER)], crc));
  return out;
}

/**
 * The header that seals the payload made of `parts` (header then parts, written in order, are sealBlobParts' bytes),
 * so a large payload is written without a sealed copy. `crc(bytes, value)` continues the checksum `value` of the
 * bytes before (as zlib's crc32 does).
 */
export function blobHeader(
  parts: readonly Uint8Array[],
  crc: (b: Uint8Array, value?: number) => number = jsCrc32,
): Uint8Array {
  let sum = 0;
  let length = 0;
  for (const p of parts) {
    sum = crc(p, sum);
    length += p.length;
  }
  const out = new Uint8Array(HEADER);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, sum, true);
  view.setUint32(8, length, true);
  return out;
}

/** The payload of a sealed blob, or null when it is damaged. */
export function openBlob(blob: Uint8Array, crc: (b: Uint8Array) => number = jsCrc32): Uint8Array | null {
  if (blob.length < HEADER) return null;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(8, true) !== blob.length - HEADER) return null;
  const payload = blob.subarray(HEADER);
  return crc(payload) === view.getUint32(4, true) ? payload : null;
}
