// Browser entry of `npm run screenshots`: renders the plugin's real views (ask modal, hover popover section,
// savings sidebar) with the obsidian mock's DOM helpers, fed with answers recorded from the real engine on
// the example vault. esbuild aliases `obsidian` to test/__mocks__/obsidian.ts for this bundle.
import type { App as ObsidianApp, WorkspaceLeaf as ObsidianLeaf } from 'obsidian';
import { App, HoverPopover, type WorkspaceLeaf } from '../test/__mocks__/obsidian';
import type { AskResult, RelatedNote } from '../src/engine/protocol';
import { AskModal } from '../src/plugin/ask-modal';
import { EngineClient, type EngineTransport } from '../src/plugin/engine-client';
import type { EngineHandle } from '../src/plugin/engine-handle';
import { HoverRelated, type HoverLinkEvent } from '../src/plugin/hover-related';
import { SAVINGS_VIEW_TYPE, SavingsView } from '../src/plugin/savings-view';
import { SavingsStore, emptySavings } from '../src/plugin/savings-store';
import { defaultSettings } from '../src/plugin/settings';

/** What screenshots.mjs recorded from the engine. */
export interface SceneData {
  question: string;
  ask: AskResult;
  /** The question before `ask` in the same conversation (the modal shows `ask` as its follow-up). */
  first: AskResult;
  /** Earlier questions of the conversation for the sidebar history, oldest first (the last one is `first`). */
  history: AskResult[];
  related: Record<string, RelatedNote[]>;
  savings: unknown;
  hover: { linktext: string; source: string; preview: { title: string; paragraphs: string[] } };
  activeNote: string;
  notes: string[];
}

/** Replays recorded engine answers over the real EngineClient. */
class ReplayTransport implements EngineTransport {
  private lines: ((line: string) => void)[] = [];
  constructor(private readonly data: SceneData) {}
  send(line: string): void {
    const m = JSON.parse(line) as { id: number; method: string; params: Record<string, unknown> };
    const reply = (result: unknown) => setTimeout(() => this.emit({ jsonrpc: '2.0', id: m.id, result }), 0);
    if (m.method === 'ask') reply(m.params.question === this.data.first.question ? this.data.first : this.data.ask);
    else if (m.method === 'related') reply(this.data.related[String(m.params.note)] ?? []);
    else if (m.method === 'savings') reply(this.data.savings);
    else reply(null);
  }
  private emit(msg: unknown): void {
    for (const fn of this.lines) fn(JSON.stringify(msg));
  }
  onLine(listener: (line: string) => void): void {
    this.lines.push(listener);
  }
  onClose(): void {}
  close(): void {}
}

function handle(client: EngineClient): EngineHandle {
  return { current: () => client, ready: async () => client, onClient: () => () => {} };
}

async function renderModal(root: HTMLElement, app: App, engine: EngineHandle, data: SceneData): Promise<void> {
  const store = new SavingsStore(emptySavings(), async () => {});
  const modal = new AskModal(app as unknown as ObsidianApp, { engine, store, settings: defaultSettings }, data.question);
  modal.open();
  root.appendChild(modal.containerEl);
  await modal.ask(data.first.question);
  await modal.ask(data.question);
}

async function renderHover(root: HTMLElement, app: App, engine: EngineHandle, data: SceneData): Promise<void> {
  const pane = root.createDiv({ cls: 'workspace-leaf-content screenshot-editor' });
  const doc = pane.createDiv({ cls: 'markdown-preview-view' });
  doc.createEl('h1', { text: data.hover.source.replace(/\.md$/, '').split('/').pop() });
  const p = doc.createEl('p', { text: 'Prefill reads the whole prompt at once; decoding then adds one token at a time and keeps each token in the ' });
  const link = p.createEl('a', { cls: 'internal-link', text: data.hover.linktext, attr: { 'data-href': data.hover.linktext } });
  p.appendText(', which is why long prompts cost memory as well as compute.');
  // Stand-in for Page preview: its popover with the note's preview, placed under the link.
  const parent = { hoverPopover: null as HoverPopover | null };
  const pop = new HoverPopover(parent, link);
  pop.hoverEl.addClass('screenshot-popover');
  root.appendChild(pop.hoverEl);
  const embed = pop.hoverEl.createDiv({ cls: 'markdown-embed' });
  const content = embed.createDiv({ cls: 'markdown-embed-content markdown-preview-view' });
  content.createEl('h1', { text: data.hover.preview.title });
  for (const para of data.hover.preview.paragraphs) content.createEl('p', { text: para });
  const hover = new HoverRelated(app as unknown as ObsidianApp, engine, defaultSettings, { waitMs: 200, pollMs: 10 });
  const event: HoverLinkEvent = {
    event: new MouseEvent('mouseover', { ctrlKey: true }),
    source: 'preview',
    hoverParent: parent as never,
    targetEl: link,
    linktext: data.hover.linktext,
    sourcePath: data.hover.source,
  };
  await hover.onHoverLink(event);
  await new Promise((r) => setTimeout(r, 50));
  const box = root.getBoundingClientRect();
  const at = link.getBoundingClientRect();
  pop.hoverEl.setCssStyles({ top: `${at.bottom - box.top + 6}px`, left: `${Math.max(16, at.left - box.left - 60)}px` });
}

async function renderSidebar(root: HTMLElement, app: App, engine: EngineHandle, data: SceneData): Promise<void> {
  const store = new SavingsStore(emptySavings(), async () => {});
  let at = Date.UTC(2025, 0, 6, 9, 0);
  for (const r of [...data.history, data.ask]) await store.record(r, (at += 7 * 60_000));
  app.workspace.activeFile = app.vault.getAbstractFileByPath(data.activeNote);
  app.viewRegistry.set(SAVINGS_VIEW_TYPE, (leaf) => new SavingsView(leaf as unknown as ObsidianLeaf, { engine, store, settings: defaultSettings }) as never);
  const leaf: WorkspaceLeaf = app.workspace.getRightLeaf(false);
  const header = root.createDiv({ cls: 'screenshot-sidebar-header' });
  header.createDiv({ cls: 'screenshot-tab is-active', text: 'Overlay Memory' });
  root.appendChild(leaf.containerEl);
  await leaf.setViewState({ type: SAVINGS_VIEW_TYPE });
  const view = leaf.view as SavingsView;
  await view.related.refresh();
}

/** Renders the three scenes; resolves when all are drawn. */
async function renderScenes(data: SceneData): Promise<void> {
  const app = new App('/vault');
  app.vault.addFiles(data.notes);
  const engine = handle(new EngineClient(new ReplayTransport(data)));
  await renderModal(document.getElementById('scene-modal')!, app, engine, data);
  await renderHover(document.getElementById('scene-hover')!, app, engine, data);
  await renderSidebar(document.getElementById('scene-sidebar')!, app, engine, data);
}

(window as unknown as { renderScenes: typeof renderScenes }).renderScenes = renderScenes;
