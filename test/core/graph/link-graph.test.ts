import { describe, expect, it } from 'vitest';
import { LinkGraph, type GraphNote } from '../../../src/core/graph/link-graph';
import { isAttachmentTarget, normalizeVaultPath } from '../../../src/core/graph/link-resolver';
import { parseNote } from '../../../src/core/markdown/parse-note';
import type { NoteLink } from '../../../src/core/types';

function link(target: string, extra: Partial<NoteLink> = {}): NoteLink {
  return { target, embed: false, form: 'wikilink', line: 0, ...extra };
}

function note(path: string, targets: string[] = [], aliases: string[] = []): GraphNote {
  return { path, aliases, links: targets.map((t) => link(t)) };
}

const vault = new LinkGraph([
  note('Index.md'),
  note('Note.md'),
  note('Projects/Note.md'),
  note('Projects/Alpha/Note.md'),
  note('Areas/Deep/Topic.md'),
  note('Zeta/Topic.md'),
  note('Alpha/Topic.md'),
  note('Projects/Plan.md', [], ['Roadmap', 'The Plan']),
  note('Archive/Plan 2.md', [], ['roadmap']),
  note('Заметки/Москва.md', [], ['Столица']),
  note('Projects/Alpha/Spec.md'),
  note('Projects/Beta/Spec.md'),
  note('Meeting 2024.01.md'),
]);

describe('LinkGraph.resolve', () => {
  const cases: [string, string, string | null][] = [
    // [target, from, expected]
    ['Index', 'Note.md', 'Index.md'],
    ['index', 'Note.md', 'Index.md'],
    ['INDEX.md', 'Note.md', 'Index.md'],
    ['Index.MD', 'Note.md', 'Index.md'],
    // shortest path wins among equal basenames, even from a deeper folder
    ['Note', 'Projects/Alpha/Spec.md', 'Note.md'],
    // equal depth: same folder as the linking note first, then alphabetical
    ['Topic', 'Zeta/Other.md', 'Zeta/Topic.md'],
    ['Topic', 'Elsewhere/X.md', 'Alpha/Topic.md'],
    ['Spec', 'Projects/Beta/X.md', 'Projects/Beta/Spec.md'],
    ['Spec', 'Index.md', 'Projects/Alpha/Spec.md'],
    // folder paths: vault-relative, relative to the linking note, or a path suffix
    ['Projects/Note', 'Index.md', 'Projects/Note.md'],
    ['projects/alpha/note.md', 'Index.md', 'Projects/Alpha/Note.md'],
    ['Alpha/Note', 'Projects/Plan.md', 'Projects/Alpha/Note.md'],
    ['Deep/Topic', 'Index.md', 'Areas/Deep/Topic.md'],
    ['./Spec', 'Projects/Beta/X.md', 'Projects/Beta/Spec.md'],
    ['../Plan', 'Projects/Beta/X.md', 'Projects/Plan.md'],
    ['/Projects/Plan.md', 'Areas/Deep/Topic.md', 'Projects/Plan.md'],
    ['Projects\\Plan', 'Index.md', 'Projects/Plan.md'],
    ['../../../Nope', 'Projects/Beta/X.md', null],
    // aliases, case-insensitive; basename beats alias; several notes share it: same rules as basenames
    ['roadmap', 'Index.md', 'Archive/Plan 2.md'],
    ['roadmap', 'Projects/X.md', 'Projects/Plan.md'],
    ['THE PLAN', 'Index.md', 'Projects/Plan.md'],
    ['Plan', 'Index.md', 'Projects/Plan.md'],
    // Cyrillic, case-insensitive, by name, path and alias
    ['москва', 'Index.md', 'Заметки/Москва.md'],
    ['ЗАМЕТКИ/МОСКВА', 'Index.md', 'Заметки/Москва.md'],
    ['столица', 'Index.md', 'Заметки/Москва.md'],
    // a dot in a note name is not an extension
    ['Meeting 2024.01', 'Index.md', 'Meeting 2024.01.md'],
    // unresolved and attachments
    ['Missing', 'Index.md', null],
    ['img.png', 'Index.md', null],
    ['Projects/Missing', 'Index.md', null],
  ];
  it.each(cases)('resolves %j from %j', (target, from, expected) => {
    expect(vault.resolve(target, from)).toBe(expected);
  });

  it('treats an empty target as the linking note itself', () => {
    expect(vault.resolve('', 'Index.md')).toBe('Index.md');
    expect(vault.resolve('', 'Not/A/Note.md')).toBeNull();
  });

  it('matches NFD and NFC spellings of the same name', () => {
    const g = new LinkGraph([note('Мой.md')]);
    expect(g.resolve('Мой'.normalize('NFD'), 'x.md')).toBe('Мой.md');
  });
});

