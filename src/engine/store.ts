// The engine's index store over the fs RecordStore backend (docs/decisions/0006-record-store.md): per-note
// records and per-note vector records, committed together; the caches beside them (store-caches.ts) may be stale
// and are patched at open. Loading verifies every record (vector records are decoded when first used) and says
// what it had to drop; the engine then rebuilds only that. An index of format 1 is migrated (store-legacy.ts).
import type { EmbedderFingerprint } from '../core/types';
import type { HnswIndex } from '../core/index/hnsw-index';
import type { PackedColumns } from '../core/index/column-pack';
import {
  decodeMeta,
  encodeMeta,
  encodeNote,
  INDEX_FORMAT_VERSION,
  META_COLLECTION,
  META_KEY,
  NOTES_COLLECTION,
  VECTORS_PREFIX,
  type MetaRecord,
  type NoteWithChunks,
} from '../core/storage/index-records';
import type { RecordWrite } from '../core/storage/record-store';
import type { IndexState, LexicalSnapshotLoad } from './index-state';
import type { GraphSnapshotLoad } from './graph-cache';
import { fingerprintFolder, fingerprintKey } from './manifest';
import { FsRecordStore } from './storage/fs-record-store';
import { readDecodedRecords, recordSource, RecordDamage, type DecodedRecords } from './storage/decoded-records';
import { StoreCaches } from './store-caches';
import { loadLegacyVectors, removeLegacy } from './store-legacy';
import { VectorStore } from './vector-store';
import { vectorWrites } from './vector-writes';

export { EF_SEARCH } from '../core/index/hnsw-graph';

/** What a load found. Damaged or missing parts are absent; `problems` explains each rebuild. */
export interface LoadedStore {
  meta: MetaRecord | null;
  notes: NoteWithChunks[];
  vectors: VectorStore;
  hnsw: HnswIndex | null;
  /** Vector key of each label in the cached graph. */
  hnswKeys: Map<number, string>;
  /** The column scan's rows as cached (sparse-query embedders; may be stale, see open-state). */
  columns: PackedColumns | null;
  /** Parses the cached lexical index and what it holds per note (path → [sha256, chunk ids]); null if none. */
  lexical: (() => LexicalSnapshotLoad | null) | null;
  /** Parses the graph file (the link graph and each note's sha256 then); null if none. */
  graph: (() => GraphSnapshotLoad | null) | null;
  nextLabel: number;
  problems: string[];
  /** Notes stored without a vector record for this embedder (its vectors must be written). */
  notesWithoutVectors: Set<string>;
}

/** The index store of one data dir (one per engine; the engine holds the data dir lock). */
export class IndexStore {
  /** Note paths with a record in the store, and those with a vector record for the loaded embedder. */
  private storedNotes = new Set<string>();
  private storedVectors = new Set<string>();
  private folder = '';
  private metaWritten: MetaRecord | null = null;
  private legacyFolders = new Set<string>();
  private readonly caches: StoreCaches;
  /** Records read by storedSpec(), used by the next load() (one pass over the segments per open). */
  private preloaded: DecodedRecords | null = null;
  /** The embedder note already checked (see writeEmbedderNote). */
  private embedderNoted = '';

  private constructor(
    readonly dataDir: string,
    readonly records: FsRecordStore,
  ) {
    this.caches = new StoreCaches(records);
  }

  /** Opens the store in `dataDir` (reads only the manifest). */
  static async open(dataDir: string): Promise<IndexStore> {
    return new IndexStore(dataDir, await FsRecordStore.open(dataDir));
  }

