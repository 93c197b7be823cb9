// The prompt sent to a chat model: a short system instruction, then one user message holding the bounded
// context (each chunk under its [[Note#Heading]] label) and the question. Nothing else from the vault.
import type { BoundedContext } from '../types';
import { countTokens, hasLongRun } from '../tokens';
import { countWithBreaks } from '../token-memo';
import type { ChatMessage } from './chat-model';

/** The system instruction: answer from the context only, cite labels exactly, admit when it is not there. */
export const SYSTEM_INSTRUCTION = [
  'You answer questions using only the notes in the context.',
  'Each section of the context starts with its label, such as [[Note#Heading]].',
  'After each statement, cite the label of the section it comes from, copied exactly, e.g. [[Note#Heading]].',
  'If the context does not answer the question, say so briefly.',
  'Answer concisely, in the language of the question.',
].join(' ');

/**
 * Tokens a chat template adds around each message: `<|start|>` + role + `<|message|>`…`<|end|>` is 3 framing
 * tokens plus the role's own tokens (1 for system/user/assistant). Source: OpenAI Cookbook, "How to count
 * tokens with tiktoken", num_tokens_from_messages (tokens_per_message = 3, role encoded as a value).
 */
export const MESSAGE_FRAME_TOKENS = 3;

/** Tokens that prime the reply (`<|start|>assistant<|message|>`), same source as MESSAGE_FRAME_TOKENS. */
export const REPLY_PRIMING_TOKENS = 3;

/** Overhead of one message: framing plus the exact tokens of its role. */
export function messageOverhead(role: ChatMessage['role']): number {
  return MESSAGE_FRAME_TOKENS + countTokens(role);
}

/** Exact prompt tokens of `messages`: every content counted with countTokens, plus per-message overhead and reply priming. */
export function countPromptTokens(messages: ChatMessage[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) total += messageOverhead(m.role) + countTokens(m.content);
  return total;
}

/** The context as the model sees it: the retriever's rendered text, or the labelled chunks if that is empty. */
export function contextForPrompt(context: BoundedContext): string {
  if (context.text.trim().length > 0) return context.text.trim();
  return context.chunks.map((c) => `${c.label}\n${c.text.trim()}`).join('\n\n');
}

/** What the user message starts with when there is a context. */
const USER_HEAD = 'Context:\n\n';

/** Builds the messages for `question` over `context`, with their exact token count (see countPromptTokens). */
export function buildPrompt(question: string, context: BoundedContext): { messages: ChatMessage[]; tokens: number } {
  const q = question.trim();
  if (q.length === 0) throw new Error('prompt: the question is empty');
  const ctx = contextForPrompt(context);
  const user =
    ctx.length > 0
      ? `${USER_HEAD}${ctx}\n\nQuestion: ${q}`
      : `Context: (empty: nothing in the notes matched the question)\n\nQuestion: ${q}`;
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM_INSTRUCTION },
    { role: 'user', content: user },
  ];
  if (ctx.length === 0 || ctx !== context.text || ctx.charCodeAt(0) === 47 || hasLongRun(user))
    return { messages, tokens: countPromptTokens(messages) };
  // The context's exact count is known: the user message is "Context:\n\n" + context + "\n\n" + "Question: …",
  // and each part after a line break starts a line seam (token-memo.ts), so its count is the parts' sum. Saves
  // tokenizing the context's text a second time.
  const head = messageOverhead('system') + countTokens(SYSTEM_INSTRUCTION) + messageOverhead('user');
  const body = countTokens(USER_HEAD) + countWithBreaks(ctx, context.tokens, '\n\n') + countTokens(`Question: ${q}`);
  return { messages, tokens: REPLY_PRIMING_TOKENS + head + body };
}

/** The prompt as plain text for `--show-prompt`: each message under a role rule. */
export function formatPromptForDisplay(messages: ChatMessage[], tokens?: number): string {
  const parts = messages.map((m) => `──── ${m.role} ────\n${m.content}`);
  if (tokens !== undefined) parts.push(`──── ${tokens} prompt tokens (o200k_base, with message overhead) ────`);
  return parts.join('\n\n') + '\n';
}
