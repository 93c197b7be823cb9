// A note pulled in by the link graph is represented by one chunk: the one nearest the question.
import type { Chunk } from '../types';
import type { RetrievalSource } from './source';

/** The chunk of `note` closest to the query vector (or its first chunk without one). */
export function bestChunkOf(note: string, src: RetrievalSource, query: Float32Array | null): Chunk | null {
  const ids = src.chunksOf(note);
  if (ids.length === 0) return null;
  if (query && src.vectorOf) {
    // The note's own vectors, scored directly: exact, and no filtered index search per note.
    let best: string | undefined;
    let bestScore = -Infinity;
    for (const id of ids) {
      const v = src.vectorOf(id);
      if (!v || v.length !== query.length || !src.chunks.has(id)) continue;
      let s = 0;
      for (let i = 0; i < v.length; i++) s += query[i]! * v[i]!;
      if (s > bestScore) {
        bestScore = s;
        best = id;
      }
    }
    if (best) return src.chunks.get(best)!;
  } else if (query) {
    const labels = new Set(ids.map((id) => src.labelOf(id)).filter((l): l is number => l !== undefined));
    const hit = src.vectors.search(query, 1, (l) => labels.has(l))[0];
    const id = hit && src.idOf(hit.label);
    if (id && src.chunks.has(id)) return src.chunks.get(id)!;
  }
  return src.chunks.get(ids[0]!) ?? null;
}