describe('LinkGraph edges', () => {
  const notes: GraphNote[] = [
    note('A.md', ['B', 'b.md', 'Folder/C', 'A', 'Missing', 'missing', 'pic.png', 'doc.pdf', 'Also Missing']),
    { path: 'Folder/C.md', aliases: ['See'], links: [link('', { heading: 'Top' }), link('A', { embed: true })] },
    note('B.md', ['see', 'Folder/C']),
    note('Lonely.md'),
  ];
  const g = new LinkGraph(notes);

  it('gives unique resolved outlinks without self links, in order of first appearance', () => {
    expect(g.outlinks('A.md')).toEqual(['B.md', 'Folder/C.md']);
    expect(g.outlinks('Folder/C.md')).toEqual(['A.md']);
    expect(g.outlinks('Lonely.md')).toEqual([]);
    expect(g.outlinks('Unknown.md')).toEqual([]);
  });

  it('gives sorted unique backlinks and neighbours', () => {
    expect(g.backlinks('Folder/C.md')).toEqual(['A.md', 'B.md']);
    expect(g.backlinks('A.md')).toEqual(['Folder/C.md']);
    expect(g.backlinks('Lonely.md')).toEqual([]);
    expect(g.neighbours('B.md')).toEqual(['Folder/C.md', 'A.md']);
    expect(g.neighbours('A.md')).toEqual(['B.md', 'Folder/C.md']);
  });

  it('counts links as strength', () => {
    expect(g.linkCount('A.md', 'B.md')).toBe(2);
    expect(g.linkCount('B.md', 'Folder/C.md')).toBe(2);
    expect(g.linkCount('A.md', 'A.md')).toBe(0);
    expect(g.linkCount('B.md', 'A.md')).toBe(0);
  });

  it('lists unresolved note targets once, ignoring attachments and self links', () => {
    expect(g.unresolved('A.md')).toEqual(['Missing', 'Also Missing']);
    expect(g.unresolved('Folder/C.md')).toEqual([]);
  });

  it('lists notes and membership', () => {
    expect(g.notes()).toEqual(['A.md', 'B.md', 'Folder/C.md', 'Lonely.md']);
    expect(g.hasNote('Folder/C.md')).toBe(true);
    expect(g.hasNote('folder/c.md')).toBe(false);
  });

  it('rejects duplicate note paths', () => {
    expect(() => new LinkGraph([note('X.md'), note('X.md')])).toThrow(/^link-graph: duplicate note path "X.md"/);
  });

  it('works end to end with parsed notes', () => {
    const parsed = [
      parseNote('Home.md', 'See [[Работа]], [doc](Sub/Deep%20Note.md#Part) and ![[chart.png]] and [[#Local]].'),
      parseNote('Работа.md', '---\naliases: [job]\n---\nBack to [[home]] and ```[[Home]]```'),
      parseNote('Sub/Deep Note.md', '[[JOB]] [[Nowhere]]'),
    ];
    const pg = new LinkGraph(parsed);
    expect(pg.outlinks('Home.md')).toEqual(['Работа.md', 'Sub/Deep Note.md']);
    expect(pg.linkCount('Работа.md', 'Home.md')).toBe(1);
    expect(pg.backlinks('Работа.md')).toEqual(['Home.md', 'Sub/Deep Note.md']);
    expect(pg.unresolved('Sub/Deep Note.md')).toEqual(['Nowhere']);
    expect(pg.unresolved('Home.md')).toEqual([]);
  });
});

describe('resolver helpers', () => {
  it.each([
    ['img.png', true],
    ['Files/Report.PDF', true],
    ['Board.canvas', true],
    ['Meeting 2024.01', false],
    ['v1.2 notes', false],
    ['Mr.Smith', false],
    ['Note', false],
  ])('isAttachmentTarget(%j) is %s', (t, expected) => {
    expect(isAttachmentTarget(t)).toBe(expected);
  });

  it('normalizes vault paths', () => {
    expect(normalizeVaultPath('a/./b/../c//d')).toBe('a/c/d');
    expect(normalizeVaultPath('../x')).toBeNull();
  });
});

