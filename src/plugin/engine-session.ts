// Glue between the engine worker and Obsidian: starts it once the layout is ready (the engine then
// opens its index and syncs it by itself), forwards vault changes, tells views about each new client, and
// shows what happens in the status bar (percentage while indexing), in a notice for the first full index,
// and in a notice when the engine cannot start.
import { Component, Notice, TFile, type App, type TAbstractFile } from 'obsidian';
import type { EngineStatus, FileEvent } from '../engine/protocol';
import type { Progress } from '../core/types';
import { EngineRequestError, type EngineClient } from './engine-client';
import type { EngineHandle } from './engine-handle';
import type { LauncherState } from './launcher-state';
import type { WorkerLauncher } from './worker-launcher';
import { formatTokens } from './format';
import { embedderSpec, type OverlaySettings } from './settings';

const PHASES: Record<Progress['phase'], string> = {
  scan: 'scanning',
  parse: 'reading notes',
  embed: 'embedding',
  index: 'indexing',
  save: 'saving',
  download: 'downloading model',
  load: 'loading',
};

/** The running engine as the rest of the plugin sees it. */
export class EngineSession extends Component implements EngineHandle {
  private clientListeners = new Set<(c: EngineClient) => void>();
  private firstIndexNotice: Notice | null = null;
  private indexing = false;
  private lastNotes: number | null = null;
  private failedShown = false;
  private shownErrors = new Set<string>();
  private idleTimer: number | null = null;

  constructor(
    private readonly app: App,
    private readonly launcher: WorkerLauncher,
    private readonly settings: () => OverlaySettings,
    private readonly statusEl: HTMLElement,
    /** True when the data dir already holds an index (no first-index notice then). */
    private readonly hasIndex: () => boolean,
    /** Called once an index has been built (the first-index notice is not shown again). */
    private readonly markIndexed: () => void = () => undefined,
  ) {
    super();
  }

  override onload(): void {
    this.statusEl.addClass('overlay-memory-statusbar');
    this.register(this.launcher.onState((s) => this.onLauncherState(s)));
    this.register(this.launcher.onClient((c) => this.onNewClient(c)));
    this.setStatus('Overlay: waiting', 'The engine starts once Obsidian has finished loading.');
  }

  override onunload(): void {
    if (this.idleTimer) window.clearTimeout(this.idleTimer);
    this.firstIndexNotice?.hide();
    void this.launcher.stop();
  }

  /** Starts the engine and forwards vault events; call from `workspace.onLayoutReady`. */
  start(): void {
    const { vault } = this.app;
    this.registerEvent(vault.on('create', (f) => this.forward('create', f)));
    this.registerEvent(vault.on('modify', (f) => this.forward('modify', f)));
    this.registerEvent(vault.on('delete', (f) => this.forward('delete', f)));
    this.registerEvent(vault.on('rename', (f, oldPath) => this.forward('rename', f, oldPath)));
    void this.launcher.start();
  }

  current(): EngineClient | null {
    return this.launcher.client;
  }

  async ready(): Promise<EngineClient> {
    const c = this.launcher.client ?? (await this.launcher.start());
    if (c) return c;
    throw new EngineRequestError('closed', this.launcher.getState().reason || 'The engine is not running.');
  }

  onClient(listener: (client: EngineClient) => void): () => void {
    this.clientListeners.add(listener);
    return () => this.clientListeners.delete(listener);
  }

  /** Launcher state (mode, reason) for the settings tab. */
  state(): LauncherState {
    return this.launcher.getState();
  }

  /** Engine status, or null while it is not running. */
  async status(): Promise<EngineStatus | null> {
    const c = this.current();
    return c ? c.request('status', {}) : null;
  }

  /**
   * Sends the embedder choice to the running engine (after a change in the settings tab; at start it is on
   * the command line). The engine switches only when the spec differs, then re-embeds in the background.
   * Budget, energy presets and the LLM endpoint travel with each question instead.
   */
  async configure(): Promise<void> {
    const c = this.current();
    if (c) await c.request('configure', { embedder: embedderSpec(this.settings().embedder) });
  }

  /** Re-indexes the vault; `full` re-embeds every note. */
  async reindex(full: boolean): Promise<void> {
    const c = await this.ready();
    new Notice(full ? 'Overlay Memory: rebuilding the index…' : 'Overlay Memory: updating the index…');
    this.indexing = true;
    try {
      const report = await c.request('index', { full });
      this.lastNotes = report.notes;
      new Notice(
        `Overlay Memory: indexed ${formatTokens(report.notes)} notes (${formatTokens(report.embedded)} chunks embedded).`,
      );
    } finally {
      this.indexing = false;
      this.showIdle();
    }
  }

