// LinkGraph: resolved outlinks and backlinks between notes, with link counts as strength.
import type { NoteLink } from '../types';
import { isAttachmentTarget, linkKey, LinkResolver, targetNameKey } from './link-resolver';
import { LinkBase, nameOrders, type LinkBaseData } from './link-base';

/** What the graph needs to know of one note. */
export interface GraphNote {
  path: string;
  aliases: readonly string[];
  links: readonly NoteLink[];
}

/** Bucket of link targets whose name cannot be known without resolving them (`[[..]]`): always re-read. */
const ANY_NAME = '\u0000any';

/**
 * The note link graph of a vault, resolved like Obsidian, and kept up to date one note at a time: a note that
 * comes, goes or changes its aliases re-resolves only the notes with a link written to one of its names.
 */
export class LinkGraph {
  /** Built on first need: a graph loaded from a base resolves nothing until a note changes. */
  private resolverCache: LinkResolver | null = null;
  private readonly byPath = new Map<string, GraphNote>();
  /**
   * The compact graph this one was loaded from (null: built from the notes). A note's outlinks, backlinks and
   * unresolved targets are read from it into the maps below the first time the note is touched; from then on the
   * maps hold them (an entry, even empty, shadows the base).
   */
  private readonly base: LinkBase | null;
  private readonly out = new Map<string, Map<string, number>>();
  private readonly back = new Map<string, Set<string>>();
  private readonly missing = new Map<string, string[]>();
  /**
   * Name key of each link target → notes that write a link to that name (resolved or not). Built at the first
   * note that comes, goes or renames itself, so building the graph (the first question after open) skips it.
   */
  private linkersOf: Map<string, Set<string>> | null = null;
  private sorted: string[] | null = null;
  /** Bumped whenever the set of notes changes (caches keyed by the graph compare it). */
  version = 0;

  /** The graph of `notes`, every link resolved now; with `base`, the notes are exactly the base's (see fromBase). */
  constructor(notes: Iterable<GraphNote>, base?: LinkBase) {
    const list = [...notes];
    for (const n of list) {
      if (this.byPath.has(n.path)) throw new Error(`link-graph: duplicate note path "${n.path}"`);
      this.byPath.set(n.path, n);
    }
    this.base = base ?? null;
    if (this.base) {
      if (list.length !== this.base.data.paths.length) throw new Error('link-graph: notes and base disagree');
      this.sorted = this.base.data.paths as string[];
      // Names are found through the base: nothing is built until a note changes, and then only for it.
      this.resolverCache = new LinkResolver([], this.base);
      return;
    }
    this.resolverCache = new LinkResolver(list);
    for (const n of list) this.addLinks(n);
  }

  /**
   * A graph read from a compact base: `notes` are the base's notes as they were (by path; only their aliases and
   * links are read, and only when a note changes), nothing is resolved until a note is touched or changed.
   */
  static fromBase(notes: Iterable<GraphNote>, base: LinkBaseData): LinkGraph {
    return new LinkGraph(notes, new LinkBase(base));
  }

  /** The compact form of the graph (note paths sorted; outlinks in order of first appearance). */
  toBase(): LinkBaseData {
    const paths = this.notes();
    const number = new Map<string, number>();
    paths.forEach((p, i) => number.set(p, i));
    const outStart = new Uint32Array(paths.length + 1);
    const missStart = new Uint32Array(paths.length + 1);
    const to: number[] = [];
    const count: number[] = [];
    const missing: string[] = [];
    paths.forEach((p, i) => {
      for (const [t, c] of this.outOf(p) ?? []) {
        to.push(number.get(t)!);
        count.push(c);
      }
      missing.push(...this.unresolved(p));
      outStart[i + 1] = to.length;
      missStart[i + 1] = missing.length;
    });
    const aliases = paths.map((p) => [...this.byPath.get(p)!.aliases]);
    return {
      paths,
      aliases,
      outStart,
      outTo: Uint32Array.from(to),
      outCount: Uint32Array.from(count),
      missStart,
      missing,
      ...nameOrders(paths, aliases),
    };
  }

  private get resolver(): LinkResolver {
    this.resolverCache ??= new LinkResolver(this.byPath.values());
    return this.resolverCache;
  }

  /** Outlinks of `path` with counts, read from the base the first time (undefined: not a note, no base). */
  private outOf(path: string): Map<string, number> | undefined {
    let m = this.out.get(path);
    if (m === undefined && this.base) {
      this.out.set(path, (m = this.base.out(path)));
      const missing = this.base.missing(path);
      if (missing.length > 0) this.missing.set(path, missing);
    }
    return m;
  }

  /** Notes linking to `path`, read from the base the first time. */
  private backOf(path: string): Set<string> | undefined {
    let s = this.back.get(path);
    if (s === undefined && this.base) this.back.set(path, (s = this.base.back(path)));
    return s;
  }

  private addLinks(n: GraphNote): void {
    const out = new Map<string, number>();
    const missing: string[] = [];
    let missingKeys: Set<string> | null = null;
    for (const link of n.links) {
      // `[[#Heading]]` points into the note itself.
      const target = link.target.trim();
      if (target === '') continue;
      const to = this.resolver.resolve(link.target, n.path);
      if (to === null) {
        if (isAttachmentTarget(link.target)) continue;
        const k = linkKey(target);
        missingKeys ??= new Set();
        if (!missingKeys.has(k)) {
          missingKeys.add(k);
          missing.push(target);
        }
        continue;
      }
      if (to === n.path) continue;
      out.set(to, (out.get(to) ?? 0) + 1);
      let b = this.backOf(to);
      if (!b) this.back.set(to, (b = new Set()));
      b.add(n.path);
    }
    this.out.set(n.path, out);
    if (missing.length > 0) this.missing.set(n.path, missing);
    else this.missing.delete(n.path);
  }

