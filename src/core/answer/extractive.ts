// The answer without a language model: the few sentences of the bounded context that best answer the question,
// each group followed by its chunk's citation. Scoring is BM25 over the context's own sentences (so IDF reflects
// what is distinctive here), plus small bonuses for the chunk's retrieval rank, a heading that names the
// question's words, and an early position in its section (where definitions usually sit).
import type { AskAnswer, BoundedContext, ContextChunk } from '../types';
import { countTokens } from '../tokens';
import { labelDisplayTitle, renderCitationLinks } from './citations';
import { chunkSentences, stripInlineMarkdown } from './sentences';
import { contentTerms } from './terms';

/** Sentences in an extractive answer unless told otherwise. */
export const DEFAULT_EXTRACTIVE_SENTENCES = 4;

/** Said when the context holds no text at all (the reply is never empty). */
export const EMPTY_CONTEXT_REPLY = 'Nothing in the notes matched the question, so there is no passage to answer from.';

/** Said before the passages when no sentence shares a word with the question. */
export const NO_OVERLAP_PREFIX = 'No sentence in the notes shares words with the question; the closest passages:';

const K1 = 1.2;
// Sentences vary less in length than documents; a mild length normalisation keeps long ones from winning by size.
const B = 0.5;

interface Candidate {
  chunk: number;
  pos: number;
  text: string;
  terms: string[];
  score: number;
  lexical: number;
}

/** Fewest words (of two letters or more) a unit needs to answer anything rather than be a bare name or label. */
const MIN_WORDS = 2;

const titleOf = (note: string): string => note.replace(/\.md$/i, '').split('/').pop() ?? note;

/** Every sentence of every chunk, with its terms. */
function candidates(chunks: ContextChunk[]): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  chunks.forEach((c, chunk) => {
    // A note with a front matter title is headed by it (the label shows it), not by its file name.
    chunkSentences(c.text, c.heading, labelDisplayTitle(c.label) ?? titleOf(c.note)).forEach((text, pos) => {
      const key = text.toLowerCase().replace(/\s+/g, ' ');
      if (seen.has(key)) return; // overlapping chunks repeat sentences
      if ((text.match(/\p{L}{2,}/gu) ?? []).length < MIN_WORDS) return;
      seen.add(key);
      out.push({ chunk, pos, text, terms: contentTerms(text), score: 0, lexical: 0 });
    });
  });
  return out;
}

