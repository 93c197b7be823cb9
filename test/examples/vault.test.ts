// Checks the bundled example vault and its question set: size, links, Russian notes, block and heading
// anchors, the Obsidian features the parser is tested on, and that every gold path and answer figure is real.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinkResolver } from '../../src/core/graph/link-resolver';
import { parseNote } from '../../src/core/markdown/parse-note';
import { parseQaJsonl, type QaItem } from '../../src/core/eval/qa-set';
import type { NoteLink, ParsedNote } from '../../src/core/types';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const VAULT = join(EXAMPLES, 'vault');
const QA_FILE = join(EXAMPLES, 'vault.qa.jsonl');

/** Links written on purpose to notes that do not exist yet; anything else unresolved is a typo. */
const EXPECTED_UNRESOLVED = [
  'Speculative decoding',
  'Quantisation',
  'Carbon intensity of electricity',
  'Квантование KV-кэша',
  'Сжатие контекста',
];
const KINDS = ['paraphrase', 'keyword', 'detail', 'multi-hop'];
const CYRILLIC = /[\u0400-\u04FF]/;

function listNotes(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listNotes(full));
    else if (entry.name.endsWith('.md')) out.push(relative(VAULT, full).split(sep).join('/'));
  }
  return out.sort();
}

function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function cyrillicShare(text: string): number {
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.length === 0 ? 0 : letters.filter((c) => CYRILLIC.test(c)).length / letters.length;
}

interface ResolvedLink {
  from: string;
  link: NoteLink;
  to: string | null;
}

let notes: Map<string, ParsedNote>;
let resolver: LinkResolver;
let links: ResolvedLink[];
let qa: QaItem[];

beforeAll(() => {
  notes = new Map(listNotes(VAULT).map((p) => [p, parseNote(p, readFileSync(join(VAULT, p), 'utf8'))]));
  resolver = new LinkResolver([...notes.values()].map((n) => ({ path: n.path, aliases: n.aliases })));
  links = [...notes.values()].flatMap((n) =>
    n.links.map((link) => ({ from: n.path, link, to: resolver.resolve(link.target, n.path) })),
  );
  const parsed = parseQaJsonl(readFileSync(QA_FILE, 'utf8'));
  if (!parsed.ok) throw new Error(`vault.test: ${parsed.error}`);
  qa = parsed.items;
});

