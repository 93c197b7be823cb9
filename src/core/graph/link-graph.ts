// LinkGraph: resolved outlinks and backlinks between notes, with link counts as strength.
import type { NoteLink } from '../types';
import { isAttachmentTarget, linkKey, LinkResolver, targetNameKey } from './link-resolver';

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
  private readonly resolver: LinkResolver;
  private readonly byPath = new Map<string, GraphNote>();
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

  constructor(notes: Iterable<GraphNote>) {
    const list = [...notes];
    for (const n of list) {
      if (this.byPath.has(n.path)) throw new Error(`link-graph: duplicate note path "${n.path}"`);
      this.byPath.set(n.path, n);
    }
    this.resolver = new LinkResolver(list);
    for (const n of list) this.addLinks(n);
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
      let b = this.back.get(to);
      if (!b) this.back.set(to, (b = new Set()));
      b.add(n.path);
    }
    this.out.set(n.path, out);
    if (missing.length > 0) this.missing.set(n.path, missing);
  }

  private dropLinks(path: string): void {
    for (const to of this.out.get(path)?.keys() ?? []) {
      const b = this.back.get(to);
      b?.delete(path);
      if (b && b.size === 0) this.back.delete(to);
    }
    this.out.delete(path);
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
    this.back.delete(path);
  }

  /**
   * Re-reads the links of a note already in the graph, with the same path and aliases (a content edit): other
   * notes resolve exactly as before, so only this note's outlinks and the backlinks they make change.
   */
  updateLinks(n: GraphNote): void {
    if (!this.resolver.has(n.path)) throw new Error(`link-graph: "${n.path}" is not a note of the graph`);
    this.upsertNote(n);
  }

  /** Resolve a link target as written in `fromPath` to a note path, like Obsidian; null when unresolved. */
  resolve(target: string, fromPath: string): string | null {
    return this.resolver.resolve(target, fromPath);
  }

  /** Notes that `path` links to: resolved, unique, in order of first appearance, excluding itself. */
  outlinks(path: string): string[] {
    return [...(this.out.get(path)?.keys() ?? [])];
  }

  /** Notes linking to `path`, unique, sorted by path. */
  backlinks(path: string): string[] {
    return [...(this.back.get(path) ?? [])].sort();
  }

  /** Outlinks, then backlinks that are not also outlinks. */
  neighbours(path: string): string[] {
    const out = this.outlinks(path);
    const set = new Set(out);
    return [...out, ...this.backlinks(path).filter((p) => !set.has(p))];
  }

  /** Note targets written in `path` that resolve to no note (attachments excluded), as first written. */
  unresolved(path: string): string[] {
    return [...(this.missing.get(path) ?? [])];
  }

  /** Number of links written in `from` that resolve to `to` (link strength); 0 for self. */
  linkCount(from: string, to: string): number {
    return this.out.get(from)?.get(to) ?? 0;
  }

  /** All note paths, sorted. */
  notes(): string[] {
    this.sorted ??= [...this.byPath.keys()].sort();
    return [...this.sorted];
  }

  /** Whether `path` is a note of the graph. */
  hasNote(path: string): boolean {
    return this.resolver.has(path);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
