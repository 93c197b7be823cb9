// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { App as ObsidianApp, Plugin as ObsidianPlugin } from 'obsidian';
import { App, Plugin } from '../__mocks__/obsidian';
import { OverlaySettingTab, describeIndex, type SettingsTabDeps } from '../../src/plugin/settings-tab';
import { defaultSettings } from '../../src/plugin/settings';
import type { EngineStatus } from '../../src/engine/protocol';
import { waitFor } from './helpers/wait';

const STATUS: EngineStatus = {
  name: 'overlay-memory-engine', version: '0.1.0', vault: '/vault', dataDir: '/vault/.obsidian/plugins/overlay-memory/index',
  notes: 1234, chunks: 5678, indexing: false, embedder: 'local', sizeBytes: 12.5 * 1024 * 1024,
};

function setup() {
  const calls: string[] = [];
  const deps: SettingsTabDeps = {
    settings: defaultSettings(),
    save: async () => void calls.push('save'),
    configure: async () => void calls.push('configure'),
    engineState: () => ({ status: 'running', mode: 'node', reason: "Obsidian's runtime: no handshake within 8 s.", pid: 42, version: '0.1.0', restarts: 0 }),
    engineStatus: async () => STATUS,
    reindex: async (full) => void calls.push(`reindex:${full}`),
    restartEngine: async () => void calls.push('restart'),
    changed: () => void calls.push('changed'),
  };
  const app = new App('/vault');
  const tab = new OverlaySettingTab(app as unknown as ObsidianApp, new Plugin(app, { id: 'x', name: 'x', version: '1' }) as unknown as ObsidianPlugin, deps);
  tab.display();
  const row = (name: string) => [...tab.containerEl.querySelectorAll<HTMLElement>('.setting-item')].find((r) => r.querySelector('.setting-item-name')!.textContent === name)!;
  return { tab, deps, calls, row };
}

describe('OverlaySettingTab', () => {
  it('shows which runtime runs the engine and why, and the index location and size', async () => {
    const { row, tab } = setup();
    expect(tab.containerEl.querySelector('.overlay-memory-engine-state .setting-item-name')!.textContent).toBe('Status: running (Node.js, engine 0.1.0)');
    expect(tab.containerEl.querySelector('.overlay-memory-engine-state .setting-item-description')!.textContent).toContain('no handshake');
    await waitFor(() => row('Index').querySelector('.setting-item-description')!.textContent !== 'Reading…');
    expect(row('Index').querySelector('.setting-item-description')!.textContent).toBe(describeIndex(STATUS));
    expect(describeIndex(STATUS)).toBe('1,234 notes, 5,678 chunks, 13 MB in /vault/.obsidian/plugins/overlay-memory/index. Embedder: local.');
  });

  it('re-indexes and restarts from its buttons', async () => {
    const { row, calls } = setup();
    row('Index').querySelector('button')!.click();
    await waitFor(() => calls.includes('reindex:true'));
    expect(row('Index').querySelector('button')!.disabled).toBe(false);
    row('Status: running (Node.js, engine 0.1.0)').querySelector('button')!.click();
    await waitFor(() => calls.includes('restart'));
  });

  it('sends only an embedder change to the engine; every change is saved and redrawn', async () => {
    const { row, deps, calls } = setup();
    const select = row('Embedding model').querySelector('select')!;
    expect([...select.options].map((o) => o.value)).toContain('Xenova/multilingual-e5-small');
    expect(row('Model id').style.display).toBe('none');
    select.value = 'Xenova/multilingual-e5-small';
    select.dispatchEvent(new Event('change'));
    await waitFor(() => calls.includes('configure'));
    expect(deps.settings.embedder).toBe('Xenova/multilingual-e5-small');
    calls.length = 0;
    const minutes = row('Conversation minutes').querySelector('input')!;
    minutes.value = '10, 100';
    minutes.dispatchEvent(new Event('input'));
    await waitFor(() => calls.includes('changed'));
    expect(deps.settings.conversationMinutes).toEqual([10, 100]);
    expect(calls).toEqual(['save', 'changed']);
  });

  it('offers a custom model id field and ignores ids that are not owner/name', async () => {
    const { row, deps } = setup();
    const select = row('Embedding model').querySelector('select')!;
    select.value = '__custom__';
    select.dispatchEvent(new Event('change'));
    expect(row('Model id').style.display).toBe('');
    const input = row('Model id').querySelector('input')!;
    input.value = 'not a model';
    input.dispatchEvent(new Event('input'));
    expect(deps.settings.embedder).toBe('local');
    input.value = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';
    input.dispatchEvent(new Event('input'));
    await waitFor(() => deps.settings.embedder === 'Xenova/paraphrase-multilingual-MiniLM-L12-v2');
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
