// Endpoints that misbehave on purpose: one that echoes the API key into its answer, one that closes the connection
// before the first byte, one that resets the stream midway. The key never reaches the caller; a closed or reset
// connection is an error (or a truncated answer) at once, not after the idle timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../../src/engine/llm/openai-chat';
import { REDACTED, StreamRedactor, redactSecrets } from '../../../src/core/answer/redact';
import { FakeChatServer } from './fake-chat-server';

const KEY = 'sk-live-0123456789abcdefSECRET';
const messages = [{ role: 'user' as const, content: 'Context: [[Note]]\nQuestion: hi' }];
let server: FakeChatServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('redaction', () => {
  it('hides the configured key and anything shaped like a token', () => {
    const t = `key ${KEY}, header Authorization: Bearer abc.def-123456, gh ghp_${'a'.repeat(36)}, aws AKIAABCDEFGHIJKLMNOP`;
    const r = redactSecrets(t, [KEY]);
    expect(r).not.toContain(KEY);
    expect(r).not.toContain('abc.def-123456');
    expect(r).not.toContain('ghp_');
    expect(r).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(r).toContain(`Bearer ${REDACTED}`);
    expect(redactSecrets('plain words stay as they are, even sk-short', [KEY])).toBe(
      'plain words stay as they are, even sk-short',
    );
  });

  it('redacts a key split across streamed pieces, whatever the split', () => {
    const text = `Sure. Your key is ${KEY} and again:${KEY}. Done ✓`;
    for (let size = 1; size <= 12; size++) {
      const r = new StreamRedactor([KEY]);
      let out = '';
      for (let i = 0; i < text.length; i += size) out += r.push(text.slice(i, i + size));
      out += r.end();
      expect(out).toBe(redactSecrets(text, [KEY]));
      expect(out).not.toContain(KEY.slice(0, 12));
    }
  });

  it('passes ordinary text on at once and holds back only what may still become a secret', () => {
    const r = new StreamRedactor([KEY]);
    expect(r.push('Attention compares every token ')).toBe('Attention compares every token ');
    expect(r.push('with every earlier one [[Attention cost growth]].')).toBe(
      'with every earlier one [[Attention cost growth]].',
    );
    expect(r.push(' Key: sk-live')).toBe(' Key: ');
    expect(r.push('-0123')).toBe('');
    expect(r.push(' and Bearer ')).toBe('sk-live-0123 and Bearer ');
    expect(r.push('abcdefgh')).toBe('');
    expect(r.push('ijk done.')).toBe(`${REDACTED} done.`);
    expect(r.end()).toBe('');
  });
});

describe('hostile endpoints', () => {
  it('never passes on a key the endpoint echoes, streamed or whole', async () => {
    server = new FakeChatServer({
      models: ['m'],
      apiKey: KEY,
      pieceChars: 5,
      answer: (req) => `echo: ${req.headers.authorization} and ${KEY}!`,
    });
    await server.start();
    for (const stream of [true, false]) {
      const deltas: string[] = [];
      const r = await new OpenAIChatModel({ baseUrl: server.baseUrl, model: 'm', apiKey: KEY, stream }).complete(
        messages,
        { onDelta: (t) => deltas.push(t) },
      );
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.text).toBe(`echo: Bearer ${REDACTED} and ${REDACTED}!`);
      expect(deltas.join('')).toBe(stream ? r.value.text : deltas.join(''));
      expect(JSON.stringify({ r, deltas })).not.toContain(KEY.slice(3, 15));
    }
  });

  it('reports a connection closed before the first byte at once, not after the idle timeout', async () => {
    server = new FakeChatServer({ models: ['m'] });
    await server.start();
    server.fault = { type: 'close-at-once' };
    // A 10-minute idle timeout: waiting for it would fail this test by the test runner's own timeout.
    const r = await new OpenAIChatModel({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 600_000 }).complete(messages);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).not.toBe('timeout');
    expect(r.error.message).toMatch(/closed|reset|reach/i);
  }, 15_000);

  it('keeps what arrived of a stream reset midway, marked truncated, at once', async () => {
    server = new FakeChatServer({ models: ['m'], pieceChars: 4, answer: () => 'one two three four five six' });
    await server.start();
    server.fault = { type: 'cut-after', pieces: 3 };
    const r = await new OpenAIChatModel({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 600_000 }).complete(messages);
    expect(r.ok && r.value.truncated).toBe(true);
    if (r.ok) expect(r.value.text).toBe('one two thre');
  }, 15_000);

  it('waits for the configured timeout only on a silent, open connection', async () => {
    server = new FakeChatServer({ models: ['m'] });
    await server.start();
    server.fault = { type: 'stall-after', pieces: 0 };
    const r = await new OpenAIChatModel({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 300 }).complete(messages);
    expect(!r.ok && r.error.kind).toBe('timeout');
  }, 15_000);
});
