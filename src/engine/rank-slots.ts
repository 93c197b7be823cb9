// The open-addressing table of a compact rank table (compact-ranks.ts writes it, rank-lookup.ts reads it): slot →
// rank + 1 (0: empty), found by an FNV-1a hash of a token's UTF-16 code units, linear probing, at most half full.

/** FNV-1a over `s`'s code units [from, from + len). */
export function rankHash(s: string, from: number, len: number): number {
  let h = 0x811c9dc5;
  for (let i = from, end = from + len; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Slot count for `n` ranks: a power of two, at least twice n. */
export function slotCount(n: number): number {
  let size = 1;
  while (size < n * 2) size <<= 1;
  return size;
}

/**
 * The table of the string tokens of `text` (joined; token r has `lengths[r]` code units, 0 for a byte-sequence
 * token): a text given twice keeps its last rank, as gpt-tokenizer's Map.set does.
 */
export function buildSlots(text: string, lengths: Uint32Array): Int32Array {
  const n = lengths.length;
  const offsets = new Uint32Array(n);
  const slots = new Int32Array(slotCount(n));
  const mask = slots.length - 1;
  let at = 0;
  for (let r = 0; r < n; r++) {
    const len = lengths[r]!;
    offsets[r] = at;
    if (len === 0) continue;
    let h = rankHash(text, at, len) & mask;
    for (;;) {
      const s = slots[h]!;
      if (s === 0 || sameText(text, offsets[s - 1]!, lengths[s - 1]!, at, len)) break;
      h = (h + 1) & mask;
    }
    slots[h] = r + 1;
    at += len;
  }
  if (at !== text.length) throw new Error('rank-slots: string lengths do not add up');
  return slots;
}

function sameText(text: string, a: number, alen: number, b: number, blen: number): boolean {
  if (alen !== blen) return false;
  for (let i = 0; i < alen; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** The table as little-endian bytes. */
export function slotBytes(slots: Int32Array): Uint8Array {
  const out = new Uint8Array(slots.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < slots.length; i++) view.setInt32(i * 4, slots[i]!, true);
  return out;
}

/** A table from slotBytes() bytes (copied: aligned, and the file's bytes may be released). */
export function slotsFrom(bytes: Uint8Array): Int32Array {
  const slots = new Int32Array(bytes.length >> 2);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) new Uint8Array(slots.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < slots.length; i++) slots[i] = view.getInt32(i * 4, true);
  }
  return slots;
}
