// The header every checked cache file of the engine starts with (lexical.cache, graph.cache): magic bytes, a
// format version and the chunker it was built under. One reader, so a file of another kind, version or chunker
// is refused the same way everywhere.
import { ByteReader } from '../core/storage/byte-codec';

/** The reader just past the header when `bytes` start with `magic`, `version` and `chunker`; null otherwise. */
export function readCacheHeader(
  bytes: Uint8Array,
  magic: readonly number[],
  version: number,
  chunker: string,
): ByteReader | null {
  if (bytes.length < magic.length || magic.some((b, i) => bytes[i] !== b)) return null;
  const r = new ByteReader(bytes.subarray(magic.length));
  return r.varint() === version && r.strings()[0] === chunker ? r : null;
}

/** True when `bytes` start with this header (checked at open; the body is parsed on first use). */
export function cacheHeaderFits(
  bytes: Uint8Array,
  magic: readonly number[],
  version: number,
  chunker: string,
): boolean {
  try {
    return readCacheHeader(bytes, magic, version, chunker) !== null;
  } catch {
    return false;
  }
}
