// `node:crypto` in the worker bundle: createHash('sha256') only, the one hash the engine uses for content keys,
// on src/core/util/sha256.ts. Synchronous, like Node's, so the shared code runs unchanged.
import { sha256Bytes } from '../../../core/util/sha256';

const encoder = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** The subset of Node's Hash the engine calls. */
class Sha256Hash {
  private readonly parts: Uint8Array[] = [];

  update(data: string | Uint8Array): this {
    this.parts.push(typeof data === 'string' ? encoder.encode(data) : data);
    return this;
  }

  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
  digest(encoding?: 'hex'): string | Uint8Array {
    const bytes = sha256Bytes(concat(this.parts));
    if (encoding === undefined) return bytes;
    let hex = '';
    for (const b of bytes) hex += b.toString(16).padStart(2, '0');
    return hex;
  }
}

/** Node's createHash, for 'sha256' only. */
export function createHash(algorithm: string): Sha256Hash {
  if (algorithm !== 'sha256') throw new Error(`node-crypto shim: only sha256 is available, not ${algorithm}`);
  return new Sha256Hash();
}

/** Random bytes from the Web Crypto API. */
export function randomBytes(n: number): Uint8Array & { toString(enc: 'hex'): string } {
  const b = crypto.getRandomValues(new Uint8Array(n));
  return Object.assign(b, { toString: () => [...b].map((x) => x.toString(16).padStart(2, '0')).join('') });
}
