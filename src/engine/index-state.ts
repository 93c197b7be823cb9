// The engine's in-memory index: note records, chunks with their labels, the vector store, the vector index (HNSW,
// or the exact column scan for sparse-query embedders), the lexical index and the link graph. Every mutation keeps
// them consistent and marks what must be saved.
import type { Chunk } from '../core/types';
import type { LinkGraph } from '../core/graph/link-graph';
import type { ChunkVectorIndex } from '../core/index/chunk-vector-index';
import type { LexicalIndex } from '../core/index/lexical-index';
import type { FieldTerms } from '../core/index/lexical-terms';
import { storedChunk, type NoteRecord, type StoredChunk } from './records';
import { shareChunkStrings } from '../core/storage/shared-strings';
import { textKey, type VectorStore } from './vector-store';
import { VectorRefs } from './vector-refs';
import { bindStoreSource, indexStoredVector } from './scan-source';
import { NoteAggregates } from './note-aggregates';
import type { GraphSnapshotLoad } from './graph-cache';
import { LexicalState, sameIds, type CacheStaleness, type LexicalSnapshotLoad } from './lexical-state';
import { reconcileVectors } from './reconcile-vectors';

export type { CacheStaleness, LexicalSnapshotLoad } from './lexical-state';

/** The live index of one vault under one embedder. */
export class IndexState {
  readonly notes = new Map<string, NoteRecord>();
  readonly chunks = new Map<string, StoredChunk>();
  private readonly byLabel = new Map<number, string>();
  /** Notes whose record must be written (or deleted, when the note is gone) at the next save. */
  readonly dirtyNotes = new Set<string>();
  /** Notes whose vector record must be written (or deleted) at the next save. */
  readonly dirtyVectors = new Set<string>();
  /** The meta record (next label) must be written. */
  metaDirty = false;
  /** Chunk changes not yet in the cached HNSW graph / lexical snapshot. */
  readonly stale: CacheStaleness = { hnsw: 0, lexical: 0 };
  private readonly totals = new NoteAggregates(this.notes);
  private readonly refs = new VectorRefs();
  private readonly lex: LexicalState;

  constructor(
    public vectors: VectorStore,
    public vectorIndex: ChunkVectorIndex,
    lexical: LexicalIndex,
    public nextLabel: number,
  ) {
    this.lex = new LexicalState(lexical, this);
    this.bindScanSource();
  }

  /** A column-scan index reads its vectors from the vector store (held once, packed) instead of holding copies. */
  private bindScanSource(): void {
    const keyOf = (label: number): string | undefined => {
      const id = this.byLabel.get(label);
      return id === undefined ? undefined : this.chunks.get(id)?.key;
    };
    bindStoreSource(this.vectorIndex, keyOf, () => this.vectors);
  }

  private indexVector(label: number, key: string): void {
    indexStoredVector(this.vectorIndex, label, key, this.vectors);
  }

  /** The lexical index; a deferred snapshot is parsed and patched to the current notes on first use. */
  get lexical(): LexicalIndex {
    return this.lex.index;
  }

  set lexical(index: LexicalIndex) {
    this.lex.index = index;
  }

  /**
   * Defers loading the lexical index until it is first used: opening, `overlay index` on an unchanged vault or
   * `related` never parse it. `load` returns the cached snapshot (null: none or unusable, so it is rebuilt from
   * the chunks); it is patched against the notes as they are then, so changes made meanwhile are not lost.
   */
  deferLexical(load: () => LexicalSnapshotLoad | null): void {
    this.lex.defer(load);
  }

  /** True while the lexical index is deferred (not parsed yet). */
  get lexicalDeferred(): boolean {
    return this.lex.deferred;
  }

