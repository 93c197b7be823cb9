// The distinct words of a text as integer ids, for MMR's overlaps: a word is a maximal run of three or more
// letters or digits (code points in \p{L} or \p{N}) of the lower-cased text, exactly what /[\p{L}\p{N}]{3,}/gu
// matches. One pass over the characters with the hash computed on the way and words interned in an open-addressing
// table: no regex match array, no substring for a word seen before, no string hashing (a regex and a Map cost
// twice as much, a tenth of a question's CPU when most candidates are new).

/** Interned words by id. */
const vocab: string[] = [];
let hashes = new Int32Array(1024);
/** Open addressing: word id per slot, -1 when empty; at most half full. */
let table = new Int32Array(1 << 12).fill(-1);
/** Last text (its stamp) each word id was seen in: de-duplicates a text's words without a Set. */
let seenIn = new Uint32Array(1024);
let stamp = 0;
const found: number[] = [];

/** Letter/digit class of UTF-16 units below 0x10000 (0 unknown, 1 word, 2 not), filled on first sight. */
const unitClass = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
for (let c = 0; c < 128; c++)
  unitClass[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 2;

function isWordUnit(c: number): boolean {
  let k = unitClass[c]!;
  if (k === 0) unitClass[c] = k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

/** FNV-1a step over one UTF-16 unit. */
function mix(h: number, c: number): number {
  return Math.imul(h ^ c, 16777619);
}

function intern(s: string, from: number, to: number, h: number): number {
  let mask = table.length - 1;
  for (let slot = h & mask; ; slot = (slot + 1) & mask) {
    const id = table[slot]!;
    if (id === -1) {
      const fresh = vocab.length;
      vocab.push(s.slice(from, to));
      if (fresh >= hashes.length) hashes = grown(hashes, fresh + 1);
      hashes[fresh] = h;
      table[slot] = fresh;
      if (vocab.length * 2 > table.length) {
        table = new Int32Array(table.length * 2).fill(-1);
        mask = table.length - 1;
        for (let w = 0; w < vocab.length; w++) {
          let at = hashes[w]! & mask;
          while (table[at] !== -1) at = (at + 1) & mask;
          table[at] = w;
        }
      }
      return fresh;
    }
    if (hashes[id] !== h) continue;
    const w = vocab[id]!;
    if (w.length !== to - from) continue;
    let k = 0;
    while (k < w.length && w.charCodeAt(k) === s.charCodeAt(from + k)) k++;
    if (k === w.length) return id;
  }
}

function grown<T extends Int32Array | Uint32Array>(a: T, need: number): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Ids of the distinct words of `text` (lower-cased, runs of 3+ letters or digits), in first-seen order. */
export function wordIds(text: string): Int32Array {
  const s = text.toLowerCase();
  const n = s.length;
  found.length = 0;
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    seenIn.fill(0);
    stamp = 1;
  }
  let i = 0;
  while (i < n) {
    const start = i;
    let points = 0;
    let h = 0x811c9dc5 | 0;
    while (i < n) {
      const u = s.charCodeAt(i);
      if (u >= 0xd800 && u <= 0xdfff) {
        // A letter or digit outside the BMP is a surrogate pair; a lone surrogate is neither.
        const lo = u <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (lo < 0xdc00 || lo > 0xdfff || !WORD_CHAR.test(s.slice(i, i + 2))) break;
        h = mix(mix(h, u), lo);
        i += 2;
      } else {
        if (!isWordUnit(u)) break;
        h = mix(h, u);
        i++;
      }
      points++;
    }
    if (points >= 3) {
      const id = intern(s, start, i, h);
      if (id >= seenIn.length) seenIn = grown(seenIn, id + 1);
      if (seenIn[id] !== stamp) {
        seenIn[id] = stamp;
        found.push(id);
      }
    }
    if (i === start) {
      const u = s.charCodeAt(i);
      const pair = u >= 0xd800 && u <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      i += pair ? 2 : 1;
    }
  }
  return Int32Array.from(found);
}

/** One more than the largest word id given so far. */
export function wordIdLimit(): number {
  return vocab.length;
}

/** The word of an id given by wordIds. */
export function wordOf(id: number): string {
  const w = vocab[id];
  if (w === undefined) throw new Error(`word-ids: no word ${id}`);
  return w;
}
