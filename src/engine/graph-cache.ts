// The link graph file (cache/graph.cache, inside the store's checksummed envelope): magic "OVLG", format version,
// the chunker signature (links and aliases are what the parser of that chunker found), then per note, sorted by
// path: its sha256 and aliases, its resolved outlinks as note numbers with link counts, its unresolved targets;
// then the notes' names sorted by link key (paths, basenames, aliases), so a patch resolves without maps.
// An open reads the graph from it for the notes whose sha256 still matches and patches the others (graph-patch.ts),
// instead of resolving every link of the vault on the first question. Bump VERSION when link resolution changes.
import type { LinkBaseData } from '../core/graph/link-base';
import { ByteWriter } from '../core/storage/byte-codec';
import { cacheHeaderFits, readCacheHeader } from './cache-header';

const MAGIC = [0x4f, 0x56, 0x4c, 0x47]; // "OVLG"
/** 1: first version (link-resolver.ts's rules as of 0.2.0). */
export const GRAPH_CACHE_VERSION = 1;

/** A decoded graph file: the compact graph and each note's sha256 when it was made. */
export interface GraphSnapshotLoad {
  base: LinkBaseData;
  shas: readonly string[];
}

/** The file's bytes for a graph in compact form and the notes' sha256 (by the base's note order). */
export function encodeGraphCache(chunker: string, base: LinkBaseData, shas: readonly string[]): Uint8Array {
  const n = base.paths.length;
  if (shas.length !== n) throw new Error('graph-cache: one sha256 per note expected');
  const w = new ByteWriter(64 + n * 96 + base.outTo.length * 4);
  w.bytes(Uint8Array.from(MAGIC));
  w.varint(GRAPH_CACHE_VERSION);
  w.strings([chunker]);
  w.strings(base.paths);
  w.strings(shas);
  for (const a of base.aliases) w.varint(a.length);
  w.strings(base.aliases.flat());
  for (let i = 0; i < n; i++) w.varint(base.outStart[i + 1]! - base.outStart[i]!);
  for (let k = 0; k < base.outTo.length; k++) {
    w.varint(base.outTo[k]!);
    w.varint(base.outCount[k]!);
  }
  for (let i = 0; i < n; i++) w.varint(base.missStart[i + 1]! - base.missStart[i]!);
  w.strings(base.missing);
  for (const order of [base.pathOrder, base.nameOrder]) for (const i of order) w.varint(i);
  w.varint(base.aliasNote.length);
  for (let k = 0; k < base.aliasNote.length; k++) {
    w.varint(base.aliasNote[k]!);
    w.varint(base.aliasAt[k]!);
  }
  return w.finish();
}

/** True when `bytes` start as a graph file of this version for this chunker (checked at open, parsed on first use). */
export function graphCacheFits(bytes: Uint8Array, chunker: string): boolean {
  return cacheHeaderFits(bytes, MAGIC, GRAPH_CACHE_VERSION, chunker);
}

/**
 * The graph of `bytes` if they are a graph file of this version for this chunker, whole and consistent (paths
 * sorted and unique, note numbers in range, no self-links, counts positive); null otherwise: the graph is then
 * built from the notes, never trusted.
 */
export function decodeGraphCache(bytes: Uint8Array, chunker: string): GraphSnapshotLoad | null {
  try {
    const r = readCacheHeader(bytes, MAGIC, GRAPH_CACHE_VERSION, chunker);
    if (!r) return null;
    const paths = r.strings();
    const n = paths.length;
    for (let i = 1; i < n; i++) if (!(paths[i - 1]! < paths[i]!)) return null;
    const shas = r.strings();
    if (shas.length !== n) return null;
    const aliasCount = new Uint32Array(n);
    for (let i = 0; i < n; i++) aliasCount[i] = r.bounded(bytes.length, 'alias count');
    const flat = r.strings();
    const aliases: string[][] = new Array<string[]>(n);
    let a = 0;
    for (let i = 0; i < n; i++) {
      aliases[i] = flat.slice(a, a + aliasCount[i]!);
      a += aliasCount[i]!;
    }
    if (a !== flat.length) return null;
    // Flat position of note i's first alias (only notes with aliases are asked).
    const aliasFrom = new Map<number, number>();
    for (let i = 0, at = 0; i < n; at += aliasCount[i]!, i++) if (aliasCount[i]! > 0) aliasFrom.set(i, at);
    const a0 = (i: number): number => aliasFrom.get(i)!;
    const outStart = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) outStart[i + 1] = outStart[i]! + r.bounded(n, 'outlink count');
    const edges = outStart[n]!;
    const outTo = new Uint32Array(edges);
    const outCount = new Uint32Array(edges);
    for (let i = 0, k = 0; i < n; i++) {
      for (; k < outStart[i + 1]!; k++) {
        const to = r.bounded(n - 1, 'note number');
        const c = r.bounded(0xffffffff, 'link count');
        if (to === i || c === 0) return null;
        outTo[k] = to;
        outCount[k] = c;
      }
    }
    const missStart = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) missStart[i + 1] = missStart[i]! + r.bounded(bytes.length, 'unresolved count');
    const missing = r.strings();
    if (missing.length !== missStart[n]) return null;
    // The name orders: each a permutation of the notes; every non-blank alias once. (Their order is the writer's,
    // under the file's checksum: checking it would compute every note's keys, what the file spares.)
    const permutation = (): Uint32Array | null => {
      const order = new Uint32Array(n);
      const seen = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        const i = (order[k] = r.bounded(n - 1, 'note number'));
        if (seen[i] === 1) return null;
        seen[i] = 1;
      }
      return order;
    };
    const pathOrder = permutation();
    const nameOrder = permutation();
    if (!pathOrder || !nameOrder) return null;
    const named = aliases.reduce((s, list) => s + list.filter((a) => a.trim() !== '').length, 0);
    if (r.varint() !== named) return null;
    const aliasNote = new Uint32Array(named);
    const aliasAt = new Uint32Array(named);
    const seenAlias = new Set<number>();
    for (let k = 0; k < named; k++) {
      const i = (aliasNote[k] = r.bounded(n - 1, 'note number'));
      const j = (aliasAt[k] = r.bounded(aliasCount[i]! - 1, 'alias'));
      if (aliases[i]![j]!.trim() === '' || seenAlias.has(a0(i) + j)) return null;
      seenAlias.add(a0(i) + j);
    }
    if (!r.done) return null;
    const orders = { pathOrder, nameOrder, aliasNote, aliasAt };
    return { base: { paths, aliases, outStart, outTo, outCount, missStart, missing, ...orders }, shas };
  } catch {
    return null; // checksum right but not a graph file of this version: built from the notes
  }
}
