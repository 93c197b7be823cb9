// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { App as ObsidianApp, Plugin as ObsidianPlugin } from 'obsidian';
import { App, Plugin } from '../__mocks__/obsidian';
import { OverlaySettingTab, describeIndex, type SettingsTabDeps } from '../../src/plugin/settings-tab';
import { defaultSettings } from '../../src/plugin/settings';
import type { EngineStatus } from '../../src/engine/protocol';
import { waitFor } from './helpers/wait';

const STATUS: EngineStatus = {
  name: 'overlay-memory-engine',
  version: '0.1.0',
  vault: '/vault',
  dataDir: 'indexeddb:overlay-memory/abc123',
  notes: 1234,
  chunks: 5678,
  indexing: false,
  embedder: 'local',
  sizeBytes: 12.5 * 1024 * 1024,
};

function setup() {
  const calls: string[] = [];
  const deps: SettingsTabDeps = {
    settings: defaultSettings(),
    save: async () => void calls.push('save'),
    configure: async () => void calls.push('configure'),
    engineState: () => ({
      status: 'running',
      reason: 'The engine runs in a background worker of this app.',
      version: '0.1.0',
      restarts: 0,
    }),
    engineStatus: async () => STATUS,
    reindex: async (full) => void calls.push(`reindex:${full}`),
    restartEngine: async () => void calls.push('restart'),
    changed: () => void calls.push('changed'),
  };
  const app = new App('/vault');
  const tab = new OverlaySettingTab(
    app as unknown as ObsidianApp,
    new Plugin(app, { id: 'x', name: 'x', version: '1' }) as unknown as ObsidianPlugin,
    deps,
  );
  tab.display();
  const row = (name: string) =>
    [...tab.containerEl.querySelectorAll<HTMLElement>('.setting-item')].find(
      (r) => r.querySelector('.setting-item-name')!.textContent === name,
    )!;
  return { tab, deps, calls, row };
}

describe('OverlaySettingTab', () => {
  it('shows the engine state and the index location and size', async () => {
    const { row, tab } = setup();
    expect(tab.containerEl.querySelector('.overlay-memory-engine-state .setting-item-name')!.textContent).toBe(
      'Status: running (engine 0.1.0)',
    );
    expect(
      tab.containerEl.querySelector('.overlay-memory-engine-state .setting-item-description')!.textContent,
    ).toContain('background worker');
    await waitFor(() => row('Index').querySelector('.setting-item-description')!.textContent !== 'Reading…');
    expect(row('Index').querySelector('.setting-item-description')!.textContent).toBe(describeIndex(STATUS));
    expect(describeIndex(STATUS)).toBe(
      '1,234 notes, 5,678 chunks, 13 MB in indexeddb:overlay-memory/abc123. Embedder: local.',
    );
  });

  it('re-indexes and restarts from its buttons', async () => {
    const { row, calls } = setup();
    row('Index').querySelector('button')!.click();
    await waitFor(() => calls.includes('reindex:true'));
    expect(row('Index').querySelector('button')!.disabled).toBe(false);
    row('Status: running (engine 0.1.0)').querySelector('button')!.click();
    await waitFor(() => calls.includes('restart'));
  });

  it('offers only the built-in embedder and says why, also when an older version chose a model', async () => {
    const { row, calls } = setup();
    const select = row('Embedding model').querySelector('select')!;
    expect([...select.options].map((o) => o.value)).toEqual(['local']);
    expect(row('Embedding model').querySelector('.setting-item-description')!.textContent).toContain(
      'not available in this build',
    );
    const minutes = row('Conversation minutes').querySelector('input')!;
    minutes.value = '10, 100';
    minutes.dispatchEvent(new Event('input'));
    await waitFor(() => calls.includes('changed'));
    expect(calls).toEqual(['save', 'changed']);
    const app = new App('/vault');
    const deps2 = { ...setup().deps, settings: { ...defaultSettings(), embedder: 'Xenova/bge-small-en-v1.5' } };
    const tab2 = new OverlaySettingTab(
      app as unknown as ObsidianApp,
      new Plugin(app, { id: 'x', name: 'x', version: '1' }) as unknown as ObsidianPlugin,
      deps2,
    );
    tab2.display();
    expect(tab2.containerEl.querySelector('.overlay-memory-embedder .setting-item-description')!.textContent).toContain(
      'Xenova/bge-small-en-v1.5, is not used',
    );
  });

  it('keeps the API key in a password field and stores LLM settings', async () => {
    const { row, deps } = setup();
    const key = row('API key').querySelector('input')!;
    expect(key.type).toBe('password');
    row('Write answers with an LLM').querySelector<HTMLElement>('.checkbox-container')!.click();
    const model = row('Model name').querySelector('input')!;
    model.value = ' llama3.1:8b ';
    model.dispatchEvent(new Event('input'));
    await waitFor(() => deps.settings.llm.model === 'llama3.1:8b');
    expect(deps.settings.llm.enabled).toBe(true);
  });
});
