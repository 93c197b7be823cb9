// A small hand-written stand-in for the `obsidian` module (which ships types only), aliased in
// vitest.config.ts. It implements just the API surface the plugin uses, on a real DOM (happy-dom in
// tests, Chromium in the screenshot page), and records what the plugin did (notices, opened links,
// saved data) so tests can assert on behaviour rather than on calls.

/* eslint-disable @typescript-eslint/no-explicit-any */

// ---------------------------------------------------------------- DOM helpers Obsidian adds

/** Options accepted by createEl/createDiv/createSpan (subset of Obsidian's DomElementInfo). */
export interface DomInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  parent?: Node;
  value?: string;
  type?: string;
  prepend?: boolean;
  placeholder?: string;
  href?: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function classesOf(cls: string | string[] | undefined): string[] {
  if (!cls) return [];
  return (Array.isArray(cls) ? cls : cls.split(' ')).filter((c) => c.length > 0);
}

function setAttrs(el: Element, attr: DomInfo['attr']): void {
  for (const [k, v] of Object.entries(attr ?? {})) {
    if (v === null || v === false) el.removeAttribute(k);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function applyInfo(el: Element, o: DomInfo | string | undefined, parent: Node | null): void {
  const info: DomInfo = typeof o === 'string' ? { cls: o } : (o ?? {});
  for (const c of classesOf(info.cls)) el.classList.add(c);
  if (info.text !== undefined) {
    if (typeof info.text === 'string') el.textContent = info.text;
    else el.appendChild(info.text);
  }
  setAttrs(el, info.attr);
  if (info.title !== undefined) el.setAttribute('title', info.title);
  const anyEl = el as any;
  if (info.type !== undefined) anyEl.type = info.type;
  if (info.value !== undefined) anyEl.value = info.value;
  if (info.placeholder !== undefined) anyEl.placeholder = info.placeholder;
  if (info.href !== undefined) anyEl.href = info.href;
  const target = info.parent ?? parent;
  if (target) {
    if (info.prepend) target.insertBefore(el, target.firstChild);
    else target.appendChild(el);
  }
}

function makeEl(doc: Document, tag: string, o: DomInfo | string | undefined, parent: Node | null, cb?: (el: any) => void): any {
  const el = doc.createElement(tag);
  applyInfo(el, o, parent);
  cb?.(el);
  return el;
}

function makeSvg(doc: Document, tag: string, o: DomInfo | string | undefined, parent: Node | null, cb?: (el: any) => void): any {
  const el = doc.createElementNS(SVG_NS, tag);
  applyInfo(el, o, parent);
  cb?.(el);
  return el;
}

/** Installs Obsidian's DOM prototype helpers onto the given window's classes (idempotent). */
export function installDomHelpers(win: any = globalThis): void {
  if (!win.Node || win.Node.prototype.__overlayMockHelpers) return;
  const nodeProto = win.Node.prototype;
  const elProto = win.Element.prototype;
  const htmlProto = win.HTMLElement.prototype;
  const docOf = (n: Node): Document => (n.nodeType === 9 ? (n as Document) : (n.ownerDocument ?? win.document));
  Object.defineProperty(nodeProto, '__overlayMockHelpers', { value: true });
  Object.assign(nodeProto, {
    createEl(this: Node, tag: string, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeEl(docOf(this), tag, o, this, cb);
    },
    createDiv(this: Node, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeEl(docOf(this), 'div', o, this, cb);
    },
    createSpan(this: Node, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeEl(docOf(this), 'span', o, this, cb);
    },
    createSvg(this: Node, tag: string, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeSvg(docOf(this), tag, o, this, cb);
    },
    empty(this: Node) {
      while (this.firstChild) this.removeChild(this.firstChild);
    },
    detach(this: Node) {
      this.parentNode?.removeChild(this);
    },
    appendText(this: Node, text: string) {
      this.appendChild(docOf(this).createTextNode(text));
    },
    instanceOf(this: Node, type: any) {
      return this instanceof type;
    },
  });
  Object.assign(elProto, {
    addClass(this: Element, ...c: string[]) {
      this.classList.add(...c);
    },
    removeClass(this: Element, ...c: string[]) {
      this.classList.remove(...c);
    },
    toggleClass(this: Element, c: string | string[], value: boolean) {
      for (const x of Array.isArray(c) ? c : [c]) this.classList.toggle(x, value);
    },
    hasClass(this: Element, c: string) {
      return this.classList.contains(c);
    },
    setText(this: Element, text: string | DocumentFragment) {
      this.textContent = '';
      if (typeof text === 'string') this.textContent = text;
      else this.appendChild(text);
    },
    getText(this: Element) {
      return this.textContent ?? '';
    },
    setAttr(this: Element, k: string, v: string | number | boolean | null) {
      setAttrs(this, { [k]: v });
    },
    setAttrs(this: Element, obj: Record<string, string | number | boolean | null>) {
      setAttrs(this, obj);
    },
    getAttr(this: Element, k: string) {
      return this.getAttribute(k);
    },
  });
  Object.assign(htmlProto, {
    show(this: HTMLElement) {
      this.style.display = '';
    },
    hide(this: HTMLElement) {
      this.style.display = 'none';
    },
    toggle(this: HTMLElement, show: boolean) {
      this.style.display = show ? '' : 'none';
    },
    isShown(this: HTMLElement) {
      return this.isConnected && this.style.display !== 'none';
    },
    setCssStyles(this: HTMLElement, styles: Record<string, string>) {
      Object.assign(this.style, styles);
    },
    setCssProps(this: HTMLElement, props: Record<string, string>) {
      for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
    },
  });
  if (win.SVGElement) {
    Object.assign(win.SVGElement.prototype, {
      setCssStyles(this: SVGElement, styles: Record<string, string>) {
        Object.assign(this.style, styles);
      },
      setCssProps(this: SVGElement, props: Record<string, string>) {
        for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
      },
    });
  }
  win.createEl = (tag: string, o?: DomInfo | string, cb?: (el: any) => void) => makeEl(win.document, tag, o, null, cb);
  win.createDiv = (o?: DomInfo | string, cb?: (el: any) => void) => makeEl(win.document, 'div', o, null, cb);
  win.createSpan = (o?: DomInfo | string, cb?: (el: any) => void) => makeEl(win.document, 'span', o, null, cb);
  win.createSvg = (tag: string, o?: DomInfo | string, cb?: (el: any) => void) => makeSvg(win.document, tag, o, null, cb);
  win.activeDocument = win.document;
  win.activeWindow = win;
}

installDomHelpers();

// ---------------------------------------------------------------- small utilities

/** Same rules as Obsidian's normalizePath: forward slashes, no doubled, leading or trailing slash. */
export function normalizePath(path: string): string {
  const p = path.replace(/[\\/]+/g, '/').replace(/\u00a0|\u202f/g, ' ').replace(/^\/+|\/+$/g, '');
  return p === '' ? '/' : p.normalize('NFC');
}

/** Draws a placeholder icon: an <svg> carrying the icon id, so tests can see which icon was set. */
export function setIcon(el: HTMLElement, icon: string): void {
  el.empty();
  el.createSvg('svg', { cls: ['svg-icon', `lucide-${icon}`], attr: { 'data-icon': icon } });
}

/** Obsidian's debounce: returns a callable with cancel() and run(). */
export function debounce<T extends unknown[]>(cb: (...args: T) => unknown, timeout = 0, resetTimer = false): any {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastArgs: T | null = null;
  const fire = () => {
    timer = null;
    if (lastArgs) {
      const a = lastArgs;
      lastArgs = null;
      cb(...a);
    }
  };
  const d: any = (...args: T) => {
    lastArgs = args;
    if (timer && resetTimer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!timer) timer = setTimeout(fire, timeout);
    return d;
  };
  d.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastArgs = null;
    return d;
  };
  d.run = () => {
    if (timer) clearTimeout(timer);
    fire();
  };
  return d;
}

/** Keyboard-modifier helpers; Mod is Ctrl here (Cmd on macOS in the real app). */
export class Keymap {
  static isModEvent(evt?: { ctrlKey?: boolean; metaKey?: boolean; button?: number } | null): boolean | string {
    if (!evt) return false;
    if (evt.ctrlKey || evt.metaKey) return 'tab';
    if (evt.button === 1) return 'tab';
    return false;
  }
  static isModifier(evt: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; shiftKey?: boolean }, mod: string): boolean {
    if (mod === 'Mod' || mod === 'Ctrl') return Boolean(evt.ctrlKey);
    if (mod === 'Meta') return Boolean(evt.metaKey);
    if (mod === 'Alt') return Boolean(evt.altKey);
    if (mod === 'Shift') return Boolean(evt.shiftKey);
    return false;
  }
}

