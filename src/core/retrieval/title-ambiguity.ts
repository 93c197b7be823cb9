// Citation labels use a note's title unless several notes share it; the count is kept per link graph version.
import type { RetrievalSource } from './source';

// Basename counts per link graph and version of its note set: one count serves every question until a note
// comes or goes.
const titleCounts = new WeakMap<object, { version: number; counts: Map<string, number> }>();

/** True for titles shared by several notes (their labels then use the full path). */
export function ambiguityCheck(src: RetrievalSource): (title: string) => boolean {
  const graph = src.graph;
  let cached = titleCounts.get(graph);
  if (!cached || cached.version !== graph.version) {
    const counts = new Map<string, number>();
    for (const note of graph.notes()) {
      const t = (note.split('/').pop() ?? note).replace(/\.md$/i, '').toLowerCase();
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    cached = { version: graph.version, counts };
    titleCounts.set(graph, cached);
  }
  const c = cached.counts;
  return (title) => (c.get(title.toLowerCase()) ?? 0) > 1;
}
