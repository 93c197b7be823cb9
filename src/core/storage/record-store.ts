// The one storage interface of the index (docs/decisions/0006-record-store.md). The index is kept as small
// records (one per note, one per note's vectors, one of metadata) in named collections; a commit writes only
// the records that changed, atomically. Two backends: append-only segment files with a manifest in the CLI's
// data dir (src/engine/storage/fs-record-store.ts) and IndexedDB in the plugin's worker
// (src/core/storage/indexeddb-record-store.ts). Pure: no Node or Obsidian imports, runs in a Web Worker.

/**
 * One change in a commit: `value` replaces the record `key` of `collection`; `null` deletes it.
 * Collections used by the engine (see index-records.ts): `meta`, `notes`, `vectors/<embedder folder>`.
 * Collection names are ≤ 255 UTF-8 bytes, keys ≤ 65,535 UTF-8 bytes.
 */
export interface RecordWrite {
  collection: string;
  key: string;
  value: Uint8Array | null;
}

/** What a load found: the live records of the collections asked for, and what could not be trusted. */
export interface LoadedRecords {
  /** collection → key → value. A collection with no records is absent or empty. */
  records: Map<string, Map<string, Uint8Array>>;
  /**
   * Damage found and dropped (a record or segment whose checksum failed, a segment the manifest lists but that
   * is missing, …), one human-readable line each. Only what the damaged part held is lost; the caller rebuilds it.
   */
  problems: string[];
}

/** Bytes and records a backend wrote since it was opened (tests and benchmarks count writes through this). */
export interface WriteStats {
  /** Bytes written for commits (record bytes plus framing, manifest included). */
  commitBytes: number;
  /** Bytes written by compaction. */
  compactionBytes: number;
  /** Bytes written to caches (writeCache). */
  cacheBytes: number;
  commits: number;
  compactions: number;
}

/** A store of records. One writer at a time (the caller holds the data dir lock / owns the worker). */
export interface RecordStore {
  /** Human-readable location (a folder, an IndexedDB database name), for messages. */
  readonly location: string;

  /** Reads and verifies every live record of `collections`; never throws for damaged data (see problems). */
  load(collections: readonly string[]): Promise<LoadedRecords>;

  /** Names of the collections that hold at least one record (e.g. to find the vectors of other embedders). */
  collections(): Promise<string[]>;

  /**
   * Applies `writes` atomically and durably: after a crash either all of them are visible or none. Writes to the
   * same collection/key within one batch: the last wins. An empty batch is a no-op.
   */
  commit(writes: readonly RecordWrite[]): Promise<void>;

  /**
   * Rewrites live records to drop garbage when the backend's garbage exceeds its threshold (or always, with
   * `force`). Returns true when it compacted. Safe to call at any time between commits; may be a no-op.
   */
  compact(opts?: { force?: boolean }): Promise<boolean>;

  /**
   * Caches: whole blobs that may be stale or lost without losing data (the HNSW graph). Not part of commits;
   * `readCache` returns null when absent. Callers must check that a cache fits the records before using it.
   */
  readCache(name: string): Promise<Uint8Array | null>;
  writeCache(name: string, bytes: Uint8Array): Promise<void>;
  deleteCache(name: string): Promise<void>;

  /** Bytes written so far, by kind. */
  readonly stats: WriteStats;

  /** Total bytes the store occupies (records, framing and caches), as far as the backend knows. */
  sizeBytes(): Promise<number>;

  /** Releases handles; the store must not be used afterwards. */
  close(): Promise<void>;
}

/** An empty WriteStats. */
export function emptyWriteStats(): WriteStats {
  return { commitBytes: 0, compactionBytes: 0, cacheBytes: 0, commits: 0, compactions: 0 };
}
