// A client for OpenAI-compatible chat completions (Ollama, LM Studio, llama.cpp server, vLLM, hosted APIs) over
// Node's fetch, streaming with Server-Sent Events by default.
//
// Cut streams: when the stream ends without `[DONE]` or a finish_reason, or the socket is reset after some text
// arrived, the call succeeds with `truncated: true` and the text that arrived. A stream cut before any text, a
// timeout and a cancellation are errors, with the text that arrived (if any) in `partial`.
import type { ChatError, ChatMessage, ChatModel, ChatResult } from '../../core/answer/chat-model';
import { displayUrl, httpError, networkError, redact } from './chat-errors';
import { chatCompletionsUrl, DEFAULT_TIMEOUT_MS, type OpenAIChatOptions } from './openai-endpoint';
import { absorb, type Parsed } from './completion-parse';
import { SseDecoder } from './sse';
import { StreamRedactor } from '../../core/answer/redact';

type Outcome = { ok: true; value: ChatResult } | { ok: false; error: ChatError };

/** A chat model behind an OpenAI-compatible `/chat/completions` endpoint. */
export class OpenAIChatModel implements ChatModel {
  readonly name: string;
  private readonly url: string;
  private readonly opts: OpenAIChatOptions;

  constructor(opts: OpenAIChatOptions) {
    if (!opts.model || opts.model.trim() === '')
      throw new Error('openai-chat: a model name is needed (e.g. --model llama3.1)');
    const key = opts.apiKey?.trim();
    // A key with control or non-ASCII characters cannot go into a header; fetch's own error would quote it.
    if (key && !/^[\x21-\x7e]+$/.test(key))
      throw new Error('openai-chat: the API key holds characters an HTTP header cannot carry');
    this.url = chatCompletionsUrl(opts.baseUrl);
    this.opts = { ...opts, model: opts.model.trim(), apiKey: key || undefined };
    this.name = this.opts.model;
  }

  /** The endpoint, without credentials, for messages and settings. */
  get endpoint(): string {
    return displayUrl(this.url);
  }

