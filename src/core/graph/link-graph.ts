// LinkGraph: resolved outlinks and backlinks between notes, with link counts as strength.
import type { NoteLink } from '../types';
import { isAttachmentTarget, linkKey, LinkResolver } from './link-resolver';

/** What the graph needs to know of one note. */
export interface GraphNote {
  path: string;
  aliases: string[];
  links: NoteLink[];
}

/**
 * The note link graph of a vault, resolved like Obsidian. Rebuild it when notes come, go or change aliases; a note
 * whose content alone changed is re-read in place with updateLinks.
 */
export class LinkGraph {
  private readonly resolver: LinkResolver;
  private readonly out = new Map<string, Map<string, number>>();
  private readonly back = new Map<string, Set<string>>();
  private readonly missing = new Map<string, string[]>();
  private readonly sorted: string[];

  constructor(notes: Iterable<GraphNote>) {
    const list = [...notes];
    const seen = new Set<string>();
    for (const n of list) {
      if (seen.has(n.path)) throw new Error(`link-graph: duplicate note path "${n.path}"`);
      seen.add(n.path);
    }
    this.resolver = new LinkResolver(list);
    this.sorted = [...seen].sort();
    for (const n of list) this.addLinks(n);
  }

  private addLinks(n: GraphNote): void {
    const out = new Map<string, number>();
    const missing: string[] = [];
    const missingKeys = new Set<string>();
    for (const link of n.links) {
      // `[[#Heading]]` points into the note itself.
      if (link.target.trim() === '') continue;
      const to = this.resolver.resolve(link.target, n.path);
      if (to === null) {
        if (isAttachmentTarget(link.target)) continue;
        const k = linkKey(link.target.trim());
        if (!missingKeys.has(k)) {
          missingKeys.add(k);
          missing.push(link.target.trim());
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

  /**
   * Re-reads the links of a note already in the graph, with the same path and aliases (a content edit): other
   * notes resolve exactly as before, so only this note's outlinks and the backlinks they make change.
   */
  updateLinks(n: GraphNote): void {
    if (!this.resolver.has(n.path)) throw new Error(`link-graph: "${n.path}" is not a note of the graph`);
    for (const to of this.out.get(n.path)?.keys() ?? []) {
      const b = this.back.get(to);
      b?.delete(n.path);
      if (b && b.size === 0) this.back.delete(to);
    }
    this.missing.delete(n.path);
    this.addLinks(n);
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
    return [...this.sorted];
  }

  /** Whether `path` is a note of the graph. */
  hasNote(path: string): boolean {
    return this.resolver.has(path);
  }
}
