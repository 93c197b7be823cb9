// A link graph in compact form (what graph.cache holds): note paths sorted, each note's resolved outlinks as note
// numbers with link counts (in order of first appearance) and its unresolved targets. A LinkGraph built on it
// reads a note from here the first time the note is touched, so the first question after open costs what the
// notes it touches cost, not a resolution of every link in the vault. Backlinks are derived from the outlinks in
// one pass over typed arrays when first asked for. The notes' names (path, basename, aliases) are sorted by their
// link keys in the file too, so a note edited since is resolved by binary search instead of maps of every note.
import { aliasKey, basenameKey, pathKey, type NameIndex } from './link-resolver';

/** The compact graph; every array is checked by the reader that made it (graph-cache.ts). */
export interface LinkBaseData {
  /** Note paths, sorted by UTF-16 code units (the order of `<`), unique. */
  paths: readonly string[];
  /** Aliases per note (what patching a renamed note needs to know of its old names). */
  aliases: readonly (readonly string[])[];
  /** Outlinks of note i: to[outStart[i] .. outStart[i + 1]) with their link counts in count[]. */
  outStart: Uint32Array;
  outTo: Uint32Array;
  outCount: Uint32Array;
  /** Unresolved targets of note i: missing[missStart[i] .. missStart[i + 1]). */
  missStart: Uint32Array;
  missing: readonly string[];
  /** Note numbers sorted by pathKey, and by basenameKey (ties in any order). */
  pathOrder: Uint32Array;
  nameOrder: Uint32Array;
  /** The non-blank aliases sorted by aliasKey: note number and index in its aliases. */
  aliasNote: Uint32Array;
  aliasAt: Uint32Array;
}

/** The sorted name orders of `paths` and `aliases` (what LinkBaseData holds beside the links). */
export function nameOrders(
  paths: readonly string[],
  aliases: readonly (readonly string[])[],
): Pick<LinkBaseData, 'pathOrder' | 'nameOrder' | 'aliasNote' | 'aliasAt'> {
  const order = (keys: readonly string[]): Uint32Array =>
    Uint32Array.from(
      keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b)),
    );
  const entries: [string, number, number][] = [];
  aliases.forEach((list, i) =>
    list.forEach((a, j) => {
      const k = aliasKey(a);
      if (k !== null) entries.push([k, i, j]);
    }),
  );
  entries.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2]));
  return {
    pathOrder: order(paths.map(pathKey)),
    nameOrder: order(paths.map(basenameKey)),
    aliasNote: Uint32Array.from(entries, (e) => e[1]),
    aliasAt: Uint32Array.from(entries, (e) => e[2]),
  };
}

/** Read access to a LinkBaseData by path, and its notes' names for a LinkResolver. */
export class LinkBase implements NameIndex {
  private backStart: Uint32Array | null = null;
  private backFrom: Uint32Array | null = null;

  constructor(readonly data: LinkBaseData) {}

  /** Number of `path`, or -1 (binary search over the sorted paths). */
  numberOf(path: string): number {
    const paths = this.data.paths;
    let lo = 0;
    let hi = paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (paths[mid]! < path) lo = mid + 1;
      else hi = mid;
    }
    return lo < paths.length && paths[lo] === path ? lo : -1;
  }

  /** Outlinks of `path` with counts, in order of first appearance (empty when not a note of the base). */
  out(path: string): Map<string, number> {
    const d = this.data;
    const i = this.numberOf(path);
    const m = new Map<string, number>();
    if (i < 0) return m;
    for (let k = d.outStart[i]!, end = d.outStart[i + 1]!; k < end; k++) m.set(d.paths[d.outTo[k]!]!, d.outCount[k]!);
    return m;
  }

  /** Notes linking to `path`. */
  back(path: string): Set<string> {
    const i = this.numberOf(path);
    const s = new Set<string>();
    if (i < 0) return s;
    if (!this.backStart) this.buildBack();
    const start = this.backStart!;
    const from = this.backFrom!;
    for (let k = start[i]!, end = start[i + 1]!; k < end; k++) s.add(this.data.paths[from[k]!]!);
    return s;
  }

  /** Unresolved targets of `path`, as first written. */
  missing(path: string): string[] {
    const d = this.data;
    const i = this.numberOf(path);
    return i < 0 ? [] : d.missing.slice(d.missStart[i]!, d.missStart[i + 1]!);
  }

  /** Aliases `path` had when the base was made. */
  aliasesOf(path: string): readonly string[] {
    const i = this.numberOf(path);
    return i < 0 ? [] : this.data.aliases[i]!;
  }

  /** Whether `path` is a note of the base. */
  hasNote(path: string): boolean {
    return this.numberOf(path) >= 0;
  }

  withPath(key: string): string[] {
    const { paths, pathOrder } = this.data;
    return this.equalRange(pathOrder.length, key, (i) => paths[pathOrder[i]!]!, pathKey);
  }

  withBasename(key: string): string[] {
    const { paths, nameOrder } = this.data;
    return this.equalRange(nameOrder.length, key, (i) => paths[nameOrder[i]!]!, basenameKey);
  }

  withAlias(key: string): string[] {
    const { paths, aliases, aliasNote, aliasAt } = this.data;
    const out: string[] = [];
    const keyAt = (i: number): string => aliasKey(aliases[aliasNote[i]!]![aliasAt[i]!]!) ?? '';
    for (let i = this.lowerBound(aliasNote.length, key, keyAt); i < aliasNote.length && keyAt(i) === key; i++)
      out.push(paths[aliasNote[i]!]!);
    return out;
  }

  /** Paths of the entries [lo, hi) of an order whose key is `key` (keys computed as the search goes). */
  private equalRange(n: number, key: string, pathAt: (i: number) => string, keyOf: (p: string) => string): string[] {
    const out: string[] = [];
    for (let i = this.lowerBound(n, key, (j) => keyOf(pathAt(j))); i < n; i++) {
      const p = pathAt(i);
      if (keyOf(p) !== key) break;
      out.push(p);
    }
    return out;
  }

  private lowerBound(n: number, key: string, keyAt: (i: number) => string): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyAt(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The reverse of the outlinks, by counting sort (one pass over the edges, no per-note objects). */
  private buildBack(): void {
    const { paths, outStart, outTo } = this.data;
    const n = paths.length;
    const start = new Uint32Array(n + 1);
    for (let k = 0; k < outTo.length; k++) start[outTo[k]! + 1]!++;
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const at = start.slice(0, n);
    const from = new Uint32Array(outTo.length);
    for (let i = 0; i < n; i++) for (let k = outStart[i]!; k < outStart[i + 1]!; k++) from[at[outTo[k]!]!++] = i;
    this.backStart = start;
    this.backFrom = from;
  }
}
