// Reads and writes the data dir. Loading verifies every file against the manifest and says what cannot be
// trusted; the engine then rebuilds only that part (see docs/decisions/0001-index-storage.md).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { EmbedderFingerprint } from '../core/types';
import { HnswIndex } from '../core/index/hnsw-index';
import { LexicalIndex } from '../core/index/lexical-index';
import { sha256, writeFileAtomic } from './atomic-file';
import type { IndexState, StoreFile } from './index-state';
import { FORMAT_VERSION, fingerprintFolder, fingerprintKey, parseManifest, type FileEntry, type Manifest } from './manifest';
import { parseChunksFile, parseNotesFile, type NoteRecord, type StoredChunk } from './records';
import { VectorStore } from './vector-store';

export { EF_SEARCH } from '../core/index/hnsw-graph';
import { EF_SEARCH } from '../core/index/hnsw-graph';

/** Paths of the store files, relative to the data dir. */
export function storePaths(fp: EmbedderFingerprint): Record<StoreFile, string> {
  const folder = fingerprintFolder(fp);
  return {
    notes: 'notes.json',
    chunks: 'chunks.json',
    lexical: 'lexical.json',
    vectors: `${folder}/vectors.bin`,
    hnsw: `${folder}/hnsw.bin`,
  };
}

/** What could be loaded; null parts must be rebuilt. `problems` explains each rebuild. */
export interface LoadedStore {
  manifest: Manifest | null;
  notes: NoteRecord[] | null;
  chunks: StoredChunk[] | null;
  lexical: LexicalIndex | null;
  vectors: VectorStore | null;
  hnsw: HnswIndex | null;
  nextLabel: number;
  /** Files verified against the manifest (the rest is written on the next save). */
  verified: Set<StoreFile>;
  problems: string[];
}

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Loads the store of `dataDir` for the current embedder fingerprint and chunker signature. */
export async function loadStore(dataDir: string, fp: EmbedderFingerprint, chunker: string): Promise<LoadedStore> {
  const out: LoadedStore = {
    manifest: null, notes: null, chunks: null, lexical: null, vectors: null, hnsw: null,
    nextLabel: 0, verified: new Set(), problems: [],
  };
  const paths = storePaths(fp);
  const manifestBytes = await readIfExists(join(dataDir, 'manifest.json'));
  if (manifestBytes !== null) {
    try {
      out.manifest = parseManifest(manifestBytes.toString('utf8'));
    } catch (e) {
      out.problems.push(`manifest.json unreadable (${errText(e)})`);
    }
  }
  // The vector store verifies itself, so it is usable whatever the manifest says (even after a format change
  // its own version check decides).
  const vecBytes = await readIfExists(join(dataDir, paths.vectors));
  if (vecBytes !== null) {
    try {
      out.vectors = VectorStore.deserialize(vecBytes, fp.dims);
      const entry = out.manifest?.files[paths.vectors];
      if (entry && entry.sha256 === sha256(vecBytes)) out.verified.add('vectors');
    } catch (e) {
      out.problems.push(`${paths.vectors} damaged (${errText(e)}): vectors are recovered from hnsw.bin or re-embedded`);
    }
  }
  const m = out.manifest;
  if (!m) return out;
  if (m.formatVersion !== FORMAT_VERSION) {
    out.problems.push(`index format ${m.formatVersion} → ${FORMAT_VERSION}: rebuilt`);
    return out;
  }
  if (m.chunker !== chunker) {
    out.problems.push(`chunker changed (${m.chunker} → ${chunker}): notes re-chunked`);
    return out;
  }
  out.nextLabel = m.nextLabel;
  const sameEmbedder = fingerprintKey(m.embedder.fingerprint) === fingerprintKey(fp);
  if (!sameEmbedder) {
    out.problems.push(
      `embedder changed (${m.embedder.fingerprint.model} → ${fp.model}): vectors of the other model are kept in ${m.embedder.folder}/`,
    );
  }

  // Reads a file and checks it against the manifest; null (with a problem noted) when missing or different.
  const verified = async (name: StoreFile): Promise<Buffer | null> => {
    const rel = paths[name];
    const entry: FileEntry | undefined = m.files[rel];
    const bytes = await readIfExists(join(dataDir, rel));
    if (!entry) {
      if (name !== 'hnsw' || sameEmbedder) out.problems.push(`${rel} not in the manifest: rebuilt`);
      return null;
    }
    if (bytes === null) {
      out.problems.push(`${rel} missing: rebuilt`);
      return null;
    }
    if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256) {
      out.problems.push(`${rel} corrupt (checksum mismatch): rebuilt`);
      return null;
    }
    return bytes;
  };

  const chunkBytes = await verified('chunks');
  if (chunkBytes) {
    try {
      out.chunks = parseChunksFile(chunkBytes.toString('utf8'));
      out.verified.add('chunks');
    } catch (e) {
      out.problems.push(`chunks.json unreadable (${errText(e)}): rebuilt`);
    }
  }
  // Note records point at chunk ids; without the chunks they are re-parsed.
  const noteBytes = await verified('notes');
  if (noteBytes && out.chunks) {
    try {
      out.notes = parseNotesFile(noteBytes.toString('utf8'));
      out.verified.add('notes');
    } catch (e) {
      out.problems.push(`notes.json unreadable (${errText(e)}): notes re-parsed`);
    }
  }
  const lexBytes = out.chunks ? await verified('lexical') : null;
  if (lexBytes) {
    try {
      out.lexical = LexicalIndex.fromJSON(JSON.parse(lexBytes.toString('utf8')));
      out.verified.add('lexical');
    } catch (e) {
      out.problems.push(`lexical.json unreadable (${errText(e)}): rebuilt`);
    }
  }
  // HNSW labels are those of chunks.json: without it (or for another embedder) the graph is rebuilt.
  if (out.chunks && sameEmbedder && (await verified('hnsw'))) {
    try {
      out.hnsw = HnswIndex.load(join(dataDir, paths.hnsw), fp.dims, { efSearch: EF_SEARCH });
      out.verified.add('hnsw');
    } catch (e) {
      out.problems.push(`hnsw.bin unreadable (${errText(e)}): rebuilt from vectors`);
    }
  }
  return out;
}

