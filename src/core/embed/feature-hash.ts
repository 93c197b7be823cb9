// Feature hashing of the local embedder: a feature string to a signed slot of the vector (random signs keep
// inner products unbiased on average). Part of the passage vectors' definition: changing it changes every vector.

/** FNV-1a 32-bit hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Feature hashing: the signed slot of a feature, as ±(index + 1). */
export function hashSlot(feature: string, dims: number): number {
  const index = (fnv1a(feature) % dims) + 1;
  return (fnv1a(`±${feature}`) & 1) === 0 ? index : -index;
}
