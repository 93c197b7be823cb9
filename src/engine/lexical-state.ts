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

/** A parsed lexical snapshot: the index and, per note, the sha256 and chunk ids it was built from. */
export interface LexicalSnapshotLoad {
  index: LexicalIndex;
  notes: ReadonlyMap<string, readonly [string, readonly string[]]>;
}

/** Postings of a chunk's title, aliases, headings and folders, about (for sizing a build). */
const SHORT_FIELD_POSTINGS = 12;

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
    this.patch(snap.notes);
    this.waiting.clear();
    this.check();
  }

  /**
   * Brings a cached lexical snapshot up to date: chunks of notes whose bytes changed since the snapshot (or that
   * are gone) leave it, chunks of changed or new notes join it. `snapshot` maps note path → [sha256, chunk ids].
   */
  private patch(snapshot: ReadonlyMap<string, readonly [string, readonly string[]]>): void {
    const { notes, stale } = this.host;
    for (const [path, [sha, ids]] of snapshot) {
      const rec = notes.get(path);
      if (rec && rec.sha256 === sha && sameIds(rec.chunks, ids)) continue;
      for (const id of ids) if (this.current.has(id)) this.current.remove(id);
      stale.lexical += ids.length;
    }
    for (const rec of notes.values()) {
      const snap = snapshot.get(rec.path);
      if (snap && snap[0] === rec.sha256 && sameIds(rec.chunks, snap[1])) continue;
      for (const id of rec.chunks) this.add(id, rec.aliases, this.waiting.take(id));
    }
  }

  private rebuild(): void {
    this.current = new LexicalIndex();
    // The text postings are known when the workers analysed the texts; the short fields add a few per chunk.
    if (this.waiting.size > 0)
      this.current.reserve(this.waiting.postings + SHORT_FIELD_POSTINGS * this.host.chunks.size);
    const { chunks, notes, stale } = this.host;
    for (const c of chunks.values()) this.add(c.id, notes.get(c.note)?.aliases ?? [], this.waiting.take(c.id));
    stale.lexical = Math.max(1, chunks.size);
  }
}

/** True when two id lists are equal, in order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