  /**
   * Loads stored note records with their chunks (checked: a record's chunks are exactly the ids it lists). True
   * when no path, id or label came twice: every note then has its chunks and every chunk a note (nothing to sweep).
   */
  restore(notes: readonly { note: NoteRecord; chunks: readonly StoredChunk[] }[]): boolean {
    let whole = true;
    for (const { note, chunks } of notes) {
      if (this.notes.has(note.path)) whole = false;
      this.notes.set(note.path, note);
      for (const c of chunks) {
        // A label seen twice (two damaged-then-stale records) keeps its first chunk; the other note is re-parsed.
        const holder = this.byLabel.get(c.label);
        if (holder !== undefined && holder !== c.id) {
          whole = false;
          continue;
        }
        if (holder !== undefined || this.chunks.has(c.id)) whole = false;
        this.chunks.set(c.id, c);
        this.byLabel.set(c.label, c.id);
        if (c.label >= this.nextLabel) this.nextLabel = c.label + 1;
      }
    }
    this.totals.reset();
    this.refs.reset();
    return whole;
  }

  /** True when a save has something to write. */
  hasChanges(): boolean {
    return this.dirtyNotes.size > 0 || this.dirtyVectors.size > 0 || this.metaDirty;
  }

  /** Forgets what a successful save wrote. */
  markSaved(): void {
    this.dirtyNotes.clear();
    this.dirtyVectors.clear();
    this.metaDirty = false;
  }

  /** Replaces the vector index by one built from the stored vectors (an HNSW cache that did not fit). */
  rebuildVectorIndex(fresh: ChunkVectorIndex): void {
    this.vectorIndex = fresh;
    this.bindScanSource();
    for (const c of this.chunks.values()) if (this.vectors.has(c.key)) this.indexVector(c.label, c.key);
    this.stale.hnsw = Math.max(1, this.chunks.size);
  }

  /** Chunk id stored under a label. */
  idOf(label: number): string | undefined {
    return this.byLabel.get(label);
  }

  /** The link graph of the indexed notes: read (or built) on first use, then updated in place note by note. */
  graph(): LinkGraph {
    return this.totals.graph();
  }

  /** Takes the link graph from the graph file on first use (`load` null or returning null: built from the notes). */
  deferGraph(load: (() => GraphSnapshotLoad | null) | null): void {
    this.totals.deferGraph(load);
  }

  /** True when the graph file is out of date enough to rewrite (a note came, went or renamed, or `limit` changed). */
  graphFileDue(limit: number): boolean {
    return this.totals.graphFileDue(limit);
  }

  /** The graph file was rewritten from graph(). */
  graphFileSaved(): void {
    this.totals.graphFileSaved();
  }

  /** Tokens of the whole vault (sum over indexed notes). */
  fullTokens(): number {
    return this.totals.fullTokens();
  }

  /** Updates a note's metadata without touching its chunks (same content, new mtime). */
  touchRecord(record: NoteRecord): void {
    this.setNote(record);
    this.dirtyNotes.add(record.path);
  }

  /** Removes a note and all its chunks; returns how many chunks left. */
  removeNote(path: string): number {
    const rec = this.notes.get(path);
    if (!rec) return 0;
    this.deleteNote(path);
    let removed = 0;
    for (const id of rec.chunks) if (this.removeChunk(id)) removed++;
    this.dirtyNotes.add(path);
    this.dirtyVectors.add(path);
    return removed;
  }

  /**
   * Puts a (new or changed) note in place with its chunks. Every chunk's vector must already be in the vector
   * store, except for chunks whose id is already indexed. `textTerms` gives a chunk text's lexical terms by text
   * key when an index worker analysed them. Returns the number of old chunks that left.
   */
  applyNote(record: NoteRecord, chunks: readonly Chunk[], textTerms?: (key: string) => FieldTerms | undefined): number {
    const old = this.notes.get(record.path);
    shareChunkStrings(record.path, record.title, chunks);
    const keep = new Set(chunks.map((c) => c.id));
    let removed = 0;
    for (const id of old?.chunks ?? []) if (!keep.has(id) && this.removeChunk(id)) removed++;
    for (const c of chunks) {
      const prev = this.chunks.get(c.id);
      if (prev) {
        // Same id = same path and text: keep label and vector, refresh position fields.
        this.chunks.set(c.id, storedChunk(c, prev.label, prev.key));
      } else {
        const key = textKey(c.text);
        if (!this.vectors.has(key)) throw new Error(`index-state: no vector for chunk ${c.id} of ${c.note}`);
        const label = this.nextLabel++;
        this.chunks.set(c.id, storedChunk(c, label, key));
        this.refs.added(key);
        this.byLabel.set(label, c.id);
        this.indexVector(label, key);
        this.stale.hnsw++;
        this.metaDirty = true;
      }
      // Aliases live on every chunk's lexical document, so re-add them all when a note changes.
      this.lex.add(c.id, record.aliases, textTerms?.(this.chunks.get(c.id)!.key));
    }
    const ids = chunks.map((c) => c.id);
    if (!old || !sameIds(old.chunks, ids)) this.dirtyVectors.add(record.path);
    this.dirtyNotes.add(record.path);
    this.setNote({ ...record, chunks: ids });
    return removed;
  }

