// Reads one committed entry of a segment file back, synchronously, where the store's key index says it is: the
// vector store reads a note's vectors from disk when they are needed instead of holding every vector in memory
// (vector-store.ts). Segment files never change once committed (a commit or a compaction writes a new one), so a
// file descriptor stays valid for the entries it holds; each read is checked again (frame, CRC-32, key) exactly as
// a load checks it.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { FRAME_BYTES, parseBody } from './segment-format';
import type { EntryLoc } from './segment-copy';

const MODULE = 'entry-reader';

/** Open segment files of one store folder, read entry by entry. */
export class EntryReader {
  private readonly fds = new Map<string, number>();

  constructor(private readonly folder: string) {}

  /**
   * The value of the entry at `loc`, which must be the put of (collection, key); throws an `entry-reader:` error
   * when the bytes there are not that entry any more (the file was changed or cut behind the store's back).
   */
  read(loc: EntryLoc, collection: string, key: string): Uint8Array {
    const buf = Buffer.allocUnsafe(loc.length);
    const fd = this.fd(loc.file);
    let got = 0;
    while (got < loc.length) {
      const n = readSync(fd, buf, got, loc.length - got, loc.offset + got);
      if (n === 0) break;
      got += n;
    }
    const bad = (why: string): never => {
      throw new Error(
        `${MODULE}: segment ${loc.file} changed since the index was opened (${why} at byte ${loc.offset})`,
      );
    };
    if (got < loc.length) bad('truncated');
    const bodyLength = buf.readUInt32LE(0);
    if (FRAME_BYTES + bodyLength !== loc.length) bad('frame');
    const body = buf.subarray(FRAME_BYTES);
    if (crc32(body) !== buf.readUInt32LE(4)) bad('checksum');
    const entry = parseBody(body, loc.offset, loc.length);
    if (!entry || entry.collection !== collection || entry.key !== key || entry.value === null) bad('another record');
    return entry!.value!;
  }

  /**
   * Reads `length` bytes into `into` from `back` bytes before the end of the entry at `loc` (a value is the end of
   * its entry): part of a value checked when the segment was read, not checked again (see readTailSync).
   */
  readTail(loc: EntryLoc, back: number, into: Uint8Array, length: number): void {
    if (back > loc.length || length > back || length > into.length)
      throw new Error(`${MODULE}: bad span ${back}/${length} of an entry of ${loc.length} bytes`);
    const fd = this.fd(loc.file);
    const pos = loc.offset + loc.length - back;
    let got = 0;
    while (got < length) {
      const n = readSync(fd, into, got, length - got, pos + got);
      if (n === 0) break;
      got += n;
    }
    if (got < length)
      throw new Error(`${MODULE}: segment ${loc.file} changed since the index was opened (truncated at byte ${pos})`);
  }

  /** Closes the files of segments a compaction removed (their entries live in the new segment now). */
  forget(files: Iterable<string>): void {
    for (const f of files) {
      const fd = this.fds.get(f);
      if (fd === undefined) continue;
      this.fds.delete(f);
      closeSync(fd);
    }
  }

  /** Closes every open file. */
  close(): void {
    this.forget([...this.fds.keys()]);
  }

  private fd(file: string): number {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openSync(join(this.folder, file), 'r');
      this.fds.set(file, fd);
    }
    return fd;
  }
}
