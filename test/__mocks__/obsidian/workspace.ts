// Workspace, leaves, views, App and Plugin of the obsidian mock.

/* eslint-disable @typescript-eslint/no-explicit-any */
import './dom';
import { setIcon } from './dom';
import { Component, Events } from './events';
import type { PluginSettingTab } from './settings-ui';
import type { HoverPopover } from './ui';
import { FileSystemAdapter, MetadataCache, Vault, type TFile } from './vault';

/** Serialised view state passed to setViewState. */
export interface ViewState {
  type: string;
  active?: boolean;
  state?: Record<string, unknown>;
}

/** A pane holding one view. */
export class WorkspaceLeaf extends Events {
  view: any = null;
  hoverPopover: HoverPopover | null = null;
  containerEl: HTMLElement = createDiv({ cls: 'workspace-leaf' });
  constructor(public app: App) {
    super();
  }
  async setViewState(state: ViewState): Promise<void> {
    if (this.view) await this.closeView();
    const creator = this.app.viewRegistry.get(state.type);
    if (!creator) throw new Error(`obsidian mock: no view registered for type ${state.type}`);
    this.view = creator(this);
    this.containerEl.appendChild(this.view.containerEl);
    this.view.load();
    await this.view.onOpen();
  }
  getViewState(): ViewState {
    return { type: this.view ? this.view.getViewType() : 'empty' };
  }
  private async closeView(): Promise<void> {
    const v = this.view;
    this.view = null;
    await v.onClose();
    v.unload();
    v.containerEl.remove();
  }
  async detach(): Promise<void> {
    if (this.view) await this.closeView();
    this.app.workspace.leaves = this.app.workspace.leaves.filter((l) => l !== this);
    this.containerEl.remove();
  }
}

/** Base of every view. */
export class View extends Component {
  app: App;
  containerEl: HTMLElement;
  navigation = false;
  icon = '';
  constructor(public leaf: WorkspaceLeaf) {
    super();
    this.app = leaf.app;
    this.containerEl = createDiv({ cls: 'workspace-leaf-content' });
  }
  getViewType(): string {
    return '';
  }
  getDisplayText(): string {
    return '';
  }
  getIcon(): string {
    return this.icon;
  }
  async onOpen(): Promise<void> {}
  async onClose(): Promise<void> {}
}

/** A view with a header and a content element, like Obsidian's ItemView. */
export class ItemView extends View {
  contentEl: HTMLElement;
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.containerEl.createDiv({ cls: 'view-header' });
    this.contentEl = this.containerEl.createDiv({ cls: 'view-content' });
  }
}

/** The workspace: leaves, layout readiness, link opening (recorded) and workspace events. */
export class Workspace extends Events {
  layoutReady = false;
  leaves: WorkspaceLeaf[] = [];
  hoverLinkSources: Record<string, { display: string; defaultMod: boolean }> = {};
  activeFile: TFile | null = null;
  /** Every openLinkText call, for assertions. */
  opened: { linktext: string; sourcePath: string; newLeaf: unknown }[] = [];
  containerEl: HTMLElement = createDiv({ cls: 'workspace' });
  private readyCallbacks: (() => unknown)[] = [];
  constructor(private app: App) {
    super();
  }
  onLayoutReady(cb: () => unknown): void {
    if (this.layoutReady) cb();
    else this.readyCallbacks.push(cb);
  }
  /** Test helper: marks the layout ready and runs the queued callbacks. */
  setLayoutReady(): void {
    this.layoutReady = true;
    for (const cb of this.readyCallbacks.splice(0)) cb();
  }
  getLeavesOfType(type: string): WorkspaceLeaf[] {
    return this.leaves.filter((l) => l.view?.getViewType() === type);
  }
  private newLeaf(): WorkspaceLeaf {
    const leaf = new WorkspaceLeaf(this.app);
    this.leaves.push(leaf);
    this.containerEl.appendChild(leaf.containerEl);
    return leaf;
  }
  getRightLeaf(_split: boolean): WorkspaceLeaf {
    return this.newLeaf();
  }
  getLeftLeaf(_split: boolean): WorkspaceLeaf {
    return this.newLeaf();
  }
  getLeaf(_newLeaf?: unknown): WorkspaceLeaf {
    return this.newLeaf();
  }
  async revealLeaf(_leaf: WorkspaceLeaf): Promise<void> {}
  detachLeavesOfType(type: string): void {
    for (const l of this.getLeavesOfType(type)) void l.detach();
  }
  async openLinkText(linktext: string, sourcePath: string, newLeaf?: unknown): Promise<void> {
    this.opened.push({ linktext, sourcePath, newLeaf });
  }
  getActiveFile(): TFile | null {
    return this.activeFile;
  }
}

