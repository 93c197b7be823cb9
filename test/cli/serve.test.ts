import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ENGINE_NAME, PROTOCOL_VERSION } from '../../src/engine/protocol';
import { makeVault, removeDir, writeNote } from '../engine/temp-vault';
import { buildCli, hasStackTrace, REPO } from './index-helpers';

const dirs: string[] = [];
beforeAll(() => buildCli());
afterAll(() => dirs.forEach(removeDir));

interface Message {
  jsonrpc: string;
  id?: number | string | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string; data?: { code?: string } };
}

/** A test client for `overlay serve --stdio`: sends requests, matches replies by id, records notifications. */
class Client {
  readonly notifications: Message[] = [];
  readonly lines: string[] = [];
  stderr = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private readonly watchers: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      this.lines.push(line);
      const m = JSON.parse(line) as Message;
      if (typeof m.id === 'number' && this.waiting.has(m.id)) {
        this.waiting.get(m.id)!(m);
        this.waiting.delete(m.id);
      } else if (m.method) {
        this.notifications.push(m);
        this.watchers.splice(0).forEach((w) => w());
      }
    });
    this.exited = new Promise((r) => proc.on('exit', (code) => r(code)));
  }

  request(method: string, params?: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) });
    });
  }

  send(msg: unknown): void {
    this.proc.stdin.write(`${typeof msg === 'string' ? msg : JSON.stringify(msg)}\n`);
  }

  /** Resolves with the first notification (from index `from` on) matching. */
  async notification(method: string, from = 0, pred: (m: Message) => boolean = () => true): Promise<Message> {
    for (;;) {
      const hit = this.notifications.slice(from).find((m) => m.method === method && pred(m));
      if (hit) return hit;
      await new Promise<void>((r) => this.watchers.push(r));
    }
  }
}

function start(vault: string): Client {
  const proc = spawn(process.execPath, [join(REPO, 'bin', 'overlay.mjs'), 'serve', '--stdio', vault], { cwd: REPO });
  return new Client(proc);
}

describe('overlay serve --stdio', () => {
  it('handshakes, indexes at start-up, answers index/related/status and follows file events', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const c = start(vault);
    const init = await c.request('initialize', { client: 'test' });
    expect(init.result).toEqual({ name: ENGINE_NAME, version: expect.any(String), protocol: PROTOCOL_VERSION });

    // Status is served at once, even while the start-up sync runs.
    const early = await c.request('status', {});
    expect(early.result).toMatchObject({ name: ENGINE_NAME });

    const ready = await c.notification('ready');
    expect(ready.params).toEqual({ notes: 6, chunks: expect.any(Number) });
    const phases = new Set(c.notifications.filter((m) => m.method === 'progress').map((m) => m.params?.['phase']));
    expect(phases).toContain('embed');

    const index = await c.request('index', {});
    expect(index.result).toMatchObject({ notes: 6, embedded: 0, removed: 0 });

    const related = await c.request('related', { note: 'Gardening/Tomatoes.md', k: 2 });
    const list = related.result as { note: string; score: number }[];
    expect(list).toHaveLength(2);
    expect(list[0]!.note).toMatch(/^Gardening\//);

    const status = await c.request('status', {});
    expect(status.result).toMatchObject({ notes: 6, indexing: false, embedder: 'local', vault });

    // A new note, announced by a file event, is found by related and counted by status.
    writeNote(vault, 'Gardening/Mulch.md', '# Mulch\nStraw mulch keeps garden soil moist for tomatoes and saves watering.\n');
    const mark = c.notifications.length;
    const ev = await c.request('fileEvent', { type: 'create', path: 'Gardening/Mulch.md' });
    expect(ev.result).toEqual({ queued: true });
    const synced = await c.notification('synced', mark);
    expect(synced.params).toMatchObject({ notes: 7 });
    expect(((await c.request('status', {})).result as { notes: number }).notes).toBe(7);
    const rel2 = (await c.request('related', { note: 'Gardening/Watering', k: 10 })).result as { note: string }[];
    expect(rel2.map((r) => r.note)).toContain('Gardening/Mulch.md');

    const bye = await c.request('shutdown', {});
    expect(bye.result).toEqual({ ok: true });
    expect(await c.exited).toBe(0);
    // Every stdout line was a JSON-RPC message; nothing went wrong on stderr.
    for (const l of c.lines) expect(JSON.parse(l)).toMatchObject({ jsonrpc: '2.0' });
    expect(hasStackTrace(c.stderr)).toBe(false);
  });

  it('returns JSON-RPC errors for unknown methods, bad params, unknown notes and bad JSON; exits on stdin end', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const c = start(vault);
    await c.request('initialize', {});
    const unknown = await c.request('frobnicate', {});
    expect(unknown.error).toMatchObject({ code: -32601, message: 'method not found: frobnicate' });
    const noNote = await c.request('related', { k: 3 });
    expect(noNote.error).toMatchObject({ code: -32602, message: 'invalid params: note must be a non-empty string' });
    const extra = await c.request('status', { verbose: true });
    expect(extra.error?.code).toBe(-32602);
    const badEvent = await c.request('fileEvent', { type: 'rename', path: 'a.md' });
    expect(badEvent.error).toMatchObject({ code: -32602, message: 'invalid params: a rename needs oldPath' });
    const missing = await c.request('related', { note: 'Nowhere' });
    expect(missing.error).toMatchObject({ code: -32000, data: { code: 'unknown-note' } });
    c.send('{not json');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.lines.map((l) => JSON.parse(l) as Message).some((m) => m.error?.code === -32700 && m.id === null)).toBe(true);
    c.proc.stdin.end();
    expect(await c.exited).toBe(0);
    expect(hasStackTrace(c.stderr)).toBe(false);
  });

  it('saves pending changes and releases the lock on SIGTERM', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const c = start(vault);
    await c.request('initialize', {});
    await c.notification('ready');
    writeNote(vault, 'Late.md', '# Late\nA note written just before the plugin stops the engine.\n');
    const mark = c.notifications.length;
    await c.request('fileEvent', { type: 'create', path: 'Late.md' });
    await c.notification('synced', mark);
    // Event syncs save lazily (15 s); SIGTERM must not lose them.
    c.proc.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(existsSync(join(vault, '.overlay', 'lock'))).toBe(false);
    const notes = JSON.parse(readFileSync(join(vault, '.overlay', 'notes.json'), 'utf8')) as { notes: { path: string }[] };
    expect(notes.notes.map((n) => n.path)).toContain('Late.md');
  });
});
