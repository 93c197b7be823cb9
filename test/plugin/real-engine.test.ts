// @vitest-environment happy-dom
// The plugin against the real engine process (spawned with node, as Obsidian's runtime would run it) on a
// temp copy of examples/vault: first index, asking from the modal, a conversation of follow-up questions,
// related notes on hover, the sidebar totals, forwarded vault events, and a restart after the engine is killed.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App as ObsidianApp, PluginManifest as ObsidianManifest } from 'obsidian';
import { App, HoverPopover, Keymap, Notice, TFile } from '../__mocks__/obsidian';
import OverlayMemoryPlugin from '../../src/plugin/main';
import type { HoverLinkEvent } from '../../src/plugin/hover-related';
import { SAVINGS_VIEW_TYPE, type SavingsView } from '../../src/plugin/savings-view';
import { buildEngineBundle, engineMissingMessage, engineSourcesPresent, tempVault, type TempVault } from './helpers/real-engine';
import { waitFor } from './helpers/wait';

const present = engineSourcesPresent();
if (!present) {
  if (process.env.CI === 'true') throw new Error(engineMissingMessage());
  console.warn(`skipping: ${engineMissingMessage()}`);
}

let tv: TempVault;
let bundle = '';
let app: App;
let plugin: OverlayMemoryPlugin;

/** Waits up to ~`seconds` (polling) for a condition that depends on the engine process. */
const eventually = (cond: () => boolean, seconds = 90) => waitFor(cond, seconds * 10, 100);