/** Platform flags: the tests run as "desktop". */
export const Platform = { isDesktop: true, isDesktopApp: true, isMobile: false, isMobileApp: false, isMacOS: false };

// ---------------------------------------------------------------- events and components

/** Handle returned by Events.on. */
export interface EventRef {
  e: Events;
  name: string;
  fn: (...data: any[]) => unknown;
  ctx?: unknown;
}

/** Obsidian's event emitter. */
export class Events {
  private handlers = new Map<string, EventRef[]>();
  on(name: string, fn: (...data: any[]) => unknown, ctx?: unknown): EventRef {
    const ref: EventRef = { e: this, name, fn, ctx };
    const list = this.handlers.get(name) ?? [];
    list.push(ref);
    this.handlers.set(name, list);
    return ref;
  }
  off(name: string, fn: (...data: any[]) => unknown): void {
    const list = this.handlers.get(name);
    if (list) this.handlers.set(name, list.filter((r) => r.fn !== fn));
  }
  offref(ref: EventRef): void {
    const list = this.handlers.get(ref.name);
    if (list) this.handlers.set(ref.name, list.filter((r) => r !== ref));
  }
  trigger(name: string, ...data: unknown[]): void {
    for (const ref of [...(this.handlers.get(name) ?? [])]) ref.fn.apply(ref.ctx, data);
  }
  tryTrigger(ref: EventRef, data: unknown[]): void {
    ref.fn.apply(ref.ctx, data);
  }
  /** Test helper: how many listeners are registered for `name`. */
  listenerCount(name: string): number {
    return this.handlers.get(name)?.length ?? 0;
  }
}

