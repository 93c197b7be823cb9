// "Related to <active note>" in the sidebar: refreshed when another note opens and when the engine
// (re)starts. Requests that come back after the person moved on are dropped.
import { Component, type App } from 'obsidian';
import type { EngineHandle } from './engine-handle';
import { noteTitle } from './format';
import { renderRelatedList } from './related-render';
import type { OverlaySettings } from './settings';

/** Related notes of the active note, rendered into `containerEl`. */
export class RelatedSection extends Component {
  private titleEl!: HTMLElement;
  private bodyEl!: HTMLElement;
  private generation = 0;
  /** Path of the note shown, or null. */
  shownFor: string | null = null;

  constructor(
    private readonly app: App,
    private readonly containerEl: HTMLElement,
    private readonly engine: EngineHandle,
    private readonly settings: () => OverlaySettings,
  ) {
    super();
  }

  override onload(): void {
    this.containerEl.addClass('overlay-memory-related-section');
    this.titleEl = this.containerEl.createDiv({ cls: 'overlay-memory-section-title' });
    this.bodyEl = this.containerEl.createDiv();
    this.registerEvent(this.app.workspace.on('file-open', () => void this.refresh()));
    this.register(this.engine.onClient(() => void this.refresh()));
    void this.refresh();
  }

  /** Shows the related notes of the active note; resolves when drawn. */
  async refresh(): Promise<void> {
    const gen = ++this.generation;
    const file = this.app.workspace.getActiveFile();
    if (!file || file.extension !== 'md') {
      this.shownFor = null;
      this.titleEl.setText('Related notes');
      this.bodyEl.empty();
      this.bodyEl.createDiv({ cls: 'overlay-memory-muted', text: 'Open a note to see the notes related to it.' });
      return;
    }
    this.titleEl.setText(`Related to ${noteTitle(file.path)}`);
    const client = this.engine.current();
    if (!client) {
      this.bodyEl.empty();
      this.bodyEl.createDiv({ cls: 'overlay-memory-muted', text: 'Waiting for the engine…' });
      return;
    }
    try {
      const items = await client.request('related', { note: file.path, k: this.settings().relatedCount });
      if (gen !== this.generation) return;
      this.shownFor = file.path;
      const open = (path: string, newTab: boolean) => void this.app.workspace.openLinkText(path, file.path, newTab);
      renderRelatedList(
        this.bodyEl,
        items.filter((r) => r.note !== file.path),
        open,
        'No related notes yet (the note may still be indexing).',
      );
    } catch (err: unknown) {
      if (gen !== this.generation) return;
      this.bodyEl.empty();
      this.bodyEl.createDiv({ cls: 'overlay-memory-error', text: err instanceof Error ? err.message : String(err) });
    }
  }
}