  /** The embedder spec recorded in the index (the format-1 manifest's, before migration), if any. */
  async storedSpec(): Promise<string | undefined> {
    const foreign = this.records.foreignManifest as { embedder?: { spec?: unknown } } | undefined;
    if (foreign && typeof foreign.embedder?.spec === 'string') return foreign.embedder.spec;
    this.preloaded = await readDecodedRecords(this.records, (c) => c.startsWith(VECTORS_PREFIX), true);
    const bytes = this.preloaded.meta;
    try {
      return bytes ? decodeMeta(bytes).embedder.spec : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Loads and verifies the index for the embedder `fp` and chunker signature `chunker`; `graph: false` when the
   * embedder keeps no HNSW graph (a cached one is then not read, and is removed by the next save with caches).
   */
  async load(
    fp: EmbedderFingerprint,
    chunker: string,
    opts: { graph: boolean } = { graph: true },
  ): Promise<LoadedStore> {
    this.folder = fingerprintFolder(fp);
    const vecCollection = this.folder;
    const loaded = this.preloaded ?? (await readDecodedRecords(this.records, (c) => c === vecCollection, true));
    this.preloaded = null;
    const out: LoadedStore = {
      meta: null,
      notes: [],
      vectors: new VectorStore(fp.dims),
      hnsw: null,
      hnswKeys: new Map(),
      columns: null,
      lexical: null,
      graph: null,
      nextLabel: 0,
      problems: [...loaded.problems],
      notesWithoutVectors: new Set(),
    };
    const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

    // Vectors: per note; a damaged record costs only that note's vectors (recovered from HNSW or re-embedded).
    // The records' vectors were decoded into a store as they streamed by (decoded-records.ts).
    const vecRecords = loaded.vectors.get(vecCollection) ?? new Map<string, never>();
    const decoded = loaded.vectorStores.get(vecCollection);
    if (decoded?.dims === fp.dims) out.vectors = decoded;
    // Committed vectors stay on disk, read back from their note's record when needed (cold-vectors.ts).
    if (!out.vectors.spills) out.vectors.attachSource(recordSource(this.records, vecCollection));
    this.storedVectors = new Set(vecRecords.keys());
    for (const [path, vecs] of vecRecords) {
      const dims = vecs instanceof RecordDamage ? fp.dims : vecs.dims;
      if (vecs instanceof RecordDamage || dims !== fp.dims) {
        const why =
          vecs instanceof RecordDamage ? vecs.message : `index-records: vectors of ${dims} dims, expected ${fp.dims}`;
        out.problems.push(`vectors of ${path} damaged (${why}): recovered or re-embedded`);
      }
    }
    if (vecRecords.size === 0 && (await loadLegacyVectors(this.dataDir, this.folder, out.vectors, out.problems)))
      this.legacyFolders.add(this.folder);

    const metaBytes = loaded.meta;
    const foreign = this.records.foreignManifest as { formatVersion?: unknown; nextLabel?: unknown } | undefined;
    if (foreign !== undefined) {
      out.problems.push(
        `index format ${String(foreign?.formatVersion ?? '?')} → ${INDEX_FORMAT_VERSION}: notes re-parsed, ` +
          (out.vectors.size > 0 ? 'vectors kept' : 'nothing to keep'),
      );
      if (typeof foreign?.nextLabel === 'number') out.nextLabel = foreign.nextLabel;
    }
    if (metaBytes) {
      try {
        out.meta = decodeMeta(metaBytes);
      } catch (e) {
        out.problems.push(`meta record damaged (${errText(e)}): rebuilt`);
      }
    }
    this.metaWritten = out.meta;
    const noteRecords = loaded.notes;
    this.storedNotes = new Set(noteRecords.keys());
    const m = out.meta;
    let notesUsable = m !== null;
    if (m && m.formatVersion !== INDEX_FORMAT_VERSION) {
      out.problems.push(`index format ${m.formatVersion} → ${INDEX_FORMAT_VERSION}: rebuilt`);
      notesUsable = false;
    } else if (m && m.chunker !== chunker) {
      out.problems.push(`chunker changed (${m.chunker} → ${chunker}): notes re-chunked`);
      notesUsable = false;
    }
    if (m) out.nextLabel = Math.max(out.nextLabel, m.nextLabel);
    if (m && fingerprintKey(m.embedder.fingerprint) !== fingerprintKey(fp)) {
      out.problems.push(
        `embedder changed (${m.embedder.fingerprint.model} → ${fp.model}): vectors of the other model are kept (${m.embedder.folder})`,
      );
    }
    if (!m && noteRecords.size > 0) notesUsable = true; // meta lost: the notes still hold their labels
    if (notesUsable) {
      for (const [path, note] of noteRecords) {
        if (note instanceof RecordDamage) {
          out.problems.push(`note record ${path} damaged (${note.message}): re-parsed`);
          continue;
        }
        out.notes.push(note);
        if (!this.storedVectors.has(path)) out.notesWithoutVectors.add(path);
      }
    }
    for (const n of out.notes) for (const c of n.chunks) if (c.label >= out.nextLabel) out.nextLabel = c.label + 1;

    // Caches. Each may be stale or missing; open-state patches or rebuilds them from the records.
    const caches = await this.caches.load(
      this.folder,
      fp,
      chunker,
      { graph: opts.graph, lexical: notesUsable },
      out.problems,
    );
    Object.assign(out, caches);
    for (const label of out.hnsw?.labels() ?? []) if (label >= out.nextLabel) out.nextLabel = label + 1;
    return out;
  }

  /**
   * Commits the records `state` changed since the last save (plus the meta record). With `caches`, also
   * rewrites the HNSW graph and lexical snapshot when they are missing or too stale.
   */
  async save(
    state: IndexState,
    meta: { spec: string; fingerprint: EmbedderFingerprint; chunker: string },
    opts: { caches: boolean },
  ): Promise<void> {
    const folder = fingerprintFolder(meta.fingerprint);
    if (folder !== this.folder) throw new Error(`store: save for ${folder} but ${this.folder} is loaded`);
    const writes: RecordWrite[] = [];
    for (const path of state.dirtyNotes) {
      const rec = state.notes.get(path);
      if (rec) {
        const chunks = rec.chunks.map((id) => state.chunks.get(id)!);
        writes.push({ collection: NOTES_COLLECTION, key: path, value: encodeNote({ note: rec, chunks }) });
      } else if (this.storedNotes.has(path)) {
        writes.push({ collection: NOTES_COLLECTION, key: path, value: null });
      }
    }
    const vecs = vectorWrites(state, folder, meta.fingerprint.dims, this.storedVectors);
    writes.push(...vecs.writes);
    const m = this.metaWritten;
    const metaChanged =
      !m ||
      m.nextLabel !== state.nextLabel ||
      m.chunker !== meta.chunker ||
      m.embedder.spec !== meta.spec ||
      m.embedder.folder !== folder ||
      m.formatVersion !== INDEX_FORMAT_VERSION;
    const next: MetaRecord = {
      formatVersion: INDEX_FORMAT_VERSION,
      createdAt: m?.createdAt ?? new Date().toISOString(),
      chunker: meta.chunker,
      embedder: { spec: meta.spec, fingerprint: meta.fingerprint, folder },
      nextLabel: state.nextLabel,
    };
    if (writes.length > 0 || metaChanged)
      writes.push({ collection: META_COLLECTION, key: META_KEY, value: encodeMeta(next) });
    await this.records.commit(writes);
    for (const w of writes) {
      const set =
        w.collection === NOTES_COLLECTION ? this.storedNotes : w.collection === folder ? this.storedVectors : null;
      if (set && w.value) set.add(w.key);
      else set?.delete(w.key);
    }
    this.metaWritten = next;
    for (const [path, bytes, keys] of vecs.spilled)
      state.vectors.spill(path, bytes, (k, i) => (keys[i] === k ? keys[i] : k));
    state.markSaved();
    if (this.legacyFolders.size > 0 || this.records.foreignManifest !== undefined)
      await removeLegacy(this.dataDir, this.legacyFolders, this.records);
    if (!opts.caches) return;
    await this.writeEmbedderNote(meta.spec, meta.fingerprint);
    await this.caches.save(folder, meta.chunker, state);
  }

  /** Compacts the record log if garbage or the segment count passed the backend's threshold (see compact()). */
  compact(): Promise<boolean> {
    return this.records.compact();
  }

  /** The meta record last loaded or written. */
  meta(): MetaRecord | null {
    return this.metaWritten;
  }

  /** True when a save with caches would write something even without record changes. */
  maintenanceDue(state: IndexState): boolean {
    return this.caches.due(state) || this.records.needsCompaction();
  }

  /** The cached columns did not match the stored vectors (open-state rebuilt them): rewritten at the next save. */
  refuseColumns(): void {
    this.caches.refuseColumns();
  }

  /** Bytes the index occupies (segments and caches). */
  sizeBytes(): Promise<number> {
    return this.records.sizeBytes();
  }

  async close(): Promise<void> {
    await this.records.close();
  }

  /** A readable note of which model a vectors folder belongs to (never deleted with a model switch). */
  private async writeEmbedderNote(spec: string, fingerprint: EmbedderFingerprint): Promise<void> {
    const name = `${this.folder}/embedder.json`;
    if (this.embedderNoted === name) return; // checked once per folder, not read on every save
    if ((await this.records.readCache(name)) === null)
      await this.records.writeCache(name, Buffer.from(JSON.stringify({ spec, fingerprint }, null, 2), 'utf8'));
    this.embedderNoted = name;
  }
}