/** Obsidian's Component: owns children and cleanup callbacks. */
export class Component {
  _loaded = false;
  private cleanups: (() => unknown)[] = [];
  private children: Component[] = [];
  load(): void {
    if (this._loaded) return;
    this._loaded = true;
    this.onload();
    for (const c of this.children) c.load();
  }
  onload(): void {}
  unload(): void {
    if (!this._loaded) return;
    this._loaded = false;
    for (const c of this.children.splice(0)) c.unload();
    for (const fn of this.cleanups.splice(0).reverse()) fn();
    this.onunload();
  }
  onunload(): void {}
  addChild<T extends Component>(c: T): T {
    this.children.push(c);
    if (this._loaded) c.load();
    return c;
  }
  removeChild<T extends Component>(c: T): T {
    const i = this.children.indexOf(c);
    if (i >= 0) {
      this.children.splice(i, 1);
      c.unload();
    }
    return c;
  }
  register(cb: () => unknown): void {
    this.cleanups.push(cb);
  }
  registerEvent(ref: EventRef): void {
    this.register(() => ref.e.offref(ref));
  }
  registerDomEvent(el: EventTarget, type: string, cb: (evt: any) => unknown, options?: boolean | AddEventListenerOptions): void {
    el.addEventListener(type, cb as EventListener, options);
    this.register(() => el.removeEventListener(type, cb as EventListener, options));
  }
  registerInterval(id: number): number {
    this.register(() => clearInterval(id));
    return id;
  }
}