  /** Restarts the engine (command and settings button). */
  async restart(): Promise<void> {
    this.failedShown = false;
    await this.launcher.restart();
  }

  private forward(type: FileEvent['type'], file: TAbstractFile, oldPath?: string): void {
    const isNote = (p: string) => p.toLowerCase().endsWith('.md');
    if (!(file instanceof TFile) || !(isNote(file.path) || (oldPath !== undefined && isNote(oldPath)))) return;
    const event: FileEvent = oldPath === undefined ? { type, path: file.path } : { type, path: file.path, oldPath };
    // While the engine is down nothing is lost: the incremental index after the restart compares mtimes.
    this.current()
      ?.request('fileEvent', event)
      .catch(() => {});
  }

  private onNewClient(c: EngineClient): void {
    // The engine opens its index and runs an incremental sync by itself after the handshake, then
    // sends `ready`; progress notifications drive the status bar meanwhile.
    c.on('progress', (p) => this.onProgress(p));
    c.on('ready', (r) => {
      this.lastNotes = r.notes;
      this.indexing = false;
      this.markIndexed();
      this.finishFirstIndex(r.notes);
      this.showIdle();
    });
    c.on('error', (e) => this.onEngineError(e.message));
    this.indexing = true;
    if (!this.firstIndexNotice && !this.hasIndex()) {
      this.firstIndexNotice = new Notice(
        'Overlay Memory is indexing this vault for the first time. You can keep working.',
        0,
      );
    }
    for (const fn of [...this.clientListeners]) fn(c);
  }

  private onEngineError(message: string): void {
    console.error('Overlay Memory engine:', message);
    if (this.shownErrors.has(message)) return;
    this.shownErrors.add(message);
    new Notice(`Overlay Memory: ${message}`);
  }

  private onProgress(p: Progress): void {
    const pct = p.total > 0 ? Math.min(100, Math.floor((100 * p.done) / p.total)) : 0;
    const label = `${PHASES[p.phase] ?? p.phase} ${pct}%`;
    this.setStatus(`Overlay: ${label}`, p.message ?? `${p.done} of ${p.total}`);
    this.firstIndexNotice?.setMessage(
      `Overlay Memory is indexing this vault for the first time: ${label}. You can keep working.`,
    );
    // Later syncs (after edits) send progress but no `ready`: refresh the count once progress goes quiet.
    if (this.idleTimer) window.clearTimeout(this.idleTimer);
    this.idleTimer = window.setTimeout(() => void this.refreshIdle(), 1500);
  }

  private async refreshIdle(): Promise<void> {
    this.idleTimer = null;
    try {
      const st = await this.status();
      if (!st) return;
      this.lastNotes = st.notes;
      this.indexing = st.indexing;
      this.showIdle();
    } catch {
      // The engine went away; its state change updates the status bar.
    }
  }

  private finishFirstIndex(notes: number): void {
    if (!this.firstIndexNotice) return;
    this.firstIndexNotice.hide();
    this.firstIndexNotice = null;
    new Notice(`Overlay Memory: ${formatTokens(notes)} notes indexed. Use "Ask vault" from the command palette.`);
  }

  private showIdle(): void {
    if (this.indexing) return;
    const n = this.lastNotes;
    this.setStatus(
      n === null ? 'Overlay: ready' : `Overlay: ${formatTokens(n)} notes`,
      'Overlay Memory index is up to date.',
    );
  }

  private onLauncherState(s: LauncherState): void {
    if (s.status === 'starting') this.setStatus('Overlay: starting', 'Starting the engine…');
    else if (s.status === 'restarting') this.setStatus('Overlay: restarting', s.reason);
    else if (s.status === 'stopped') this.setStatus('Overlay: stopped', 'The engine is stopped.');
    else if (s.status === 'running') {
      this.failedShown = false;
      this.showIdle();
    } else if (s.status === 'failed') {
      this.setStatus('Overlay: engine failed', s.reason);
      this.firstIndexNotice?.hide();
      this.firstIndexNotice = null;
      if (!this.failedShown) new Notice(`Overlay Memory: ${s.reason} See Settings → Overlay Memory → Engine.`, 0);
      this.failedShown = true;
    }
  }

  private setStatus(text: string, tooltip: string): void {
    this.statusEl.setText(text);
    this.statusEl.setAttr('aria-label', tooltip);
    this.statusEl.setAttr('data-tooltip-position', 'top');
  }
}
