// What the engine derives from all note records at once — the link graph and the vault's token count — kept up to
// date note by note instead of recomputed over the whole vault after every change. The graph comes from the graph
// file when there is one (graph-cache.ts), patched to the notes as they are when it is first used.
import { LinkGraph, type GraphNote } from '../core/graph/link-graph';
import type { GraphSnapshotLoad } from './graph-cache';
import type { NoteRecord } from './records';

/** The link graph and token sum over a live map of note records. */
export class NoteAggregates {
  private graphCache: LinkGraph | null = null;
  /** Notes that changed, came or went since the graph was last brought up to date: re-read one by one. */
  private readonly graphStale = new Set<string>();
  private tokensCache: number | null = null;
  /** Reads the graph file (null: none or unusable); called once, on first use of the graph. */
  private deferred: (() => GraphSnapshotLoad | null) | null = null;
  /** Notes changed since the graph file was written, and whether a note came, went or renamed itself since. */
  private fileChanges = 0;
  private fileNamesChanged = false;

  constructor(private readonly notes: ReadonlyMap<string, NoteRecord>) {}

  /** Forgets both (the notes were replaced wholesale). */
  reset(): void {
    this.graphCache = null;
    this.graphStale.clear();
    this.tokensCache = null;
  }

  /** Takes the graph from `load` on first use (patched to the notes as they are then) instead of building it. */
  deferGraph(load: (() => GraphSnapshotLoad | null) | null): void {
    this.deferred = load;
    this.graphCache = null;
    this.graphStale.clear();
  }

  /** Note `path` changed from `old` (undefined: it is new) to `now` (undefined: it is gone). */
  changed(path: string, old: NoteRecord | undefined, now: NoteRecord | undefined): void {
    if (this.tokensCache !== null) this.tokensCache += (now?.fullTokens ?? 0) - (old?.fullTokens ?? 0);
    if (this.graphCache) this.graphStale.add(path);
    this.fileChanges++;
    if (!old || !now || !sameList(old.aliases, now.aliases)) this.fileNamesChanged = true;
  }

  /** The link graph of the notes: read or built on first use, then updated in place note by note. */
  graph(): LinkGraph {
    if (this.graphCache) {
      for (const path of this.graphStale) {
        const n = this.notes.get(path);
        if (n) this.graphCache.upsertNote(n);
        else this.graphCache.removeNote(path);
      }
    } else this.graphCache = this.loaded() ?? new LinkGraph(this.notes.values());
    this.graphStale.clear();
    return this.graphCache;
  }

  /** True when the graph file should be rewritten: a note came, went or renamed itself, or `limit` notes changed. */
  graphFileDue(limit: number): boolean {
    return this.fileNamesChanged || this.fileChanges >= limit;
  }

  /** The graph file was written from the current graph. */
  graphFileSaved(): void {
    this.fileChanges = 0;
    this.fileNamesChanged = false;
  }

  /** The graph from the file, patched to the current notes; null when there is no usable file. */
  private loaded(): LinkGraph | null {
    const load = this.deferred;
    this.deferred = null;
    const snap = load?.() ?? null;
    if (!snap) {
      this.fileNamesChanged = true;
      return null;
    }
    const { base, shas } = snap;
    // The base's notes as they were: unchanged ones are the current records; a changed or gone one is known by
    // its old aliases only (what patching it needs; its old links are in the base).
    const asWas: GraphNote[] = [];
    const changed: NoteRecord[] = [];
    const gone: string[] = [];
    base.paths.forEach((path, i) => {
      const rec = this.notes.get(path);
      if (rec && rec.sha256 === shas[i]) asWas.push(rec);
      else {
        asWas.push({ path, aliases: base.aliases[i]!, links: [] });
        if (rec) changed.push(rec);
        else gone.push(path);
        if (rec && !sameList(rec.aliases, base.aliases[i]!)) this.fileNamesChanged = true;
      }
    });
    const g = LinkGraph.fromBase(asWas, base);
    for (const path of gone) g.removeNote(path);
    for (const rec of changed) g.upsertNote(rec);
    let added = 0;
    if (this.notes.size > base.paths.length - gone.length) {
      for (const rec of this.notes.values()) {
        if (g.hasNote(rec.path)) continue;
        g.upsertNote(rec);
        added++;
      }
    }
    this.fileChanges += changed.length + gone.length + added;
    if (gone.length + added > 0) this.fileNamesChanged = true;
    return g;
  }

  /** Tokens of the whole vault (sum over the notes). */
  fullTokens(): number {
    if (this.tokensCache === null) {
      let sum = 0;
      for (const n of this.notes.values()) sum += n.fullTokens;
      this.tokensCache = sum;
    }
    return this.tokensCache;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