/** Where plugins register things; kept on the App so a reloaded plugin sees its saved data. */
export class App {
  vault: Vault;
  workspace: Workspace;
  metadataCache: MetadataCache;
  viewRegistry = new Map<string, (leaf: WorkspaceLeaf) => View>();
  commands = new Map<string, Command>();
  settingTabs: PluginSettingTab[] = [];
  statusBarEl: HTMLElement = createDiv({ cls: 'status-bar' });
  ribbonEl: HTMLElement = createDiv({ cls: 'side-dock-ribbon' });
  /** Plugin data.json contents by plugin id (what saveData wrote). */
  pluginData = new Map<string, unknown>();
  /** Number of saveData calls by plugin id. */
  saveCount = new Map<string, number>();
  constructor(basePath = '/vault') {
    this.vault = new Vault(new FileSystemAdapter(basePath));
    this.workspace = new Workspace(this);
    this.metadataCache = new MetadataCache(this.vault);
  }
}

/** A command as given to addCommand. */
export interface Command {
  id: string;
  name: string;
  icon?: string;
  hotkeys?: unknown[];
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => boolean | void;
}

/** Plugin manifest fields the plugin reads. */
export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  dir?: string;
  [k: string]: unknown;
}

/** Base class of plugins. */
export class Plugin extends Component {
  constructor(
    public app: App,
    public manifest: PluginManifest,
  ) {
    super();
  }
  addCommand(cmd: Command): Command {
    const full = { ...cmd, id: `${this.manifest.id}:${cmd.id}` };
    this.app.commands.set(full.id, full);
    this.register(() => this.app.commands.delete(full.id));
    return full;
  }
  addRibbonIcon(icon: string, title: string, cb: (evt: MouseEvent) => unknown): HTMLElement {
    const el = this.app.ribbonEl.createDiv({ cls: 'side-dock-ribbon-action', attr: { 'aria-label': title } });
    setIcon(el, icon);
    el.addEventListener('click', (e) => cb(e as MouseEvent));
    this.register(() => el.remove());
    return el;
  }
  addStatusBarItem(): HTMLElement {
    const el = this.app.statusBarEl.createDiv({ cls: 'status-bar-item' });
    this.register(() => el.remove());
    return el;
  }
  addSettingTab(tab: PluginSettingTab): void {
    this.app.settingTabs.push(tab);
    this.register(() => (this.app.settingTabs = this.app.settingTabs.filter((t) => t !== tab)));
  }
  registerView(type: string, creator: (leaf: WorkspaceLeaf) => View): void {
    this.app.viewRegistry.set(type, creator);
    this.register(() => this.app.viewRegistry.delete(type));
  }
  registerHoverLinkSource(id: string, info: { display: string; defaultMod: boolean }): void {
    this.app.workspace.hoverLinkSources[id] = info;
    this.register(() => delete this.app.workspace.hoverLinkSources[id]);
  }
  async loadData(): Promise<any> {
    const d = this.app.pluginData.get(this.manifest.id);
    return d === undefined ? null : structuredClone(d);
  }
  async saveData(data: unknown): Promise<void> {
    this.app.pluginData.set(this.manifest.id, structuredClone(data));
    this.app.saveCount.set(this.manifest.id, (this.app.saveCount.get(this.manifest.id) ?? 0) + 1);
  }
}
