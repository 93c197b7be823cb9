// The LLM as a ranker of candidates: after retrieval, the chat model sees a compact list of the top candidates
// (id, note, heading, the first ~40 tokens) and replies with the ids that answer the question, best first.
// Packing then follows that order (the chosen chunks first, then the rest in the retriever's order to fill the
// budget). The model chooses among a few options instead of reading everything; a reply we cannot use (prose,
// nothing, only unknown ids, a failed call) leaves the retriever's order in place and says why.
import type { ChatError, ChatMessage, ChatModel } from '../answer/chat-model';
import { countPromptTokens } from '../answer/prompt';
import { chunkSentences, isNavigationLine, stripInlineMarkdown } from '../answer/sentences';
import { countTokens, truncateToTokens } from '../tokens';
import type { RankedChunk } from './pack';

/** Candidates shown to the ranker unless told otherwise (the issue asks for 20–40 in a few hundred tokens). */
export const DEFAULT_RANK_CANDIDATES = 20;
/** Tokens of each candidate's opening shown to the ranker. */
export const EXCERPT_TOKENS = 40;

/** The ranker's instruction: ids only, best first, nothing when none helps. */
export const RANK_INSTRUCTION = [
  "You rank passages from a person's notes by how well they answer a question.",
  'Each passage is one line: its id, the note and heading it comes from, and its opening words.',
  'Reply with the ids of the passages that help answer the question, best first, separated by commas, e.g. c4, c1, c9.',
  'Leave out passages that do not help. Reply with ids only. If no passage helps, reply: none',
].join(' ');

/** What the ranker did for one question (reported in `ask --json` and summarised in the text output). */
export interface LlmRanking {
  /** `ranked`: packing followed the model; `fallback`: the retriever's order was kept, `reason` says why. */
  status: 'ranked' | 'fallback';
  model: string;
  /** Candidates shown to the model. */
  candidates: number;
  /** Chunk ids the model chose, in its order (empty on fallback). */
  chosen: string[];
  /** Ids in the reply that named no candidate (ignored). */
  unknown: string[];
  /** Exact prompt tokens of the ranking request (o200k_base, with message overhead); 0 when nothing was sent. */
  promptTokens: number;
  /** Tokens of the model's reply. */
  completionTokens: number;
  reason?: string;
}

/** One line of the ranker's list. */
export interface RankCandidate {
  id: string;
  chunk: RankedChunk;
  line: string;
}

/** The opening of a chunk as plain words: no heading-path line, markup or code, at most EXCERPT_TOKENS tokens. */
export function excerptOf(c: RankedChunk['chunk'], tokens = EXCERPT_TOKENS): string {
  const heading = c.headingPath[c.headingPath.length - 1] ?? '';
  // Sentences of two words or more: labels ("Signature:") and version numbers tell a ranker nothing.
  let text = chunkSentences(c.text, heading, c.title)
    .filter((u) => (u.match(/\p{L}{2,}/gu) ?? []).length >= 2)
    .join(' ');
  // No prose (code only, say): the lines after the heading path, without navigation lines.
  if (text === '')
    text = stripInlineMarkdown(
      c.text
        .split('\n')
        .slice(1)
        .filter((l) => !isNavigationLine(l))
        .join(' '),
    );
  if (text.trim() === '') return '(no text)';
  const cut = truncateToTokens(text, tokens);
  return cut.length < text.length ? `${cut.trimEnd()}…` : cut;
}

/** Where a candidate comes from, as one line-safe string: `Note › Heading` (the path when titles repeat). */
function origin(c: RankedChunk['chunk'], sharedTitle: boolean): string {
  const name = sharedTitle ? c.note.replace(/\.md$/i, '') : c.title;
  const heading = c.headingPath[c.headingPath.length - 1];
  const same = heading !== undefined && heading.trim().toLowerCase() === c.title.trim().toLowerCase();
  return (heading && !same ? `${name} › ${heading}` : name).replace(/[|\n]+/g, ' ');
}

/** The first `n` candidates with short ids `c1…cn` and their list lines. */
export function rankCandidates(ordered: readonly RankedChunk[], n = DEFAULT_RANK_CANDIDATES): RankCandidate[] {
  const top = ordered.slice(0, Math.max(0, n));
  const notesOf = new Map<string, Set<string>>();
  for (const r of top) {
    const t = r.chunk.title.toLowerCase();
    notesOf.set(t, (notesOf.get(t) ?? new Set()).add(r.chunk.note));
  }
  return top.map((r, i) => {
    const id = `c${i + 1}`;
    const shared = (notesOf.get(r.chunk.title.toLowerCase())?.size ?? 0) > 1;
    return { id, chunk: r, line: `${id} | ${origin(r.chunk, shared)} | ${excerptOf(r.chunk).replace(/\n+/g, ' ')}` };
  });
}

