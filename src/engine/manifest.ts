// The data dir's manifest: what the stored files are (format, chunker, embedder) and their checksums.
// It is written last on every save, so it is the commit record: a file that disagrees with it is not trusted.
import { createHash } from 'node:crypto';
import type { EmbedderFingerprint } from '../core/types';

/** Bump when any stored file changes shape incompatibly; an index of another version is rebuilt. */
export const FORMAT_VERSION = 1;

/** Checksum and size of one stored file. */
export interface FileEntry {
  sha256: string;
  bytes: number;
}

/** Contents of manifest.json. */
export interface Manifest {
  formatVersion: number;
  createdAt: string;
  updatedAt: string;
  /** chunkerSignature() of the chunks stored. */
  chunker: string;
  /** The embedder the HNSW labels and vectors belong to. */
  embedder: { spec: string; fingerprint: EmbedderFingerprint; folder: string };
  /** Next unused HNSW label (labels are never reused, so a stale label can never alias another chunk). */
  nextLabel: number;
  /** Stored files by data-dir-relative path (forward slashes). */
  files: Record<string, FileEntry>;
}

/** Stable JSON of a fingerprint (sorted keys), so equal fingerprints compare equal. */
export function fingerprintKey(fp: EmbedderFingerprint): string {
  return JSON.stringify({ model: fp.model, dims: fp.dims, pooling: fp.pooling, normalized: fp.normalized, version: fp.version });
}

/** Folder name of an embedder's vectors: a short hash of its fingerprint. */
export function fingerprintFolder(fp: EmbedderFingerprint): string {
  return `vectors/${createHash('sha256').update(fingerprintKey(fp)).digest('hex').slice(0, 12)}`;
}

/** Parses manifest.json; throws a `manifest:` error when the shape is wrong. */
export function parseManifest(text: string): Manifest {
  const m = JSON.parse(text) as Partial<Manifest>;
  const bad = (what: string): never => {
    throw new Error(`manifest: ${what}`);
  };
  if (typeof m !== 'object' || m === null) bad('not an object');
  if (typeof m.formatVersion !== 'number') bad('formatVersion missing');
  if (typeof m.chunker !== 'string') bad('chunker missing');
  if (typeof m.nextLabel !== 'number' || !Number.isInteger(m.nextLabel) || m.nextLabel < 0) bad('nextLabel invalid');
  const e = m.embedder;
  if (!e || typeof e.spec !== 'string' || typeof e.folder !== 'string' || typeof e.fingerprint?.dims !== 'number') {
    bad('embedder invalid');
  }
  if (typeof m.files !== 'object' || m.files === null) bad('files missing');
  for (const [name, f] of Object.entries(m.files!)) {
    if (typeof f?.sha256 !== 'string' || typeof f.bytes !== 'number') bad(`file entry ${name} invalid`);
  }
  return m as Manifest;
}
