import { describe, expect, it } from 'vitest';
import type { AskResult } from '../../src/engine/protocol';
import { migratePluginData } from '../../src/plugin/data-file';
import {
  HISTORY_LIMIT,
  SAVINGS_VERSION,
  SavingsStore,
  emptySavings,
  migrateSavings,
} from '../../src/plugin/savings-store';
import { askResult } from './helpers/fixtures';

function turn(question: string, n: number, historyTokens: number, fullHistoryTokens: number): AskResult {
  return {
    ...askResult(question),
    conversation: {
      id: 'obsidian-1-abcdef',
      turn: n,
      recalledTurns: n > 1 ? [n - 1] : [],
      historyTokens,
      fullHistoryTokens,
    },
  };
}

describe('SavingsStore', () => {
  it('adds each answer to the totals and the history, notifies and persists', async () => {
    let saves = 0;
    let changes = 0;
    const data = emptySavings();
    const store = new SavingsStore(data, async () => void saves++);
    store.onChange(() => changes++);
    await store.record(askResult('one', { context: 200, full: 10_000 }), 1000);
    await store.record(askResult('two', { context: 300, full: 10_000 }), 2000);
    expect(store.totals).toEqual({
      questions: 2,
      contextTokens: 500,
      fullTokens: 20_000,
      whBounded: 0.01,
      whFull: 1,
      historyTokensSaved: 0,
    });
    expect(store.recent.map((r) => r.question)).toEqual(['one', 'two']);
    expect(store.recent[0]).toMatchObject({
      at: 1000,
      contextTokens: 200,
      fullTokens: 10_000,
      model: 'llama-3.1-8b',
      hardware: 'h100',
    });
    expect(saves).toBe(2);
    expect(changes).toBe(2);
    expect(data.totals.questions).toBe(2); // the DataFile's object is the one updated
  });

  it('keeps only the last questions in the history but counts all of them', async () => {
    const store = new SavingsStore(emptySavings(), async () => {});
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) await store.record(askResult(`q${i}`), i);
    expect(store.recent).toHaveLength(HISTORY_LIMIT);
    expect(store.recent[0]!.question).toBe('q5');
    expect(store.totals.questions).toBe(HISTORY_LIMIT + 5);
  });

  it('counts no energy for answers without an estimate', async () => {
    const store = new SavingsStore(emptySavings(), async () => {});
    const r = askResult('x');
    // An older engine may leave the estimate out; the store must cope at run time.
    Reflect.deleteProperty(r, 'saving');
    await store.record(r);
    expect(store.totals.whFull).toBe(0);
    expect(store.recent[0]!.whFull).toBeNull();
  });

  it('migrates stored data, dropping malformed entries and rebuilding totals the history contradicts', () => {
    const d = migrateSavings({
      totals: { questions: 0 },
      recent: [
        { at: 1, question: 'ok', contextTokens: 10, fullTokens: 100, whBounded: 0.1, whFull: 1 },
        { at: 'bad' },
        null,
      ],
    });
    expect(d.recent).toHaveLength(1);
    expect(d.totals).toEqual({
      questions: 1,
      contextTokens: 10,
      fullTokens: 100,
      whBounded: 0.1,
      whFull: 1,
      historyTokensSaved: 0,
    });
    expect(migrateSavings('garbage')).toEqual(emptySavings());
  });

  it('adds the history not re-sent of conversation turns to the totals and keeps each turn on its record', async () => {
    const store = new SavingsStore(emptySavings(), async () => {});
    await store.record(turn('first', 1, 0, 0));
    await store.record(turn('second', 2, 80, 120));
    await store.record(turn('third', 3, 150, 400));
    await store.record(askResult('alone'));
    // A turn whose recalled history is larger than re-sending it (possible at turn 2) saves nothing, not a negative amount.
    await store.record(turn('odd', 2, 130, 120));
    expect(store.totals.historyTokensSaved).toBe(40 + 250);
    expect(store.recent.map((r) => [r.turn, r.historyTokens, r.fullHistoryTokens])).toEqual([
      [1, 0, 0],
      [2, 80, 120],
      [3, 150, 400],
      [null, null, null],
      [2, 130, 120],
    ]);
  });

  it('migrates version 1 data (no conversation fields) to the current version without losing totals or history', () => {
    const v1 = {
      version: 1,
      totals: { questions: 7, contextTokens: 2100, fullTokens: 70_000, whBounded: 0.07, whFull: 7 },
      recent: [
        {
          at: 1,
          question: 'old',
          contextTokens: 300,
          fullTokens: 10_000,
          whBounded: 0.01,
          whFull: 1,
          model: 'llama-3.1-8b',
          hardware: 'h100',
        },
        {
          at: 2,
          question: 'older format, no energy',
          contextTokens: 300,
          fullTokens: 10_000,
          whBounded: null,
          whFull: null,
          model: null,
          hardware: null,
        },
      ],
    };
    const d = migrateSavings(v1);
    expect(SAVINGS_VERSION).toBe(2);
    expect(d.version).toBe(SAVINGS_VERSION);
    expect(d.totals).toEqual({ ...v1.totals, historyTokensSaved: 0 });
    expect(d.recent).toEqual(
      v1.recent.map((r) => ({ ...r, turn: null, historyTokens: null, fullHistoryTokens: null })),
    );
    // Through data.json as the plugin loads it: the settings beside it are untouched.
    const file = migratePluginData({ settings: { version: 1, budget: 1500 }, savings: v1 });
    expect(file.savings).toEqual(d);
    expect(file.settings.budget).toBe(1500);
  });

  it('reads its own version back unchanged and drops only malformed conversation fields', async () => {
    const store = new SavingsStore(emptySavings(), async () => {});
    await store.record(turn('first', 1, 0, 0), 10);
    await store.record(turn('second', 2, 80, 120), 20);
    const saved = JSON.parse(JSON.stringify({ version: SAVINGS_VERSION, totals: store.totals, recent: store.recent }));
    expect(migrateSavings(saved)).toEqual(saved);
    saved.recent[1].turn = 'two';
    saved.recent[1].historyTokens = -5;
    const d = migrateSavings(saved);
    expect(d.recent[1]).toMatchObject({ question: 'second', turn: null, historyTokens: null, fullHistoryTokens: 120 });
    expect(d.totals.historyTokensSaved).toBe(40);
  });
});
