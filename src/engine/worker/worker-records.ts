// The worker engine's index as per-note records in a RecordStore (src/core/storage/index-records.ts): loading them
// into a fresh index state at open, and the writes of one commit.
import type { EmbedderFingerprint } from '../../core/types';
import { chunkerSignature, DEFAULT_CHUNKER } from '../../core/markdown/chunk-note';
import type { ChunkVectorIndex } from '../../core/index/chunk-vector-index';
import { LexicalIndex } from '../../core/index/lexical-index';
import type { RecordStore, RecordWrite } from '../../core/storage/record-store';
import {
  INDEX_FORMAT_VERSION,
  META_COLLECTION,
  META_KEY,
  NOTES_COLLECTION,
  decodeMeta,
  decodeNote,
  decodeVectors,
  encodeNote,
  encodeVectors,
  type MetaRecord,
  type NoteWithChunks,
} from '../../core/storage/index-records';
import { IndexState } from '../index-state';
import { fingerprintFolder } from '../manifest';
import type { StoredChunk } from '../records';
import { VectorStore } from '../vector-store';

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The index restored from the records, with what it could not restore and which records exist. */
export interface LoadedWorkerIndex {
  state: IndexState;
  /** Chunks whose vectors were not restored: the next sync embeds them again. */
  lost: StoredChunk[];
  /** What was damaged or out of date, for the next sync report. */
  problems: string[];
  /** The usable meta record (null: none, or rebuilt) and the paths that have a note / vector record. */
  stored: { meta: MetaRecord | null; notes: Set<string>; vectors: Set<string> };
}

/** Loads the stored records and rebuilds the vector and lexical indexes (over `vectorIndex`) from them. */
export async function loadWorkerIndex(
  store: RecordStore,
  fp: EmbedderFingerprint,
  vectorIndex: ChunkVectorIndex,
): Promise<LoadedWorkerIndex> {
  const vectorsCollection = fingerprintFolder(fp);
  const loaded = await store.load([META_COLLECTION, NOTES_COLLECTION, vectorsCollection]);
  const problems = [...loaded.problems];
  const noteRecords = loaded.records.get(NOTES_COLLECTION) ?? new Map<string, Uint8Array>();
  const vectorRecords = loaded.records.get(vectorsCollection) ?? new Map<string, Uint8Array>();
  let meta: MetaRecord | null = null;
  const metaBytes = loaded.records.get(META_COLLECTION)?.get(META_KEY);
  try {
    meta = metaBytes ? decodeMeta(metaBytes) : null;
  } catch (e) {
    problems.push(`index metadata unreadable (${errText(e)}): rebuilt`);
  }
  const chunker = chunkerSignature(DEFAULT_CHUNKER);
  const usable = !!meta && meta.formatVersion === INDEX_FORMAT_VERSION && meta.chunker === chunker;
  if (meta && !usable) problems.push('index made by another version or chunker: rebuilt');
  const state = new IndexState(new VectorStore(fp.dims), vectorIndex, new LexicalIndex(), meta?.nextLabel ?? 0);
  if (usable) {
    const notes: NoteWithChunks[] = [];
    for (const [path, bytes] of noteRecords) {
      try {
        notes.push(decodeNote(bytes, path));
      } catch (e) {
        problems.push(`record of ${path} unreadable (${errText(e)}): re-indexed`);
      }
    }
    for (const [path, bytes] of vectorRecords) {
      try {
        for (const [key, vec] of decodeVectors(bytes, fp.dims)) state.vectors.set(key, vec);
      } catch (e) {
        problems.push(`vectors of ${path} unreadable (${errText(e)}): re-embedded`);
      }
    }
    state.restore(notes);
  }
  // Records not restored (damaged, another format) are rewritten or deleted by the next commit.
  for (const path of noteRecords.keys()) if (!state.notes.has(path)) state.dirtyNotes.add(path);
  for (const path of vectorRecords.keys()) if (!state.notes.has(path)) state.dirtyVectors.add(path);
  state.sweep();
  // The vector and lexical indexes are not stored: reconcile() rebuilds both from the chunks and their vectors.
  const lost = state.reconcile();
  return {
    state,
    lost,
    problems,
    stored: {
      meta: usable ? meta : null,
      notes: new Set(noteRecords.keys()),
      vectors: new Set(vectorRecords.keys()),
    },
  };
}

/** The writes for notes and vectors that changed since the last commit; a delete only for a record that exists. */
export function changedRecords(
  st: IndexState,
  o: { vectorsCollection: string; dims: number; storedNotes: Set<string>; storedVectors: Set<string> },
): RecordWrite[] {
  const writes: RecordWrite[] = [];
  for (const path of st.dirtyNotes) {
    const rec = st.notes.get(path);
    if (rec) {
      const chunks = rec.chunks.map((id) => st.chunks.get(id)).filter((c): c is StoredChunk => c !== undefined);
      writes.push({ collection: NOTES_COLLECTION, key: path, value: encodeNote({ note: rec, chunks }) });
    } else if (o.storedNotes.has(path)) writes.push({ collection: NOTES_COLLECTION, key: path, value: null });
  }
  for (const path of st.dirtyVectors) {
    const rec = st.notes.get(path);
    if (rec) {
      const entries = new Map<string, Float32Array>();
      for (const id of rec.chunks) {
        const c = st.chunks.get(id);
        const v = c && st.vectors.get(c.key);
        if (c && v) entries.set(c.key, v);
      }
      writes.push({ collection: o.vectorsCollection, key: path, value: encodeVectors([...entries], o.dims) });
    } else if (o.storedVectors.has(path)) writes.push({ collection: o.vectorsCollection, key: path, value: null });
  }
  return writes;
}
