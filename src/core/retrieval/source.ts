// What the retriever needs from an index, as a narrow interface (the engine's view satisfies it; tests can
// build one from real components over a handful of notes).
import type { Chunk, Embedder, VectorIndex } from '../types';
import type { LexicalIndex } from '../index/lexical-index';
import type { LinkGraph } from '../graph/link-graph';

/** Read access to one vault's chunks, indexes and link graph. */
export interface RetrievalSource {
  chunks: ReadonlyMap<string, Chunk>;
  labelOf(id: string): number | undefined;
  idOf(label: number): string | undefined;
  vectors: VectorIndex;
  lexical: LexicalIndex;
  graph: LinkGraph;
  embedder: Embedder;
  /** Chunk ids of a note in reading order. */
  chunksOf(note: string): readonly string[];
  /**
   * The stored vector of a chunk, when the source keeps them in memory (exact per-note scoring); decoded into `into`
   * when given (a caller scanning many vectors reuses one array), else a fresh array or the source's own.
   */
  vectorOf?(id: string, into?: Float32Array): Float32Array | undefined;
  /** Aliases of a note (frontmatter). */
  aliasesOf(note: string): readonly string[];
}

/** Which signals the retriever uses; each is measured separately by `overlay bench --retriever`. */
export type RetrieverMode = 'bm25' | 'dense' | 'hybrid' | 'hybrid+graph';

/** All retriever modes, for validation and bench tables. */
export const RETRIEVER_MODES: readonly RetrieverMode[] = ['bm25', 'dense', 'hybrid', 'hybrid+graph'];
