// `node:os` in the worker bundle: byte order only (every platform Obsidian runs on is little-endian; checked).
export function endianness(): 'LE' | 'BE' {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'LE' : 'BE';
}
