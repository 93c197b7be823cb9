// The retriever's read-only view of an engine's index: live getters, so the view stays valid across syncs and
// embedder switches.
import type { Chunk, Embedder } from '../core/types';
import type { RetrievalSource } from '../core/retrieval/source';
import type { IndexState } from './index-state';
import type { NoteRecord } from './records';
import { denseIndex } from './dense-search';

/** What the retriever (ask, bench) reads: the RetrievalSource plus note records and the vault's token count. */
export interface RetrievalView extends RetrievalSource {
  notes: ReadonlyMap<string, NoteRecord>;
  /** Tokens of the whole vault (every indexed note's full text). */
  fullTokens: number;
}

/** Builds a view over whatever state `current()` returns at each access. */
export function createView(current: () => { state: IndexState; embedder: Embedder }): RetrievalView {
  const st = (): IndexState => current().state;
  return {
    get chunks(): ReadonlyMap<string, Chunk> {
      return st().chunks;
    },
    labelOf: (id) => st().chunks.get(id)?.label,
    idOf: (label) => st().idOf(label),
    get vectors() {
      return denseIndex(st());
    },
    vectorOf: (id, into) => {
      const s = st();
      const c = s.chunks.get(id);
      return c ? s.vectors.get(c.key, into) : undefined;
    },
    get lexical() {
      return st().lexical;
    },
    get graph() {
      return st().graph();
    },
    get embedder() {
      return current().embedder;
    },
    chunksOf: (note) => st().notes.get(note)?.chunks ?? [],
    aliasesOf: (note) => st().notes.get(note)?.aliases ?? [],
    get notes(): ReadonlyMap<string, NoteRecord> {
      return st().notes;
    },
    get fullTokens() {
      return st().fullTokens();
    },
  };
}