/** Saves the dirty files of `state`, then the manifest that commits them; returns the new manifest. */
export async function saveStore(
  dataDir: string,
  state: IndexState,
  meta: { spec: string; fingerprint: EmbedderFingerprint; chunker: string; previous: Manifest | null },
): Promise<Manifest> {
  const paths = storePaths(meta.fingerprint);
  const folder = fingerprintFolder(meta.fingerprint);
  await fs.mkdir(join(dataDir, folder), { recursive: true });
  const prevFiles = meta.previous?.files ?? {};
  const files: Record<string, FileEntry> = {};
  const write = async (name: StoreFile, data: () => Uint8Array | string): Promise<void> => {
    const rel = paths[name];
    const prev = prevFiles[rel];
    if (!state.dirty.has(name) && prev) {
      files[rel] = prev;
      return;
    }
    files[rel] = await writeFileAtomic(join(dataDir, rel), data());
  };
  await write('vectors', () => state.vectors.serialize());
  await write('chunks', () => JSON.stringify({ chunks: [...state.chunks.values()] }));
  await write('notes', () => JSON.stringify({ notes: [...state.notes.values()] }));
  await write('lexical', () => JSON.stringify(state.lexical.toJSON()));
  const hnswRel = paths.hnsw;
  if (state.dirty.has('hnsw') || !prevFiles[hnswRel]) {
    if (!(state.hnsw instanceof HnswIndex)) throw new Error('store: only the native HNSW index is saved to files');
    state.hnsw.save(join(dataDir, hnswRel));
    const bytes = await fs.readFile(join(dataDir, hnswRel));
    files[hnswRel] = { sha256: sha256(bytes), bytes: bytes.length };
  } else {
    files[hnswRel] = prevFiles[hnswRel];
  }
  // A readable note of which model a vectors folder belongs to (never deleted with a model switch).
  await writeFileAtomic(
    join(dataDir, folder, 'embedder.json'),
    JSON.stringify({ spec: meta.spec, fingerprint: meta.fingerprint }, null, 2),
  );
  const now = new Date().toISOString();
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    createdAt: meta.previous?.createdAt ?? now,
    updatedAt: now,
    chunker: meta.chunker,
    embedder: { spec: meta.spec, fingerprint: meta.fingerprint, folder },
    nextLabel: state.nextLabel,
    files,
  };
  await writeFileAtomic(join(dataDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  state.dirty.clear();
  return manifest;
}

/** Total bytes of the files listed in a manifest. */
export function manifestBytes(m: Manifest | null): number {
  if (!m) return 0;
  return Object.values(m.files).reduce((s, f) => s + f.bytes, 0);
}
