// An in-memory RetrievalSource built straight from note texts: used by tests and by quick experiments, where the
// engine's persistence is not wanted. The engine builds the same structures incrementally on disk.
import type { Chunk, Embedder, VectorIndex } from '../types';
import { DEFAULT_CHUNKER, type ChunkerOptions } from '../markdown/chunk-note';
import { prepareNote } from '../markdown/prepare-note';
import { LexicalIndex, type LexicalOptions } from '../index/lexical-index';
import { lexicalDocOf } from '../index/lexical-doc';
import { ExactIndex } from '../index/exact-index';
import { LinkGraph } from '../graph/link-graph';
import type { RetrievalSource } from './source';

/** Builds every index over `notes` in memory (exact vector search unless `vectors` is given). */
export async function buildMemorySource(
  notes: readonly { path: string; text: string }[],
  embedder: Embedder,
  opts: { chunker?: ChunkerOptions; vectors?: VectorIndex; lexical?: Partial<LexicalOptions> } = {},
): Promise<RetrievalSource & { fullTokens: number }> {
  await embedder.init();
  // The same per-note pipeline as the engine: hygiene, guard, and the whole-note count of what an LLM is given.
  const prepared = notes.map((n) => prepareNote(n.path, n.text, opts.chunker ?? DEFAULT_CHUNKER));
  const parsed = prepared.map((p) => p.parsed);
  const chunks = new Map<string, Chunk>();
  const byNote = new Map<string, string[]>();
  const aliases = new Map<string, string[]>();
  const lexical = new LexicalIndex(opts.lexical);
  for (const { parsed: p, chunks: cs } of prepared) {
    aliases.set(p.path, p.aliases);
    byNote.set(
      p.path,
      cs.map((c) => c.id),
    );
    for (const c of cs) {
      chunks.set(c.id, c);
      lexical.add(lexicalDocOf(c, p.aliases));
    }
  }
  const ids = [...chunks.keys()];
  const labels = new Map(ids.map((id, i) => [id, i]));
  const vectors = opts.vectors ?? new ExactIndex(embedder.fingerprint.dims);
  const batch = 256;
  for (let i = 0; i < ids.length; i += batch) {
    const slice = ids.slice(i, i + batch);
    const vecs = await embedder.embed(
      slice.map((id) => chunks.get(id)!.text),
      'passage',
    );
    slice.forEach((id, j) => vectors.upsert(labels.get(id)!, vecs[j]!));
  }
  const fit = (embedder as { fitQueryWeights?: (t: Iterable<string>) => void }).fitQueryWeights;
  if (fit)
    fit.call(
      embedder,
      [...chunks.values()].map((c) => c.text),
    );
  const fullTokens = prepared.reduce((s, p) => s + p.fullTokens, 0);
  return {
    chunks,
    labelOf: (id) => labels.get(id),
    idOf: (label) => ids[label],
    vectors,
    lexical,
    graph: new LinkGraph(parsed),
    embedder,
    chunksOf: (note) => byNote.get(note) ?? [],
    aliasesOf: (note) => aliases.get(note) ?? [],
    fullTokens,
  };
}
