import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, SavingsStore, emptySavings, migrateSavings } from '../../src/plugin/savings-store';
import { askResult } from './helpers/fixtures';

describe('SavingsStore', () => {
  it('adds each answer to the totals and the history, notifies and persists', async () => {
    let saves = 0;
    let changes = 0;
    const data = emptySavings();
    const store = new SavingsStore(data, async () => void saves++);
    store.onChange(() => changes++);
    await store.record(askResult('one', { context: 200, full: 10_000 }), 1000);
    await store.record(askResult('two', { context: 300, full: 10_000 }), 2000);
    expect(store.totals).toEqual({ questions: 2, contextTokens: 500, fullTokens: 20_000, whBounded: 0.01, whFull: 1 });
    expect(store.recent.map((r) => r.question)).toEqual(['one', 'two']);
    expect(store.recent[0]).toMatchObject({ at: 1000, contextTokens: 200, fullTokens: 10_000, model: 'llama-3.1-8b', hardware: 'h100' });
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
    delete r.saving;
    await store.record(r);
    expect(store.totals.whFull).toBe(0);
    expect(store.recent[0]!.whFull).toBeNull();
  });

  it('migrates stored data, dropping malformed entries and rebuilding totals the history contradicts', () => {
    const d = migrateSavings({
      totals: { questions: 0 },
      recent: [{ at: 1, question: 'ok', contextTokens: 10, fullTokens: 100, whBounded: 0.1, whFull: 1 }, { at: 'bad' }, null],
    });
    expect(d.recent).toHaveLength(1);
    expect(d.totals).toEqual({ questions: 1, contextTokens: 10, fullTokens: 100, whBounded: 0.1, whFull: 1 });
    expect(migrateSavings('garbage')).toEqual(emptySavings());
  });
});