// ---------------------------------------------------------------- vault, files, metadata

/** A file or folder in the vault. */
export class TAbstractFile {
  constructor(
    public path: string,
    public vault: Vault | null = null,
  ) {}
  get name(): string {
    return this.path.split('/').pop() ?? this.path;
  }
}

/** A file in the vault. */
export class TFile extends TAbstractFile {
  stat = { ctime: 0, mtime: 0, size: 0 };
  get basename(): string {
    return this.name.replace(/\.[^.]*$/, '');
  }
  get extension(): string {
    const m = /\.([^.]*)$/.exec(this.name);
    return m ? m[1]! : '';
  }
}

/** A folder in the vault. */
export class TFolder extends TAbstractFile {}

/** The desktop adapter: knows the vault's folder on disk. */
export class FileSystemAdapter {
  constructor(private basePath: string) {}
  getBasePath(): string {
    return this.basePath;
  }
  getName(): string {
    return this.basePath.split(/[\\/]/).pop() ?? '';
  }
}

/** The vault: files and create/modify/delete/rename events (fire them with trigger in tests). */
export class Vault extends Events {
  configDir = '.obsidian';
  files: TFile[] = [];
  constructor(public adapter: FileSystemAdapter) {
    super();
  }
  getName(): string {
    return this.adapter.getName();
  }
  getMarkdownFiles(): TFile[] {
    return this.files.filter((f) => f.extension === 'md');
  }
  getFiles(): TFile[] {
    return [...this.files];
  }
  getAbstractFileByPath(path: string): TFile | null {
    return this.files.find((f) => f.path === path) ?? null;
  }
  /** Test helper: registers files by vault-relative path. */
  addFiles(paths: string[]): TFile[] {
    const made = paths.map((p) => new TFile(p, this));
    this.files.push(...made);
    return made;
  }
}

/** Link resolution like Obsidian's: exact path, then path + .md, then basename match. */
export class MetadataCache extends Events {
  constructor(private vault: Vault) {
    super();
  }
  getFirstLinkpathDest(linkpath: string, _sourcePath: string): TFile | null {
    const files = this.vault.getFiles();
    const lower = linkpath.toLowerCase();
    return (
      files.find((f) => f.path === linkpath) ??
      files.find((f) => f.path === `${linkpath}.md`) ??
      files.find((f) => f.path.toLowerCase().endsWith(`/${lower}.md`) || f.path.toLowerCase() === `${lower}.md`) ??
      files.find((f) => f.basename.toLowerCase() === lower) ??
      null
    );
  }
}

// ---------------------------------------------------------------- workspace and views

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

// ---------------------------------------------------------------- plugin

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

// ---------------------------------------------------------------- notices, modals, popovers

/** A toast; every message is recorded in Notice.messages. */
export class Notice {
  static messages: string[] = [];
  static active: Notice[] = [];
  noticeEl: HTMLElement = createDiv({ cls: 'notice' });
  containerEl: HTMLElement = this.noticeEl;
  messageEl: HTMLElement = this.noticeEl;
  hidden = false;
  constructor(
    message: string | DocumentFragment,
    public duration?: number,
  ) {
    this.setMessage(message);
    Notice.active.push(this);
  }
  setMessage(message: string | DocumentFragment): this {
    this.noticeEl.setText(typeof message === 'string' ? message : (message.textContent ?? ''));
    Notice.messages.push(this.noticeEl.textContent ?? '');
    return this;
  }
  hide(): void {
    this.hidden = true;
    Notice.active = Notice.active.filter((n) => n !== this);
  }
  /** Test helper: forgets recorded notices. */
  static reset(): void {
    Notice.messages = [];
    Notice.active = [];
  }
}

