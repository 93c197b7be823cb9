import { describe, expect, it, vi } from 'vitest';
import { DataFile, migratePluginData } from '../../src/plugin/data-file';
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  askParams,
  embedderSpec,
  llmConfig,
  migrateSettings,
  parseMinutes,
} from '../../src/plugin/settings';

describe('migrateSettings', () => {
  it('gives the defaults for missing or non-object data', () => {
    for (const raw of [null, undefined, 42, 'x', [1, 2]]) expect(migrateSettings(raw)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid values of v0 data (no version field) and stamps the current version', () => {
    const s = migrateSettings({
      budget: 1500,
      embedder: 'Xenova/bge-small-en-v1.5',
      hoverRelated: false,
      llm: { enabled: true, baseUrl: 'http://x/v1', model: 'm' },
    });
    expect(s.version).toBe(SETTINGS_VERSION);
    expect(s.budget).toBe(1500);
    expect(s.embedder).toBe('Xenova/bge-small-en-v1.5');
    expect(s.hoverRelated).toBe(false);
    expect(s.llm).toEqual({ enabled: true, baseUrl: 'http://x/v1', model: 'm', apiKey: '', rank: false });
  });

  it('replaces invalid fields one by one, clamps numbers and drops unknown fields', () => {
    const s = migrateSettings({
      budget: 'lots',
      relatedCount: 500,
      conversationMinutes: 'a, 55, -3, 55, 5',
      hoverRelated: 'yes',
      energyModel: '',
      extra: 1,
    });
    expect(s.budget).toBe(DEFAULT_SETTINGS.budget);
    expect(s.relatedCount).toBe(20);
    expect(s.conversationMinutes).toEqual([1, 5, 55]);
    expect(s.hoverRelated).toBe(DEFAULT_SETTINGS.hoverRelated);
    expect(s.energyModel).toBe(DEFAULT_SETTINGS.energyModel);
    expect(Object.keys(s)).not.toContain('extra');
  });

  it('reads data written by a newer version, keeping the fields it knows', () => {
    const s = migrateSettings({ version: 99, budget: 5000, futureThing: { a: 1 } });
    expect(s.version).toBe(SETTINGS_VERSION);
    expect(s.budget).toBe(5000);
  });

  it('parses minute lists and maps settings to engine values', () => {
    expect(parseMinutes('505, 5 ;55')).toEqual([5, 55, 505]);
    expect(parseMinutes('none')).toBeNull();
    expect(embedderSpec('local')).toBe('local');
    expect(embedderSpec('Xenova/all-MiniLM-L6-v2')).toBe('transformers:Xenova/all-MiniLM-L6-v2');
    const s = migrateSettings({});
    expect(llmConfig(s)).toBeNull();
    s.llm = { enabled: true, baseUrl: 'http://localhost:11434/v1', model: 'llama3.1:8b', apiKey: '', rank: false };
    expect(llmConfig(s)).toEqual({ url: 'http://localhost:11434/v1', model: 'llama3.1:8b' });
    expect(askParams('q', s)).toEqual({
      question: 'q',
      budget: 3000,
      energyModel: 'llama-3.1-70b',
      hardware: 'h100',
      llm: { url: 'http://localhost:11434/v1', model: 'llama3.1:8b' },
    });
    // The LLM ranker is off by default; on, the request asks for it (only with an LLM to rank).
    s.llm.rank = true;
    expect(askParams('q', s)).toMatchObject({ rankLlm: true, llm: { model: 'llama3.1:8b' } });
    expect(migrateSettings({ llm: { rank: true } }).llm.rank).toBe(true);
    s.llm.model = '';
    expect(askParams('q', s).llm).toBeUndefined();
    expect(askParams('q', s).rankLlm).toBeUndefined();
  });
});

describe('plugin data file', () => {
  it('migrates the flat layout (settings only) into settings + empty savings', () => {
    const d = migratePluginData({ budget: 800 });
    expect(d.settings.budget).toBe(800);
    expect(d.savings.recent).toEqual([]);
    expect(d.savings.totals.questions).toBe(0);
  });

  it('reads the nested layout', () => {
    const d = migratePluginData({
      settings: { budget: 900 },
      savings: { version: 1, totals: { questions: 3 }, recent: [] },
    });
    expect(d.settings.budget).toBe(900);
    expect(d.savings.totals.questions).toBe(3);
  });

  it('serialises saves: overlapping requests end with one more write holding the latest data', async () => {
    const writes: unknown[] = [];
    let release: (() => void) | null = null;
    const storage = {
      loadData: async () => ({ settings: { budget: 1000 } }),
      saveData: (data: unknown) => {
        writes.push(data);
        return new Promise<void>((r) => (release = r));
      },
    };
    const file = await DataFile.load(storage);
    const first = file.save();
    file.data.settings.budget = 2000;
    const second = file.save();
    file.data.settings.budget = 3000;
    const third = file.save();
    expect(second).toBe(third);
    expect(writes).toHaveLength(1);
    release!();
    await first;
    await Promise.resolve();
    await Promise.resolve();
    expect(writes).toHaveLength(2);
    release!();
    await third;
    expect((writes[1] as { settings: { budget: number } }).settings.budget).toBe(3000);
  });

  it('falls back to defaults when data.json cannot be read', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const file = await DataFile.load({
      loadData: async () => {
        throw new Error('bad json');
      },
      saveData: async () => {},
    });
    expect(file.data.settings).toEqual(DEFAULT_SETTINGS);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
