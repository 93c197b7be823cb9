import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { JsonRpcServer, RpcError, type RpcHandler } from '../../src/engine/rpc-server';

function harness(methods: Record<string, RpcHandler>) {
  const input = new PassThrough();
  const output = new PassThrough();
  const server = new JsonRpcServer(input, output, new Map(Object.entries(methods)));
  const received: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: output }).on('line', (l) => {
    received.push(JSON.parse(l) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (n: number): Promise<Record<string, unknown>[]> => {
    while (received.length < n) await new Promise<void>((r) => waiters.push(r));
    return received;
  };
  return { input, server, received, until, done: server.serve() };
}

describe('JsonRpcServer', () => {
  it('answers requests by id, runs them concurrently, ignores replies to notifications', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const h = harness({
      echo: (p) => p,
      slow: async () => {
        await slow;
        return 'slow done';
      },
    });
    h.input.write('{"jsonrpc":"2.0","id":1,"method":"slow"}\n');
    h.input.write('{"jsonrpc":"2.0","id":"two","method":"echo","params":{"x":1}}\n');
    h.input.write('{"jsonrpc":"2.0","method":"echo","params":{}}\n'); // a notification: no reply
    const [first] = await h.until(1);
    expect(first).toEqual({ jsonrpc: '2.0', id: 'two', result: { x: 1 } });
    release();
    await h.until(2);
    expect(h.received[1]).toEqual({ jsonrpc: '2.0', id: 1, result: 'slow done' });
    h.input.end();
    await h.done;
    expect(h.received).toHaveLength(2);
  });

  it('maps failures to JSON-RPC error objects', async () => {
    const h = harness({
      bad: () => {
        throw new RpcError(-32602, 'invalid params: nope', { field: 'x' });
      },
      boom: () => {
        throw new Error('kaput');
      },
    });
    h.input.write('{"jsonrpc":"2.0","id":1,"method":"missing"}\n');
    h.input.write('{"jsonrpc":"2.0","id":2,"method":"bad"}\n');
    h.input.write('{"jsonrpc":"2.0","id":3,"method":"boom"}\n');
    h.input.write('not json\n');
    h.input.write('[1,2]\n');
    h.input.write('{"id":4,"method":"bad"}\n');
    await h.until(6);
    const byId = (id: unknown) => h.received.filter((m) => m['id'] === id);
    expect(byId(1)[0]).toMatchObject({ error: { code: -32601, message: 'method not found: missing' } });
    expect(byId(2)[0]).toMatchObject({
      error: { code: -32602, message: 'invalid params: nope', data: { field: 'x' } },
    });
    expect(byId(3)[0]).toMatchObject({ error: { code: -32603, message: 'internal error: kaput' } });
    expect(
      byId(null)
        .map((m) => (m['error'] as { code: number }).code)
        .sort((a, b) => a - b),
    ).toEqual([-32700, -32600]);
    expect(byId(4)[0]).toMatchObject({ error: { code: -32600 } });
    h.server.stop();
    await h.done;
  });

  it('sends notifications', async () => {
    const h = harness({});
    h.server.notify('progress', { phase: 'scan', done: 1, total: 2 });
    await h.until(1);
    expect(h.received[0]).toEqual({ jsonrpc: '2.0', method: 'progress', params: { phase: 'scan', done: 1, total: 2 } });
    h.input.end();
    await h.done;
  });
});