describe.skipIf(!present)('plugin with the real engine', () => {
  beforeAll(async () => {
    bundle = await buildEngineBundle();
    tv = tempVault(bundle);
    app = new App(tv.vault);
    app.vault.addFiles(tv.notes);
    const manifest = { id: 'overlay-memory', name: 'Overlay Memory', version: '0.1.0', dir: '.obsidian/plugins/overlay-memory' };
    plugin = new OverlayMemoryPlugin(app as unknown as ObsidianApp, manifest as unknown as ObsidianManifest);
    (plugin as unknown as { load(): void }).load();
    await waitFor(() => plugin.session !== undefined);
    app.workspace.setLayoutReady();
    // The first index of the example vault ends with a `ready` notification and a notice.
    await eventually(() => Notice.messages.some((m) => /notes indexed/.test(m)), 240);
  });

  afterAll(async () => {
    if (plugin) {
      (plugin as unknown as { unload(): void }).unload();
      // Unloading stops the engine asynchronously; remove the vault only once it has exited.
      await waitFor(() => plugin.session.state().status === 'stopped', 100, 100);
    }
    tv?.cleanup();
    if (bundle) rmSync(bundle, { force: true });
  });

  it('started the engine on the runtime it was given, showed the first-index notice and the note count', () => {
    expect(plugin.session.state()).toMatchObject({ status: 'running', mode: 'electron' });
    expect(Notice.messages.some((m) => m.includes('indexing this vault for the first time'))).toBe(true);
    expect(app.statusBarEl.textContent).toMatch(/^Overlay: [\d,]+ notes$/);
    expect(app.statusBarEl.textContent).toBe(`Overlay: ${tv.notes.length} notes`);
    // The index lives in its own folder: the plugin's manifest.json beside it is untouched.
    expect(existsSync(join(tv.pluginDir, 'index', 'manifest.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(tv.pluginDir, 'manifest.json'), 'utf8')).id).toBe('overlay-memory');
  });

  it('renders cited chunks from the vault for a real question, and the sidebar totals update', async () => {
    app.commands.get('overlay-memory:open-savings-sidebar')!.callback!();
    await eventually(() => app.workspace.getLeavesOfType(SAVINGS_VIEW_TYPE).length === 1);
    const view = app.workspace.getLeavesOfType(SAVINGS_VIEW_TYPE)[0]!.view as SavingsView;
    const questions = () => view.contentEl.querySelector('[data-stat="questions"] .overlay-memory-stat-value')?.textContent;
    expect(questions()).toBe('0');

    app.commands.get('overlay-memory:ask-vault')!.callback!();
    const modal = document.querySelector<HTMLElement>('.overlay-memory-modal')!;
    const input = modal.querySelector<HTMLInputElement>('.overlay-memory-ask-input')!;
    input.value = 'Why does the cost of attention grow with the length of the context?';
    modal.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await eventually(() => modal.querySelectorAll('.overlay-memory-chunk').length > 0 || modal.querySelector('.mod-error') !== null, 120);
    expect(modal.querySelector('.mod-error')?.textContent ?? '').toBe('');

    const cited = [...modal.querySelectorAll<HTMLElement>('.overlay-memory-chunk')].map((li) => li.dataset.note!);
    for (const note of cited) expect(tv.notes).toContain(note);
    expect(cited.some((n) => n.startsWith('Energy/'))).toBe(true);
    for (const label of modal.querySelectorAll('.overlay-memory-chunk-label')) expect(label.textContent).toMatch(/^\[\[[^\]]+\]\]$/);
    expect(modal.querySelector('.overlay-memory-saving')!.textContent).toMatch(/context tokens vs [\d,]+ for the whole vault · [\d.]+% saved/);

    await eventually(() => questions() === '1', 10);
    expect(view.contentEl.querySelectorAll('.overlay-memory-recent-item')).toHaveLength(1);
    expect(plugin.store.totals.questions).toBe(1);
    expect(view.contentEl.querySelectorAll('svg.overlay-memory-chart rect.overlay-memory-chart-context')).toHaveLength(1);
    // The long-conversation curve comes from the engine's cost model.
    await eventually(() => view.contentEl.querySelectorAll('polyline').length > 0, 10);
    modal.querySelector<HTMLElement>('.overlay-memory-chunk')!.click();
    expect(app.workspace.opened.at(-1)!.linktext.split('#')[0]).toBe(cited[0]!.replace(/\.md$/, ''));
  });

  it('streams an LLM answer into the modal as it arrives (local OpenAI-compatible test server)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (content: string) => res.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`);
        chunk('Attention compares every token ');
        chunk('with every earlier one [[Attention cost growth]].');
        void gate.then(() => {
          res.write(`data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] })}\n\n`);
          res.end('data: [DONE]\n\n');
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const s = plugin.currentSettings();
      s.llm = { enabled: true, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, model: 'test-model', apiKey: '', rank: false };
      app.commands.get('overlay-memory:ask-vault')!.callback!();
      const modal = [...document.querySelectorAll<HTMLElement>('.overlay-memory-modal')].at(-1)!;
      modal.querySelector<HTMLInputElement>('.overlay-memory-ask-input')!.value = 'Why is attention quadratic?';
      modal.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
      // Both deltas are on screen while the server still holds the stream open.
      await eventually(() => modal.querySelector('.is-streaming')?.textContent === 'Attention compares every token with every earlier one [[Attention cost growth]].', 60);
      expect(modal.querySelectorAll('.overlay-memory-chunk')).toHaveLength(0);
      release();
      await eventually(() => modal.querySelector('.overlay-memory-answer-meta') !== null || modal.querySelector('.mod-error') !== null, 60);
      expect(modal.querySelector('.mod-error')?.textContent ?? '').toBe('');
      expect(modal.querySelector('.overlay-memory-answer-meta')!.textContent).toContain('LLM');
      expect(modal.querySelector('.overlay-memory-answer-text')!.textContent).toContain('Attention compares every token');
      expect(modal.querySelectorAll('.overlay-memory-chunk').length).toBeGreaterThan(0);
      modal.parentElement!.remove();
    } finally {
      plugin.currentSettings().llm.enabled = false;
      server.close();
    }
  });

  it('keeps a conversation in the modal: one engine conversation, earlier turns recalled and never opened as notes', async () => {
    app.commands.get('overlay-memory:ask-vault')!.callback!();
    let modal = [...document.querySelectorAll<HTMLElement>('.overlay-memory-modal')].at(-1)!;
    // The earlier tests asked within the last minutes, so the command continued their conversation.
    expect(modal.querySelector('.overlay-memory-status')!.textContent).toMatch(/^Continuing the conversation from/);
    const earlierId = plugin.thread.id;
    modal.querySelector<HTMLButtonElement>('.overlay-memory-new-conversation')!.click();
    expect(modal.querySelector('.modal-title')!.textContent).toBe('Ask vault');
    const savedBefore = plugin.store.totals.historyTokensSaved;
    const ask = async (question: string) => {
      const asked = plugin.store.totals.questions;
      modal.querySelector<HTMLInputElement>('.overlay-memory-ask-input')!.value = question;
      modal.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
      await eventually(() => plugin.store.totals.questions === asked + 1 || modal.querySelector('.mod-error') !== null, 60);
      expect(modal.querySelector('.mod-error')?.textContent ?? '').toBe('');
    };
    const turnItems = () => [...modal.querySelectorAll<HTMLElement>('.overlay-memory-turn-chunk')];
    const openedBefore = app.workspace.opened.length;

    await ask('What does the KV cache store?');
    const id = plugin.thread.id!;
    expect(id).not.toBe(earlierId);
    expect(modal.querySelector('.modal-title')!.textContent).toBe('Ask vault · turn 1');
    expect(turnItems()).toHaveLength(0);
    await ask('How big is it?');
    expect(plugin.thread.id).toBe(id);
    expect(modal.querySelector('.modal-title')!.textContent).toBe('Ask vault · turn 2');
    // The engine always offers the latest turn to a follow-up.
    expect(turnItems().map((li) => li.dataset.turn)).toEqual(['1']);
    expect(turnItems()[0]!.querySelector('.overlay-memory-turn-label')!.textContent).toBe('Earlier turn 1');
    expect(turnItems()[0]!.querySelector('.overlay-memory-chunk-text')!.textContent).toMatch(/^Q: What does the KV cache store\? A: /);
    for (const li of turnItems()) li.click();
    expect(app.workspace.opened.length).toBe(openedBefore);
    await ask('What does reciprocal rank fusion do?');
    expect(modal.querySelector('.modal-title')!.textContent).toBe('Ask vault · turn 3');
    expect(modal.querySelectorAll('a[data-href^="turn "]')).toHaveLength(0);

    // What the engine reported per turn, as recorded by the store and shown in the modal.
    const turns = plugin.store.recent.slice(-3);
    expect(turns.map((r) => r.turn)).toEqual([1, 2, 3]);
    const [, second, third] = turns;
    expect(third!.fullHistoryTokens!).toBeGreaterThan(second!.fullHistoryTokens!);
    expect(modal.querySelector('.overlay-memory-saving-history')!.textContent).toBe(
      `History: ${third!.historyTokens!.toLocaleString('en-US')} tokens recalled instead of ${third!.fullHistoryTokens!.toLocaleString('en-US')} re-sent`,
    );
    const saved = turns.reduce((n, r) => n + Math.max(0, r.fullHistoryTokens! - r.historyTokens!), 0);
    expect(plugin.store.totals.historyTokensSaved - savedBefore).toBe(saved);
    // The engine stores the conversation under the plugin's index folder, named by the modal's id.
    expect(existsSync(join(tv.pluginDir, 'index', 'conversations', `${id}.json`))).toBe(true);
    // A question on another topic recalls only the latest turn; the first one is left out, and that is the saving.
    expect(turnItems().map((li) => li.dataset.turn)).toEqual(['2']);
    expect(third!.historyTokens!).toBeLessThan(third!.fullHistoryTokens!);
    expect(plugin.store.totals.historyTokensSaved).toBeGreaterThan(savedBefore);
    const view = app.workspace.getLeavesOfType(SAVINGS_VIEW_TYPE)[0]!.view as SavingsView;
    expect(view.contentEl.querySelector('[data-stat="history"]')!.textContent).toBe(
      `${plugin.store.totals.historyTokensSaved.toLocaleString('en-US')} history tokens not re-sent: follow-up questions recalled earlier turns instead.`,
    );

    // Reopening the command now continues this conversation.
    modal.parentElement!.remove();
    app.commands.get('overlay-memory:ask-vault')!.callback!();
    modal = [...document.querySelectorAll<HTMLElement>('.overlay-memory-modal')].at(-1)!;
    expect(modal.querySelector('.modal-title')!.textContent).toBe('Ask vault · turn 3');
    expect(modal.querySelector('.overlay-memory-status')!.textContent).toContain('What does reciprocal rank fusion do?');
    modal.parentElement!.remove();
  });

  it('adds related notes of the hovered note to the page preview', async () => {
    // A stand-in for Page preview with its default for editor links: the modifier is required.
    app.workspace.on('hover-link', (e: HoverLinkEvent) => {
      if (Keymap.isModEvent(e.event)) setTimeout(() => new HoverPopover(e.hoverParent as never, e.targetEl).hoverEl.createDiv({ cls: 'markdown-embed' }), 10);
    });
    const target = document.body.createEl('a', { cls: 'internal-link', text: 'KV cache' });
    const parent = { hoverPopover: null as HoverPopover | null };
    app.workspace.trigger('hover-link', { event: new MouseEvent('mouseover', { ctrlKey: true }), source: 'editor', hoverParent: parent, targetEl: target, linktext: 'KV cache', sourcePath: 'Energy/Prefill and decode.md' });
    await eventually(() => (parent.hoverPopover?.hoverEl.querySelectorAll('.overlay-memory-related-item').length ?? 0) > 0, 30);
    const notes = [...parent.hoverPopover!.hoverEl.querySelectorAll<HTMLElement>('.overlay-memory-related-item')].map((li) => li.dataset.note!);
    for (const n of notes) expect(tv.notes).toContain(n);
    expect(notes).not.toContain('Energy/KV cache.md');
  });

  it('forwards a created note to the engine, which indexes it', async () => {
    const before = (await plugin.session.status())!.notes;
    const path = 'Practice/Plugin test note.md';
    writeFileSync(join(tv.vault, path), '# Plugin test note\n\nThe plugin forwards vault events about [[KV cache]] sizes.\n');
    const [file] = app.vault.addFiles([path]);
    app.vault.trigger('create', file as TFile);
    let notes = before;
    await eventually(() => {
      void plugin.session
        .status()
        .then((s) => (notes = s?.notes ?? notes))
        .catch(() => undefined);
      return notes === before + 1;
    }, 60);
    expect(notes).toBe(before + 1);
  });

  it('restarts the engine after it is killed', async () => {
    const pid = plugin.session.state().pid!;
    process.kill(pid, 'SIGKILL');
    await eventually(() => plugin.session.state().status === 'running' && plugin.session.state().pid !== pid, 60);
    expect(plugin.session.state().restarts).toBe(1);
    // The new engine reopens the saved index and answers again.
    const related = await (await plugin.session.ready()).request('related', { note: 'Energy/KV cache.md', k: 3 });
    expect(related.length).toBeGreaterThan(0);
  });
});
