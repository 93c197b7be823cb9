// YAML frontmatter: finding the block, parsing it without ever throwing, and reading aliases/tags from it.
import { parseDocument } from 'yaml';
import { parseSimpleMapping } from './simple-yaml';

/** Result of splitting a note's lines into frontmatter and body. */
export interface FrontmatterSplit {
  /** Parsed mapping, `{}` for an empty block, null when absent or malformed. */
  data: Record<string, unknown> | null;
  /** Why the block was rejected (1-based file line included), or null. */
  error: string | null;
  /** 0-based line of the opening `---`, or -1 when there is no block. */
  startLine: number;
  /** 0-based line where the body starts (0 when there is no block). */
  bodyStartLine: number;
}

/**
 * Finds a frontmatter block (`---` on the first line, closed by `---` or `...`) and parses it.
 * Like Obsidian, an unclosed block is not frontmatter at all: the `---` is then just a thematic break.
 */
export function splitFrontmatter(lines: readonly string[]): FrontmatterSplit {
  const none: FrontmatterSplit = { data: null, error: null, startLine: -1, bodyStartLine: 0 };
  const first = lines[0];
  if (first === undefined || first.replace(/^\uFEFF/, '').trimEnd() !== '---') return none;
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = (lines[i] ?? '').trimEnd();
    if (l === '---' || l === '...') {
      close = i;
      break;
    }
  }
  if (close < 0) return none;
  const yamlText = lines.slice(1, close).join('\n');
  const parsed = parseYamlMapping(yamlText);
  return { data: parsed.data, error: parsed.error, startLine: 0, bodyStartLine: close + 1 };
}

/** A block written as one JSON object (digital-garden publishers write `{"dg-publish":true,"title":"…"}`). */
function parseJsonMapping(text: string): Record<string, unknown> | null {
  if (!text.trim().startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function parseYamlMapping(text: string): { data: Record<string, unknown> | null; error: string | null } {
  if (text.trim() === '') return { data: {}, error: null };
  // JSON is YAML, but some valid JSON is not valid YAML to a strict parser (duplicate keys, tabs as indentation).
  const json = parseJsonMapping(text);
  if (json) return { data: json, error: null };
  const simple = parseSimpleMapping(text);
  if (simple) return { data: simple, error: null };
  try {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    const err = doc.errors[0];
    if (err) {
      // The YAML starts on file line 2 (after the opening `---`); report 1-based file lines as editors show them.
      const pos = err.linePos?.[0];
      const where = pos ? ` at line ${pos.line + 1}, column ${pos.col}` : '';
      const msg = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return { data: null, error: `frontmatter: invalid YAML${where}: ${msg}` };
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return { data: {}, error: null };
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { data: null, error: 'frontmatter: invalid YAML at line 2: the block is not a key/value mapping' };
    }
    return { data: value as Record<string, unknown>, error: null };
  } catch (e: unknown) {
    // toJS can still throw (e.g. alias bombs); a bad note must never stop indexing.
    const msg = e instanceof Error ? e.message : String(e);
    return { data: null, error: `frontmatter: invalid YAML: ${msg}` };
  }
}

/** Value of the first key matching one of `names`, case-insensitively (Obsidian accepts `Aliases`, `Tags`). */
function field(data: Record<string, unknown>, names: readonly string[]): unknown {
  for (const key of Object.keys(data)) {
    if (names.includes(key.toLowerCase())) return data[key];
  }
  return undefined;
}

function scalarStrings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => scalarStrings(v));
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

/** Aliases from `aliases`/`alias`: a list, or a comma-separated string (aliases may contain spaces). */
export function frontmatterAliases(data: Record<string, unknown> | null): string[] {
  if (!data) return [];
  const raw = field(data, ['aliases', 'alias']);
  const parts = typeof raw === 'string' ? raw.split(',') : scalarStrings(raw);
  return uniqueCaseless(parts.map((s) => s.trim()).filter((s) => s.length > 0));
}

/**
 * The note's display title from `title` (digital gardens and publishing tools show it instead of the file name,
 * which may be a timestamp such as `202204090851`); null when absent or not a non-empty scalar.
 */
export function frontmatterTitle(data: Record<string, unknown> | null): string | null {
  if (!data) return null;
  const raw = field(data, ['title']);
  const t = (typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/** Tags from `tags`/`tag`: a list, or a string separated by commas and/or spaces; without '#'. */
export function frontmatterTags(data: Record<string, unknown> | null): string[] {
  if (!data) return [];
  const raw = field(data, ['tags', 'tag']);
  const parts = scalarStrings(raw).flatMap((s) => s.split(/[,\s]+/));
  return uniqueCaseless(parts.map((s) => s.trim().replace(/^#+/, '')).filter((s) => s.length > 0));
}

/** De-duplicates strings case-insensitively, keeping the first spelling (Obsidian treats #Tag and #tag as one). */
export function uniqueCaseless(items: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of items) {
    const k = s.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}
