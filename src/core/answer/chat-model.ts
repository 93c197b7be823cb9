// The one interface the answerer needs from a language model, so the core never depends on HTTP
// and tests can pass a hand-written fake or a client pointed at a local test server.

/** One chat message as sent to an OpenAI-compatible chat-completions endpoint. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * What a model returned. `truncated` is true when the text is incomplete because the transport was cut
 * (stream ended without `[DONE]`/finish_reason, socket reset) — the text that did arrive is kept.
 * Token counts are the server's own `usage`, in the model's tokenizer, when the server reports them.
 */
export interface ChatResult {
  text: string;
  promptTokens?: number | undefined;
  completionTokens?: number | undefined;
  finishReason?: string | undefined;
  truncated: boolean;
}

/**
 * An expected failure of a model call. `message` is written for the user and never holds the API key;
 * `partial` is the answer text that arrived before the failure (e.g. a timeout in the middle of a stream).
 */
export type ChatError = {
  kind: 'unreachable' | 'unauthorized' | 'timeout' | 'model-missing' | 'bad-response' | 'http';
  message: string;
  status?: number;
  partial?: string;
};

/** A chat model: sends messages, streams text deltas to `onDelta`, returns a typed result. */
export interface ChatModel {
  readonly name: string;
  complete(
    messages: ChatMessage[],
    opts?: { onDelta?: (t: string) => void; signal?: AbortSignal },
  ): Promise<{ ok: true; value: ChatResult } | { ok: false; error: ChatError }>;
}
