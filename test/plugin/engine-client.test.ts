// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineRequestError } from '../../src/plugin/engine-client';
import { askResult } from './helpers/fixtures';
import { fakeClient, NO_REPLY } from './helpers/fake-engine';

afterEach(() => {
  vi.useRealTimers();
});

describe('EngineClient', () => {
  it('sends JSON-RPC 2.0 requests with increasing ids and resolves with the result', async () => {
    const { client, transport } = fakeClient((method, params) => ({ method, params }));
    const a = await client.request('related', { note: 'A.md', k: 3 });
    const b = await client.request('status', {});
    expect(a).toEqual({ method: 'related', params: { note: 'A.md', k: 3 } });
    expect(b).toEqual({ method: 'status', params: {} });
    expect(transport.sent.map((m) => m.id)).toEqual([1, 2]);
    expect(transport.sent[0]).toMatchObject({ jsonrpc: '2.0', method: 'related' });
  });

  it('matches answers to requests by id even when they arrive out of order', async () => {
    const release: Record<string, (v: unknown) => void> = {};
    const { client } = fakeClient((method) => new Promise((resolve) => (release[method] = resolve)));
    const slow = client.request('status', {});
    const fast = client.request('related', { note: 'B.md' });
    await Promise.resolve();
    await Promise.resolve();
    release.related!(['fast']);
    release.status!('slow');
    expect(await fast).toEqual(['fast']);
    expect(await slow).toBe('slow');
  });

  it('rejects with a remote EngineRequestError carrying the message and code', async () => {
    const { client } = fakeClient(() => {
      throw { code: -32602, message: 'invalid params: note must be a non-empty string' };
    });
    const err = await client.request('related', { note: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineRequestError);
    expect(err).toMatchObject({
      kind: 'remote',
      code: -32602,
      message: 'invalid params: note must be a non-empty string',
    });
  });

  it("keeps the engine's typed failure code and facts (data.code, candidates)", async () => {
    const { client } = fakeClient(() => {
      throw {
        code: -32000,
        message: 'ambiguous note "Plan"',
        data: { code: 'ambiguous-note', candidates: ['a/Plan.md', 'b/Plan.md'] },
      };
    });
    const err = await client.request('related', { note: 'Plan' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineRequestError);
    expect((err as EngineRequestError).engineCode).toBe('ambiguous-note');
    expect((err as EngineRequestError).data).toEqual({
      code: 'ambiguous-note',
      candidates: ['a/Plan.md', 'b/Plan.md'],
    });
  });

  it('times out a request that gets no answer and ignores the late answer', async () => {
    vi.useFakeTimers();
    const { client, transport } = fakeClient(() => NO_REPLY);
    const p = client.request('status', {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1001);
    const err = await p;
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(() => transport.emit({ jsonrpc: '2.0', id: 1, result: 'late' })).not.toThrow();
  });

  it('rejects everything pending when the transport closes, and later requests at once', async () => {
    const { client, transport } = fakeClient(() => NO_REPLY);
    const p = client.request('index', {}).catch((e: unknown) => e);
    transport.kill('killed by SIGKILL');
    expect(await p).toMatchObject({ kind: 'closed' });
    expect(((await p) as Error).message).toContain('SIGKILL');
    expect(client.closed).toBe(true);
    await expect(client.request('status', {})).rejects.toMatchObject({ kind: 'closed' });
  });

  it('delivers notifications to subscribers until they unsubscribe', async () => {
    const { client, transport } = fakeClient(() => null);
    const seen: unknown[] = [];
    const off = client.on('progress', (p) => seen.push(p));
    transport.emit({ jsonrpc: '2.0', method: 'progress', params: { phase: 'embed', done: 1, total: 4 } });
    off();
    transport.emit({ jsonrpc: '2.0', method: 'progress', params: { phase: 'embed', done: 2, total: 4 } });
    expect(seen).toEqual([{ phase: 'embed', done: 1, total: 4 }]);
  });

  it('ignores lines that are not JSON and keeps working', async () => {
    const { client, transport } = fakeClient(() => 'ok');
    transport.emitLine('(node:123) ExperimentalWarning: something');
    transport.emitLine('');
    expect(await client.request('status', {})).toBe('ok');
  });

  it('routes answerDelta notifications to the ask request with that id', async () => {
    const { client } = fakeClient((method, params, ctx) => {
      if (method !== 'ask') return null;
      const q = (params as { question: string }).question;
      ctx.notify('answerDelta', { requestId: ctx.id, text: `${q}: ` });
      ctx.notify('answerDelta', { requestId: ctx.id + 100, text: 'not mine' });
      ctx.notify('answerDelta', { requestId: String(ctx.id), text: 'done' });
      return askResult(q, { answer: `${q}: done` });
    });
    const deltas: string[] = [];
    const result = await client.ask({ question: 'why' }, (t) => deltas.push(t));
    expect(deltas).toEqual(['why: ', 'done']);
    expect(result.answer?.text).toBe('why: done');
  });

  it('a listener that throws does not break the client', async () => {
    const { client, transport } = fakeClient(() => 'fine');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    client.on('ready', () => {
      throw new Error('boom');
    });
    transport.emit({ jsonrpc: '2.0', method: 'ready', params: { notes: 1, chunks: 2 } });
    expect(await client.request('status', {})).toBe('fine');
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
