// @vitest-environment happy-dom
// The hand-written Obsidian mock: Workspace, leaves, views and Plugin.
// Why the mock is pinned by tests: obsidian-mock-setup.ts.
import { describe, expect, it } from 'vitest';
import { App, ItemView, Plugin, PluginSettingTab, type WorkspaceLeaf } from '../__mocks__/obsidian';
import { MANIFEST, resetMockAfterEach } from './obsidian-mock-setup';

resetMockAfterEach();

class TestView extends ItemView {
  events: string[] = [];
  override getViewType(): string {
    return 'test-view';
  }
  override async onOpen(): Promise<void> {
    this.events.push('open');
    this.contentEl.createEl('p', { text: 'content' });
  }
  override async onClose(): Promise<void> {
    this.events.push('close');
  }
  override onunload(): void {
    this.events.push('unload');
  }
}

describe('Workspace and leaves', () => {
  it('opens a registered view in a leaf, finds it by type, and detaching closes and unloads it', async () => {
    const app = new App();
    const views: TestView[] = [];
    app.viewRegistry.set('test-view', (leaf: WorkspaceLeaf) => {
      const v = new TestView(leaf);
      views.push(v);
      return v;
    });
    const leaf = app.workspace.getRightLeaf(false);
    expect(leaf.getViewState()).toEqual({ type: 'empty' });
    await leaf.setViewState({ type: 'test-view', active: true });
    const view = views[0]!;
    expect(leaf.view).toBe(view);
    expect(view.leaf).toBe(leaf);
    expect(view.app).toBe(app);
    expect(view._loaded).toBe(true);
    expect(view.events).toEqual(['open']);
    expect(leaf.getViewState()).toEqual({ type: 'test-view' });
    expect(app.workspace.getLeavesOfType('test-view')).toEqual([leaf]);
    expect(app.workspace.containerEl.contains(view.contentEl)).toBe(true);
    expect(view.contentEl.textContent).toBe('content');
    // Setting another state closes the old view first.
    await leaf.setViewState({ type: 'test-view' });
    expect(views[0]!.events).toEqual(['open', 'close', 'unload']);
    expect(views[0]!.containerEl.isConnected).toBe(false);
    await expect(leaf.setViewState({ type: 'unknown' })).rejects.toThrow(/no view registered for type unknown/);
    const other = app.workspace.getLeaf(true);
    await other.setViewState({ type: 'test-view' });
    expect(app.workspace.getLeavesOfType('test-view')).toHaveLength(1);
    app.workspace.detachLeavesOfType('test-view');
    await Promise.resolve();
    await Promise.resolve();
    expect(app.workspace.leaves).toEqual([leaf]);
    expect(views[2]!.events).toEqual(['open', 'close', 'unload']);
  });

  it('queues onLayoutReady until the layout is ready, records openLinkText, and reports the active file', async () => {
    const app = new App();
    const ready: string[] = [];
    app.workspace.onLayoutReady(() => ready.push('queued'));
    expect(ready).toEqual([]);
    app.workspace.setLayoutReady();
    app.workspace.onLayoutReady(() => ready.push('immediate'));
    expect(ready).toEqual(['queued', 'immediate']);
    await app.workspace.openLinkText('Note', 'From.md', 'tab');
    expect(app.workspace.opened).toEqual([{ linktext: 'Note', sourcePath: 'From.md', newLeaf: 'tab' }]);
    expect(app.workspace.getActiveFile()).toBeNull();
    const [f] = app.vault.addFiles(['a.md']);
    app.workspace.activeFile = f!;
    expect(app.workspace.getActiveFile()).toBe(f);
  });
});

describe('Plugin', () => {
  it('adds commands, ribbon icons, status bar items, setting tabs, views and hover sources, and removes them all on unload', async () => {
    const app = new App();
    const plugin = new Plugin(app, MANIFEST);
    plugin.load();
    let ran = 0;
    const cmd = plugin.addCommand({ id: 'ask', name: 'Ask', callback: () => ran++ });
    expect(cmd.id).toBe('mock-test:ask');
    app.commands.get('mock-test:ask')!.callback!();
    let clicked = 0;
    const ribbon = plugin.addRibbonIcon('brain', 'Ask vault', () => clicked++);
    ribbon.click();
    expect([ran, clicked]).toEqual([1, 1]);
    expect(ribbon.getAttribute('aria-label')).toBe('Ask vault');
    expect(ribbon.querySelector('[data-icon="brain"]')).not.toBeNull();
    const status = plugin.addStatusBarItem();
    expect(app.statusBarEl.contains(status)).toBe(true);
    const tab = new PluginSettingTab(app, plugin);
    plugin.addSettingTab(tab);
    plugin.registerView('test-view', (leaf) => new TestView(leaf));
    plugin.registerHoverLinkSource('mock-test', { display: 'Mock', defaultMod: true });
    expect(app.settingTabs).toEqual([tab]);
    expect(app.viewRegistry.has('test-view')).toBe(true);
    expect(app.workspace.hoverLinkSources['mock-test']).toEqual({ display: 'Mock', defaultMod: true });
    plugin.unload();
    expect(app.commands.size).toBe(0);
    expect(ribbon.isConnected || app.ribbonEl.contains(ribbon)).toBe(false);
    expect(app.statusBarEl.contains(status)).toBe(false);
    expect(app.settingTabs).toEqual([]);
    expect(app.viewRegistry.size).toBe(0);
    expect(app.workspace.hoverLinkSources).toEqual({});
  });

  it('keeps saved data on the App as a copy, so a reloaded plugin reads what the last one saved', async () => {
    const app = new App();
    const first = new Plugin(app, MANIFEST);
    expect(await first.loadData()).toBeNull();
    const data = { budget: 3000, nested: { a: [1] } };
    await first.saveData(data);
    data.nested.a.push(2);
    await first.saveData({ budget: 1200 });
    expect(app.saveCount.get('mock-test')).toBe(2);
    const second = new Plugin(app, MANIFEST);
    const loaded = await second.loadData();
    expect(loaded).toEqual({ budget: 1200 });
    loaded.budget = 1;
    expect(await second.loadData()).toEqual({ budget: 1200 });
  });
});
