// Where one embedder's vectors live (the file keeps its format-1 name, other modules import it): a short hash of
// its fingerprint names its record collection (`vectors/<hash>`) and its cache folder, so a changed model never
// touches another model's vectors.
import { createHash } from 'node:crypto';
import type { EmbedderFingerprint } from '../core/types';

/** Stable JSON of a fingerprint (sorted keys), so equal fingerprints compare equal. */
export function fingerprintKey(fp: EmbedderFingerprint): string {
  return JSON.stringify({
    model: fp.model,
    dims: fp.dims,
    pooling: fp.pooling,
    normalized: fp.normalized,
    version: fp.version,
  });
}

/** Collection and cache folder of an embedder's vectors: `vectors/` + 12 hex of the fingerprint's sha256. */
export function fingerprintFolder(fp: EmbedderFingerprint): string {
  return `vectors/${createHash('sha256').update(fingerprintKey(fp)).digest('hex').slice(0, 12)}`;
}
