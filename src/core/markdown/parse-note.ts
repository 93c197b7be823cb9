// parseNote: everything the indexer learns from one note's text (frontmatter, headings, links, tags, block ids).
import type { NoteHeading, NoteLink, ParsedNote } from '../types';
import { fencedLines, maskInlineCode } from './code-mask';
import { frontmatterAliases, frontmatterTags, frontmatterTitle, splitFrontmatter, uniqueCaseless } from './frontmatter';
import { extractBlockId, extractLinks, extractTags, extractWikilinks } from './links';

const ATX_OPEN_RE = /^ {0,3}(#{1,6})(?=[ \t]|$)/;

/** Splits text into lines, accepting CRLF and lone CR line ends. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * The ATX heading on a line (closing #'s removed), or null. Empty headings (`#` alone) are not headings.
 * Written without a lazy `(.*?)[ \t]*$` regex, which backtracks quadratically on a long run of spaces.
 */
export function parseAtxHeading(line: string): { level: number; text: string } | null {
  const m = ATX_OPEN_RE.exec(line);
  if (!m) return null;
  const level = (m[1] ?? '#').length;
  let text = line.slice(m[0].length).trim();
  // A closing sequence of #'s counts only after a space (or as the whole text).
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 35) end--;
  if (end < text.length && (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t'))
    text = text.slice(0, end).trim();
  if (text === '') return null;
  return { level, text };
}

/** File name without folders and without `.md`. */
export function noteBasename(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/\.md$/i, '');
}

/** Parses one note. Never throws: malformed frontmatter is reported in `frontmatterError`. */
export function parseNote(path: string, text: string): ParsedNote {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const fm = splitFrontmatter(lines);
  const bodyStart = fm.bodyStartLine;
  const inCode = fencedLines(lines, bodyStart);

  const headings: NoteHeading[] = [];
  const links: NoteLink[] = [];
  const inlineTags: string[] = [];
  const blockIds: string[] = [];

  // Obsidian links wikilinks written in frontmatter properties (e.g. `up: "[[Parent]]"`).
  for (let i = fm.startLine + 1; fm.startLine >= 0 && i < bodyStart - 1; i++) {
    links.push(...extractWikilinks(lines[i] ?? '', i));
  }

  for (let i = bodyStart; i < lines.length; i++) {
    if (inCode[i]) continue;
    const line = lines[i] ?? '';
    const masked = maskInlineCode(line);
    // Detected on the raw line: inline code inside a heading (`# The \`x\` flag`) keeps it a heading.
    const heading = parseAtxHeading(line);
    if (heading) headings.push({ level: heading.level, text: heading.text, line: i });
    const found = extractLinks(masked, i);
    links.push(...found.links);
    inlineTags.push(...extractTags(found.rest));
    const block = extractBlockId(masked);
    if (block !== null) blockIds.push(block);
  }

  return {
    path,
    basename: noteBasename(path),
    title: frontmatterTitle(fm.data) ?? noteBasename(path),
    frontmatter: fm.data,
    frontmatterError: fm.error,
    aliases: frontmatterAliases(fm.data),
    tags: uniqueCaseless([...frontmatterTags(fm.data), ...inlineTags]),
    headings,
    links,
    blockIds: [...new Set(blockIds)],
    body: lines.slice(bodyStart).join('\n'),
    bodyStartLine: bodyStart,
  };
}
