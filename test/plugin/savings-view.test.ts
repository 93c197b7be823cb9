// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceLeaf as ObsidianLeaf } from 'obsidian';
import { App } from '../__mocks__/obsidian';
import { SAVINGS_VIEW_TYPE, SavingsView } from '../../src/plugin/savings-view';
import { SavingsStore, emptySavings } from '../../src/plugin/savings-store';
import { defaultSettings } from '../../src/plugin/settings';
import { conversationCurve } from '../../src/plugin/conversation-curve';
import type { ConversationReport } from '../../src/engine/protocol';
import { askResult } from './helpers/fixtures';
import { fakeClient, fixedHandle } from './helpers/fake-engine';
import { waitFor } from './helpers/wait';

// Shaped like the cost model's ConversationReport (`overlay savings --json`).
/** A partial report as another process might send it (the reader checks every field it uses). */
const report = (v: unknown): ConversationReport => v as ConversationReport;

const CURVE = report({
  model: 'dense-1t',
  hardware: 'h100',
  assumptions: { ratePerMinute: 200, replyTokens: 200 },
  turns: [
    {
      minute: 505,
      fullResendWh: 2.1,
      prefixCachedWh: 0.3,
      boundedWh: 0.012,
      contextTokens: 201_800,
      boundedContextTokens: 3200,
      exceedsWindow: true,
    },
    {
      minute: 5,
      fullResendWh: 0.011,
      prefixCachedWh: 0.01,
      boundedWh: 0.01,
      contextTokens: 1800,
      boundedContextTokens: 1800,
      exceedsWindow: false,
    },
    {
      minute: 55,
      fullResendWh: 0.12,
      prefixCachedWh: 0.05,
      boundedWh: 0.012,
      contextTokens: 21_800,
      boundedContextTokens: 3200,
      exceedsWindow: false,
    },
  ],
  brainWhPerMinute: 0.333,
});

let app: App;
let store: SavingsStore;
let sent: { method: string; params: unknown }[];

async function openView(savings: unknown = CURVE): Promise<SavingsView> {
  const { client, transport } = fakeClient((method) => {
    if (method === 'savings') return savings;
    if (method === 'related')
      return [
        { note: 'Overlay/Memory.md', score: 0.7 },
        { note: 'Overlay/Budget.md', score: 0.3 },
      ];
    return null;
  });
  sent = transport.sent;
  const settings = defaultSettings();
  app.viewRegistry.set(
    SAVINGS_VIEW_TYPE,
    (leaf) =>
      new SavingsView(leaf as unknown as ObsidianLeaf, {
        engine: fixedHandle(client),
        store,
        settings: () => settings,
      }) as never,
  );
  const leaf = app.workspace.getRightLeaf(false);
  await leaf.setViewState({ type: SAVINGS_VIEW_TYPE });
  return leaf.view as SavingsView;
}

beforeEach(() => {
  app = new App('/vault');
  app.vault.addFiles(['Energy/Prefill.md', 'Overlay/Memory.md', 'Overlay/Budget.md']);
  store = new SavingsStore(emptySavings(), async () => {});
});

const stat = (v: SavingsView, key: string) =>
  v.contentEl.querySelector(`[data-stat="${key}"] .overlay-memory-stat-value`)!.textContent;

