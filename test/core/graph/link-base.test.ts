import { describe, expect, it } from 'vitest';
import { LinkGraph, type GraphNote } from '../../../src/core/graph/link-graph';
import { graphDump, graphNotes } from './graph-fixture';

const notes = graphNotes(300, 7);

/** The notes after a content edit, an alias change, a removal and two new notes (one taking a missing name). */
function edited(list: readonly GraphNote[]): GraphNote[] {
  const out = list.map((n) => ({ ...n }));
  out[3] = { ...out[3]!, links: [...out[0]!.links, { target: 'Index', embed: false, form: 'wikilink', line: 2 }] };
  out[5] = { ...out[5]!, aliases: ['Plan alias', 'Fresh name'] };
  out.splice(10, 1);
  out.push({ path: 'New/Missing 1.md', aliases: [], links: out[1]!.links });
  out.push({ path: 'New/Other.md', aliases: ['Topic alias'], links: [] });
  return out;
}

function applyEdits(g: LinkGraph, from: readonly GraphNote[], to: readonly GraphNote[]): void {
  const now = new Map(to.map((n) => [n.path, n]));
  for (const n of from) if (!now.has(n.path)) g.removeNote(n.path);
  for (const n of to) {
    const old = from.find((o) => o.path === n.path);
    if (old !== n) g.upsertNote(n);
  }
}

describe('LinkGraph over a compact base', () => {
  it('answers exactly as the graph it was made from', () => {
    const built = new LinkGraph(notes);
    const base = built.toBase();
    expect(base.paths).toEqual([...base.paths].sort());
    const loaded = LinkGraph.fromBase(notes, base);
    expect(graphDump(loaded, ['Nope.md'])).toEqual(graphDump(built, ['Nope.md']));
    for (const t of ['Index', 'Plan 3', 'projects/plan', 'Topic alias', 'Missing 2'])
      expect(loaded.resolve(t, 'Areas/X.md')).toBe(built.resolve(t, 'Areas/X.md'));
  });

  it('after edits (content, aliases, a note gone, notes new) equals a graph built from the edited notes', () => {
    const after = edited(notes);
    const rebuilt = graphDump(new LinkGraph(after), [notes[10]!.path]);
    // Untouched, then with some notes read from the base before the edits (their entries shadow the base).
    for (const touchFirst of [false, true]) {
      const g = LinkGraph.fromBase(notes, new LinkGraph(notes).toBase());
      if (touchFirst) for (const n of notes.slice(0, 40)) g.neighbours(n.path);
      applyEdits(g, notes, after);
      expect(graphDump(g, [notes[10]!.path])).toEqual(rebuilt);
      // Names are found through the base (binary search over its sorted keys) and the notes changed since.
      const fresh = new LinkGraph(after);
      const targets = [...new Set(after.flatMap((n) => n.links.map((l) => l.target)))];
      targets.push('Fresh name', 'New/Other', 'other', 'Topic alias', notes[10]!.path, 'Plan alias');
      for (const from of ['Index.md', 'Projects/Alpha/X.md', 'Заметки/Y.md', 'New/Z.md'])
        for (const t of targets) expect([t, from, g.resolve(t, from)]).toEqual([t, from, fresh.resolve(t, from)]);
      // And its own base again round-trips.
      expect(graphDump(LinkGraph.fromBase(after, g.toBase()))).toEqual(graphDump(new LinkGraph(after)));
    }
  });

  it('refuses notes that are not the base’s', () => {
    const base = new LinkGraph(notes).toBase();
    expect(() => LinkGraph.fromBase(notes.slice(1), base)).toThrow(/link-graph: notes and base disagree/);
  });
});
