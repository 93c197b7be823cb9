// Splits a chunk's markdown into plain sentences for the extractive answer: the heading-path line, headings,
// code fences and markup are dropped; list items and table rows stay separate units; paragraphs are split into
// sentences with Intl.Segmenter, which knows sentence ends in Russian as well as English.

const FENCE_RE = /^\s*(`{3,}|~{3,})/;
const HEADING_RE = /^\s{0,3}#{1,6}(\s|$)/;
const LIST_RE = /^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX-]\]\s+)?/;
const RULE_RE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEP_RE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

// A markdown link target may hold one level of parentheses: `(Vault/on('rename').md)`.
const TARGET = String.raw`\((?:[^()]|\([^()]*\))*\)`;
const LINK_RE = new RegExp(String.raw`!?\[\[[^\]]*\]\]|!?\[[^\]]*\]` + TARGET, 'g');
const IMAGE_LINK_RE = new RegExp(String.raw`!\[([^\]]*)\]` + TARGET, 'g');
const TEXT_LINK_RE = new RegExp(String.raw`\[([^\]]*)\]` + TARGET, 'g');

/**
 * True for a navigation line: links and separators only, such as the breadcrumb `[Vault](Vault) › [rename](…)`
 * that generated API pages put at the top, or a bare "see also" link. It names places, it answers nothing.
 */
export function isNavigationLine(line: string): boolean {
  const rest = line.replace(LINK_RE, '');
  return rest !== line && !/[\p{L}\p{N}]/u.test(rest);
}

let segmenter: Intl.Segmenter | null | undefined;

/** Sentences of one paragraph; a regex split where Intl.Segmenter is missing. */
function splitSentences(paragraph: string): string[] {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'sentence' }) : null;
  }
  const parts = segmenter
    ? [...segmenter.segment(paragraph)].map((s) => s.segment.trim()).filter(Boolean)
    : paragraph
        .split(/(?<=[.!?…])\s+(?=[\p{Lu}\p{N}"«(])/u)
        .map((s) => s.trim())
        .filter(Boolean);
  return mergeAbbreviations(parts);
}

// A sentence never ends at these ("Kwon et al. 2023", "e.g. Ollama"): the segmenters split there.
const ABBREVIATION_END = /(?:\bet al|\be\.g|\bi\.e|\bvs|\bcf|\bFig|\bapprox|\bт\.е|\bт\.к|\bи др)\.$/iu;

/** Joins a piece that ends with an abbreviation to the piece after it. */
function mergeAbbreviations(parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last !== undefined && ABBREVIATION_END.test(last)) out[out.length - 1] = `${last} ${p}`;
    else out.push(p);
  }
  return out;
}

/** Inline markdown reduced to the text a reader sees; vault wikilinks must not look like citations. */
export function stripInlineMarkdown(text: string): string {
  return (
    text
      .replace(/%%.*?%%/g, ' ')
      // VitePress containers (`::: warning` … `:::`): the markers are markup, the words inside stay.
      .replace(/(^|\s):::\s*(?:tip|info|warning|danger|details|note|important|caution|code-group)?(?=\s|$)/gi, ' ')
      .replace(/<!--.*?-->/g, ' ')
      .replace(/!\[\[[^\]]*\]\]/g, ' ')
      .replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
      .replace(/\[\[([^\]]*)\]\]/g, (_m, t: string) =>
        t.replace(/\.md$/i, '').replace(/^#\^?/, '').replace(/#\^?/g, ' › '),
      )
      .replace(IMAGE_LINK_RE, '$1')
      .replace(TEXT_LINK_RE, '$1')
      .replace(/\[\^[^\]]*\]/g, '')
      .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
      .replace(/(\*\*|__|==|~~)(.+?)\1/g, '$2')
      .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s.,;:!?)]|$)/g, '$1$2')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\s\^[A-Za-z0-9-]+\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/**
 * True when the first line of a chunk is the heading-path line the chunker prepends — `Title > Heading > Sub`,
 * maybe with `(aliases: …)` — or, looser, a markdown heading or a short line naming the chunk's heading without
 * ending like a sentence. `strict` keeps only the sure forms (for a chunk of one line, which may be body text).
 */
export function isHeadingPathLine(line: string, heading: string, noteTitle: string, strict = false): boolean {
  const l = line.trim();
  const title = noteTitle.trim();
  if (title && (l === title || l.startsWith(`${title} > `) || l.startsWith(`${title} (aliases:`))) return true;
  if (strict) return false;
  if (HEADING_RE.test(l)) return true;
  if (l.length === 0 || l.length > 200 || /[.!?…:;]$/.test(l)) return false;
  return heading.length > 0 && l.toLowerCase().includes(heading.toLowerCase());
}

/** Plain sentences of a chunk's text, in reading order. */
export function chunkSentences(text: string, heading = '', noteTitle = ''): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (isHeadingPathLine(lines[0] ?? '', heading, noteTitle, lines.length === 1)) lines.shift();
  const units: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) units.push(...splitSentences(stripInlineMarkdown(paragraph.join(' '))));
    paragraph = [];
  };
  let fence: string | null = null;
  let lastRow: string | null = null;
  for (const raw of lines) {
    const f = FENCE_RE.exec(raw);
    if (fence !== null) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
      continue;
    }
    if (f) {
      flush();
      fence = f[1]!;
      continue;
    }
    // Blockquotes and callouts: the marker goes, the words stay; a callout's `[!type]` is markup.
    const line = raw.replace(/^\s*(>\s?)+/, '').replace(/^\[![^\]]*\][+-]?\s*/, '');
    if (TABLE_SEP_RE.test(line) && line.includes('|')) {
      // The row above a table's separator is its header: column names, not a statement.
      if (lastRow !== null && units[units.length - 1] === lastRow) units.pop();
      flush();
      continue;
    }
    lastRow = null;
    if (
      line.trim() === '' ||
      HEADING_RE.test(line) ||
      RULE_RE.test(line) ||
      TABLE_SEP_RE.test(line) ||
      isNavigationLine(line.replace(LIST_RE, ''))
    ) {
      flush();
      continue;
    }
    if (LIST_RE.test(line)) {
      flush();
      paragraph.push(line.replace(LIST_RE, ''));
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      flush();
      // `\|` is an escaped bar inside a cell (a wikilink alias in a table), not a cell border.
      const cells = line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => stripInlineMarkdown(c))
        .filter(Boolean);
      if (cells.length > 0) units.push((lastRow = cells.join('; ')));
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  return units.filter((s) => /[\p{L}\p{N}]/u.test(s));
}