/** The ranking request for `question` over `cands`, with its exact token count. */
export function buildRankPrompt(
  question: string,
  cands: readonly RankCandidate[],
): { messages: ChatMessage[]; tokens: number } {
  const q = question.trim();
  if (q === '') throw new Error('llm-ranker: the question is empty');
  const messages: ChatMessage[] = [
    { role: 'system', content: RANK_INSTRUCTION },
    {
      role: 'user',
      content: `Question: ${q}\n\nPassages:\n${cands.map((c) => c.line).join('\n')}\n\nIds, best first:`,
    },
  ];
  return { messages, tokens: countPromptTokens(messages) };
}

/**
 * The ids a reply names, in order, without repeats, split into known and unknown. Ids are `c<number>`; a reply of
 * bare numbers only ("3, 1, 7") is read as ids too, but numbers inside prose are not.
 */
export function parseRankReply(
  reply: string,
  known: ReadonlySet<string>,
): { ids: string[]; unknown: string[]; none: boolean } {
  const text = reply.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  const bare = /^[\s\d,;.\-\n[\]]+$/.test(text) && /\d/.test(text);
  const re = bare ? /(\d{1,4})/g : /\b[cC]\s?(\d{1,4})\b/g;
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const m of text.matchAll(re)) {
    const id = `c${Number(m[1])}`;
    if (ids.includes(id) || unknown.includes(id)) continue;
    (known.has(id) ? ids : unknown).push(id);
  }
  const none = ids.length === 0 && unknown.length === 0 && /^\W*(none|нет|ничего)\W*$/i.test(text);
  return { ids, unknown, none };
}

/** Errors after which the endpoint did not process the prompt (so it cost nothing to count). */
const NOT_PROCESSED: ReadonlySet<ChatError['kind']> = new Set(['unreachable', 'unauthorized', 'model-missing']);

/** A short quote of a reply for a message. */
function quote(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `“${one.slice(0, 57)}…”` : `“${one}”`;
}

/**
 * Asks `chat` to rank the first `n` of `ordered` for `question`. Returns the new order — the model's choices in its
 * order, then every other candidate in the retriever's order — and what happened. Never throws for a bad reply or a
 * failed call: `ordered` comes back unchanged with `status: 'fallback'` and the reason.
 */
export async function rankWithLlm(
  question: string,
  ordered: readonly RankedChunk[],
  chat: ChatModel,
  opts: { candidates?: number; signal?: AbortSignal } = {},
): Promise<{ order: RankedChunk[]; ranking: LlmRanking }> {
  const cands = rankCandidates(ordered, opts.candidates ?? DEFAULT_RANK_CANDIDATES);
  const base: LlmRanking = {
    status: 'fallback',
    model: chat.name,
    candidates: cands.length,
    chosen: [],
    unknown: [],
    promptTokens: 0,
    completionTokens: 0,
  };
  const keep = (reason: string, extra: Partial<LlmRanking> = {}) => ({
    order: [...ordered],
    ranking: { ...base, ...extra, reason },
  });
  if (cands.length < 2) return keep('fewer than two candidates, nothing to rank');
  const prompt = buildRankPrompt(question, cands);
  const r = await chat.complete(prompt.messages, opts.signal ? { signal: opts.signal } : {});
  if (!r.ok) {
    const spent = NOT_PROCESSED.has(r.error.kind) ? 0 : prompt.tokens;
    return keep(`the ranking call failed: ${r.error.message}`, {
      promptTokens: spent,
      completionTokens: countTokens(r.error.partial ?? ''),
    });
  }
  const reply = r.value.text;
  const used = { promptTokens: prompt.tokens, completionTokens: countTokens(reply) };
  if (reply.trim() === '') return keep(`${chat.name} returned an empty ranking`, used);
  const { ids, unknown, none } = parseRankReply(reply, new Set(cands.map((c) => c.id)));
  if (none) return keep(`${chat.name} found no candidate that answers the question`, used);
  if (ids.length === 0) {
    const what =
      unknown.length > 0 ? `only unknown ids (${unknown.slice(0, 5).join(', ')})` : `no candidate id: ${quote(reply)}`;
    return keep(`${chat.name} replied with ${what}`, { ...used, unknown });
  }
  const byId = new Map(cands.map((c) => [c.id, c.chunk]));
  const first = ids.map((id) => byId.get(id)!);
  const taken = new Set(first);
  const order = [...first, ...ordered.filter((c) => !taken.has(c))];
  return {
    order,
    ranking: { ...base, ...used, status: 'ranked', chosen: first.map((c) => c.chunk.id), unknown },
  };
}