/** A dialog attached to document.body while open. */
export class Modal {
  containerEl: HTMLElement = createDiv({ cls: 'modal-container' });
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  isOpen = false;
  constructor(public app: App) {
    this.modalEl = this.containerEl.createDiv({ cls: 'modal' });
    this.titleEl = this.modalEl.createDiv({ cls: 'modal-title' });
    this.contentEl = this.modalEl.createDiv({ cls: 'modal-content' });
  }
  open(): void {
    document.body.appendChild(this.containerEl);
    this.isOpen = true;
    this.onOpen();
  }
  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.onClose();
    this.containerEl.remove();
  }
  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }
  onOpen(): void {}
  onClose(): void {}
}

/** Popover states, as in Obsidian. */
export enum PopoverState {
  Showing,
  Shown,
  Hiding,
  Hidden,
}

/** The page-preview popover: an element attached to the body, owned by its hover parent. */
export class HoverPopover extends Component {
  hoverEl: HTMLElement = createDiv({ cls: 'popover hover-popover' });
  state: PopoverState = PopoverState.Showing;
  constructor(
    public parent: { hoverPopover: HoverPopover | null },
    public targetEl: HTMLElement | null,
    public waitTime = 0,
  ) {
    super();
    parent.hoverPopover = this;
    document.body.appendChild(this.hoverEl);
    this.load();
    this.state = PopoverState.Shown;
  }
  hide(): void {
    this.state = PopoverState.Hidden;
    this.hoverEl.remove();
    if (this.parent.hoverPopover === this) this.parent.hoverPopover = null;
    this.unload();
  }
}

// ---------------------------------------------------------------- settings UI

/** Base of setting controls. */
export class ValueComponent<T> {
  protected changeCb: ((v: T) => unknown) | null = null;
  onChange(cb: (v: T) => unknown): this {
    this.changeCb = cb;
    return this;
  }
  disabled = false;
  setDisabled(d: boolean): this {
    this.disabled = d;
    return this;
  }
}

/** Single-line text input. */
export class TextComponent extends ValueComponent<string> {
  inputEl: HTMLInputElement;
  constructor(containerEl: HTMLElement, tag: 'input' | 'textarea' = 'input') {
    super();
    this.inputEl = containerEl.createEl(tag as 'input', tag === 'input' ? { type: 'text' } : undefined);
    this.inputEl.addEventListener('input', () => this.changeCb?.(this.inputEl.value));
  }
  setValue(v: string): this {
    this.inputEl.value = v;
    return this;
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setPlaceholder(p: string): this {
    this.inputEl.placeholder = p;
    return this;
  }
}

/** Multi-line text input. */
export class TextAreaComponent extends TextComponent {
  constructor(containerEl: HTMLElement) {
    super(containerEl, 'textarea');
  }
}

/** On/off switch; a click flips it. */
export class ToggleComponent extends ValueComponent<boolean> {
  toggleEl: HTMLElement;
  private value = false;
  constructor(containerEl: HTMLElement) {
    super();
    this.toggleEl = containerEl.createDiv({ cls: 'checkbox-container' });
    this.toggleEl.addEventListener('click', () => {
      if (this.disabled) return;
      this.setValue(!this.value);
      this.changeCb?.(this.value);
    });
  }
  setValue(v: boolean): this {
    this.value = v;
    this.toggleEl.toggleClass('is-enabled', v);
    return this;
  }
  getValue(): boolean {
    return this.value;
  }
}

/** A <select>. */
export class DropdownComponent extends ValueComponent<string> {
  selectEl: HTMLSelectElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.selectEl = containerEl.createEl('select', { cls: 'dropdown' });
    this.selectEl.addEventListener('change', () => this.changeCb?.(this.selectEl.value));
  }
  addOption(value: string, display: string): this {
    this.selectEl.createEl('option', { value, text: display });
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [v, d] of Object.entries(options)) this.addOption(v, d);
    return this;
  }
  setValue(v: string): this {
    this.selectEl.value = v;
    return this;
  }
  getValue(): string {
    return this.selectEl.value;
  }
}

