// The growable typed arrays of the lexical postings (posting-lists.ts, bulk-postings.ts), and how a frequency is stored.

/** `a`, or a copy grown to at least `need` elements (doubling). */
export function grownU32(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const next = new Uint32Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
}

/** The largest frequency a list stores: a posting's frequency is two bytes (a chunk holds at most a few hundred
 * tokens; BM25 has long saturated before this), which at 50k notes is ~40 MB less than four. */
export const MAX_TF = 0xffff;

/** `tf` as the lists store it (capped at MAX_TF). */
export function storedTf(tf: number): number {
  return tf > MAX_TF ? MAX_TF : tf;
}

/** `a`, or a copy grown to at least `need` elements (doubling). */
export function grownU16(a: Uint16Array, need: number): Uint16Array {
  if (need <= a.length) return a;
  const next = new Uint16Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
}

/** As grownU32; new elements are -1 (no link). */
export function grownI32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2, 16)).fill(-1);
  next.set(a);
  return next;
}

/** As grownU32, for bytes. */
export function grownU8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  const next = new Uint8Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
}
