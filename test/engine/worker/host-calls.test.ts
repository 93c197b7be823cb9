// The worker's note source over HostCalls: reads in listed order are fetched ahead, and a read after an event
// (stat) or out of order always asks the UI thread again.
import { describe, expect, it } from 'vitest';
import { HostCalls, RemoteNoteSource } from '../../../src/engine/worker/host-calls';
import type { FromWorker, HostCall } from '../../../src/engine/worker/worker-protocol';

function uiThread(notes: Map<string, string>) {
  const asked: HostCall[] = [];
  const post = (m: FromWorker): void => {
    if (m.kind !== 'call') return;
    asked.push(m.call);
    const c = m.call;
    const reply = (value: unknown) => setTimeout(() => calls.settle(m.id, true, value), 0);
    if (c.op === 'list') reply([...notes.keys()].map((path) => ({ path, mtimeMs: 1, size: notes.get(path)!.length })));
    else if (c.op === 'stat')
      reply(notes.has(c.path) ? { path: c.path, mtimeMs: 2, size: notes.get(c.path)!.length } : null);
    else if (c.op === 'read') {
      const text = notes.get(c.path);
      if (text === undefined) setTimeout(() => calls.settle(m.id, false, undefined, 'gone', 'ENOENT'), 0);
      else reply(new TextEncoder().encode(text).buffer);
    }
  };
  const calls = new HostCalls(post);
  return { source: new RemoteNoteSource(calls), asked };
}

const text = (b: Buffer): string => new TextDecoder().decode(b);

describe('RemoteNoteSource', () => {
  it('reads ahead in listed order and never serves a read-ahead after an event', async () => {
    const notes = new Map(
      Array.from({ length: 40 }, (_, i) => [`n${String(i).padStart(2, '0')}.md`, `note ${i}`] as [string, string]),
    );
    const { source, asked } = uiThread(notes);
    const listed = await source.list();
    expect(text(await source.read(listed[0]!.path))).toBe('note 0');
    const readsAfterFirst = asked.filter((c) => c.op === 'read').length;
    expect(readsAfterFirst).toBe(17); // the note itself and 16 ahead
    expect(text(await source.read(listed[1]!.path))).toBe('note 1');
    expect(asked.filter((c) => c.op === 'read').length).toBe(18); // one more ahead, n01 came from the read-ahead
    notes.set('n02.md', 'edited');
    expect(await source.stat('n02.md')).toMatchObject({ mtimeMs: 2 });
    expect(text(await source.read('n02.md'))).toBe('edited');
    notes.delete('n05.md');
    await expect(source.read('n05.md')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
