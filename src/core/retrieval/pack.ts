// Packs ranked chunks into an exact token budget and renders the context the LLM sees, grouped by note in
// reading order, each chunk under its citation label.
import type { BoundedContext, Chunk, ChunkTrace, ContextChunk } from '../types';
import { countTokens, hasLongRun, truncateToTokens } from '../tokens';
import { countWithBreaks } from '../token-memo';

/** A chunk chosen by the retriever, in rank order. */
export interface RankedChunk {
  chunk: Chunk;
  score: number;
  trace: ChunkTrace;
}

/**
 * Citation label of a chunk: `[[Note#Heading]]`, using the path when the basename is ambiguous. A note with a
 * front matter title is cited by it, as Obsidian link text: `[[202204090851#Heading|Title > Heading]]`.
 */
export function chunkLabel(chunk: Chunk, ambiguous: (title: string) => boolean): string {
  const name = ambiguous(chunk.title) ? chunk.note.replace(/\.md$/i, '') : chunk.title;
  const heading = chunk.headingPath[chunk.headingPath.length - 1];
  // "# Title" at the top of a note names the note itself: cite the note.
  const same = (a: string | undefined, b: string | undefined): boolean =>
    a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
  const isTitle = chunk.headingPath.length === 1 && (same(heading, chunk.title) || same(heading, chunk.displayTitle));
  const target = heading && !isTitle ? `${name}#${heading}` : name;
  // Link text may not hold `|` or `]]`; such a title falls back to the plain target.
  const shown = chunk.displayTitle?.replace(/[|[\]]/g, ' ').trim();
  if (!shown) return `[[${target}]]`;
  return `[[${target}|${heading && !isTitle ? `${shown} > ${heading.replace(/[|[\]]/g, ' ')}` : shown}]]`;
}

// Label lines recur across questions (the same notes keep matching): their token counts are remembered.
const labelTokenCache = new Map<string, number>();

/** Tokens of a citation label line. */
function labelTokens(label: string): number {
  let n = labelTokenCache.get(label);
  if (n === undefined) {
    if (labelTokenCache.size >= 50_000) labelTokenCache.clear();
    n = countTokens(`${label}\n`);
    labelTokenCache.set(label, n);
  }
  return n;
}

/** Tokens allowed for the blank line between blocks and a merge at the label's edge. */
const BLOCK_SLACK = 1;

function block(label: string, text: string): string {
  return `${label}\n${text.trim()}\n\n`;
}

/** Renders chunks (already in final order) as the context text. */
export function renderContext(chunks: readonly ContextChunk[]): string {
  return chunks
    .map((c) => block(c.label, c.text))
    .join('')
    .trimEnd();
}

/**
 * Greedy packing: take chunks in rank order while they fit, skipping any that would overflow, then order the
 * result by note (best note first) and by position within the note. The rendered text is counted exactly and
 * never exceeds the budget; `maxChunks` caps the number of chunks.
 */
export function packContext(
  ranked: readonly RankedChunk[],
  budget: number,
  ambiguous: (title: string) => boolean,
  maxChunks = Infinity,
): BoundedContext {
  const picked: { c: ContextChunk; rank: number; order: number; n: BlockTokens }[] = [];
  let used = 0;
  for (let i = 0; i < ranked.length && picked.length < maxChunks; i++) {
    const r = ranked[i]!;
    let text = r.chunk.text;
    // The chunk's own count plus its label line: an upper bound in practice (tokens rarely merge across a
    // newline), checked exactly on the rendered text below. Saves tokenizing every candidate twice.
    const own = Number.isInteger(r.chunk.tokens) && r.chunk.tokens > 0 ? r.chunk.tokens : countTokens(text);
    const room = budget - used;
    // Once the budget is nearly spent most candidates cannot fit whatever their label costs: skip them before
    // building and tokenizing a label (at 50k notes that was a sixth of a question's CPU).
    if (picked.length > 0 && own + BLOCK_SLACK > room) continue;
    const label = chunkLabel(r.chunk, ambiguous);
    let cost = own + labelTokens(label) + BLOCK_SLACK;
    if (cost > room) {
      // Only the very first chunk is cut to fit (a tiny budget must still give some context).
      if (picked.length > 0 || room < 16) continue;
      text = truncateToTokens(text, Math.max(1, room - countTokens(block(label, '')) - 2));
      cost = countTokens(block(label, text));
      if (cost > room) continue;
    }
    used += cost;
    const heading = r.chunk.headingPath[r.chunk.headingPath.length - 1] ?? '';
    const tokens = text === r.chunk.text ? own : countTokens(text);
    picked.push({
      c: { id: r.chunk.id, note: r.chunk.note, heading, label, tokens, score: r.score, text, trace: r.trace },
      rank: i,
      order: r.chunk.order,
      n: blockTokens(label, text, text === r.chunk.text ? own : null),
    });
  }
  const noteRank = new Map<string, number>();
  for (const p of picked) if (!noteRank.has(p.c.note)) noteRank.set(p.c.note, p.rank);
  picked.sort((a, b) => noteRank.get(a.c.note)! - noteRank.get(b.c.note)! || a.order - b.order);
  let kept = picked;
  let tokens = renderedTokens(kept);
  // Token boundaries can merge across blocks; drop the weakest chunk until the exact count fits.
  while (tokens > budget && kept.length > 0) {
    const weakest = kept.reduce((w, p, i) => (p.c.score < kept[w]!.c.score ? i : w), 0);
    kept = kept.filter((_, i) => i !== weakest);
    tokens = renderedTokens(kept);
  }
  const chunks = kept.map((p) => p.c);
  return { tokens, chunks, text: renderContext(chunks) };
}

/** Exact tokens of a block followed by another one (`whole`) and as the last one (`last`); -1 when not a sum. */
interface BlockTokens {
  whole: number;
  last: number;
}

/**
 * Tokens of one rendered block, exactly, from the chunk's own count when it is known (`own` = count(text)). The
 * rendered context is a sum of its blocks: each starts with "[[" after a line break, a seam of token-memo.ts, and
 * so does the text after its label line unless it starts with '/'. The blank line after a text changes only its
 * last piece (countWithBreaks). Saves tokenizing each packed chunk again (a fifth of a question's CPU at 10k notes).
 */
function blockTokens(label: string, text: string, own: number | null): BlockTokens {
  const body = text.trim();
  if (hasLongRun(label) || hasLongRun(body)) return { whole: -1, last: -1 };
  if (own !== null && body.length === text.length && body.length > 0 && body.charCodeAt(0) !== 47) {
    const head = labelTokens(label);
    return { whole: head + countWithBreaks(body, own, '\n\n'), last: head + own };
  }
  const b = block(label, text);
  return { whole: countTokens(b), last: countTokens(b.trimEnd()) };
}

/** Tokens of the rendered context of `kept` (in render order): every block, the last without its blank line. */
function renderedTokens(kept: readonly { c: ContextChunk; n: BlockTokens }[]): number {
  // Counted whole when a block holds a run the tokenizer slices (its count is then no sum of blocks).
  if (kept.some((p) => p.n.whole < 0)) return countTokens(renderContext(kept.map((p) => p.c)));
  let n = 0;
  for (let i = 0; i < kept.length; i++) n += i === kept.length - 1 ? kept[i]!.n.last : kept[i]!.n.whole;
  return n;
}
