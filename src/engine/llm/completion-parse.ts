// Reads chat-completion objects, streamed chunks and whole responses alike, into one accumulating result.
// Servers differ in small ways (content as an array of parts, `text` instead of `message`), so reading is lenient.

/** What one streamed or whole response contributed. */
export interface Parsed {
  text: string;
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  serverError?: string;
}

/** Reads `choices[0]`, `usage` and `error` of one completion object (streamed chunk or whole response). */
export function absorb(obj: unknown, into: Parsed, onDelta?: (t: string) => void): void {
  if (!obj || typeof obj !== 'object') return;
  const o = obj as { choices?: unknown; usage?: unknown; error?: unknown };
  if (o.error !== undefined && o.error !== null) {
    const e = o.error as { message?: unknown };
    into.serverError =
      typeof o.error === 'string' ? o.error : typeof e.message === 'string' ? e.message : JSON.stringify(o.error);
  }
  const choice = Array.isArray(o.choices) ? (o.choices[0] as Record<string, unknown> | undefined) : undefined;
  if (choice) {
    const piece =
      contentOf(choice['delta']) ??
      contentOf(choice['message']) ??
      (typeof choice['text'] === 'string' ? choice['text'] : undefined);
    if (piece) {
      into.text += piece;
      onDelta?.(piece);
    }
    if (typeof choice['finish_reason'] === 'string') into.finishReason = choice['finish_reason'];
  }
  const usage = o.usage as { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined | null;
  if (usage && typeof usage === 'object') {
    if (typeof usage.prompt_tokens === 'number') into.promptTokens = usage.prompt_tokens;
    if (typeof usage.completion_tokens === 'number') into.completionTokens = usage.completion_tokens;
  }
}

/** `content` as a string, also when a server sends it as an array of text parts. */
function contentOf(m: unknown): string | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const c = (m as { content?: unknown }).content;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) {
    return c
      .map((p) =>
        p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string'
          ? (p as { text: string }).text
          : '',
      )
      .join('');
  }
  return undefined;
}
