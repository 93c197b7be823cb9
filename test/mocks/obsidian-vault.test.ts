// @vitest-environment happy-dom
// The hand-written Obsidian mock: Vault, adapter, metadata cache and requestUrl.
// Why the mock is pinned by tests: obsidian-mock-setup.ts.
import { describe, expect, it, vi } from 'vitest';
import { App, requestUrl, TFile } from '../__mocks__/obsidian';
import { bytes, resetMockAfterEach } from './obsidian-mock-setup';

resetMockAfterEach();

describe('Vault, adapter and metadata cache', () => {
  it('reads notes through the adapter, reports a missing file as ENOENT, and records writes', async () => {
    const app = new App('/home/u/My vault');
    const { vault } = app;
    expect(vault.getName()).toBe('My vault');
    expect(vault.adapter.getBasePath()).toBe('/home/u/My vault');
    const note = vault.addNote('Folder/Note.md', bytes('# Hi\n'), 1234);
    vault.addFiles(['img.png']);
    expect(note.stat).toEqual({ ctime: 1234, mtime: 1234, size: 5 });
    expect([note.name, note.basename, note.extension, note.vault]).toEqual(['Note.md', 'Note', 'md', vault]);
    expect(vault.getMarkdownFiles().map((f) => f.path)).toEqual(['Folder/Note.md']);
    expect(vault.getFiles().map((f) => f.path)).toEqual(['Folder/Note.md', 'img.png']);
    expect(vault.getAbstractFileByPath('Folder/Note.md')).toBe(note);
    expect(vault.getAbstractFileByPath('nope.md')).toBeNull();
    expect(await vault.adapter.read('Folder/Note.md')).toBe('# Hi\n');
    // readBinary hands out a copy: the caller may not change the stored note.
    const buf = new Uint8Array(await vault.adapter.readBinary('Folder/Note.md'));
    buf[0] = 0;
    expect(await vault.adapter.read('Folder/Note.md')).toBe('# Hi\n');
    await expect(vault.adapter.readBinary('gone.md')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await vault.adapter.exists('gone.md')).toBe(false);
    await vault.adapter.write('.obsidian/x.json', '{}');
    expect(await vault.adapter.exists('.obsidian/x.json')).toBe(true);
    expect(vault.adapter.written.get('.obsidian/x.json')).toBe(2);
  });

  it('delivers vault events fired with trigger', () => {
    const { vault } = new App();
    const seen: string[] = [];
    vault.on('modify', (f: TFile) => seen.push(`modify ${f.path}`));
    vault.on('rename', (f: TFile, old: string) => seen.push(`rename ${old} -> ${f.path}`));
    const [f] = vault.addFiles(['a.md']);
    vault.trigger('modify', f);
    f!.path = 'b.md';
    vault.trigger('rename', f, 'a.md');
    expect(seen).toEqual(['modify a.md', 'rename a.md -> b.md']);
  });

  it('resolves links by path, path without .md, then name, case-insensitively', () => {
    const app = new App();
    app.vault.addFiles(['Energy/KV cache.md', 'Other/Note.md', 'Note.md', 'pic.png']);
    const dest = (l: string) => app.metadataCache.getFirstLinkpathDest(l, '')?.path ?? null;
    expect(dest('Energy/KV cache.md')).toBe('Energy/KV cache.md');
    expect(dest('Energy/KV cache')).toBe('Energy/KV cache.md');
    expect(dest('kv CACHE')).toBe('Energy/KV cache.md');
    expect(dest('Note')).toBe('Note.md');
    expect(dest('pic.png')).toBe('pic.png');
    expect(dest('missing')).toBeNull();
  });
});

describe('requestUrl', () => {
  it('sends method, headers and body through fetch and returns status, headers and text', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const r = await requestUrl({ url: 'http://llm.local/v1', method: 'POST', headers: { A: '1' }, body: '{}' });
    expect([r.status, r.text]).toEqual([200, '{"ok":true}']);
    // Header names are case-insensitive (the DOM's Response may keep or lower their case).
    expect(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])).toEqual([
      ['content-type', 'application/json'],
    ]);
    expect(sent).toEqual([{ url: 'http://llm.local/v1', init: { method: 'POST', headers: { A: '1' }, body: '{}' } }]);
    await requestUrl({ url: 'http://llm.local/v1' });
    expect(sent[1]!.init).toEqual({ method: 'GET', headers: {} });
  });

  it('throws on an error status unless throw is false, and passes a network failure on', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 503 }));
    await expect(requestUrl({ url: 'http://llm.local/' })).rejects.toThrow(/status 503/);
    expect(await requestUrl({ url: 'http://llm.local/', throw: false })).toMatchObject({ status: 503, text: 'nope' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(requestUrl({ url: 'http://llm.local/' })).rejects.toThrow('fetch failed');
  });
});
