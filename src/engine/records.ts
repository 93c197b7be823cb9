// The engine's per-note and per-chunk records; defined in core (the plugin's worker stores the same ones).
import type { Chunk } from '../core/types';
import type { StoredChunk } from '../core/storage/index-records';

export type { NoteRecord, StoredChunk } from '../core/storage/index-records';

/**
 * A stored chunk as one object literal of fixed shape. Spreading a chunk that came from a worker (structured
 * clone) gave each chunk its own hidden class: ~360 bytes of V8 map and descriptors per chunk (75 MB at 214k).
 */
export function storedChunk(c: Chunk, label: number, key: string): StoredChunk {
  const out: StoredChunk = {
    id: c.id,
    note: c.note,
    title: c.title,
    headingPath: c.headingPath,
    text: c.text,
    tokens: c.tokens,
    order: c.order,
    startLine: c.startLine,
    endLine: c.endLine,
    label,
    key,
  };
  if (c.displayTitle !== undefined) out.displayTitle = c.displayTitle;
  return out;
}
