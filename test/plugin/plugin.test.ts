// @vitest-environment happy-dom
// The plugin's lifecycle against the obsidian mock: what onload registers, that it starts nothing heavy,
// and that settings persist through data.json and migrate from older layouts.
import { afterEach, describe, expect, it } from 'vitest';
import type { App as ObsidianApp, PluginManifest as ObsidianManifest } from 'obsidian';
import { App, Notice, type PluginManifest } from '../__mocks__/obsidian';
import OverlayMemoryPlugin from '../../src/plugin/main';
import { HOVER_SOURCE } from '../../src/plugin/hover-related';
import { SAVINGS_VIEW_TYPE } from '../../src/plugin/savings-view';
import { OverlaySettingTab } from '../../src/plugin/settings-tab';
import { DEFAULT_SETTINGS } from '../../src/plugin/settings';
import { SAVINGS_VERSION } from '../../src/plugin/savings-store';
import { askResult } from './helpers/fixtures';
import { waitFor } from './helpers/wait';

const manifest: PluginManifest = {
  id: 'overlay-memory',
  name: 'Overlay Memory',
  version: '0.1.0',
  dir: '.obsidian/plugins/overlay-memory',
};
const loaded: OverlayMemoryPlugin[] = [];

async function load(app: App): Promise<OverlayMemoryPlugin> {
  const plugin = new OverlayMemoryPlugin(app as unknown as ObsidianApp, manifest as unknown as ObsidianManifest);
  (plugin as unknown as { load(): void }).load();
  await waitFor(() => plugin.session !== undefined);
  loaded.push(plugin);
  return plugin;
}

afterEach(() => {
  for (const p of loaded.splice(0)) (p as unknown as { unload(): void }).unload();
  Notice.reset();
});

