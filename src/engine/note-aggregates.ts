// What the engine derives from all note records at once — the link graph and the vault's token count — kept up to
// date note by note instead of recomputed over the whole vault after every change.
import { LinkGraph } from '../core/graph/link-graph';
import type { NoteRecord } from './records';

/** The link graph and token sum over a live map of note records. */
export class NoteAggregates {
  private graphCache: LinkGraph | null = null;
  /** Notes that changed, came or went since the graph was last brought up to date: re-read one by one. */
  private readonly graphStale = new Set<string>();
  private tokensCache: number | null = null;

  constructor(private readonly notes: ReadonlyMap<string, NoteRecord>) {}

  /** Forgets both (the notes were replaced wholesale). */
  reset(): void {
    this.graphCache = null;
    this.graphStale.clear();
    this.tokensCache = null;
  }

  /** Note `path` changed from `old` (undefined: it is new) to `now` (undefined: it is gone). */
  changed(path: string, old: NoteRecord | undefined, now: NoteRecord | undefined): void {
    if (this.tokensCache !== null) this.tokensCache += (now?.fullTokens ?? 0) - (old?.fullTokens ?? 0);
    if (this.graphCache) this.graphStale.add(path);
  }

  /** The link graph of the notes: built on first use, then updated in place note by note. */
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
