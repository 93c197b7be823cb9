// The savings sidebar: totals for this vault, a chart of context tokens per question against the whole
// vault, the last questions with their saving, the long-conversation curve from the engine's cost
// model, and the related notes of the active note.
import { ItemView, type WorkspaceLeaf } from 'obsidian';
import { conversationCurve } from './conversation-curve';
import type { EngineHandle } from './engine-handle';
import { formatWh } from '../core/cost/format-energy';
import { assumptionLabel, formatPercent, formatTokens, savedRatio } from './format';
import { RelatedSection } from './related-section';
import { renderCurveChart, renderLegend, renderTokensChart } from './savings-charts';
import { historySaved, type AskRecord, type SavingsStore } from './savings-store';
import type { OverlaySettings } from './settings';

/** View type id of the sidebar. */
export const SAVINGS_VIEW_TYPE = 'overlay-memory-savings';

/** Questions drawn in the chart and listed under "Recent questions". */
const CHART_QUESTIONS = 12;
const LIST_QUESTIONS = 8;

/** What the sidebar needs from the plugin. */
export interface SavingsViewDeps {
  engine: EngineHandle;
  store: SavingsStore;
  settings: () => OverlaySettings;
}

/** Sidebar view with totals, charts and related notes. */
export class SavingsView extends ItemView {
  private totalsEl!: HTMLElement;
  private chartEl!: HTMLElement;
  private recentEl!: HTMLElement;
  private curveEl!: HTMLElement;
  /** Related-notes section (tests read it). */
  related!: RelatedSection;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly deps: SavingsViewDeps,
  ) {
    super(leaf);
  }

  override getViewType(): string {
    return SAVINGS_VIEW_TYPE;
  }

  override getDisplayText(): string {
    return 'Overlay Memory';
  }

  override getIcon(): string {
    return 'gauge';
  }

  override async onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass('overlay-memory-view');
    this.totalsEl = section(root, 'This vault');
    this.chartEl = section(root, 'Context per question');
    this.recentEl = section(root, 'Recent questions');
    this.curveEl = section(root, 'Long conversation');
    const relatedEl = root.createDiv({ cls: 'overlay-memory-section' });
    this.related = this.addChild(new RelatedSection(this.app, relatedEl, this.deps.engine, this.deps.settings));
    this.renderHistory();
    this.register(this.deps.store.onChange(() => this.renderHistory()));
    this.register(this.deps.engine.onClient(() => void this.refreshCurve()));
    await this.refreshCurve();
  }

  override async onClose(): Promise<void> {
    this.contentEl.empty();
  }

  /** Redraws totals, chart and the question list from the store. */
  renderHistory(): void {
    const { store, settings } = this.deps;
    const t = store.totals;
    const recent = store.recent;
    const last = recent[recent.length - 1];
    this.totalsEl.empty();
    const grid = this.totalsEl.createDiv({ cls: 'overlay-memory-stats' });
    stat(grid, 'Questions asked', formatTokens(t.questions), 'questions');
    stat(grid, 'Tokens saved', formatTokens(t.fullTokens - t.contextTokens), 'tokens');
    stat(grid, 'Energy saved', formatWh(Math.max(0, t.whFull - t.whBounded)), 'wh');
    const s = settings();
    const note =
      t.questions === 0
        ? 'Ask a question (command "Ask vault") to start counting.'
        : `${formatPercent(savedRatio(t.contextTokens, t.fullTokens))} fewer prompt tokens than sending the whole vault.`;
    this.totalsEl.createDiv({ cls: 'overlay-memory-muted', text: note });
    if (t.historyTokensSaved > 0) {
      // Conversations add a second saving: earlier turns are recalled, not re-sent with every question.
      const history = this.totalsEl.createDiv({ cls: 'overlay-memory-muted', attr: { 'data-stat': 'history' } });
      history.createSpan({ cls: 'overlay-memory-saving-value', text: formatTokens(t.historyTokensSaved) });
      history.appendText(' history tokens not re-sent: follow-up questions recalled earlier turns instead.');
    }
    this.totalsEl.createDiv({
      cls: 'overlay-memory-assumption',
      text: `Energy estimate for ${assumptionLabel(last?.model ?? s.energyModel, last?.hardware ?? s.hardware)}.`,
    });

    this.chartEl.empty();
    const shown = recent.slice(-CHART_QUESTIONS);
    if (shown.length === 0) {
      this.chartEl.createDiv({ cls: 'overlay-memory-muted', text: 'No questions yet.' });
    } else {
      const first = recent.length - shown.length + 1;
      renderTokensChart(
        this.chartEl,
        shown.map((r, i) => ({
          label: `#${first + i}`,
          title: r.question,
          context: r.contextTokens,
          full: r.fullTokens,
        })),
      );
      renderLegend(this.chartEl, [
        { cls: 'overlay-memory-chart-full', label: 'Whole vault' },
        { cls: 'overlay-memory-chart-context', label: 'Bounded context' },
      ]);
    }

    this.recentEl.empty();
    const list = this.recentEl.createEl('ul', { cls: 'overlay-memory-recent' });
    for (const r of recent.slice(-LIST_QUESTIONS).reverse()) questionRow(list, r);
    if (recent.length === 0)
      this.recentEl.createDiv({ cls: 'overlay-memory-muted', text: 'Questions you ask appear here.' });
  }

  /** Asks the engine for the conversation curve at the chosen minutes and draws it. */
  async refreshCurve(): Promise<void> {
    const s = this.deps.settings();
    const client = this.deps.engine.current();
    this.curveEl.empty();
    if (!client) {
      this.curveEl.createDiv({ cls: 'overlay-memory-muted', text: 'Waiting for the engine…' });
      return;
    }
    try {
      const raw = await client.request('savings', {
        model: s.energyModel,
        hardware: s.hardware,
        minutes: s.conversationMinutes,
        budget: s.budget,
      });
      const curve = conversationCurve(raw);
      this.curveEl.empty();
      if (!curve) {
        this.curveEl.createDiv({
          cls: 'overlay-memory-muted',
          text: 'The engine did not return a conversation estimate.',
        });
        return;
      }
      renderCurveChart(this.curveEl, curve.points);
      const hasCached = curve.points.some((p) => p.cachedWh !== undefined);
      renderLegend(this.curveEl, [
        { cls: 'overlay-memory-chart-line-full', label: 'Full history every turn' },
        ...(hasCached ? [{ cls: 'overlay-memory-chart-line-cached', label: 'Full history, prefix cached' }] : []),
        { cls: 'overlay-memory-chart-line-bounded', label: 'Bounded context' },
      ]);
      const end = curve.points[curve.points.length - 1]!;
      const summary = this.curveEl.createDiv({ cls: 'overlay-memory-curve-summary' });
      summary.setText(
        `Minute ${end.minute}: ${formatWh(end.fullWh)} per turn with the full history, ${formatWh(end.boundedWh)} bounded.`,
      );
      const wins = curve.winsVsCached;
      if (wins && end.cachedWh !== undefined) {
        // The honest comparison: a kept prefix cache, priced with what keeping it between turns costs.
        const where = curve.kvRetention === 'hbm' ? 'held in GPU memory' : 'offloaded between turns';
        const text =
          wins.perTurn === null
            ? `Against the prefix-cached history (${where}) the bounded context does not win within ${end.minute} minutes.`
            : `Against the prefix-cached history (${where}) the bounded context wins per turn from minute ${wins.perTurn}` +
              (wins.total === null
                ? `, not yet in total by minute ${end.minute}.`
                : ` and in total from minute ${wins.total}.`);
        this.curveEl.createDiv({ cls: 'overlay-memory-curve-summary', attr: { 'data-stat': 'vs-cached' }, text });
      }
      const rate = curve.tokensPerMinute !== null ? ` at ${formatTokens(curve.tokensPerMinute)} tokens per minute` : '';
      this.curveEl.createDiv({
        cls: 'overlay-memory-assumption',
        text: `Per-turn energy${rate}, ${assumptionLabel(curve.model ?? s.energyModel, curve.hardware ?? s.hardware)}.`,
      });
      // One energy model per screen: say loudly when the totals above were priced with another one.
      const last = this.deps.store.recent[this.deps.store.recent.length - 1];
      const curveModel = curve.model ?? s.energyModel;
      const curveHardware = curve.hardware ?? s.hardware;
      if (last?.model && (last.model !== curveModel || (last.hardware ?? curveHardware) !== curveHardware)) {
        this.curveEl.createDiv({
          cls: 'overlay-memory-warning',
          text:
            `Different energy models: the totals above use ${assumptionLabel(last.model, last.hardware)}, this curve ` +
            `${assumptionLabel(curveModel, curveHardware)} (the setting changed since the last question).`,
        });
      }
      const beyond = curve.points.find((p) => p.exceedsWindow);
      if (beyond)
        this.curveEl.createDiv({
          cls: 'overlay-memory-assumption',
          text: `From minute ${beyond.minute} the full history no longer fits the model's context window.`,
        });
      if (curve.brainWhPerMinute !== null) {
        this.curveEl.createDiv({
          cls: 'overlay-memory-assumption',
          text: `For scale: a human brain (about 20 W) uses ${formatWh(curve.brainWhPerMinute)} per minute.`,
        });
      }
    } catch (err: unknown) {
      this.curveEl.empty();
      this.curveEl.createDiv({ cls: 'overlay-memory-error', text: err instanceof Error ? err.message : String(err) });
    }
  }
}

