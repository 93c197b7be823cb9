// Related notes in the page-preview popover. Obsidian's Page preview plugin decides whether a hovered
// link gets a popover, applying the modifier setting the person chose for each hover source. Instead
// of re-implementing that decision from undocumented settings, we listen to the same `hover-link` event
// and wait for the popover Page preview creates (the public `HoverParent.hoverPopover` /
// `HoverPopover.hoverEl`), then append a "Related notes" section to it. No popover means the modifier
// was not held (or the link is not a note), and we add nothing. Only when no Page preview popover
// appears at all (the core plugin is off) and the modifier is held do we open our own HoverPopover.
import { Component, HoverPopover, Keymap, type App, type Events, type HoverParent, type TFile } from 'obsidian';
import type { RelatedNote } from '../engine/protocol';
import type { EngineHandle } from './engine-handle';
import { renderRelatedList } from './related-render';
import type { OverlaySettings } from './settings';

/** Payload of the workspace `hover-link` event (not in the public typings). */
export interface HoverLinkEvent {
  event: MouseEvent;
  source: string;
  hoverParent: HoverParent | null;
  targetEl: HTMLElement | null;
  linktext: string;
  sourcePath?: string;
}

/** Hover source id registered with Page preview (its settings list it as "Overlay Memory"). */
export const HOVER_SOURCE = 'overlay-memory';

/** Timing of the popover search. */
export interface HoverTiming {
  /** How long to wait for Page preview's popover. */
  waitMs: number;
  pollMs: number;
}

const DEFAULT_TIMING: HoverTiming = { waitMs: 1500, pollMs: 50 };

type PopoverLike = HoverPopover & { targetEl?: HTMLElement | null; hide?: () => void };

/** Adds related notes to link previews; add it as a child of the plugin. */
export class HoverRelated extends Component {
  private own: { popover: PopoverLike; target: HTMLElement } | null = null;

  constructor(
    private readonly app: App,
    private readonly engine: EngineHandle,
    private readonly settings: () => OverlaySettings,
    private readonly timing: HoverTiming = DEFAULT_TIMING,
  ) {
    super();
  }

  override onload(): void {
    // 'hover-link' is not among Workspace's typed events; the generic Events signature takes it.
    const events: Events = this.app.workspace;
    this.registerEvent(events.on('hover-link', (e: unknown) => void this.onHoverLink(e as HoverLinkEvent)));
  }

  /** Handles one hover; resolves when the section was added (or it was decided not to add one). */
  async onHoverLink(e: HoverLinkEvent): Promise<void> {
    const s = this.settings();
    if (!s.hoverRelated || !e || typeof e.linktext !== 'string') return;
    const file = this.resolve(e.linktext, e.sourcePath ?? '');
    const client = this.engine.current();
    if (!file || !client) return;
    // Ask while Page preview is still waiting out its delay, so the list is usually there with the popover.
    const related: Promise<RelatedNote[] | string> = client
      .request('related', { note: file.path, k: s.relatedCount })
      .catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    const popover = (await this.findPagePreview(e)) ?? this.ownPopover(e);
    if (!popover || popover.hoverEl.querySelector(`.overlay-memory-hover[data-note="${CSS.escape(file.path)}"]`))
      return;
    const section = popover.hoverEl.createDiv({ cls: 'overlay-memory-hover', attr: { 'data-note': file.path } });
    section.createDiv({ cls: 'overlay-memory-section-title', text: 'Related notes' });
    const body = section.createDiv({ cls: 'overlay-memory-hover-body' });
    body.createDiv({ cls: 'overlay-memory-muted', text: 'Loading…' });
    keepLast(popover, section);
    const items = await related;
    if (typeof items === 'string') {
      body.empty();
      body.createDiv({ cls: 'overlay-memory-error', text: items });
      return;
    }
    const open = (path: string, newTab: boolean) => {
      void this.app.workspace.openLinkText(path, e.sourcePath ?? '', newTab);
      popover.hide?.();
    };
    renderRelatedList(
      body,
      items.filter((r) => r.note !== file.path),
      open,
    );
  }

  private resolve(linktext: string, sourcePath: string): TFile | null {
    const path = linktext.split('|')[0]!.split('#')[0]!.trim();
    const file =
      path === ''
        ? this.app.metadataCache.getFirstLinkpathDest(sourcePath, '')
        : this.app.metadataCache.getFirstLinkpathDest(path, sourcePath);
    return file && file.extension === 'md' ? file : null;
  }

  /** Page preview's popover for this hover, once it exists; null if none appears in time. */
  private async findPagePreview(e: HoverLinkEvent): Promise<PopoverLike | null> {
    const parent = e.hoverParent;
    if (!parent) return null;
    const deadline = Date.now() + this.timing.waitMs;
    for (;;) {
      const pop: PopoverLike | null = parent.hoverPopover;
      // A popover still showing an earlier link of the same parent is not ours (targetEl exists at run time).
      const forThisLink = pop && (pop.targetEl === undefined || pop.targetEl === e.targetEl);
      if (pop && forThisLink && pop.hoverEl.isConnected) return pop;
      if (Date.now() >= deadline) return null;
      await sleep(this.timing.pollMs);
    }
  }

  /** Our own popover when Page preview showed none but the person held the modifier. */
  private ownPopover(e: HoverLinkEvent): PopoverLike | null {
    if (!e.targetEl || !e.targetEl.isConnected || !Keymap.isModEvent(e.event)) return null;
    // Mouse movement repeats the event: reuse the popover already open for this link.
    if (this.own && this.own.target === e.targetEl && this.own.popover.hoverEl.isConnected) return this.own.popover;
    const parent: HoverParent = { hoverPopover: null };
    const pop = new HoverPopover(parent, e.targetEl) as PopoverLike;
    pop.hoverEl.addClass('overlay-memory-own-popover');
    this.own = { popover: pop, target: e.targetEl };
    return pop;
  }
}

/** Page preview fills its popover asynchronously; keep our section below the preview as content arrives. */
function keepLast(popover: HoverPopover, section: HTMLElement): void {
  const el = popover.hoverEl;
  const observer = new MutationObserver(() => {
    if (section.isConnected && el.lastElementChild !== section) el.appendChild(section);
  });
  observer.observe(el, { childList: true });
  popover.register(() => observer.disconnect());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}
