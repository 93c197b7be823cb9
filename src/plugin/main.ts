// Plugin lifecycle only: load data.json, wire the parts together, register commands, views, settings
// and the hover source. Nothing heavy runs here: the engine runs in a Web Worker started once the layout is ready,
// and keeps its index in this device's IndexedDB (nothing is written into the vault but data.json).
import { Notice, Plugin } from 'obsidian';
import { AskModal } from './ask-modal';
import { AskThread } from './ask-thread';
import { DataFile } from './data-file';
import { EngineSession } from './engine-session';
import { HOVER_SOURCE, HoverRelated } from './hover-related';
import { SAVINGS_VIEW_TYPE, SavingsView } from './savings-view';
import { SavingsStore } from './savings-store';
import type { OverlaySettings } from './settings';
import { OverlaySettingTab } from './settings-tab';
import { WorkerLauncher } from './worker-launcher';
import { databaseName } from '../engine/worker/worker-protocol';

/** Deletes an IndexedDB database (resolves once it is gone, or at once where IndexedDB is missing). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return resolve();
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error ?? new Error(`could not delete ${name}`));
  });
}

/** A stable id of this vault on this device (Obsidian's app id; the vault name where there is none). */
export function vaultKey(app: { appId?: unknown; vault: { getName(): string } }): string {
  return typeof app.appId === 'string' && app.appId !== '' ? app.appId : `name:${app.vault.getName()}`;
}

/** The Overlay Memory plugin. */
export default class OverlayMemoryPlugin extends Plugin {
  dataFile!: DataFile;
  store!: SavingsStore;
  session!: EngineSession;
  /** Deletes this device's index (IndexedDB) and builds it again. */
  clearIndex: () => Promise<void> = async () => undefined;
  /** The Ask modal's conversation, shared by every modal so reopening "Ask vault" soon after continues it. */
  readonly thread = new AskThread();

  /** Current settings (the object the settings tab edits). */
  currentSettings(): OverlaySettings {
    return this.dataFile.data.settings;
  }

  override async onload(): Promise<void> {
    this.dataFile = await DataFile.load(this);
    this.store = new SavingsStore(this.dataFile.data.savings, () => this.dataFile.save());
    const key = vaultKey(this.app);
    const launcher = new WorkerLauncher({
      app: this.app,
      vaultKey: key,
      // Only the built-in embedder is part of this build (transformers.js models: see the settings tab).
      embedder: () => 'local',
    });
    const settings = () => this.currentSettings();
    // Whether this device has built its index before (the index is per device, so the flag is too).
    const flag = `overlay-memory:indexed:${key}`;
    const hasIndex = () => window.localStorage.getItem(flag) === '1';
    this.clearIndex = async () => {
      await launcher.stop();
      await deleteDatabase(databaseName(key));
      window.localStorage.removeItem(flag);
      new Notice("Overlay Memory: this device's index was cleared; it is built again now.");
      await this.session.restart();
    };
    this.session = this.addChild(
      new EngineSession(this.app, launcher, settings, this.addStatusBarItem(), hasIndex, () =>
        window.localStorage.setItem(flag, '1'),
      ),
    );
    const deps = { engine: this.session, store: this.store, settings };

    this.registerView(SAVINGS_VIEW_TYPE, (leaf) => new SavingsView(leaf, deps));
    this.addCommand({
      id: 'ask-vault',
      name: 'Ask vault',
      callback: () => new AskModal(this.app, { ...deps, thread: this.thread }).open(),
    });
    this.addCommand({
      id: 'open-savings-sidebar',
      name: 'Open savings sidebar',
      callback: () => void this.openSidebar(),
    });
    this.addCommand({ id: 'reindex-vault', name: 'Re-index vault', callback: () => void this.reindex() });
    this.addCommand({ id: 'restart-engine', name: 'Restart engine', callback: () => void this.session.restart() });
    this.addCommand({
      id: 'clear-device-index',
      name: "Clear this device's index",
      callback: () => void this.clearIndex(),
    });
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
