// Browser side of scripts/store-smoke.mjs: the obsidian mock (test/__mocks__/obsidian.ts, bundled for the browser)
// as the `obsidian` module, an Obsidian-like frame (ribbon, tab header, workspace, status bar), and a driver that
// loads the plugin's main.js as Obsidian does (CommonJS, `require('obsidian')`), enables it on the vault, and goes
// through what a person does: wait for the index, ask from the Ask command, hover a link, open the sidebar.
import * as obsidian from '../../test/__mocks__/obsidian';
import { App } from '../../test/__mocks__/obsidian';
import { BlockMonitor } from './block-monitor';
import { frame, showNote } from './frame';

interface RunOptions {
  manifest: { id: string; name: string; version: string; [k: string]: unknown };
  question: string;
  notes: { path: string; mtime: number }[];
  /** A one-line edit made after indexing, to measure what the store writes for it. */
  editNote?: string;
}

type AnyClient = {
  request(method: string, params: unknown): Promise<any>;
  ask(params: any, onDelta?: unknown, opts?: unknown): Promise<any>;
  on(name: string, fn: (p: any) => void): () => void;
};
type AnyPlugin = {
  load(): void;
  session?: { current(): AnyClient | null; onClient(fn: (c: AnyClient) => void): () => void };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => T | null | undefined | false, timeoutMs: number): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function run(o: RunOptions): Promise<Record<string, unknown>> {
  const app = new App('/vault');
  (app as unknown as { appId: string }).appId = 'smoke-vault';
  frame(app);
  for (const n of o.notes) {
    const bytes = new Uint8Array(
      await (await fetch(`/vault/${n.path.split('/').map(encodeURIComponent).join('/')}`)).arrayBuffer(),
    );
    app.vault.addNote(n.path, bytes, n.mtime);
  }
  const home = o.notes.find((n) => /(^|\/)(home|readme|index)\.md$/i.test(n.path)) ?? o.notes[0]!;
  showNote(home.path, await app.vault.adapter.read(home.path));
  // Load main.js as Obsidian does: a CommonJS module whose `require('obsidian')` is the app's API.
  const code = await (await fetch('/plugin/main.js')).text();
  const mod: { exports: any } = { exports: {} };
  new Function('module', 'exports', 'require', code)(mod, mod.exports, (id: string) => {
    if (id === 'obsidian') return obsidian;
    throw new Error(`main.js requires "${id}", which Obsidian does not provide`);
  });
  const PluginClass = mod.exports.default ?? mod.exports;
  const plugin = new PluginClass(app, { ...o.manifest, dir: `.obsidian/plugins/${o.manifest.id}` }) as AnyPlugin;
  const errors: string[] = [];
  plugin.load();
  const session = await waitFor('the plugin to load', () => plugin.session, 10_000);
  let readyAt = 0;
  let ready: { notes: number; chunks: number } | null = null;
  const synced: any[] = [];
  session.onClient((c) => {
    c.on('ready', (r) => {
      ready = r;
      readyAt = performance.now();
    });
    c.on('synced', (r) => synced.push(r));
    c.on('error', (e) => errors.push(e.message));
  });
  const monitor = new BlockMonitor();
  monitor.start();
  const t0 = performance.now();
  performance.mark('overlay-smoke-index-start');
  app.workspace.setLayoutReady();
  await waitFor(
    'the index',
    () =>
      ready ??
      (errors.length > 0
        ? (() => {
            throw new Error(errors.join('; '));
          })()
        : null),
    900_000,
  );
  performance.mark('overlay-smoke-index-end');
  const maxMainThreadGapMs = monitor.stop();
  const indexMs = readyAt - t0;
  const client = session.current()!;

  // Ask from the command, as a person does: type the question in the modal and submit.
  let asked: { result: any; ms: number } | null = null;
  const ask = client.ask.bind(client);
  client.ask = async (params, onDelta, opts) => {
    const s = performance.now();
    const result = await ask(params, onDelta, opts);
    asked = { result, ms: performance.now() - s };
    return result;
  };
  app.commands.get(`${o.manifest.id}:ask-vault`)!.callback!();
  const input = await waitFor(
    'the ask modal',
    () => document.querySelector<HTMLInputElement>('.overlay-memory-ask-input'),
    5000,
  );
  input.value = o.question;
  const submitAt = performance.now();
  input.form!.requestSubmit();
  await waitFor('the answer', () => asked && document.querySelector('.overlay-memory-answer-text'), 120_000);
  const askMs = performance.now() - submitAt;
  await shot('modal');
  document.querySelector('.modal-container')?.remove();
  const result = asked!.result;
  const citations: string[] = result.answer?.citations ?? [];

  // Hover a link to the first cited note (or the first note) with the modifier held: related notes appear.
  const target = citations[0] ?? o.notes[0]!.path;
  const linktext = target.replace(/\.md$/, '');
  const source = o.notes.find((n) => n.path !== target)?.path ?? target;
  const linkEl = showNote(source, await app.vault.adapter.read(source), linktext.split('/').pop()!)!;
  app.workspace.trigger('hover-link', {
    event: new MouseEvent('mouseover', { ctrlKey: true, metaKey: true }),
    source: 'preview',
    hoverParent: { hoverPopover: null },
    targetEl: linkEl,
    linktext,
    sourcePath: source,
  });
  const hoverRelated = await waitFor(
    'related notes in the hover popover',
    () =>
      document.querySelectorAll('.overlay-memory-hover .overlay-memory-related-item').length ||
      (document.querySelector('.overlay-memory-hover .overlay-memory-error') ? -1 : 0),
    30_000,
  );
  if (hoverRelated < 0) {
    const st = await client.request('status', {});
    throw new Error(
      `hover failed: ${document.querySelector('.overlay-memory-hover .overlay-memory-error')!.textContent} (the index holds ${st.notes} notes)`,
    );
  }
  const popover = document.querySelector<HTMLElement>('.popover.hover-popover')!;
  const at = linkEl.getBoundingClientRect();
  popover.style.left = `${Math.round(at.left)}px`;
  popover.style.top = `${Math.round(at.bottom + 8)}px`;
  await shot('hover');
  popover.remove();

  // Open the savings sidebar from its command.
  app.commands.get(`${o.manifest.id}:open-savings-sidebar`)!.callback!();
  const sidebarItems = await waitFor(
    'the savings sidebar',
    () => document.querySelector('.overlay-memory-stats'),
    10_000,
  );
  await sleep(1500);
  await shot('sidebar');

  // One-line edit of one note: what the device store writes for it.
  let bytesPerEdit: number | null = null;
  if (o.editNote) {
    const before = (await client.request('status', {})).storeBytesWritten ?? 0;
    const path = o.editNote;
    const old = app.vault.adapter.contents.get(path)!;
    const edited = new Uint8Array([
      ...old,
      ...new TextEncoder().encode('\nOne more line written by the smoke test.\n'),
    ]);
    app.vault.adapter.contents.set(path, edited);
    const f = app.vault.getAbstractFileByPath(path)!;
    f.stat = { ctime: f.stat.ctime, mtime: f.stat.mtime + 1000, size: edited.byteLength };
    const n = synced.length;
    app.vault.trigger('modify', f);
    await waitFor('the edit to be indexed', () => synced.length > n, 30_000);
    await sleep(200);
    bytesPerEdit = ((await client.request('status', {})).storeBytesWritten ?? 0) - before;
  }
  const status = await client.request('status', {});

  // Obsidian restarts: the plugin unloads and loads again, and finds its index in this device's IndexedDB.
  (plugin as unknown as { unload(): void }).unload();
  await sleep(500);
  const again = new PluginClass(app, { ...o.manifest, dir: `.obsidian/plugins/${o.manifest.id}` }) as AnyPlugin;
  const r0 = performance.now();
  let reopened: any = null;
  again.load();
  const session2 = await waitFor('the plugin to load again', () => again.session, 10_000);
  session2.onClient((c) => c.on('synced', (r) => (reopened ??= r)));
  session2.current()?.on('synced', (r) => (reopened ??= r));
  await waitFor('the reopened index', () => reopened, 300_000);
  const reopenMs = performance.now() - r0;
  (again as unknown as { unload(): void }).unload();
  let written = 0;
  for (const n of app.vault.adapter.written.values()) written += n;
  const dataJson = app.pluginData.has(o.manifest.id)
    ? new TextEncoder().encode(JSON.stringify(app.pluginData.get(o.manifest.id))).byteLength
    : 0;
  return {
    ok: errors.length === 0,
    notes: status.notes,
    chunks: status.chunks,
    indexMs: Math.round(indexMs),
    // The start-up sync alone (scan, read, parse, embed, HNSW, commit), as the CLI's index reports it.
    syncMs: synced[0]?.ms ?? null,
    skippedNotes: synced[0]?.skipped?.length ?? null,
    askMs: Math.round(askMs),
    contextTokens: result.context.tokens,
    citations,
    hoverRelated,
    sidebar: !!sidebarItems,
    maxMainThreadGapMs: Math.round(maxMainThreadGapMs),
    storedBytesInVault: written,
    dataJsonBytes: dataJson,
    ...(bytesPerEdit !== null ? { bytesPerEdit } : {}),
    reopenMs: Math.round(reopenMs),
    reopenEmbedded: reopened.embedded,
    ...(errors.length > 0 ? { errors } : {}),
  };
}

/** Lets the Node side take screenshots at a stage (scripts/store-smoke.mjs --screenshots). */
async function shot(name: string): Promise<void> {
  const fn = (window as unknown as { smokeShot?: (n: string) => Promise<void> }).smokeShot;
  if (fn) await fn(name);
}

(window as unknown as { smoke: unknown }).smoke = { run };
