// Answers a question from its bounded context: with a chat model, an LLM answer whose citations are checked
// against the context and rendered as links; without one (the default), or when the model fails, the
// extractive answer. A failure never loses what arrived: partial model text is kept and marked as cut.
import type { AskAnswer, BoundedContext } from '../types';
import { countTokens } from '../tokens';
import type { ChatModel, ChatResult } from './chat-model';
import { extractCitations, renderCitationLinks } from './citations';
import { extractiveAnswer } from './extractive';
import { buildPrompt } from './prompt';

/** Heading put before the extractive passages that follow a failed or cut model answer. */
export const FALLBACK_HEADING = 'From the notes (extractive answer):';

/** Said after an LLM answer that cites nothing from the context. */
export const NO_CITATION_NOTE = "(The model cited none of the context's labels, so this answer is unchecked.)";

/** Model text without reasoning blocks (`<think>…</think>`) that some local models emit before the answer. */
export function cleanModelText(text: string): string {
  return text
    .replace(/<think>[\s\S]*?<\/think>/gi, '')
    .replace(/^\s*<think>[\s\S]*$/i, '') // cut while still thinking: nothing of the answer arrived
    .trim();
}

function hasText(context: BoundedContext): boolean {
  return context.chunks.some((c) => /[\p{L}\p{N}]/u.test(c.text)) || /[\p{L}\p{N}]/u.test(context.text);
}

/** Why an answer that arrived is incomplete, or undefined when it is whole. */
function cutReason(r: ChatResult, model: string): string | undefined {
  if (r.truncated)
    return `The answer was cut: the connection to ${model} ended before the model finished; the text that arrived is shown.`;
  if (r.finishReason === 'length')
    return `The answer was cut at ${model}'s output limit (max tokens); the text that arrived is shown.`;
  return undefined;
}

/**
 * The answer to `question` from `context`. With `chat`: the model's answer (mode 'llm'), `promptTokens` = the exact
 * prompt count of buildPrompt and `completionTokens` = countTokens of the answer (both in the project's tokenizer,
 * so they compare with the saving; the server's own `usage` is in ChatResult). Without `chat`, with an empty
 * context (no model call is worth making) or on failure: the extractive answer, with `error` saying why.
 */
export async function answerQuestion(
  question: string,
  context: BoundedContext,
  chat: ChatModel | null,
  opts: { onDelta?: (t: string) => void; signal?: AbortSignal } = {},
): Promise<AskAnswer> {
  if (!chat || !hasText(context)) return extractiveAnswer(question, context);
  const prompt = buildPrompt(question, context);
  const r = await chat.complete(prompt.messages, opts);

  if (r.ok) {
    const raw = cleanModelText(r.value.text);
    if (raw === '') {
      return {
        ...extractiveAnswer(question, context),
        error: `${chat.name} returned an empty answer; showing passages from the notes instead.`,
      };
    }
    const { citations, chunks: sources } = extractCitations(raw, context);
    const cut = cutReason(r.value, chat.name);
    let text = renderCitationLinks(raw, context);
    if (citations.length === 0) text += `\n\n${NO_CITATION_NOTE}`;
    if (cut) text += `\n\n⚠ ${cut}`;
    const answer: AskAnswer = {
      text,
      citations,
      sources,
      mode: 'llm',
      promptTokens: prompt.tokens,
      completionTokens: countTokens(raw),
    };
    if (cut) answer.error = cut;
    return answer;
  }

  const fallback = extractiveAnswer(question, context);
  const partial = cleanModelText(r.error.partial ?? '');
  if (partial === '') {
    return { ...fallback, error: `${r.error.message} Showing passages from the notes instead (extractive answer).` };
  }
  // Text arrived before the failure: keep it, say it was cut, and add the extractive passages after it.
  const error = `The answer was cut: ${r.error.message} The text that arrived is kept and passages from the notes follow.`;
  const text = `${renderCitationLinks(partial, context)} …\n\n⚠ ${error}\n\n${FALLBACK_HEADING}\n${fallback.text}`;
  const cited = extractCitations(partial, context);
  const citations = [...cited.citations];
  for (const c of fallback.citations) if (!citations.includes(c)) citations.push(c);
  const sources = [...cited.chunks];
  for (const c of fallback.sources ?? []) if (!sources.includes(c)) sources.push(c);
  return {
    text,
    citations,
    sources,
    mode: 'extractive',
    promptTokens: prompt.tokens,
    completionTokens: countTokens(partial),
    error,
  };
}