/** Last resort when no chunk has a prose sentence (only code, say): the first lines of the best chunk, verbatim. */
function rawLines(chunk: ContextChunk, chunkIndex: number, max: number): Candidate[] {
  return chunk.text
    .split(/\r?\n/)
    .map((l) => stripInlineMarkdown(l.replace(/^\s*(```|~~~).*$/, '')))
    .filter((l) => /[\p{L}\p{N}]/u.test(l))
    .slice(0, max)
    .map((text, pos) => ({ chunk: chunkIndex, pos, text, terms: [], score: 0, lexical: 0 }));
}

function jaccard(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = new Set(a);
  const sb = new Set(b);
  let both = 0;
  for (const t of sa) if (sb.has(t)) both++;
  return both / (sa.size + sb.size - both);
}

/** True when a sentence only repeats the question: a question itself much like it, or nothing but its words. */
function restatesQuestion(c: Candidate, q: ReadonlySet<string>): boolean {
  const own = new Set(c.terms);
  if (own.size === 0) return false;
  let shared = 0;
  for (const t of own) if (q.has(t)) shared++;
  if (shared === own.size) return true;
  return /\?\s*$/.test(c.text) && shared / own.size >= 0.5;
}

/** Scores candidates in place against the question. */
function score(question: string, chunks: ContextChunk[], cands: Candidate[]): void {
  const q = [...new Set(contentTerms(question))];
  const qSet = new Set(q);
  const df = new Map<string, number>();
  for (const c of cands) for (const t of new Set(c.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(1, cands.length);
  const idf = (t: string): number => {
    const d = df.get(t) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const avgLen = cands.reduce((s, c) => s + c.terms.length, 0) / n || 1;
  const totalIdf = q.reduce((s, t) => s + idf(t), 0);
  const meanIdf = q.length > 0 ? totalIdf / q.length : 1;
  // Rank of each chunk by retrieval score (the context itself is in reading order, not rank order).
  const order = chunks.map((c, i) => ({ i, s: c.score })).sort((a, b) => b.s - a.s || a.i - b.i);
  const rank = new Map(order.map((o, r) => [o.i, r]));
  const headingBonus = chunks.map((c) => {
    const h = new Set(contentTerms(`${c.heading} ${titleOf(c.note)} ${labelDisplayTitle(c.label) ?? ''}`));
    return 0.3 * q.filter((t) => h.has(t)).reduce((s, t) => s + idf(t), 0);
  });
  for (const c of cands) {
    if (restatesQuestion(c, qSet)) {
      c.score = c.lexical = -1; // never chosen while anything else is there
      continue;
    }
    const tf = new Map<string, number>();
    for (const t of c.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    let lexical = 0;
    let covered = 0;
    for (const t of q) {
      const f = tf.get(t) ?? 0;
      if (f > 0) {
        lexical += (idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * c.terms.length) / avgLen));
        covered += idf(t);
      }
    }
    // Distinct question words covered count beyond BM25's per-word sum: a sentence naming two of the question's
    // ideas answers more than one that repeats one of them.
    const coverage = totalIdf > 0 ? covered / totalIdf : 0;
    lexical *= 0.6 + coverage;
    // A sentence under a heading (or in a note) named by the question is about it even without the words:
    // "the number of elements in this list." under "ListValue.length() method".
    const heading = headingBonus[c.chunk] ?? 0;
    c.lexical = lexical + heading * (lexical > 0 ? 1 : 0.5);
    // A sentence that ends in ':' only introduces what follows; alone it answers little.
    const lead = c.text.endsWith(':') ? 0.6 : 1;
    c.score =
      c.lexical * lead + heading * 0.5 + meanIdf / (1 + (rank.get(c.chunk) ?? 0)) + (0.05 * meanIdf) / (1 + c.pos);
  }
}

/** Picks up to `max` sentences: the best first, near-duplicates skipped, weak ones dropped when strong ones exist. */
function pick(cands: Candidate[], max: number): { chosen: Candidate[]; matched: boolean } {
  const usable = cands.filter((c) => c.score >= 0);
  const pool = usable.length > 0 ? usable : cands;
  const sorted = [...pool].sort((a, b) => b.score - a.score || a.chunk - b.chunk || a.pos - b.pos);
  const matched = sorted.some((c) => c.lexical > 0);
  const best = sorted.find((c) => !matched || c.lexical > 0)?.score ?? 0;
  const chosen: Candidate[] = [];
  for (const c of sorted) {
    if (chosen.length >= max) break;
    if (matched && (c.lexical <= 0 || c.score < 0.3 * best)) continue;
    if (chosen.some((d) => jaccard(d.terms, c.terms) >= 0.7)) continue;
    chosen.push(c);
  }
  return { chosen, matched };
}

/**
 * Extractive answer to `question` from `context`: the best sentences (default 4), grouped by chunk (in reading
 * order within it), the most useful group first, each group followed by its citation rendered as a link.
 * Sentences that only restate the question are never picked while anything else is there. Never empty: without any matching word the
 * best-ranked chunk's opening sentences are given, said as such. `promptTokens` is 0 because no model reads a
 * prompt; `completionTokens` is the exact token count of the answer text.
 */
export function extractiveAnswer(
  question: string,
  context: BoundedContext,
  opts: { maxSentences?: number } = {},
): AskAnswer {
  const max = Math.max(1, Math.floor(opts.maxSentences ?? DEFAULT_EXTRACTIVE_SENTENCES));
  const chunks = context.chunks;
  let cands = candidates(chunks);
  if (cands.length === 0) {
    const top = chunks
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => /[\p{L}\p{N}]/u.test(c.text))
      .sort((a, b) => b.c.score - a.c.score || a.i - b.i)[0];
    cands = top ? rawLines(top.c, top.i, max) : [];
  }
  if (cands.length === 0) return done(EMPTY_CONTEXT_REPLY, []);
  score(question, chunks, cands);
  const { chosen, matched } = pick(cands, max);
  // Most useful first: one bullet per chunk, bullets ordered by their best sentence, sentences in reading order.
  const groups = new Map<number, Candidate[]>();
  for (const c of chosen) groups.set(c.chunk, [...(groups.get(c.chunk) ?? []), c]);
  const ordered = [...groups.entries()]
    .map(([ci, g]) => ({ ci, g: g.sort((a, b) => a.pos - b.pos), best: Math.max(...g.map((c) => c.score)) }))
    .sort((a, b) => b.best - a.best || a.ci - b.ci);
  const lines: string[] = [];
  const citations: string[] = [];
  const sources: string[] = [];
  for (const { ci, g } of ordered) {
    const group = g.map((c) => c.text);
    const chunk = chunks[ci]!;
    sources.push(chunk.id);
    // A list item has no full stop; give it one so joined sentences do not run together.
    const joined = group.map((t, k) => (k < group.length - 1 && !/[.!?…:;]$/.test(t) ? `${t}.` : t)).join(' ');
    lines.push(`- ${joined} ${chunk.label}`);
    if (!citations.includes(chunk.note)) citations.push(chunk.note);
  }
  const raw = (matched || contentTerms(question).length === 0 ? '' : `${NO_OVERLAP_PREFIX}\n`) + lines.join('\n');
  return done(renderCitationLinks(raw, context), citations, sources);
}

function done(text: string, citations: string[], sources: string[] = []): AskAnswer {
  return { text, citations, sources, mode: 'extractive', promptTokens: 0, completionTokens: countTokens(text) };
}