describe('example vault', () => {
  it('has at least 45 notes of 150–600 words with valid frontmatter', () => {
    expect(notes.size).toBeGreaterThanOrEqual(45);
    for (const n of notes.values()) {
      expect(n.frontmatterError, n.path).toBeNull();
      const w = words(n.body);
      expect(w, `${n.path} has ${w} words`).toBeGreaterThanOrEqual(150);
      expect(w, `${n.path} has ${w} words`).toBeLessThanOrEqual(600);
    }
  });

  it('gives every note a [[wikilink]] and a backlink', () => {
    const backlinked = new Set<string>();
    for (const r of links) if (r.to !== null && r.to !== r.from) backlinked.add(r.to);
    for (const n of notes.values()) {
      expect(n.links.some((l) => l.form === 'wikilink'), `${n.path} has no [[link]]`).toBe(true);
    }
    const orphans = [...notes.keys()].filter((p) => !backlinked.has(p));
    expect(orphans, 'notes without backlinks').toEqual([]);
  });

  it('uses frontmatter aliases and tags, inline tags, and several heading levels', () => {
    const all = [...notes.values()];
    const withAliasList = all.filter((n) => {
      const raw = n.frontmatter?.['aliases'];
      return Array.isArray(raw) && raw.length > 0;
    });
    expect(withAliasList.length).toBeGreaterThanOrEqual(30);
    expect(all.filter((n) => n.frontmatter?.['tags'] !== undefined).length).toBeGreaterThanOrEqual(30);
    // Inline #tags: the tags of the body parsed alone, without its frontmatter.
    const inline = all.filter((n) => parseNote(n.path, n.body).tags.length > 0);
    expect(inline.length).toBeGreaterThanOrEqual(30);
    expect(all.some((n) => parseNote(n.path, n.body).tags.some((t) => t.includes('/')))).toBe(true);
    const levels = new Set(all.flatMap((n) => n.headings.map((h) => h.level)));
    expect([...levels]).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('leaves only the intended links unresolved', () => {
    const unresolved = new Set(links.filter((r) => r.to === null).map((r) => r.link.target));
    expect([...unresolved].sort()).toEqual([...EXPECTED_UNRESOLVED].sort());
  });

  it('resolves every [[Note#^block]] link to a block id that exists in its target', () => {
    const blockLinks = links.filter((r) => r.link.block !== undefined);
    expect(blockLinks.length).toBeGreaterThanOrEqual(5);
    for (const r of blockLinks) {
      expect(r.to, `${r.from}: [[${r.link.target}#^${r.link.block}]]`).not.toBeNull();
      expect(notes.get(r.to!)!.blockIds, `${r.from} → ${r.to}`).toContain(r.link.block);
    }
  });

  it('resolves every [[Note#Heading]] link and embed to a heading that exists in its target', () => {
    const headingLinks = links.filter((r) => r.link.heading !== undefined && r.to !== null);
    expect(headingLinks.length).toBeGreaterThanOrEqual(5);
    for (const r of headingLinks) {
      const texts = notes.get(r.to!)!.headings.map((h) => h.text.toLowerCase());
      expect(texts, `${r.from}: [[${r.link.target}#${r.link.heading}]]`).toContain(r.link.heading!.toLowerCase());
    }
    const headingEmbeds = headingLinks.filter((r) => r.link.embed && r.link.form === 'wikilink');
    expect(headingEmbeds.length).toBeGreaterThanOrEqual(2);
  });

  it('has display-text links, alias links and markdown links that resolve', () => {
    expect(links.some((r) => r.link.form === 'wikilink' && r.link.display !== undefined && r.to !== null)).toBe(true);
    const viaAlias = links.filter((r) => {
      if (r.to === null || r.link.target.includes('/')) return false;
      return notes.get(r.to)!.basename.toLowerCase() !== r.link.target.toLowerCase();
    });
    expect(viaAlias.length).toBeGreaterThanOrEqual(3);
    const markdown = links.filter((r) => r.link.form === 'markdown' && r.to !== null);
    expect(markdown.length).toBeGreaterThanOrEqual(3);
    expect(markdown.some((r) => /%20/.test(readFileSync(join(VAULT, r.from), 'utf8')))).toBe(true);
  });

  it('has two notes with one basename, and a bare link picks the shorter path', () => {
    const caching = [...notes.values()].filter((n) => n.basename === 'Caching').map((n) => n.path);
    expect(caching.sort()).toEqual(['Energy/Caching.md', 'Overlay/Index/Caching.md']);
    const bare = links.filter((r) => r.link.target === 'Caching');
    expect(bare.length).toBeGreaterThanOrEqual(2);
    for (const r of bare) expect(r.to, r.from).toBe('Energy/Caching.md');
    expect(links.some((r) => r.to === 'Overlay/Index/Caching.md')).toBe(true);
  });

  it('has 5–6 Russian notes with Russian aliases, linked to and from English notes', () => {
    const russian = [...notes.values()].filter((n) => cyrillicShare(n.body) > 0.5);
    expect(russian.length).toBeGreaterThanOrEqual(5);
    expect(russian.length).toBeLessThanOrEqual(6);
    const isRussian = new Set(russian.map((n) => n.path));
    for (const n of russian) {
      expect(n.aliases.some((a) => CYRILLIC.test(a)), `${n.path} has no Russian alias`).toBe(true);
      const out = links.filter((r) => r.from === n.path && r.to !== null && !isRussian.has(r.to));
      expect(out.length, `${n.path} links to no English note`).toBeGreaterThan(0);
    }
    const fromEnglish = links.filter((r) => !isRussian.has(r.from) && r.to !== null && isRussian.has(r.to));
    expect(new Set(fromEnglish.map((r) => r.to)).size).toBeGreaterThanOrEqual(4);
  });
});

describe('example question set', () => {
  it('parses every line into a complete item with a known kind and a unique id', () => {
    const lines = readFileSync(QA_FILE, 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBe(qa.length);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(qa.length).toBeGreaterThanOrEqual(24);
    expect(new Set(qa.map((q) => q.id)).size).toBe(qa.length);
    for (const q of qa) {
      expect(KINDS, q.id).toContain(q.kind);
      expect(q.answer?.trim(), q.id).toBeTruthy();
    }
  });

  it('mixes kinds and languages', () => {
    const count = (k: string): number => qa.filter((q) => q.kind === k).length;
    expect(count('paraphrase')).toBeGreaterThanOrEqual(8);
    expect(count('keyword')).toBeGreaterThanOrEqual(6);
    expect(count('detail')).toBeGreaterThanOrEqual(6);
    expect(count('multi-hop')).toBeGreaterThanOrEqual(4);
    for (const q of qa.filter((x) => x.kind === 'multi-hop')) expect(q.gold.length, q.id).toBeGreaterThanOrEqual(2);
    const ru = qa.filter((q) => CYRILLIC.test(q.question)).length;
    expect(ru).toBeGreaterThanOrEqual(2);
    expect(ru).toBeLessThanOrEqual(3);
  });

  it('starts with the demo question about long conversations', () => {
    const e01 = qa.find((q) => q.id === 'e01');
    expect(e01?.question).toMatch(/long conversation/i);
    expect(e01?.gold).toContain('Energy/Long conversation cost curve.md');
  });

  it('points every gold path at an existing note and finds every answer figure in the gold notes', () => {
    for (const q of qa) {
      for (const g of q.gold) expect(notes.has(g), `${q.id}: ${g}`).toBe(true);
      const text = q.gold.map((g) => readFileSync(join(VAULT, g), 'utf8')).join('\n');
      for (const figure of q.answer?.match(/\d+(?:[.,]\d+)*/g) ?? []) {
        expect(text.includes(figure), `${q.id}: "${figure}" is not in its gold notes`).toBe(true);
      }
    }
  });
});
