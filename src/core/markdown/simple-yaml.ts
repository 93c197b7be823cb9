// The common front matter without a YAML parser: `key: value` lines whose values are plain words, dates or flow
// lists of words (`tags: [a, b]`, `created: 2024-07-14`). Parsing those with the yaml package took as long as
// chunking the note. Anything else (quotes, comments, numbers, nesting, block lists, true/null…) is left to it.

const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Plain words joined by single spaces: a string in YAML's core schema unless it is a null or boolean word. */
const WORDS = /^[A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z][A-Za-z0-9_-]*)*$/;
/** An ISO date: a string in the core schema (timestamps are not one of its types). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** null and boolean words of the core schema (any spelling falls back to the parser: it knows which count). */
const RESERVED = new Set(['null', 'true', 'false']);

function word(v: string): boolean {
  return WORDS.test(v) && !RESERVED.has(v.toLowerCase());
}

function scalar(v: string): string | undefined {
  return word(v) || DATE.test(v) ? v : undefined;
}

/**
 * The mapping of a front matter block made only of simple lines, exactly as the yaml package's parseDocument
 * (core schema, unique keys) would give it; undefined when any line is not simple.
 */
export function parseSimpleMapping(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon < 0) return undefined;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 2);
    if (!KEY.test(key) || Object.prototype.hasOwnProperty.call(out, key)) return undefined;
    if (value.startsWith('[') && value.endsWith(']')) {
      const inner = value.slice(1, -1);
      const items = inner === '' ? [] : inner.split(', ');
      if (!items.every(word)) return undefined;
      out[key] = items;
      continue;
    }
    const s = scalar(value);
    if (s === undefined) return undefined;
    out[key] = s;
  }
  return out;
}