  /**
   * Sends `messages`; streams text to `onDelta`; never throws for network, HTTP or protocol failures.
   * An exception thrown by `onDelta` is a caller bug: it is re-thrown once the request has ended, rather than
   * being mistaken for a cut stream.
   */
  async complete(
    messages: ChatMessage[],
    callOpts: { onDelta?: ((t: string) => void) | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<Outcome> {
    const given = callOpts.onDelta;
    const failed: { error?: unknown } = {};
    // An endpoint may echo the key inside its answer: nothing it says reaches the caller unredacted.
    const redactor = new StreamRedactor([this.opts.apiKey]);
    const deliver = (t: string): void => {
      if (!given || t === '' || 'error' in failed) return;
      try {
        given(t);
      } catch (e) {
        failed.error = e;
      }
    };
    const onDelta = given ? (t: string): void => deliver(redactor.push(t)) : undefined;
    const outcome = await this.request(messages, { onDelta, signal: callOpts.signal });
    deliver(redactor.end());
    if ('error' in failed) throw failed.error;
    if (outcome.ok)
      return { ok: true, value: { ...outcome.value, text: redact(outcome.value.text, this.opts.apiKey) } };
    return outcome.error.partial === undefined
      ? outcome
      : { ok: false, error: { ...outcome.error, partial: redact(outcome.error.partial, this.opts.apiKey) } };
  }

  private async request(
    messages: ChatMessage[],
    callOpts: { onDelta?: ((t: string) => void) | undefined; signal?: AbortSignal | undefined },
  ): Promise<Outcome> {
    const stream = this.opts.stream ?? true;
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    const state = { timedOut: false, cancelled: false };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    const onCancel = (): void => {
      state.cancelled = true;
      controller.abort();
    };
    if (callOpts.signal?.aborted)
      return { ok: false, error: { kind: 'http', message: 'The request was cancelled before it was sent.' } };
    callOpts.signal?.addEventListener('abort', onCancel, { once: true });
    const parsed: Parsed = { text: '' };
    try {
      arm();
      let res = await this.post(messages, stream, stream, controller.signal);
      if (res.status === 400 && stream) {
        // Older servers reject `stream_options`; ask once more without it (usage is then unknown).
        const body = await res.text();
        if (!/stream_options/i.test(body)) return { ok: false, error: await this.statusError(400, body) };
        arm();
        res = await this.post(messages, stream, false, controller.signal);
      }
      if (!res.ok) return { ok: false, error: await this.statusError(res.status, await res.text()) };
      const type = res.headers.get('content-type') ?? '';
      if (stream && type.includes('text/event-stream') && res.body)
        return await this.readStream(res.body, parsed, arm, callOpts.onDelta);
      // A whole JSON response (not streamed, or a server that ignored `stream`).
      const body = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return {
          ok: false,
          error: {
            kind: 'bad-response',
            message: `${this.endpoint} did not answer with JSON: ${redact(body.slice(0, 200), this.opts.apiKey)}`,
          },
        };
      }
      absorb(json, parsed, callOpts.onDelta);
      if (parsed.serverError !== undefined) return { ok: false, error: this.streamFailure(parsed) };
      const choices = (json as { choices?: unknown }).choices;
      if (!Array.isArray(choices) || choices.length === 0) {
        return {
          ok: false,
          error: {
            kind: 'bad-response',
            message: `${this.endpoint} answered without choices: ${redact(body.slice(0, 200), this.opts.apiKey)}`,
          },
        };
      }
      return { ok: true, value: this.result(parsed, false) };
    } catch (err) {
      if (state.timedOut)
        return {
          ok: false,
          error: this.withPartial(
            {
              kind: 'timeout',
              message: `No answer from ${this.endpoint} within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.`,
            },
            parsed,
          ),
        };
      if (state.cancelled)
        return { ok: false, error: this.withPartial({ kind: 'http', message: 'The request was cancelled.' }, parsed) };
      return { ok: false, error: this.withPartial(networkError(err, this.url, this.opts.apiKey), parsed) };
    } finally {
      clearTimeout(timer);
      callOpts.signal?.removeEventListener('abort', onCancel);
    }
  }

  private post(
    messages: ChatMessage[],
    stream: boolean,
    usageInStream: boolean,
    signal: AbortSignal,
  ): Promise<Response> {
    const body: Record<string, unknown> = { model: this.opts.model, messages, stream };
    if (usageInStream) body['stream_options'] = { include_usage: true };
    if (this.opts.temperature !== undefined) body['temperature'] = this.opts.temperature;
    if (this.opts.maxTokens !== undefined) body['max_tokens'] = this.opts.maxTokens;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
    };
    if (this.opts.apiKey) headers['authorization'] = `Bearer ${this.opts.apiKey}`;
    return (this.opts.fetch ?? fetch)(this.url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  }

  /** Reads an SSE body; a read that throws (reset, timeout) propagates to request() with `parsed` filled so far. */
  private async readStream(
    body: ReadableStream<Uint8Array>,
    parsed: Parsed,
    arm: () => void,
    onDelta?: (t: string) => void,
  ): Promise<Outcome> {
    const decoder = new SseDecoder();
    let done = false;
    const handle = (payload: string): void => {
      if (payload.trim() === '[DONE]') {
        done = true;
        return;
      }
      try {
        absorb(JSON.parse(payload), parsed, onDelta);
      } catch {
        // Servers that omit the blank line between events glue several `data:` lines into one payload.
        if (payload.includes('\n')) for (const line of payload.split('\n')) if (line.trim()) handle(line);
      }
    };
    let cut = false;
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        for (const p of decoder.push(chunk)) handle(p);
        if (done || parsed.serverError !== undefined) break;
      }
      if (!done) for (const p of decoder.end()) handle(p);
    } catch (err) {
      // Our own abort (timeout, cancel) is reported by complete(); only a transport cut is handled here.
      if ((err as { name?: string }).name === 'AbortError') throw err;
      cut = true;
    }
    if (parsed.serverError !== undefined) return { ok: false, error: this.streamFailure(parsed) };
    // A finish_reason means the answer is whole even if the connection dropped before `[DONE]` or usage.
    if (done || parsed.finishReason !== undefined) return { ok: true, value: this.result(parsed, false) };
    if (parsed.text.length > 0) return { ok: true, value: this.result(parsed, true) };
    const how = cut ? 'The connection to' : 'The stream from';
    return {
      ok: false,
      error: { kind: 'bad-response', message: `${how} ${this.endpoint} ended before any answer text arrived.` },
    };
  }

  private result(p: Parsed, truncated: boolean): ChatResult {
    const r: ChatResult = { text: p.text, truncated };
    if (p.promptTokens !== undefined) r.promptTokens = p.promptTokens;
    if (p.completionTokens !== undefined) r.completionTokens = p.completionTokens;
    if (p.finishReason !== undefined) r.finishReason = p.finishReason;
    return r;
  }

  private streamFailure(p: Parsed): ChatError {
    return this.withPartial(
      { kind: 'http', message: redact(`${this.endpoint} reported an error: ${p.serverError ?? ''}`, this.opts.apiKey) },
      p,
    );
  }

  private withPartial(e: ChatError, p: Parsed): ChatError {
    return p.text.length > 0 ? { ...e, partial: p.text } : e;
  }

  private async statusError(status: number, body: string): Promise<ChatError> {
    const ctx = { url: this.url, model: this.opts.model, secret: this.opts.apiKey } as Parameters<typeof httpError>[2];
    const err = httpError(status, body, ctx);
    if (err.kind === 'model-missing') {
      ctx.available = await this.listModels();
      return httpError(status, body, ctx);
    }
    return err;
  }

  /** Model ids the server lists at `/models` (OpenAI format), or [] if it will not say within 3 s. */
  async listModels(): Promise<string[]> {
    const url = this.url.replace(/\/chat\/completions$/, '/models');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.opts.apiKey) headers['authorization'] = `Bearer ${this.opts.apiKey}`;
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(3000) });
      if (!res.ok) return [];
      const j = (await res.json()) as { data?: { id?: unknown }[] };
      return (j.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
    } catch {
      return [];
    }
  }
}
