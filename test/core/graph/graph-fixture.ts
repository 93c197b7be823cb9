// A seeded vault of link-graph notes (names shared across folders, aliases, missing targets, attachments, path and
// relative links) and a full dump of what a LinkGraph answers, to compare graphs built in different ways.
import type { GraphNote, LinkGraph } from '../../../src/core/graph/link-graph';
import type { NoteLink } from '../../../src/core/types';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FOLDERS = ['', 'Projects/', 'Projects/Alpha/', 'Areas/', 'Заметки/'];
const NAMES = ['Index', 'Plan', 'Topic', 'Spec', 'Note', 'Москва', 'Idea', 'Log', 'Meeting 2024.01'];

function link(target: string): NoteLink {
  return { target, embed: false, form: 'wikilink', line: 0 };
}

/** `count` notes with seeded names, aliases and links (a few to names no note has, a few to attachments). */
export function graphNotes(count: number, seed: number): GraphNote[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const notes: GraphNote[] = [];
  const seen = new Set<string>();
  for (let i = 0; notes.length < count; i++) {
    const path = `${pick(FOLDERS)}${pick(NAMES)}${r() < 0.5 ? ` ${i % 7}` : ''}.md`;
    if (seen.has(path)) continue;
    seen.add(path);
    notes.push({ path, aliases: r() < 0.2 ? [`${pick(NAMES)} alias`] : [], links: [] });
  }
  const targets = (): NoteLink[] => {
    const out: NoteLink[] = [];
    const n = Math.floor(r() * 6);
    for (let k = 0; k < n; k++) {
      const x = r();
      const other = pick(notes).path.replace(/\.md$/, '');
      if (x < 0.5) out.push(link(other.slice(other.lastIndexOf('/') + 1)));
      else if (x < 0.65) out.push(link(other));
      else if (x < 0.75) out.push(link(`${pick(NAMES)} alias`));
      else if (x < 0.85) out.push(link(`Missing ${Math.floor(r() * 5)}`));
      else if (x < 0.9) out.push(link('picture.png'));
      else out.push(link(`../${pick(NAMES)}`));
    }
    return out;
  };
  return notes.map((n) => ({ ...n, links: targets() }));
}

/** Everything a graph answers about its notes (and a few paths that are not notes). */
export function graphDump(g: LinkGraph, extra: readonly string[] = []): unknown {
  const notes = g.notes();
  return {
    notes,
    per: [...notes, ...extra].map((p) => ({
      p,
      has: g.hasNote(p),
      out: g.outlinks(p).map((t) => [t, g.linkCount(p, t)]),
      back: g.backlinks(p),
      nb: g.neighbours(p),
      missing: g.unresolved(p),
    })),
  };
}