function section(root: HTMLElement, title: string): HTMLElement {
  const el = root.createDiv({ cls: 'overlay-memory-section' });
  el.createDiv({ cls: 'overlay-memory-section-title', text: title });
  return el.createDiv({ cls: 'overlay-memory-section-body' });
}

function stat(grid: HTMLElement, label: string, value: string, key: string): void {
  const el = grid.createDiv({ cls: 'overlay-memory-stat', attr: { 'data-stat': key } });
  el.createDiv({ cls: 'overlay-memory-stat-value', text: value });
  el.createDiv({ cls: 'overlay-memory-stat-label', text: label });
}

function questionRow(list: HTMLElement, r: AskRecord): void {
  const li = list.createEl('li', { cls: 'overlay-memory-recent-item' });
  li.createDiv({ cls: 'overlay-memory-recent-question', text: r.question, title: new Date(r.at).toLocaleString() });
  const parts = [
    `${formatTokens(r.contextTokens)} of ${formatTokens(r.fullTokens)} tokens`,
    `${formatPercent(savedRatio(r.contextTokens, r.fullTokens))} saved`,
  ];
  if (r.whFull !== null && r.whBounded !== null) parts.push(`${formatWh(Math.max(0, r.whFull - r.whBounded))} saved`);
  if (r.turn !== null && r.turn >= 2)
    parts.push(`turn ${r.turn}: ${formatTokens(historySaved(r))} history tokens not re-sent`);
  li.createDiv({ cls: 'overlay-memory-recent-meta', text: parts.join(' · ') });
}