describe('LinkGraph.updateLinks', () => {
  const dump = (g: LinkGraph) =>
    g.notes().map((p) => ({
      p,
      out: g.outlinks(p),
      back: g.backlinks(p),
      missing: g.unresolved(p),
      n: g.outlinks(p).map((t) => g.linkCount(p, t)),
    }));

  it('after content edits equals a graph built from scratch', () => {
    const notes = [
      note('A.md', ['B', 'C', 'C', 'Gone']),
      note('B.md', ['A']),
      note('C.md', ['B', 'Plan']),
      note('Plan.md', [], ['Roadmap']),
    ];
    const g = new LinkGraph(notes);
    const edited = [note('A.md', ['Plan', 'Roadmap', 'Nowhere']), note('C.md', [])];
    for (const n of edited) g.updateLinks(n);
    const fresh = new LinkGraph([edited[0]!, notes[1]!, edited[1]!, notes[3]!]);
    expect(dump(g)).toEqual(dump(fresh));
    expect(g.backlinks('B.md')).toEqual([]);
    expect(() => g.updateLinks(note('New.md'))).toThrow(/not a note of the graph/);
  });
});

describe('LinkGraph.upsertNote / removeNote', () => {
  const dump = (g: LinkGraph) => ({
    notes: g.notes(),
    edges: g.notes().map((p) => ({
      p,
      out: g.outlinks(p),
      back: g.backlinks(p),
      missing: g.unresolved(p),
      n: g.outlinks(p).map((t) => g.linkCount(p, t)),
    })),
  });

  it('a note that comes re-resolves the links written to its name, and one that goes frees them', () => {
    const g = new LinkGraph([note('A.md', ['Topic', 'Plan']), note('Deep/Down/Topic.md'), note('Plan.md')]);
    expect(g.outlinks('A.md')).toEqual(['Deep/Down/Topic.md', 'Plan.md']);
    const v = g.version;
    // A shallower note of the same basename wins from now on.
    g.upsertNote(note('Topic.md'));
    expect(g.version).toBeGreaterThan(v);
    expect(g.outlinks('A.md')).toEqual(['Topic.md', 'Plan.md']);
    expect(g.backlinks('Deep/Down/Topic.md')).toEqual([]);
    g.removeNote('Plan.md');
    expect(g.unresolved('A.md')).toEqual(['Plan']);
    expect(g.hasNote('Plan.md')).toBe(false);
    // An alias that appears resolves a link nothing resolved before.
    g.upsertNote(note('Topic.md', [], ['Plan']));
    expect(g.outlinks('A.md')).toEqual(['Topic.md']);
    expect(g.linkCount('A.md', 'Topic.md')).toBe(2);
  });

  it('after any sequence of changes equals a graph built from scratch', () => {
    // Names collide on purpose (same basename in several folders, aliases equal to other notes' names), and
    // links use every form: bare, path, relative, `..`, absolute, with .md, aliases, attachments, unresolved.
    const paths = [
      'Note.md',
      'A/Note.md',
      'A/B/Note.md',
      'Plan.md',
      'A/Plan.md',
      'Topic.md',
      'B/Topic.md',
      'X.md',
      'A.md',
    ];
    const targets = [
      'Note',
      'A/Note',
      'B/Note',
      './Note',
      '../Note',
      '/A/Plan',
      'Plan.md',
      'Roadmap',
      'Topic',
      'Missing',
      'pic.png',
      '..',
      'A/B/..',
      'x',
    ];
    const aliasPool = [[], [], ['Roadmap'], ['Topic'], ['Note', 'Other']];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const randomNote = (path: string): GraphNote =>
      note(
        path,
        Array.from({ length: rand(5) }, () => targets[rand(targets.length)]!),
        aliasPool[rand(aliasPool.length)]!,
      );
    const current = new Map<string, GraphNote>();
    for (const p of paths.slice(0, 4)) current.set(p, randomNote(p));
    const g = new LinkGraph(current.values());
    for (let step = 0; step < 300; step++) {
      const p = paths[rand(paths.length)]!;
      if (current.has(p) && rand(3) === 0) {
        current.delete(p);
        g.removeNote(p);
      } else {
        const n = randomNote(p);
        current.set(p, n);
        g.upsertNote(n);
      }
      expect(dump(g), `step ${step}`).toEqual(dump(new LinkGraph(current.values())));
    }
  });
});
