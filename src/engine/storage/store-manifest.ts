// The fs record store's manifest (the commit record: committed segments in order) and segment file helpers.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemps } from '../atomic-file';

/** Version of this folder layout (manifest + segments). */
export const STORE_LAYOUT_VERSION = 2;
/** The manifest's file name and the segments' folder, in the store's folder. */
export const MANIFEST = 'manifest.json';
export const SEGMENTS = 'segments';

/** A committed segment as the manifest lists it. */
export interface SegmentEntry {
  file: string;
  bytes: number;
  records: number;
}

/** manifest.json of the record store. */
export interface StoreManifest {
  format: 'overlay-record-store';
  formatVersion: number;
  nextSegment: number;
  segments: SegmentEntry[];
  updatedAt: string;
}

/** An empty store's manifest. */
export function freshManifest(): StoreManifest {
  return {
    format: 'overlay-record-store',
    formatVersion: STORE_LAYOUT_VERSION,
    nextSegment: 1,
    segments: [],
    updatedAt: '',
  };
}

/** Parses manifest.json: this store's manifest, or `{ foreign }` for another format's (an older index). */
export function parseStoreManifest(text: string): StoreManifest | { foreign: unknown } {
  const m = JSON.parse(text) as Partial<StoreManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 'overlay-record-store') return { foreign: m };
  const ok =
    m.formatVersion === STORE_LAYOUT_VERSION &&
    Number.isInteger(m.nextSegment) &&
    Array.isArray(m.segments) &&
    m.segments.every(
      (s) =>
        typeof s?.file === 'string' &&
        /^\d+\.seg$/.test(s.file) &&
        Number.isInteger(s.bytes) &&
        Number.isInteger(s.records),
    );
  if (!ok) throw new Error(`store-manifest: manifest of layout ${String(m.formatVersion)} not understood`);
  return m as StoreManifest;
}

/** File name of segment number `n`. */
export function segmentName(n: number): string {
  return `${String(n).padStart(8, '0')}.seg`;
}

/** The number after the highest segment number listed. */
export function nextNumber(segs: readonly SegmentEntry[]): number {
  return segs.reduce((m, s) => Math.max(m, Number.parseInt(s.file, 10) + 1), 1);
}

/** Segments on disk in number order (used only when the manifest is lost). */
export async function listSegmentFiles(dir: string): Promise<SegmentEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(join(dir, SEGMENTS));
  } catch {
    return [];
  }
  const files = names.filter((n) => /^\d+\.seg$/.test(n)).sort();
  return Promise.all(
    files.map(async (file) => ({ file, bytes: (await fs.stat(join(dir, SEGMENTS, file))).size, records: 0 })),
  );
}

/** Writes a new file and fsyncs it (a segment: the manifest that lists it is written after). */
export async function writeSynced(file: string, data: Buffer): Promise<void> {
  const handle = await fs.open(file, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The manifest of the store in `dir` (a fresh one when there is none). A damaged manifest is replaced by the
 * segments found on disk, in order of their numbers (a problem says so); one of another format is `foreign`.
 */
export async function readStoreManifest(
  dir: string,
): Promise<{ manifest: StoreManifest; problems: string[]; foreign: unknown }> {
  let manifest = freshManifest();
  const problems: string[] = [];
  let foreign: unknown;
  let text: string | null = null;
  try {
    text = await fs.readFile(join(dir, MANIFEST), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== null) {
    try {
      const parsed = parseStoreManifest(text);
      if ('foreign' in parsed) foreign = parsed.foreign;
      else manifest = parsed;
    } catch (e) {
      // A damaged manifest: committed segments are still on disk, in order of their numbers; read them all.
      manifest = { ...freshManifest(), segments: await listSegmentFiles(dir) };
      manifest.nextSegment = nextNumber(manifest.segments);
      problems.push(`${MANIFEST} unreadable (${e instanceof Error ? e.message : String(e)}): segments read from disk`);
    }
  }
  return { manifest, problems, foreign };
}

/**
 * The first segment a compaction rewrites (it and all after it become one), or null for none: all of them when
 * `whole` (too much garbage, damage, forced), else, past `maxSegments`, the newest ones that together are smaller
 * than the one before them (a size-tiered log).
 */
export function compactionStart(
  segs: readonly { bytes: number }[],
  whole: boolean,
  maxSegments: number,
): number | null {
  if (segs.length === 0) return null;
  if (whole) return 0;
  if (segs.length <= maxSegments) return null;
  let from = segs.length - 1;
  let sum = segs[from]!.bytes;
  while (from > 0 && segs[from - 1]!.bytes <= 2 * sum) {
    from--;
    sum += segs[from]!.bytes;
  }
  return segs.length - from < 2 ? segs.length - 2 : from;
}

/** Compact when garbage exceeds this share of the segment bytes... */
const GARBAGE_RATIO = 0.5;
/** ...and there is at least this much garbage (small stores are not worth rewriting). */
const MIN_GARBAGE_BYTES = 1 << 20;
/** More segments than this and the small newest ones are merged. */
const MAX_SEGMENTS = 16;

/** The store's compaction policy: the first segment to rewrite (compactionStart), or null when none is due. */
export function compactionDue(
  segs: readonly { bytes: number }[],
  o: { segmentBytes: number; liveBytes: number; damaged: boolean; force?: boolean | undefined },
): number | null {
  const garbage = o.segmentBytes - o.liveBytes;
  const whole =
    o.force === true || o.damaged || (garbage >= MIN_GARBAGE_BYTES && garbage > GARBAGE_RATIO * o.segmentBytes);
  return compactionStart(segs, whole, MAX_SEGMENTS);
}

/** Deletes segments `manifest` does not list (a crash between a segment and its manifest) and stray temp files. */
export async function removeUnlisted(location: string, manifest: StoreManifest): Promise<void> {
  const listed = new Set(manifest.segments.map((s) => s.file));
  let names: string[];
  try {
    names = await fs.readdir(join(location, SEGMENTS));
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((n) => /^\d+\.seg$/.test(n) && !listed.has(n))
      .map((n) => fs.rm(join(location, SEGMENTS, n), { force: true })),
  );
  await removeStaleTemps(location);
}
