// The vector records a save writes (store.ts): one per note whose vectors changed, and what each holds, so
// that after the commit those vectors can leave memory (VectorStore.spill).
import { encodeVectors } from '../core/storage/index-records';
import type { RecordWrite } from '../core/storage/record-store';
import type { IndexState } from './index-state';

/** The writes of the notes in `state.dirtyVectors` to `collection`, and each written record's bytes. */
export function vectorWrites(
  state: IndexState,
  collection: string,
  dims: number,
  stored: ReadonlySet<string>,
): { writes: RecordWrite[]; spilled: [string, Uint8Array, string[]][] } {
  const writes: RecordWrite[] = [];
  const spilled: [string, Uint8Array, string[]][] = [];
  for (const path of state.dirtyVectors) {
    const rec = state.notes.get(path);
    // Vectors read from this note's record come back into memory before the record changes.
    if (stored.has(path)) state.vectors.unspill(path);
    const entries = new Map<string, Float32Array>();
    for (const id of rec?.chunks ?? []) {
      const key = state.chunks.get(id)?.key;
      const vec = key ? state.vectors.get(key) : undefined;
      if (key && vec) entries.set(key, vec);
    }
    if (rec && entries.size > 0) {
      const value = encodeVectors([...entries], dims);
      writes.push({ collection, key: path, value });
      spilled.push([path, value, [...entries.keys()]]);
    } else if (stored.has(path)) {
      writes.push({ collection, key: path, value: null });
    }
  }
  return { writes, spilled };
}
