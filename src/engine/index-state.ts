// The engine's in-memory index: note records, chunks with their labels, the vector store, the vector index (HNSW,
// or the exact column scan for sparse-query embedders), the lexical index and the link graph. Every mutation keeps
// them consistent and marks what must be saved.
import type { Chunk } from '../core/types';
import { LinkGraph } from '../core/graph/link-graph';
import type { ChunkVectorIndex } from '../core/index/chunk-vector-index';
import { LexicalIndex } from '../core/index/lexical-index';
import { lexicalDocOf } from '../core/index/lexical-doc';
import type { NoteRecord, StoredChunk } from './records';
import { textKey, type VectorStore } from './vector-store';

/** Chunk changes since the HNSW graph and the lexical snapshot were last cached (see store.ts). */
export interface CacheStaleness {
  hnsw: number;
  lexical: number;
}

/** A parsed lexical snapshot: the index and, per note, the sha256 and chunk ids it was built from. */
export interface LexicalSnapshotLoad {
  index: LexicalIndex;
  notes: ReadonlyMap<string, readonly [string, readonly string[]]>;
}

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
  private graphCache: LinkGraph | null = null;
  /** Notes that changed, came or went since the graph was last brought up to date: re-read one by one. */
  private readonly graphStale = new Set<string>();
  private tokensCache: number | null = null;
  /** Chunks per vector key, counted from the first dropUnusedVectors() on (null before). */
  private keyRefs: Map<string, number> | null = null;
  /** Keys whose last chunk left since the last dropUnusedVectors(). */
  private readonly droppedKeys = new Set<string>();

  private lexicalIndex: LexicalIndex;
  /** A cached lexical snapshot not parsed yet (see deferLexical); null once the index is live. */
  private lexicalPending: (() => LexicalSnapshotLoad | null) | null = null;

  constructor(
    public vectors: VectorStore,
    public vectorIndex: ChunkVectorIndex,
    lexical: LexicalIndex,
    public nextLabel: number,
  ) {
    this.lexicalIndex = lexical;
  }

  /** The lexical index; a deferred snapshot is parsed and patched to the current notes on first use. */
  get lexical(): LexicalIndex {
    if (this.lexicalPending) this.materializeLexical();
    return this.lexicalIndex;
  }

  set lexical(index: LexicalIndex) {
    this.lexicalPending = null;
    this.lexicalIndex = index;
  }

  /**
   * Defers loading the lexical index until it is first used: opening, `overlay index` on an unchanged vault or
   * `related` never parse it. `load` returns the cached snapshot (null: none or unusable, so it is rebuilt from
   * the chunks); it is patched against the notes as they are then, so changes made meanwhile are not lost.
   */
  deferLexical(load: () => LexicalSnapshotLoad | null): void {
    this.lexicalPending = load;
  }

  /** True while the lexical index is deferred (not parsed yet). */
  get lexicalDeferred(): boolean {
    return this.lexicalPending !== null;
  }

  /** Loads stored note records with their chunks (already checked); nothing needs writing back. */
  restore(notes: readonly { note: NoteRecord; chunks: readonly StoredChunk[] }[]): void {
    for (const { note, chunks } of notes) {
      this.notes.set(note.path, note);
      for (const c of chunks) {
        // A label seen twice (two damaged-then-stale records) keeps its first chunk; the other note is re-parsed.
        const holder = this.byLabel.get(c.label);
        if (holder !== undefined && holder !== c.id) continue;
        this.chunks.set(c.id, c);
        this.byLabel.set(c.label, c.id);
        if (c.label >= this.nextLabel) this.nextLabel = c.label + 1;
      }
    }
    this.graphCache = null;
    this.tokensCache = null;
    this.keyRefs = null;
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

  /**
   * Brings a cached lexical snapshot up to date: chunks of notes whose bytes changed since the snapshot (or that
   * are gone) leave it, chunks of changed or new notes join it. `snapshot` maps note path → [sha256, chunk ids].
   */
  private patchLexical(snapshot: ReadonlyMap<string, readonly [string, readonly string[]]>): void {
    for (const [path, [sha, ids]] of snapshot) {
      const rec = this.notes.get(path);
      if (rec && rec.sha256 === sha && sameIds(rec.chunks, ids)) continue;
      for (const id of ids) if (this.lexical.has(id)) this.lexical.remove(id);
      this.stale.lexical += ids.length;
    }
    for (const rec of this.notes.values()) {
      const snap = snapshot.get(rec.path);
      if (snap && snap[0] === rec.sha256 && sameIds(rec.chunks, snap[1])) continue;
      for (const id of rec.chunks) this.indexLexical(id, rec.aliases);
    }
  }

  /** What the lexical snapshot records per note: path → [sha256, chunk ids]. */
  lexicalNotes(): Record<string, [string, string[]]> {
    const out: Record<string, [string, string[]]> = {};
    for (const n of this.notes.values()) out[n.path] = [n.sha256, n.chunks];
    return out;
  }

  /** Replaces the vector index by one built from the stored vectors (an HNSW cache that did not fit). */
  rebuildVectorIndex(fresh: ChunkVectorIndex): void {
    this.vectorIndex = fresh;
    for (const c of this.chunks.values()) {
      const vec = this.vectors.get(c.key);
      if (vec) this.vectorIndex.upsert(c.label, vec);
    }
    this.stale.hnsw = Math.max(1, this.chunks.size);
  }

  /** Chunk id stored under a label. */
  idOf(label: number): string | undefined {
    return this.byLabel.get(label);
  }

  /** The link graph of the indexed notes: built on first use, then updated in place note by note. */
  graph(): LinkGraph {
    if (this.graphCache) {
      for (const path of this.graphStale) {
        const n = this.notes.get(path);
        if (n) this.graphCache.upsertNote(n);
        else this.graphCache.removeNote(path);
      }
    } else this.graphCache = new LinkGraph(this.notes.values());
    this.graphStale.clear();
    return this.graphCache;
  }

  /** Tokens of the whole vault (sum over indexed notes). */
  fullTokens(): number {
    if (this.tokensCache === null) {
      let sum = 0;
      for (const n of this.notes.values()) sum += n.fullTokens;
      this.tokensCache = sum;
    }
    return this.tokensCache;
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
   * store, except for chunks whose id is already indexed. Returns the number of old chunks that left.
   */
  applyNote(record: NoteRecord, chunks: readonly Chunk[]): number {
    const old = this.notes.get(record.path);
    const keep = new Set(chunks.map((c) => c.id));
    let removed = 0;
    for (const id of old?.chunks ?? []) if (!keep.has(id) && this.removeChunk(id)) removed++;
    for (const c of chunks) {
      const prev = this.chunks.get(c.id);
      if (prev) {
        // Same id = same path and text: keep label and vector, refresh position fields.
        this.chunks.set(c.id, { ...c, label: prev.label, key: prev.key });
      } else {
        const key = textKey(c.text);
        const vec = this.vectors.get(key);
        if (!vec) throw new Error(`index-state: no vector for chunk ${c.id} of ${c.note}`);
        const label = this.nextLabel++;
        this.chunks.set(c.id, { ...c, label, key });
        if (this.keyRefs) this.keyRefs.set(key, (this.keyRefs.get(key) ?? 0) + 1);
        this.byLabel.set(label, c.id);
        this.vectorIndex.upsert(label, vec);
        this.stale.hnsw++;
        this.metaDirty = true;
      }
      // Aliases live on every chunk's lexical document, so re-add them all when a note changes.
      this.indexLexical(c.id, record.aliases);
    }
    if (
      !old ||
      !sameIds(
        old.chunks,
        chunks.map((c) => c.id),
      )
    )
      this.dirtyVectors.add(record.path);
    this.dirtyNotes.add(record.path);
    this.setNote({ ...record, chunks: chunks.map((c) => c.id) });
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
    const index = this.vectorIndex;
    for (const label of index.labels()) {
      if (!this.byLabel.has(label)) {
        index.remove(label);
        this.stale.hnsw++;
      }
    }
    const missing: StoredChunk[] = [];
    for (const c of this.chunks.values()) {
      // `has` first: a vector the index already holds is not decoded (the store decodes records on first use).
      const inIndex = index.has(c.label);
      if (inIndex && this.vectors.has(c.key)) continue;
      const vec = this.vectors.get(c.key);
      if (!inIndex) {
        if (vec) {
          index.upsert(c.label, vec);
          this.stale.hnsw++;
        } else missing.push(c);
      } else if (!vec) {
        const recovered = index.getVector(c.label);
        if (recovered) {
          this.vectors.set(c.key, recovered);
          this.dirtyVectors.add(c.note);
        } else missing.push(c);
      }
    }
    if (!this.lexicalPending) this.checkLexical();
    return missing;
  }

  private materializeLexical(): void {
    const load = this.lexicalPending!;
    this.lexicalPending = null;
    const snap = load();
    if (!snap) {
      this.rebuildLexical();
      return;
    }
    this.lexicalIndex = snap.index;
    this.patchLexical(snap.notes);
    this.checkLexical();
  }

  /** Rebuilds the lexical index unless it holds exactly the chunks. */
  private checkLexical(): void {
    let ok = this.lexicalIndex.size() === this.chunks.size;
    for (const c of this.chunks.values()) if (ok && !this.lexicalIndex.has(c.id)) ok = false;
    if (!ok) this.rebuildLexical();
  }

  /** Puts embedded vectors of chunks that lost theirs into the store and the vector index. */
  restoreVectors(chunks: readonly StoredChunk[], vectors: readonly Float32Array[]): void {
    chunks.forEach((c, i) => {
      const v = vectors[i]!;
      this.vectors.set(c.key, v);
      this.vectorIndex.upsert(c.label, v);
      this.dirtyVectors.add(c.note);
      this.stale.hnsw++;
    });
  }

  /**
   * Drops vectors no chunk uses from the vector store; returns how many. The first call walks every chunk and
   * vector and starts counting chunks per text key; later calls look only at the keys chunks left since.
   */
  dropUnusedVectors(): number {
    let dropped = 0;
    if (!this.keyRefs) {
      const refs = new Map<string, number>();
      for (const c of this.chunks.values()) refs.set(c.key, (refs.get(c.key) ?? 0) + 1);
      for (const k of [...this.vectors.keys()]) {
        if (!refs.has(k)) {
          this.vectors.delete(k);
          dropped++;
        }
      }
      this.keyRefs = refs;
    } else {
      for (const k of this.droppedKeys) {
        if (!this.keyRefs.has(k) && this.vectors.has(k)) {
          this.vectors.delete(k);
          dropped++;
        }
      }
    }
    this.droppedKeys.clear();
    return dropped;
  }

  private rebuildLexical(): void {
    this.lexical = new LexicalIndex();
    for (const c of this.chunks.values()) this.indexLexical(c.id, this.notes.get(c.note)?.aliases ?? []);
    this.stale.lexical = Math.max(1, this.chunks.size);
  }

  private indexLexical(id: string, aliases: readonly string[]): void {
    const c = this.chunks.get(id);
    if (!c) return;
    this.stale.lexical++;
    // While deferred, the snapshot is patched from the notes when it is parsed; nothing to do now.
    if (this.lexicalPending) return;
    if (this.lexical.has(id)) this.lexical.remove(id);
    this.lexical.add(lexicalDocOf(c, aliases));
  }

  private removeChunk(id: string): boolean {
    const c = this.chunks.get(id);
    if (!c) return false;
    this.chunks.delete(id);
    if (this.keyRefs) {
      const n = (this.keyRefs.get(c.key) ?? 1) - 1;
      if (n > 0) this.keyRefs.set(c.key, n);
      else {
        this.keyRefs.delete(c.key);
        this.droppedKeys.add(c.key);
      }
    }
    this.byLabel.delete(c.label);
    this.vectorIndex.remove(c.label);
    if (!this.lexicalPending && this.lexical.has(id)) this.lexical.remove(id);
    this.stale.hnsw++;
    this.stale.lexical++;
    return true;
  }

  /** Sets a note's record, keeping the vault's token sum and the link graph up to date. */
  private setNote(record: NoteRecord): void {
    const old = this.notes.get(record.path);
    this.notes.set(record.path, record);
    if (this.tokensCache !== null) this.tokensCache += record.fullTokens - (old?.fullTokens ?? 0);
    if (this.graphCache) this.graphStale.add(record.path);
  }

  private deleteNote(path: string): void {
    const old = this.notes.get(path);
    if (!old) return;
    this.notes.delete(path);
    if (this.tokensCache !== null) this.tokensCache -= old.fullTokens;
    if (this.graphCache) this.graphStale.add(path);
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