describe('OverlayMemoryPlugin', () => {
  it('registers its commands with stable ids, sentence-case names and no hotkeys', async () => {
    const app = new App('/vault');
    await load(app);
    const cmds = [...app.commands.values()];
    expect(cmds.map((c) => c.id).sort()).toEqual([
      'overlay-memory:ask-vault',
      'overlay-memory:clear-device-index',
      'overlay-memory:open-savings-sidebar',
      'overlay-memory:reindex-vault',
      'overlay-memory:restart-engine',
    ]);
    expect(cmds.map((c) => c.name).sort()).toEqual([
      'Ask vault',
      "Clear this device's index",
      'Open savings sidebar',
      'Re-index vault',
      'Restart engine',
    ]);
    for (const c of cmds) {
      expect(c.hotkeys).toBeUndefined();
      expect(c.name).toMatch(/^[A-Z][^A-Z]*$/);
    }
  });

  it('registers the view, the settings tab, the hover source and a status bar item, and starts nothing before layout ready', async () => {
    const app = new App('/vault');
    const plugin = await load(app);
    expect(app.viewRegistry.has(SAVINGS_VIEW_TYPE)).toBe(true);
    expect(app.settingTabs[0]).toBeInstanceOf(OverlaySettingTab);
    expect(app.workspace.hoverLinkSources[HOVER_SOURCE]).toEqual({ display: 'Overlay Memory', defaultMod: true });
    expect(app.statusBarEl.textContent).toBe('Overlay: waiting');
    expect(plugin.session.state().status).toBe('stopped');
    expect(app.vault.listenerCount('modify')).toBe(0);
    expect(app.workspace.listenerCount('hover-link')).toBe(1);
  });

  it('opens the savings sidebar once and the ask modal from their commands', async () => {
    const app = new App('/vault');
    await load(app);
    app.commands.get('overlay-memory:open-savings-sidebar')!.callback!();
    await waitFor(() => app.workspace.getLeavesOfType(SAVINGS_VIEW_TYPE).length === 1);
    app.commands.get('overlay-memory:open-savings-sidebar')!.callback!();
    await waitFor(() => true);
    expect(app.workspace.getLeavesOfType(SAVINGS_VIEW_TYPE)).toHaveLength(1);
    app.commands.get('overlay-memory:ask-vault')!.callback!();
    expect(document.querySelector('.overlay-memory-modal .modal-title')!.textContent).toBe('Ask vault');
    document.querySelector('.modal-container')!.remove();
  });

  it('persists a setting changed in the settings tab and reads it back after a reload', async () => {
    const app = new App('/vault');
    const plugin = await load(app);
    const tab = app.settingTabs[0]!;
    tab.display();
    const row = [...tab.containerEl.querySelectorAll('.setting-item')].find(
      (r) => r.querySelector('.setting-item-name')!.textContent === 'Token budget',
    )!;
    const input = row.querySelector('input')!;
    expect(input.value).toBe('3000');
    input.value = '1800';
    input.dispatchEvent(new Event('input'));
    input.value = '12'; // below the minimum: ignored
    input.dispatchEvent(new Event('input'));
    await waitFor(
      () =>
        (app.pluginData.get('overlay-memory') as { settings?: { budget: number } } | undefined)?.settings?.budget ===
        1800,
    );
    (plugin as unknown as { unload(): void }).unload();
    loaded.length = 0;
    const again = await load(app);
    expect(again.currentSettings().budget).toBe(1800);
  });

  it('reports an app that cannot run the engine worker with a clear notice and in the status bar', async () => {
    // happy-dom has no Worker: the launcher fails before starting anything.
    const app = new App('/vault');
    const plugin = await load(app);
    app.workspace.setLayoutReady();
    await waitFor(() => plugin.session.state().status === 'failed', 400, 25);
    expect(app.statusBarEl.textContent).toBe('Overlay: engine failed');
    const notice = Notice.messages.find((m) =>
      m.startsWith("Overlay Memory: This app cannot run the engine's worker"),
    )!;
    expect(notice).toContain('See Settings → Overlay Memory → Engine.');
    const tab = app.settingTabs[0]!;
    tab.display();
    expect(tab.containerEl.querySelector('.overlay-memory-engine-state .setting-item-name')!.textContent).toBe(
      'Status: failed',
    );
  });

  it('migrates a flat data.json from before the savings history', async () => {
    const app = new App('/vault');
    app.pluginData.set('overlay-memory', {
      budget: 999,
      hoverRelated: false,
      nodePath: '/opt/node/bin/node',
      bogus: true,
    });
    const plugin = await load(app);
    expect(plugin.currentSettings()).toEqual({ ...DEFAULT_SETTINGS, budget: 999, hoverRelated: false });
    await plugin.dataFile.save();
    const stored = app.pluginData.get('overlay-memory') as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['savings', 'settings']);
  });

  it('loads version 1 savings from data.json and writes them back as the current version', async () => {
    const app = new App('/vault');
    const record = {
      at: 1,
      question: 'old',
      contextTokens: 300,
      fullTokens: 10_000,
      whBounded: 0.01,
      whFull: 1,
      model: 'llama-3.1-8b',
      hardware: 'h100',
    };
    app.pluginData.set('overlay-memory', {
      settings: { version: 1, budget: 2500 },
      savings: {
        version: 1,
        totals: { questions: 4, contextTokens: 1200, fullTokens: 40_000, whBounded: 0.04, whFull: 4 },
        recent: [record],
      },
    });
    const plugin = await load(app);
    expect(plugin.store.totals).toEqual({
      questions: 4,
      contextTokens: 1200,
      fullTokens: 40_000,
      whBounded: 0.04,
      whFull: 4,
      historyTokensSaved: 0,
    });
    await plugin.dataFile.save();
    const stored = app.pluginData.get('overlay-memory') as { savings: { version: number; recent: unknown[] } };
    expect(stored.savings.version).toBe(SAVINGS_VERSION);
    expect(stored.savings.recent).toEqual([{ ...record, turn: null, historyTokens: null, fullHistoryTokens: null }]);
  });

  it('shares one conversation between the modals the "Ask vault" command opens', async () => {
    const app = new App('/vault');
    const plugin = await load(app);
    const id = plugin.thread.idForAsk();
    plugin.thread.answered({
      ...askResult('What does the KV cache store?'),
      conversation: { id, turn: 1, recalledTurns: [], historyTokens: 0, fullHistoryTokens: 0 },
    });
    app.commands.get('overlay-memory:ask-vault')!.callback!();
    const modal = document.querySelector('.overlay-memory-modal')!;
    expect(modal.querySelector('.modal-title')!.textContent).toBe('Ask vault · turn 1');
    expect(modal.querySelector('.overlay-memory-status')!.textContent).toMatch(
      /^Continuing the conversation from less than a minute ago/,
    );
    modal.querySelector<HTMLButtonElement>('.overlay-memory-new-conversation')!.click();
    expect(plugin.thread.id).toBeNull();
    document.querySelector('.modal-container')!.remove();
  });
});
