import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/core/answer/chat-model';
import { OpenAIChatModel } from '../../../src/engine/llm/openai-chat';
import { FakeChatServer, useFakeChatServer } from './fake-chat-server';

const messages: ChatMessage[] = [
  { role: 'system', content: 'Answer from the context.' },
  { role: 'user', content: 'Context:\n\n[[Tomatoes#Watering]]\nWater twice a week.\n\nQuestion: how often?' },
];
const ANSWER = 'The notes say so [[Tomatoes#Watering]]. Ещё: готово ✓';

const start = useFakeChatServer(afterEach);

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('OpenAIChatModel against a chat-completions server', () => {
  it('streams an answer with SSE, delta by delta, with usage', async () => {
    const s = await start();
    const chat = new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' });
    const deltas: string[] = [];
    const r = await chat.complete(messages, { onDelta: (t) => deltas.push(t) });
    expect(r).toEqual({
      ok: true,
      value: {
        text: ANSWER,
        truncated: false,
        finishReason: 'stop',
        promptTokens: expect.any(Number),
        completionTokens: ANSWER.length,
      },
    });
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(ANSWER);
    const req = s.chatRequests[0]!;
    expect(req.body).toMatchObject({ model: 'tiny', messages, stream: true, stream_options: { include_usage: true } });
    expect(req.headers.accept).toBe('text/event-stream');
    expect(req.headers.authorization).toBeUndefined();
  });

  it('reads a whole JSON answer when not streaming', async () => {
    const s = await start();
    const chat = new OpenAIChatModel({
      baseUrl: s.baseUrl,
      model: 'tiny',
      stream: false,
      temperature: 0.1,
      maxTokens: 64,
    });
    const deltas: string[] = [];
    const r = await chat.complete(messages, { onDelta: (t) => deltas.push(t) });
    expect(r.ok && r.value).toMatchObject({
      text: ANSWER,
      truncated: false,
      finishReason: 'stop',
      completionTokens: ANSWER.length,
    });
    expect(deltas.join('')).toBe(ANSWER);
    expect(s.chatRequests[0]!.body).toEqual({
      model: 'tiny',
      messages,
      stream: false,
      temperature: 0.1,
      max_tokens: 64,
    });
  });

  it('sends the API key as a bearer token', async () => {
    const s = await start({ apiKey: 'sk-right-key-123' });
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny', apiKey: 'sk-right-key-123' }).complete(
      messages,
    );
    expect(r.ok).toBe(true);
    expect(s.chatRequests[0]!.headers.authorization).toBe('Bearer sk-right-key-123');
  });

  it('maps 401 to unauthorized without ever showing the key, even when the server echoes it', async () => {
    const s = await start({ apiKey: 'sk-right-key-123' });
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny', apiKey: 'sk-WRONG-secret-456' }).complete(
      messages,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('unauthorized');
    expect(r.error.status).toBe(401);
    expect(r.error.message).toContain(`${s.baseUrl}/chat/completions refused the request (401 Unauthorized)`);
    expect(r.error.message).toContain('Incorrect API key provided: [redacted]');
    expect(JSON.stringify(r)).not.toContain('sk-WRONG-secret-456');
  });

  it('tells how to give a key when none was set', async () => {
    const s = await start({ apiKey: 'sk-right-key-123' });
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages);
    expect(!r.ok && r.error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(!r.ok && r.error.message).toContain('OVERLAY_LLM_API_KEY');
  });

  it('maps a 404 "model not found" to model-missing and lists the models the server has', async () => {
    const s = await start({ models: ['tiny', 'small'] });
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'llama9' }).complete(messages);
    expect(!r.ok && r.error).toMatchObject({ kind: 'model-missing', status: 404 });
    expect(!r.ok && r.error.message).toBe(
      `The model "llama9" is not available at ${s.baseUrl}/chat/completions: model "llama9" not found, try pulling it first. Models it has: tiny, small.`,
    );
  });

  it('maps a 404 for a wrong path to an http error that names the expected URL form', async () => {
    const s = await start();
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl.replace('/v1', '/api'), model: 'tiny' }).complete(
      messages,
    );
    expect(!r.ok && r.error).toMatchObject({ kind: 'http', status: 404 });
    expect(!r.ok && r.error.message).toMatch(/404 Not Found: 404 page not found\. The URL should be the API root/);
  });

  it('maps a server error status to http with the server message', async () => {
    const s = await start();
    s.fault = { type: 'status', status: 500, body: JSON.stringify({ error: { message: 'CUDA out of memory' } }) };
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages);
    expect(!r.ok && r.error).toEqual({
      kind: 'http',
      status: 500,
      message: `The LLM endpoint ${s.baseUrl}/chat/completions answered HTTP 500: CUDA out of memory.`,
    });
  });

  it('retries without stream_options when a server rejects it', async () => {
    const s = await start();
    s.fault = { type: 'reject-stream-options' };
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages);
    expect(r.ok && r.value.text).toBe(ANSWER);
    expect(r.ok && r.value.promptTokens).toBeUndefined();
    expect(s.chatRequests.map((q) => q.body?.stream_options)).toEqual([{ include_usage: true }, undefined]);
  });

  it('times out when the server does not answer, with a clear message', async () => {
    const s = await start();
    s.fault = { type: 'slow-headers', ms: 3000 };
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny', timeoutMs: 200 }).complete(messages);
    expect(!r.ok && r.error).toEqual({
      kind: 'timeout',
      message: `No answer from ${s.baseUrl}/chat/completions within 200 ms.`,
    });
  });

  it('times out when a stream stalls, keeping the text that arrived', async () => {
    const s = await start();
    s.fault = { type: 'stall-after', pieces: 2 };
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny', timeoutMs: 300 }).complete(messages);
    expect(!r.ok && r.error.kind).toBe('timeout');
    expect(!r.ok && r.error.partial).toBe(ANSWER.slice(0, 12));
  });

  it('keeps the text of a stream cut by a socket reset and marks it truncated', async () => {
    const s = await start();
    s.fault = { type: 'cut-after', pieces: 3 };
    const deltas: string[] = [];
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages, {
      onDelta: (t) => deltas.push(t),
    });
    expect(r).toEqual({ ok: true, value: { text: ANSWER.slice(0, 18), truncated: true } });
    expect(deltas.join('')).toBe(ANSWER.slice(0, 18));
  });

  it('reports a stream cut before any text as a bad response', async () => {
    const s = await start();
    s.fault = { type: 'cut-after', pieces: 0 };
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages);
    expect(!r.ok && r.error.kind).toBe('bad-response');
    expect(!r.ok && r.error.message).toMatch(/ended before any answer text arrived/);
  });

  it('marks a stream that ends without [DONE] or a finish reason as truncated', async () => {
    const s = await start();
    s.fault = { type: 'no-done' };
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages);
    expect(r).toEqual({ ok: true, value: { text: ANSWER, truncated: true } });
  });

  it('reports an error event in the middle of a stream, keeping the text that arrived', async () => {
    const s = await start();
    s.fault = { type: 'error-after', pieces: 2 };
    const r = await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages);
    expect(!r.ok && r.error).toEqual({
      kind: 'http',
      message: `${s.baseUrl}/chat/completions reported an error: model runner crashed`,
      partial: ANSWER.slice(0, 12),
    });
  });

  it('maps a refused connection to unreachable, naming the URL', async () => {
    const port = await closedPort();
    const r = await new OpenAIChatModel({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'tiny' }).complete(messages);
    expect(!r.ok && r.error).toEqual({
      kind: 'unreachable',
      message: `Cannot reach the LLM endpoint http://127.0.0.1:${port}/v1/chat/completions (connection refused). Is the local model server running?`,
    });
  });

  it("cancels on the caller's signal", async () => {
    const s = await start();
    s.fault = { type: 'slow-headers', ms: 3000 };
    const ac = new AbortController();
    const pending = new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' }).complete(messages, {
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 50);
    const r = await pending;
    expect(!r.ok && r.error).toEqual({ kind: 'http', message: 'The request was cancelled.' });
  });

  it("lists the server's models", async () => {
    const s = await start({ models: ['a', 'b'] });
    expect(await new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'a' }).listModels()).toEqual(['a', 'b']);
  });
});

describe('OpenAIChatModel caller errors', () => {
  it('re-throws an exception from onDelta instead of reporting a cut stream', async () => {
    const s = new FakeChatServer({ models: ['tiny'] });
    await s.start();
    try {
      const chat = new OpenAIChatModel({ baseUrl: s.baseUrl, model: 'tiny' });
      await expect(
        chat.complete(messages, {
          onDelta: () => {
            throw new Error('ui: boom');
          },
        }),
      ).rejects.toThrow('ui: boom');
    } finally {
      await s.stop();
    }
  });
});
