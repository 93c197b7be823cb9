// Content hashes of the engine (note bytes, record bodies). node:crypto here; the worker bundle maps it to a small
// pure-JS sha256 (src/engine/worker/shims/node-crypto.ts), so both give the same digests.
import { createHash } from 'node:crypto';
import { useFasterSha256Hex } from '../core/util/sha256';

/** Hex sha256 of bytes or text. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

// Chunk ids (src/core, which must not import node:crypto) hash with node:crypto's sha256 too. (In the plugin's
// worker bundle node:crypto is the plain-TypeScript shim: the same digests at the same cost.)
useFasterSha256Hex(sha256);
