// Chunks per vector key, so vectors no chunk uses leave the vector store without a walk over the whole index at
// every sync: counting starts at the first drop(), after which only keys whose last chunk left are looked at.
import type { StoredChunk } from './records';
import type { VectorStore } from './vector-store';

/** Reference counts of text keys by chunks (see IndexState.dropUnusedVectors). */
export class VectorRefs {
  /** Chunks per vector key, counted from the first drop() on (null before). */
  private refs: Map<string, number> | null = null;
  /** Keys whose last chunk left since the last drop(). */
  private readonly dropped = new Set<string>();

  /** Forgets the counts (chunks were replaced wholesale); the next drop() walks everything again. */
  reset(): void {
    this.refs = null;
  }

  /** A chunk with `key` joined. */
  added(key: string): void {
    if (this.refs) this.refs.set(key, (this.refs.get(key) ?? 0) + 1);
  }

  /** A chunk with `key` left. */
  removed(key: string): void {
    if (!this.refs) return;
    const n = (this.refs.get(key) ?? 1) - 1;
    if (n > 0) this.refs.set(key, n);
    else {
      this.refs.delete(key);
      this.dropped.add(key);
    }
  }

  /** Drops vectors none of `chunks` uses from `vectors`; returns how many. */
  drop(chunks: Iterable<StoredChunk>, vectors: VectorStore): number {
    let dropped = 0;
    if (!this.refs) {
      const refs = new Map<string, number>();
      for (const c of chunks) refs.set(c.key, (refs.get(c.key) ?? 0) + 1);
      for (const k of [...vectors.keys()]) {
        if (!refs.has(k)) {
          vectors.delete(k);
          dropped++;
        }
      }
      this.refs = refs;
    } else {
      for (const k of this.dropped) {
        if (!this.refs.has(k) && vectors.has(k)) {
          vectors.delete(k);
          dropped++;
        }
      }
    }
    this.dropped.clear();
    return dropped;
  }
}
