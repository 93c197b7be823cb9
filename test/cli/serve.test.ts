import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_NAME, PROTOCOL_VERSION } from '../../src/engine/protocol';
import { makeVault, removeDir, storedNotePaths, writeNote } from '../engine/temp-vault';
import { buildCli, hasStackTrace } from './index-helpers';
import { start, type Message } from './rpc-test-client';

const dirs: string[] = [];
beforeAll(() => buildCli());
afterAll(() => dirs.forEach(removeDir));

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
    writeNote(
      vault,
      'Gardening/Mulch.md',
      '# Mulch\nStraw mulch keeps garden soil moist for tomatoes and saves watering.\n',
    );
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
    expect(c.lines.map((l) => JSON.parse(l) as Message).some((m) => m.error?.code === -32700 && m.id === null)).toBe(
      true,
    );
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
    // Event syncs save lazily (2 s); SIGTERM must not lose them.
    c.proc.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(existsSync(join(vault, '.overlay', 'lock'))).toBe(false);
    expect(await storedNotePaths(join(vault, '.overlay'))).toContain('Late.md');
  });
});