describe('SavingsView', () => {
  it('says from which minute the bounded context beats the prefix-cached history', async () => {
    const view = await openView({
      ...CURVE,
      assumptions: { ...CURVE.assumptions, kvRetention: 'offload' },
      crossover: { vsFull: { perTurn: 9, total: 9 }, vsCached: { perTurn: 174, total: null } },
    });
    await waitFor(() => view.contentEl.querySelector('[data-stat="vs-cached"]') !== null);
    expect(view.contentEl.querySelector('[data-stat="vs-cached"]')!.textContent).toBe(
      'Against the prefix-cached history (offloaded between turns) the bounded context wins per turn from minute 174, ' +
        'not yet in total by minute 505.',
    );
    const plain = await openView(CURVE);
    await waitFor(() => plain.contentEl.querySelector('.overlay-memory-curve-summary') !== null);
    expect(plain.contentEl.querySelector('[data-stat="vs-cached"]')).toBeNull();
  });

  it('says loudly when the totals and the curve were priced with different energy models', async () => {
    await store.record(askResult('priced with the 8B', { context: 250, full: 20_000 }));
    const view = await openView(CURVE);
    await waitFor(() => view.contentEl.querySelector('.overlay-memory-curve-summary') !== null);
    expect(view.contentEl.querySelector('.overlay-memory-warning')!.textContent).toBe(
      'Different energy models: the totals above use Llama-3.1-8B on NVIDIA H100 SXM 80GB, this curve Dense 1T ' +
        '(hypothetical) on NVIDIA H100 SXM 80GB (the setting changed since the last question).',
    );
    const same = await openView({ ...CURVE, model: 'llama-3.1-8b' });
    await waitFor(() => same.contentEl.querySelector('.overlay-memory-curve-summary') !== null);
    expect(same.contentEl.querySelector('.overlay-memory-warning')).toBeNull();
  });

  it('starts empty and updates totals, chart and list after each answered question', async () => {
    const view = await openView();
    expect(stat(view, 'questions')).toBe('0');
    expect(view.contentEl.textContent).toContain('No questions yet.');
    await store.record(askResult('first question', { context: 250, full: 20_000 }));
    await store.record(askResult('second question', { context: 750, full: 20_000 }));
    expect(stat(view, 'questions')).toBe('2');
    expect(stat(view, 'tokens')).toBe('39,000');
    expect(stat(view, 'wh')).toBe('0.99 Wh');
    expect(view.contentEl.textContent).toContain('Energy estimate for Llama-3.1-8B on NVIDIA H100 SXM 80GB.');
    const svg = view.contentEl.querySelectorAll('svg.overlay-memory-chart')[0]!;
    expect(svg.querySelectorAll('rect.overlay-memory-chart-context')).toHaveLength(2);
    expect(svg.querySelectorAll('rect.overlay-memory-chart-full')).toHaveLength(2);
    const items = [...view.contentEl.querySelectorAll('.overlay-memory-recent-question')].map((e) => e.textContent);
    expect(items).toEqual(['second question', 'first question']);
    expect(view.contentEl.querySelector('.overlay-memory-recent-meta')!.textContent).toBe(
      '750 of 20,000 tokens · 96.3% saved · 0.49 Wh saved',
    );
  });

  it('totals the history tokens not re-sent over conversation turns and shows them per question', async () => {
    const view = await openView();
    const history = () => view.contentEl.querySelector('[data-stat="history"]');
    await store.record(askResult('alone'));
    expect(history()).toBeNull();
    const inTurn = (q: string, turn: number, historyTokens: number, fullHistoryTokens: number) => ({
      ...askResult(q),
      conversation: { id: 'obsidian-1-abcdef', turn, recalledTurns: [], historyTokens, fullHistoryTokens },
    });
    await store.record(inTurn('first', 1, 0, 0));
    expect(history()).toBeNull();
    await store.record(inTurn('second', 2, 90, 140));
    await store.record(inTurn('third', 3, 160, 2_310));
    expect(history()!.textContent).toBe(
      '2,200 history tokens not re-sent: follow-up questions recalled earlier turns instead.',
    );
    const metas = [...view.contentEl.querySelectorAll('.overlay-memory-recent-meta')].map((e) => e.textContent);
    expect(metas[0]).toBe(
      '240 of 24,000 tokens · 99% saved · 0.49 Wh saved · turn 3: 2,150 history tokens not re-sent',
    );
    expect(metas[2]).toBe('240 of 24,000 tokens · 99% saved · 0.49 Wh saved');
  });

  it('draws context bars below the whole-vault bars (log scale)', async () => {
    const view = await openView();
    await store.record(askResult('q', { context: 300, full: 30_000 }));
    const y = (sel: string) => Number(view.contentEl.querySelector(sel)!.getAttribute('y'));
    expect(y('rect.overlay-memory-chart-context')).toBeGreaterThan(y('rect.overlay-memory-chart-full'));
  });

  it('asks the engine for the conversation curve at the chosen minutes and draws both lines', async () => {
    const view = await openView();
    expect(sent.find((m) => m.method === 'savings')!.params).toEqual({
      model: 'llama-3.1-70b',
      hardware: 'h100',
      minutes: [5, 55, 205, 305, 505],
      budget: 3000,
    });
    const lines = view.contentEl.querySelectorAll('polyline');
    expect([...lines].map((l) => l.getAttribute('class'))).toEqual([
      'overlay-memory-chart-line-full',
      'overlay-memory-chart-line-cached',
      'overlay-memory-chart-line-bounded',
    ]);
    expect(lines[0]!.getAttribute('points')!.split(' ')).toHaveLength(3);
    const text = view.contentEl.textContent!;
    expect(text).toContain('Minute 505: 2.1 Wh per turn with the full history, 0.012 Wh bounded.');
    expect(text).toContain(
      'Per-turn energy at 200 tokens per minute, Dense 1T (hypothetical) on NVIDIA H100 SXM 80GB.',
    );
    expect(text).toContain("From minute 505 the full history no longer fits the model's context window.");
    expect(text).toContain('a human brain (about 20 W) uses 0.33 Wh per minute');
    expect(text).toContain('Full history, prefix cached');
  });

  it('says so when the engine gives no usable curve', async () => {
    const view = await openView({ something: 'else' });
    expect(view.contentEl.textContent).toContain('did not return a conversation estimate');
  });

  it('lists the notes related to the active note and follows file-open', async () => {
    app.workspace.activeFile = app.vault.getAbstractFileByPath('Energy/Prefill.md');
    const view = await openView();
    await waitFor(() => view.related.shownFor === 'Energy/Prefill.md');
    expect(view.contentEl.textContent).toContain('Related to Prefill');
    expect([...view.contentEl.querySelectorAll('.overlay-memory-related-title')].map((e) => e.textContent)).toEqual([
      'Memory',
      'Budget',
    ]);
    app.workspace.activeFile = app.vault.getAbstractFileByPath('Overlay/Budget.md');
    app.workspace.trigger('file-open', app.workspace.activeFile);
    await waitFor(() => view.related.shownFor === 'Overlay/Budget.md');
    expect([...view.contentEl.querySelectorAll('.overlay-memory-related-title')].map((e) => e.textContent)).toEqual([
      'Memory',
    ]);
  });
});

describe('conversationCurve', () => {
  it('reads turns of the cost model report and sorts them by minute', () => {
    const c = conversationCurve(CURVE)!;
    expect(c.points.map((p) => p.minute)).toEqual([5, 55, 505]);
    expect(c.points[2]).toMatchObject({
      fullWh: 2.1,
      cachedWh: 0.3,
      boundedWh: 0.012,
      fullTokens: 201_800,
      boundedTokens: 3200,
      exceedsWindow: true,
    });
    expect(c.tokensPerMinute).toBe(200);
  });
  it('skips unusable turns and leaves out a missing cached line', () => {
    const c = conversationCurve(report({ turns: [{ minute: 9, fullResendWh: 2, boundedWh: 1 }, { minute: 'x' }] }))!;
    expect(c.points).toHaveLength(1);
    expect(c.points[0]!.cachedWh).toBeUndefined();
  });
  it('rejects data without usable turns', () => {
    expect(conversationCurve(null)).toBeNull();
    expect(conversationCurve(report({ something: 'else' }))).toBeNull();
    expect(conversationCurve(report({ turns: [{ minute: 'x' }] }))).toBeNull();
  });
});
