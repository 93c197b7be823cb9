// A bulk build of the lexical postings (Postings.addBulk): the chunks are visited twice, once to number their
// terms and count each list, once to write each posting straight into its place in one exactly sized compact base
// (6 bytes a posting). Adding chunk by chunk instead appends to linked tails (12 bytes a posting, plus the growth
// of their arrays), which at 50k notes held ~300 MB at the peak of the first save.
import type { FieldTerms } from './lexical-terms';
import { grownU32, storedTf } from './posting-arrays';

const MODULE = 'lexical-postings';

/** Visits every chunk (id, fields in index order; read during the call only); once per pass, the same chunks. */
export type BulkChunks = (visit: (id: string, fields: readonly FieldTerms[]) => void) => void;

/** What a bulk build made: chunks numbered 0..n-1 in visit order, and compact lists as fromCompact takes them. */
export interface BulkPostings {
  ids: string[];
  /** Per chunk and field (chunk·F + field): unique raw tokens. */
  fieldLen: Uint32Array;
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
}

/** The postings' term numbering during a build. */
export interface BulkTerms {
  /** Calls `fn` with each term's id (numbered on first sight) and frequency. */
  forEachTermId(field: FieldTerms, fn: (t: number, tf: number) => void): void;
  /** Terms numbered so far. */
  count(): number;
}

/**
 * Builds the lists of `each`'s chunks over `fields` fields. `avg` (per field) is updated as adding the chunks one
 * by one to empty postings updates it (MiniSearch's running average, same operations in the same order).
 */
export function bulkPostings(each: BulkChunks, terms: BulkTerms, fields: number, avg: number[]): BulkPostings {
  const F = fields;
  const ids: string[] = [];
  const seen = new Set<string>();
  let fieldLen: Uint32Array = new Uint32Array(0);
  let counts: Uint32Array = new Uint32Array(1024);
  each((id, chunk) => {
    if (seen.has(id)) throw new Error(`${MODULE}: duplicate id ${id}`);
    seen.add(id);
    const s = ids.length;
    ids.push(id);
    fieldLen = grownU32(fieldLen, (s + 1) * F);
    for (let f = 0; f < F; f++) {
      const length = chunk[f]!.length;
      fieldLen[s * F + f] = length;
      avg[f] = ((avg[f] || 0) * s + length) / (s + 1);
      terms.forEachTermId(chunk[f]!, (t) => {
        const l = t * F + f;
        if (l >= counts.length) counts = grownU32(counts, l + 1);
        counts[l]!++;
      });
    }
  });
  seen.clear();
  const lists = terms.count() * F;
  if (counts.length < lists) counts = grownU32(counts, lists);
  const offsets = new Uint32Array(lists + 1);
  for (let l = 0; l < lists; l++) offsets[l + 1] = offsets[l]! + counts[l]!;
  const docs = new Uint32Array(offsets[lists]!);
  const tfs = new Uint16Array(offsets[lists]!);
  // counts becomes each list's write position.
  const at = counts;
  at.set(offsets.subarray(0, lists));
  let s = 0;
  each((id, chunk) => {
    if (ids[s] !== id) throw new Error(`${MODULE}: addBulk visited other chunks the second time`);
    for (let f = 0; f < F; f++) {
      terms.forEachTermId(chunk[f]!, (t, tf) => {
        const p = at[t * F + f]!++;
        docs[p] = s;
        tfs[p] = storedTf(tf);
      });
    }
    s++;
  });
  for (let l = 0; l < lists; l++) if (at[l] !== offsets[l + 1]) throw new Error(`${MODULE}: addBulk visits differ`);
  if (s !== ids.length) throw new Error(`${MODULE}: addBulk visits differ`);
  return { ids, fieldLen: fieldLen.slice(0, ids.length * F), offsets, docs, tfs };
}
