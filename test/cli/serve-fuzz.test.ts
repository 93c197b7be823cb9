// A hostile client against the real `overlay serve --stdio` process: malformed lines, deep nesting, a 100 MB line,
// huge and odd ids, wrong parameter types, paths that try to leave the vault, and 1,000 requests at once. Every
// line must get an answer (with id null where the line has no usable id) and the server's memory must stay
// bounded. The table of cases and the peak RSS are printed for the closing note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeVault, removeDir } from '../engine/temp-vault';
import { buildCli } from './index-helpers';
import { start, type Client, type Message } from './rpc-test-client';

const dirs: string[] = [];
beforeAll(() => buildCli());
afterAll(() => dirs.forEach(removeDir));

/** Peak resident set size of a process in MiB (Linux /proc), or null elsewhere. */
function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Replies (messages without a method) received so far. */
const replies = (c: Client): Message[] =>
  c.lines.map((l) => JSON.parse(l) as Message).filter((m) => m.method === undefined);

async function nextReplies(c: Client, from: number, n: number, timeoutMs = 20_000): Promise<Message[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = replies(c).slice(from);
    if (got.length >= n) return got.slice(0, n);
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for ${n} replies, got ${got.length}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const deep = (n: number, open: string, close: string, inner = '1'): string => open.repeat(n) + inner + close.repeat(n);

/** Lines that have no usable id: each must be answered with an error whose id is null. */
const anonymous: [string, string][] = [
  ['not json', 'not json'],
  ['truncated object', '{"jsonrpc":"2.0","id":1,"method":"status"'],
  ['empty object', '{}'],
  ['array (batch)', '[{"jsonrpc":"2.0","id":1,"method":"status"}]'],
  ['empty array', '[]'],
  ['null', 'null'],
  ['number', '42'],
  ['string', '"status"'],
  ['boolean', 'true'],
  ['NUL bytes', '\u0000\u0000'],
  ['lone surrogate text', '{"jsonrpc":"2.0","method":"\ud800"'],
  ['nested objects 10k deep', deep(10_000, '{"a":', '}')],
  ['nested arrays 10k deep', deep(10_000, '[', ']')],
  ['deep params with an id', `{"jsonrpc":"2.0","id":7,"method":"status","params":${deep(10_000, '[', ']')}}`],
  ['wrong jsonrpc version, no id', '{"jsonrpc":"1.0","method":"status"}'],
  ['method not a string, no id', '{"jsonrpc":"2.0","method":42}'],
  ['id an object', '{"jsonrpc":"2.0","id":{"x":1},"method":"status"}'],
  ['id an array', '{"jsonrpc":"2.0","id":[1],"method":"status"}'],
  ['id a boolean', '{"jsonrpc":"2.0","id":true,"method":"status"}'],
  ['id 1e999 (Infinity)', '{"jsonrpc":"2.0","id":1e999,"method":"status"}'],
  ['id a 1 MB string', `{"jsonrpc":"2.0","id":"${'x'.repeat(1 << 20)}","method":"status"}`],
  ['brackets inside strings only', `{"jsonrpc":"2.0","method":"${'['.repeat(5000)}"`],
];

/** Requests with a usable id: each must get a reply with that id (a result or an error). */
const withId: [string, Record<string, unknown>][] = [
  ['unknown method', { method: 'nope' }],
  ['method 10 KB long', { method: 'm'.repeat(10_000) }],
  ['wrong jsonrpc version', { jsonrpc: '1.0', method: 'status' }],
  ['id 2^53+', { method: 'status', idOverride: 2 ** 53 + 2 }],
  ['id negative float', { method: 'status', idOverride: -1.5 }],
  ['id empty string', { method: 'status', idOverride: '' }],
  ['params an array', { method: 'status', params: [1, 2] }],
  ['params a string', { method: 'related', params: 'x' }],
  ['related: note a number', { method: 'related', params: { note: 42 } }],
  ['related: k a string', { method: 'related', params: { note: 'a', k: 'x' } }],
  ['related: k huge', { method: 'related', params: { note: 'Gardening/Tomatoes.md', k: 1e12 } }],
  ['related: k negative', { method: 'related', params: { note: 'Gardening/Tomatoes.md', k: -5 } }],
  ['related: ../../etc/passwd', { method: 'related', params: { note: '../../etc/passwd' } }],
  ['related: /etc/passwd', { method: 'related', params: { note: '/etc/passwd' } }],
  ['related: ..\\..\\windows', { method: 'related', params: { note: '..\\..\\windows\\win.ini' } }],
  ['related: 100 KB name', { method: 'related', params: { note: 'n'.repeat(100_000) } }],
  ['ask: question an object', { method: 'ask', params: { question: {} } }],
  ['ask: empty question', { method: 'ask', params: { question: '' } }],
  ['ask: budget negative', { method: 'ask', params: { question: 'tomatoes', budget: -1 } }],
  ['ask: budget 1e12', { method: 'ask', params: { question: 'tomatoes', budget: 1e12 } }],
  ['ask: budget a string', { method: 'ask', params: { question: 'tomatoes', budget: 'lots' } }],
  ['ask: conversation ../../x', { method: 'ask', params: { question: 'tomatoes', conversation: '../../x' } }],
  [
    'ask: llm url file://',
    { method: 'ask', params: { question: 'tomatoes', llm: { url: 'file:///etc/passwd', model: 'x' } } },
  ],
  ['ask: 200 KB question', { method: 'ask', params: { question: 'tomato '.repeat(30_000) } }],
  ['fileEvent: ../ path', { method: 'fileEvent', params: { type: 'create', path: '../../etc/passwd' } }],
  ['fileEvent: absolute path', { method: 'fileEvent', params: { type: 'modify', path: '/etc/passwd' } }],
  [
    'fileEvent: rename from outside',
    { method: 'fileEvent', params: { type: 'rename', path: 'a.md', oldPath: '../b.md' } },
  ],
  ['fileEvent: bad type', { method: 'fileEvent', params: { type: 'explode', path: 'a.md' } }],
  ['configure: unknown keys', { method: 'configure', params: { evil: true, __proto__: { polluted: 1 } } }],
  ['savings: minutes a string', { method: 'savings', params: { minutes: 'many' } }],
  ['status with junk params', { method: 'status', params: { a: [1, { b: null }] } }],
];

describe('overlay serve --stdio under a hostile client', () => {
  it('answers every line, refuses paths outside the vault, and keeps memory bounded', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const c = start(vault);
    await c.request('initialize', { client: 'fuzz' });
    await c.notification('ready');
    const table: { case: string; answered: string }[] = [];

    for (const [name, line] of anonymous) {
      const from = replies(c).length;
      c.send(line);
      const [r] = await nextReplies(c, from, 1);
      expect(r!.id, name).toBeNull();
      expect(r!.error?.code, name).toBeLessThan(-32000);
      table.push({ case: name, answered: `error ${r!.error!.code}` });
    }

    let id = 1000;
    for (const [name, spec] of withId) {
      const { idOverride, jsonrpc, ...rest } = spec as { idOverride?: unknown; jsonrpc?: string };
      const reqId = idOverride ?? id++;
      const from = replies(c).length;
      c.send({ jsonrpc: jsonrpc ?? '2.0', id: reqId, ...rest });
      const [r] = await nextReplies(c, from, 1);
      expect(r!.id, name).toEqual(reqId);
      table.push({
        case: name,
        answered: r!.error
          ? `error ${r!.error.code}${r!.error.data?.code ? ` (${r!.error.data.code})` : ''}`
          : 'result',
      });
      if (name.includes('passwd') || name.includes('outside') || name.includes('../') || name.includes('windows')) {
        expect(r!.error, `${name} must be refused`).toBeDefined();
        expect(JSON.stringify(r)).not.toMatch(/root:x:0:0/);
      }
    }

    // 1,000 requests written at once: each gets its own reply.
    const from = replies(c).length;
    const burst = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({
        jsonrpc: '2.0',
        id: `b${i}`,
        method: i % 2 ? 'status' : 'related',
        params: i % 2 ? {} : { note: 'Gardening/Tomatoes.md', k: 3 },
      }),
    );
    c.proc.stdin.write(`${burst.join('\n')}\n`);
    const got = await nextReplies(c, from, 1000, 60_000);
    expect(new Set(got.map((m) => m.id)).size).toBe(1000);
    expect(got.every((m) => m.error === undefined)).toBe(true);
    table.push({ case: '1,000 concurrent requests', answered: '1000 results' });

    // A 100 MB line, written in 1 MB pieces as a client would stream it: refused without buffering it.
    const beforeBig = peakRssMiB(c.proc.pid!);
    const mb = 'A'.repeat(1 << 20);
    const fromBig = replies(c).length;
    for (let i = 0; i < 100; i++) {
      if (!c.proc.stdin.write(mb)) await new Promise((r) => c.proc.stdin.once('drain', r));
    }
    c.proc.stdin.write('\n');
    const [big] = await nextReplies(c, fromBig, 1, 60_000);
    expect(big!.error?.message).toMatch(/line of 104857600 bytes is over/);
    table.push({ case: '100 MB line', answered: `error ${big!.error!.code}` });

    // Still serving normally after all of it.
    const after = await c.request('related', { note: 'Gardening/Tomatoes.md', k: 2 });
    expect((after.result as unknown[]).length).toBe(2);
    const peak = peakRssMiB(c.proc.pid!);
    const bye = await c.request('shutdown', {});
    expect(bye.result).toEqual({ ok: true });
    expect(await c.exited).toBe(0);

    // Every stdout line is one JSON-RPC message.
    for (const l of c.lines) expect(JSON.parse(l)).toMatchObject({ jsonrpc: '2.0' });
    console.log(
      `serve fuzz: ${table.length} cases, 0 unanswered; peak RSS ${peak?.toFixed(0)} MiB (before the 100 MB line ${beforeBig?.toFixed(0)} MiB)`,
    );
    console.table(table);
    // The bound: the 100 MB line must not be held (it would add at least 100–300 MiB).
    if (peak !== null && beforeBig !== null) expect(peak - beforeBig).toBeLessThan(60);
    if (peak !== null) expect(peak).toBeLessThan(400);
  });
});
