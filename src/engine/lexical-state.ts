// The lexical side of the engine's index state: the live LexicalIndex, or a cached snapshot not parsed yet that is
// patched to the notes as they are when it is first used (docs/decisions/0006-record-store.md, decision 4).
import { LexicalIndex } from '../core/index/lexical-index';
import { lexicalDocOf } from '../core/index/lexical-doc';
import type { FieldTerms } from '../core/index/lexical-terms';
import { PendingTerms } from './pending-terms';
import type { NoteRecord, StoredChunk } from './records';

/** Chunk changes since the HNSW graph and the lexical snapshot were last cached (see store.ts). */
export interface CacheStaleness {
  hnsw: number;
  lexical: number;
}

/**
 * A parsed lexical snapshot: the index and the notes it was built from, as flat arrays (no object per note): note
 * i is paths[i] with shas[i], its chunks are positions start[i] .. start[i + 1] of `ids` and `numbers` (their ids,
 * and their numbers in the index's snapshot). Every chunk of the index is at exactly one position (checked when
 * loaded), so patching note by note leaves exactly the notes' chunks.
 */
export interface LexicalSnapshotLoad {
  index: LexicalIndex;
  paths: readonly string[];
  shas: readonly string[];
  start: Uint32Array;
  ids: readonly string[];
  numbers: Uint32Array;
}

/** What the lexical state reads from the index state it belongs to. */
export interface LexicalHost {
  readonly chunks: ReadonlyMap<string, StoredChunk>;
  readonly notes: ReadonlyMap<string, NoteRecord>;
  readonly stale: CacheStaleness;
}

/** The lexical index of one IndexState, live or deferred. */
export class LexicalState {
  private current: LexicalIndex;
  /** A cached lexical snapshot not parsed yet (see defer); null once the index is live. */
  private pending: (() => LexicalSnapshotLoad | null) | null = null;
  /** While deferred: chunk texts' terms that index workers analysed, for the build (pending-terms.ts). */
  private readonly waiting = new PendingTerms();

  constructor(
    index: LexicalIndex,
    private readonly host: LexicalHost,
  ) {
    this.current = index;
  }

  /** The lexical index; a deferred snapshot is parsed and patched to the current notes on first use. */
  get index(): LexicalIndex {
    if (this.pending) this.materialize();
    return this.current;
  }

  set index(index: LexicalIndex) {
    this.pending = null;
    this.waiting.clear();
    this.current = index;
  }

  /** Defers loading until first use; `load` returns the cached snapshot (null: rebuilt from the chunks). */
  defer(load: () => LexicalSnapshotLoad | null): void {
    this.pending = load;
    // Unused while deferred (materialize replaces it): a live index given up for its snapshot is freed now.
    this.current = new LexicalIndex();
  }

  /** True while the index is deferred (not parsed yet). */
  get deferred(): boolean {
    return this.pending !== null;
  }

  /**
   * (Re-)indexes chunk `id` with its note's aliases (`text`: its text's terms, analysed by an index worker); while
   * deferred only counts the change.
   */
  add(id: string, aliases: readonly string[], text?: FieldTerms): void {
    const c = this.host.chunks.get(id);
    if (!c) return;
    this.host.stale.lexical++;
    // While deferred, the snapshot is patched from the notes when it is parsed; the workers' terms wait for it.
    if (this.pending) {
      if (text) this.waiting.put(id, text);
      else this.waiting.delete(id);
      return;
    }
    if (this.current.has(id)) this.current.remove(id);
    this.current.add(lexicalDocOf(c, aliases), text);
  }

  /** Removes chunk `id` from a live index (a deferred one is patched when parsed). */
  remove(id: string): void {
    if (this.pending) this.waiting.delete(id);
    else if (this.current.has(id)) this.current.remove(id);
  }

  /** Rebuilds a live index unless it holds exactly the chunks. */
  check(): void {
    if (this.pending) return;
    let ok = this.current.size() === this.host.chunks.size;
    for (const c of this.host.chunks.values()) if (ok && !this.current.has(c.id)) ok = false;
    if (!ok) this.rebuild();
  }

  private materialize(): void {
    const load = this.pending!;
    this.pending = null;
    const snap = load();
    if (!snap) {
      this.rebuild();
      this.waiting.clear();
      return;
    }
    this.current = snap.index;
    // Patched by notes, the snapshot holds exactly the notes' chunks (a restore checked they all exist): no check.
    this.patch(snap);
    this.waiting.clear();
  }

  /**
   * Brings a cached lexical snapshot up to date: chunks of notes whose bytes or chunks changed since the snapshot
   * (or that are gone) leave it, by number; chunks of changed or new notes join it.
   */
  private patch(snap: LexicalSnapshotLoad): void {
    const { notes, chunks, stale } = this.host;
    const { paths, shas, start, ids, numbers } = snap;
    const same = (rec: NoteRecord, i: number): boolean => {
      const from = start[i]!;
      if (rec.sha256 !== shas[i] || rec.chunks.length !== start[i + 1]! - from) return false;
      for (let k = 0; k < rec.chunks.length; k++) if (rec.chunks[k] !== ids[from + k]) return false;
      return true;
    };
    // Notes of the snapshot that are still notes, and those of them that changed (to re-add).
    let kept = 0;
    const changed: NoteRecord[] = [];
    for (let i = 0; i < paths.length; i++) {
      const rec = notes.get(paths[i]!);
      if (rec) kept++;
      if (rec && same(rec, i)) continue;
      if (rec) changed.push(rec);
      for (let p = start[i]!; p < start[i + 1]!; p++) this.current.removeSnapshotChunk(numbers[p]!);
      stale.lexical += start[i + 1]! - start[i]!;
    }
    // Unless notes came since the snapshot, the changed ones are all there is to add (no lookup by path).
    let toAdd: Iterable<NoteRecord> = changed;
    if (kept !== notes.size) {
      const at = new Map(paths.map((p, i) => [p, i]));
      toAdd = [...notes.values()].filter((rec) => {
        const i = at.get(rec.path);
        return i === undefined || !same(rec, i);
      });
    }
    // The index now holds only chunks of unchanged notes, and chunk ids hash their note's path: none of these is
    // in it, so they are added without looking them up (no map of every chunk id is built).
    for (const rec of toAdd) {
      for (const id of rec.chunks) {
        const c = chunks.get(id);
        if (!c) continue;
        stale.lexical++;
        this.current.add(lexicalDocOf(c, rec.aliases), this.waiting.take(id), { fresh: true });
      }
    }
  }

  private rebuild(): void {
    this.current = new LexicalIndex();
    const { chunks, notes, stale } = this.host;
    if (this.waiting.size > 0) {
      // The workers analysed the texts: two cheap passes over their terms build the postings in compact form (a
      // build one chunk at a time holds ~12 bytes a posting in linked tails, and garbage, at the peak of a save).
      const waiting = this.waiting;
      // The first pass reads the terms, the second takes them (their pages are released as it goes); each is read into
      // the same arrays (addBulk uses a chunk's fields before visiting the next).
      let pass = 0;
      this.current.addBulk((visit) => {
        const last = ++pass === 2;
        for (const c of chunks.values()) {
          const doc = lexicalDocOf(c, notes.get(c.note)?.aliases ?? []);
          visit(doc, waiting.peek(c.id, last));
        }
      });
      waiting.clear();
      stale.lexical = Math.max(1, chunks.size);
      return;
    }
    for (const c of chunks.values()) this.add(c.id, notes.get(c.note)?.aliases ?? []);
    stale.lexical = Math.max(1, chunks.size);
  }
}

/** True when two id lists are equal, in order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