  /**
   * Removes chunks no note refers to (left by damaged records or an interrupted run); returns how many. With
   * `only` (the paths an incremental sync looked at) just those notes are checked: applyNote and removeNote keep
   * every other note whole, so a one-note sync does not walk the vault.
   */
  sweep(only?: ReadonlySet<string>): number {
    // A note whose chunks are gone must be re-parsed: forget it so the next sync reads it.
    const check = only ? [...only].map((p) => this.notes.get(p)).filter((n) => n !== undefined) : this.notes.values();
    const forget: NoteRecord[] = [];
    for (const n of check) if (n.chunks.some((id) => !this.chunks.has(id))) forget.push(n);
    for (const n of forget) {
      this.deleteNote(n.path);
      this.dirtyNotes.add(n.path);
      this.dirtyVectors.add(n.path);
    }
    if (only) {
      let removed = 0;
      for (const n of forget) for (const id of n.chunks) if (this.removeChunk(id)) removed++;
      return removed;
    }
    const referenced = new Set<string>();
    for (const n of this.notes.values()) for (const id of n.chunks) referenced.add(id);
    let removed = 0;
    for (const id of [...this.chunks.keys()]) if (!referenced.has(id) && this.removeChunk(id)) removed++;
    return removed;
  }

  /**
   * Makes the vector index, the vector store and the lexical index agree with the chunks: stray labels leave the
   * index, a chunk missing from it is re-added from the vector store, a vector missing from the store is recovered
   * from the index (a cached HNSW graph). Returns the chunks whose vector is nowhere (they must be embedded again).
   */
  reconcile(): StoredChunk[] {
    const missing = reconcileVectors(this, this.byLabel, (label, key) => this.indexVector(label, key));
    this.lex.check();
    return missing;
  }

  /** Puts embedded vectors of chunks that lost theirs into the store and the vector index. */
  restoreVectors(chunks: readonly StoredChunk[], vectors: readonly Float32Array[]): void {
    chunks.forEach((c, i) => {
      const v = vectors[i]!;
      this.vectors.set(c.key, v);
      this.indexVector(c.label, c.key);
      this.dirtyVectors.add(c.note);
      this.stale.hnsw++;
    });
  }

  /**
   * Drops vectors no chunk uses from the vector store; returns how many. The first call walks every chunk and
   * vector and starts counting chunks per text key; later calls look only at the keys chunks left since.
   */
  dropUnusedVectors(): number {
    return this.refs.drop(this.chunks.values(), this.vectors);
  }

  private removeChunk(id: string): boolean {
    const c = this.chunks.get(id);
    if (!c) return false;
    this.chunks.delete(id);
    this.refs.removed(c.key);
    this.byLabel.delete(c.label);
    this.vectorIndex.remove(c.label);
    this.lex.remove(id);
    this.stale.hnsw++;
    this.stale.lexical++;
    return true;
  }

  /** Sets a note's record, keeping the vault's token sum and the link graph up to date. */
  private setNote(record: NoteRecord): void {
    const old = this.notes.get(record.path);
    this.notes.set(record.path, record);
    this.totals.changed(record.path, old, record);
  }

  private deleteNote(path: string): void {
    const old = this.notes.get(path);
    if (!old) return;
    this.notes.delete(path);
    this.totals.changed(path, old, undefined);
  }
}
