// Plugin lifecycle only: load data.json, wire the parts together, register commands, views, settings
// and the hover source. Nothing heavy runs here; the engine process starts once the layout is ready.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemAdapter, Notice, Plugin, normalizePath } from 'obsidian';
import { AskModal } from './ask-modal';
import { AskThread } from './ask-thread';
import { DataFile } from './data-file';
import { EngineLauncher, defaultCandidates } from './engine-launcher';
import { EngineSession } from './engine-session';
import { HOVER_SOURCE, HoverRelated } from './hover-related';
import { SAVINGS_VIEW_TYPE, SavingsView } from './savings-view';
import { SavingsStore } from './savings-store';
import { embedderSpec, type OverlaySettings } from './settings';
import { OverlaySettingTab } from './settings-tab';

/** Where the plugin's files are on disk. */
export interface PluginPaths {
  vaultPath: string;
  /** Plugin folder: main.js, manifest.json, overlay.mjs, node_modules, data.json. */
  pluginDir: string;
  enginePath: string;
  /**
   * The engine's data dir, `<pluginDir>/index`: the engine commits its index with its own manifest.json,
   * which in the plugin folder itself would overwrite the plugin's manifest.json.
   */
  dataDir: string;
}

/** The Overlay Memory plugin. */
export default class OverlayMemoryPlugin extends Plugin {
  dataFile!: DataFile;
  store!: SavingsStore;
  session!: EngineSession;
  paths!: PluginPaths;
  /** The Ask modal's conversation, shared by every modal so reopening "Ask vault" soon after continues it. */
  readonly thread = new AskThread();

  /** Current settings (the object the settings tab edits). */
  currentSettings(): OverlaySettings {
    return this.dataFile.data.settings;
  }

  override async onload(): Promise<void> {
    this.dataFile = await DataFile.load(this);
    this.store = new SavingsStore(this.dataFile.data.savings, () => this.dataFile.save());
    const adapter = this.app.vault.adapter;
    if (!(adapter instanceof FileSystemAdapter)) {
      new Notice('Overlay Memory needs the desktop app: its engine runs as a separate process.');
      return;
    }
    const vaultPath = adapter.getBasePath();
    const pluginDir = join(vaultPath, normalizePath(this.manifest.dir ?? `${this.app.vault.configDir}/plugins/${this.manifest.id}`));
    this.paths = { vaultPath, pluginDir, enginePath: join(pluginDir, 'overlay.mjs'), dataDir: join(pluginDir, 'index') };

    const launcher = new EngineLauncher({
      enginePath: this.paths.enginePath,
      vaultPath,
      dataDir: this.paths.dataDir,
      candidates: () => defaultCandidates(this.currentSettings().nodePath),
      extraArgs: () => ['--embedder', embedderSpec(this.currentSettings().embedder)],
    });
    const settings = () => this.currentSettings();
    // The engine commits every save with manifest.json in its data dir: without it, the next index is the first.
    const hasIndex = () => existsSync(join(this.paths.dataDir, 'manifest.json'));
    this.session = this.addChild(new EngineSession(this.app, launcher, settings, this.addStatusBarItem(), hasIndex));
    const deps = { engine: this.session, store: this.store, settings };

    this.registerView(SAVINGS_VIEW_TYPE, (leaf) => new SavingsView(leaf, deps));
    this.addCommand({ id: 'ask-vault', name: 'Ask vault', callback: () => new AskModal(this.app, { ...deps, thread: this.thread }).open() });
    this.addCommand({ id: 'open-savings-sidebar', name: 'Open savings sidebar', callback: () => void this.openSidebar() });
    this.addCommand({ id: 'reindex-vault', name: 'Re-index vault', callback: () => void this.reindex() });
    this.addCommand({ id: 'restart-engine', name: 'Restart engine', callback: () => void this.session.restart() });
    this.addSettingTab(
      new OverlaySettingTab(this.app, this, {
        settings: this.currentSettings(),
        save: () => this.dataFile.save(),
        configure: () => this.session.configure(),
        engineState: () => this.session.state(),
        engineStatus: () => this.session.status(),
        reindex: (full) => this.reindex(full),
        restartEngine: () => this.session.restart(),
        changed: () => this.refreshViews(),
      }),
    );
    this.registerHoverLinkSource(HOVER_SOURCE, { display: 'Overlay Memory', defaultMod: true });
    this.addChild(new HoverRelated(this.app, this.session, settings));
    this.app.workspace.onLayoutReady(() => this.session.start());
  }

  /** Opens (or reveals) the savings sidebar in the right split. */
  async openSidebar(): Promise<void> {
    const { workspace } = this.app;
    let leaf = workspace.getLeavesOfType(SAVINGS_VIEW_TYPE)[0];
    if (!leaf) {
      leaf = workspace.getRightLeaf(false) ?? undefined;
      if (!leaf) return;
      await leaf.setViewState({ type: SAVINGS_VIEW_TYPE, active: true });
    }
    await workspace.revealLeaf(leaf);
  }

  /** Redraws open savings sidebars (after a settings change). */
  private refreshViews(): void {
    for (const leaf of this.app.workspace.getLeavesOfType(SAVINGS_VIEW_TYPE)) {
      const view = leaf.view;
      if (view instanceof SavingsView) {
        view.renderHistory();
        void view.refreshCurve();
        void view.related.refresh();
      }
    }
  }

  private async reindex(full = true): Promise<void> {
    try {
      await this.session.reindex(full);
    } catch (err: unknown) {
      new Notice(`Overlay Memory: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