/** A range input. */
export class SliderComponent extends ValueComponent<number> {
  sliderEl: HTMLInputElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.sliderEl = containerEl.createEl('input', { type: 'range', cls: 'slider' });
    this.sliderEl.addEventListener('input', () => this.changeCb?.(Number(this.sliderEl.value)));
  }
  setLimits(min: number, max: number, step: number | 'any'): this {
    this.sliderEl.min = String(min);
    this.sliderEl.max = String(max);
    this.sliderEl.step = String(step);
    return this;
  }
  setValue(v: number): this {
    this.sliderEl.value = String(v);
    return this;
  }
  getValue(): number {
    return Number(this.sliderEl.value);
  }
  setDynamicTooltip(): this {
    return this;
  }
}

/** A button. */
export class ButtonComponent {
  buttonEl: HTMLButtonElement;
  constructor(containerEl: HTMLElement) {
    this.buttonEl = containerEl.createEl('button');
  }
  setButtonText(t: string): this {
    this.buttonEl.setText(t);
    return this;
  }
  setCta(): this {
    this.buttonEl.addClass('mod-cta');
    return this;
  }
  setWarning(): this {
    this.buttonEl.addClass('mod-warning');
    return this;
  }
  setIcon(icon: string): this {
    setIcon(this.buttonEl, icon);
    return this;
  }
  setTooltip(t: string): this {
    this.buttonEl.setAttr('aria-label', t);
    return this;
  }
  setDisabled(d: boolean): this {
    this.buttonEl.disabled = d;
    return this;
  }
  onClick(cb: (evt: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener('click', (e) => cb(e as MouseEvent));
    return this;
  }
}

/** A small icon button. */
export class ExtraButtonComponent extends ButtonComponent {}

/** One row of a settings tab. */
export class Setting {
  settingEl: HTMLElement;
  infoEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  components: unknown[] = [];
  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: 'setting-item' });
    this.infoEl = this.settingEl.createDiv({ cls: 'setting-item-info' });
    this.nameEl = this.infoEl.createDiv({ cls: 'setting-item-name' });
    this.descEl = this.infoEl.createDiv({ cls: 'setting-item-description' });
    this.controlEl = this.settingEl.createDiv({ cls: 'setting-item-control' });
  }
  setName(name: string | DocumentFragment): this {
    this.nameEl.setText(name);
    return this;
  }
  setDesc(desc: string | DocumentFragment): this {
    this.descEl.setText(desc);
    return this;
  }
  setHeading(): this {
    this.settingEl.addClass('setting-item-heading');
    return this;
  }
  setClass(cls: string): this {
    this.settingEl.addClass(cls);
    return this;
  }
  setDisabled(d: boolean): this {
    this.settingEl.toggleClass('is-disabled', d);
    return this;
  }
  private add<C>(c: C, cb: (c: C) => unknown): this {
    this.components.push(c);
    cb(c);
    return this;
  }
  addText(cb: (c: TextComponent) => unknown): this {
    return this.add(new TextComponent(this.controlEl), cb);
  }
  addTextArea(cb: (c: TextAreaComponent) => unknown): this {
    return this.add(new TextAreaComponent(this.controlEl), cb);
  }
  addToggle(cb: (c: ToggleComponent) => unknown): this {
    return this.add(new ToggleComponent(this.controlEl), cb);
  }
  addDropdown(cb: (c: DropdownComponent) => unknown): this {
    return this.add(new DropdownComponent(this.controlEl), cb);
  }
  addSlider(cb: (c: SliderComponent) => unknown): this {
    return this.add(new SliderComponent(this.controlEl), cb);
  }
  addButton(cb: (c: ButtonComponent) => unknown): this {
    return this.add(new ButtonComponent(this.controlEl), cb);
  }
  addExtraButton(cb: (c: ExtraButtonComponent) => unknown): this {
    return this.add(new ExtraButtonComponent(this.controlEl), cb);
  }
}

/** Base of settings tabs. */
export class PluginSettingTab {
  containerEl: HTMLElement = createDiv({ cls: 'vertical-tab-content' });
  constructor(
    public app: App,
    public plugin: Plugin,
  ) {}
  display(): void {}
  hide(): void {
    this.containerEl.empty();
  }
}