  private dropLinks(path: string): void {
    for (const to of this.outOf(path)?.keys() ?? []) {
      const b = this.backOf(to);
      b?.delete(path);
      // Over a base an empty entry stays: it shadows the base's backlinks.
      if (b && b.size === 0 && !this.base) this.back.delete(to);
    }
    if (this.base) this.out.set(path, new Map());
    else this.out.delete(path);
    this.missing.delete(path);
  }

  private linkers(): Map<string, Set<string>> {
    if (!this.linkersOf) {
      this.linkersOf = new Map();
      for (const n of this.byPath.values()) this.indexTargets(n, true);
    }
    return this.linkersOf;
  }

  /** Records (or forgets) which names `n` writes links to (nothing until the index is built). */
  private indexTargets(n: GraphNote, add: boolean): void {
    const linkersOf = this.linkersOf;
    if (!linkersOf) return;
    for (const link of n.links) {
      if (link.target.trim() === '') continue;
      const k = targetNameKey(link.target) ?? ANY_NAME;
      let s = linkersOf.get(k);
      if (add) {
        if (!s) linkersOf.set(k, (s = new Set()));
        s.add(n.path);
      } else if (s) {
        s.delete(n.path);
        if (s.size === 0) linkersOf.delete(k);
      }
    }
  }

  /** Re-resolves the links of every note that writes a link to one of `names` (a note with them came or went). */
  private reresolve(names: Iterable<string>, except: string): void {
    const linkersOf = this.linkers();
    const sources = new Set<string>(linkersOf.get(ANY_NAME) ?? []);
    for (const k of names) for (const p of linkersOf.get(k) ?? []) sources.add(p);
    sources.delete(except);
    for (const p of sources) {
      const n = this.byPath.get(p);
      if (!n) continue;
      this.dropLinks(p);
      this.addLinks(n);
    }
  }

  /**
   * Puts a note in the graph, or replaces it (new links, new aliases). Other notes resolve exactly as before
   * unless the note is new or its aliases changed; then only the notes linking to its names are re-read.
   */
  upsertNote(n: GraphNote): void {
    const old = this.byPath.get(n.path);
    if (old) this.indexTargets(old, false);
    this.byPath.set(n.path, n);
    this.indexTargets(n, true);
    this.dropLinks(n.path);
    const sameNames = old !== undefined && sameList(old.aliases, n.aliases);
    if (!sameNames) {
      this.resolver.remove(n.path);
      this.resolver.add(n);
      if (!old) {
        this.sorted = null;
        this.version++;
      }
      this.reresolve(LinkResolver.namesOf(old ? [old, n] : [n]), n.path);
    }
    this.addLinks(n);
  }

  /** Takes a note out of the graph; notes that linked to it re-resolve (to another note of that name, or none). */
  removeNote(path: string): void {
    const old = this.byPath.get(path);
    if (!old) return;
    this.indexTargets(old, false);
    this.dropLinks(path);
    this.byPath.delete(path);
    this.resolver.remove(path);
    this.sorted = null;
    this.version++;
    this.reresolve(LinkResolver.namesOf([old]), path);
    if (this.base) this.back.set(path, new Set());
    else this.back.delete(path);
  }

  /**
   * Re-reads the links of a note already in the graph, with the same path and aliases (a content edit): other
   * notes resolve exactly as before, so only this note's outlinks and the backlinks they make change.
   */
  updateLinks(n: GraphNote): void {
    if (!this.byPath.has(n.path)) throw new Error(`link-graph: "${n.path}" is not a note of the graph`);
    this.upsertNote(n);
  }

  /** Resolve a link target as written in `fromPath` to a note path, like Obsidian; null when unresolved. */
  resolve(target: string, fromPath: string): string | null {
    return this.resolver.resolve(target, fromPath);
  }

  /** Notes that `path` links to: resolved, unique, in order of first appearance, excluding itself. */
  outlinks(path: string): string[] {
    return [...(this.outOf(path)?.keys() ?? [])];
  }

  /** Notes linking to `path`, unique, sorted by path. */
  backlinks(path: string): string[] {
    return [...(this.backOf(path) ?? [])].sort();
  }

  /** Outlinks, then backlinks that are not also outlinks. */
  neighbours(path: string): string[] {
    const out = this.outlinks(path);
    const set = new Set(out);
    return [...out, ...this.backlinks(path).filter((p) => !set.has(p))];
  }

  /** Note targets written in `path` that resolve to no note (attachments excluded), as first written. */
  unresolved(path: string): string[] {
    this.outOf(path);
    return [...(this.missing.get(path) ?? [])];
  }

  /** Number of links written in `from` that resolve to `to` (link strength); 0 for self. */
  linkCount(from: string, to: string): number {
    return this.outOf(from)?.get(to) ?? 0;
  }

  /** All note paths, sorted. */
  notes(): string[] {
    this.sorted ??= [...this.byPath.keys()].sort();
    return [...this.sorted];
  }

  /** Whether `path` is a note of the graph. */
  hasNote(path: string): boolean {
    return this.byPath.has(path);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
