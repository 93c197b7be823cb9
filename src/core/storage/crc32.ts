// CRC-32 (IEEE 802.3, as zlib and PNG use) in plain TypeScript, for record checksums where no native one exists
// (the plugin's worker). Node's backend uses zlib.crc32, which gives the same values.

let table: Uint32Array | null = null;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** CRC-32 of `bytes` (unsigned); `value`: the CRC-32 of the bytes before them, to continue it (as zlib's). */
export function crc32(bytes: Uint8Array, value = 0): number {
  table ??= makeTable();
  let c = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
