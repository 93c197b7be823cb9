// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App as ObsidianApp } from 'obsidian';
import { App, HoverPopover, Keymap } from '../__mocks__/obsidian';
import { HoverRelated, type HoverLinkEvent } from '../../src/plugin/hover-related';
import { defaultSettings } from '../../src/plugin/settings';
import { fakeClient, fixedHandle } from './helpers/fake-engine';
import { settle, waitFor } from './helpers/wait';

const RELATED = [
  { note: 'Overlay/Memory.md', score: 0.82 },
  { note: 'Energy/Prefill.md', score: 0.99 }, // the hovered note itself: not listed
  { note: 'Overlay/Budget.md', score: 0.41 },
];

/** A stand-in for Obsidian's Page preview plugin: shows a popover unless the source needs Mod and it is not held. */
function pagePreview(app: App, requireMod: boolean): void {
  app.workspace.on('hover-link', (e: HoverLinkEvent) => {
    if (requireMod && !Keymap.isModEvent(e.event)) return;
    setTimeout(() => {
      const pop = new HoverPopover(e.hoverParent as never, e.targetEl);
      pop.hoverEl.createDiv({ cls: 'markdown-embed', text: 'preview of the note' });
      // Page preview renders more content later; the related section must stay below it.
      setTimeout(() => pop.hoverEl.createDiv({ cls: 'markdown-embed-extra', text: 'late content' }), 30);
    }, 20);
  });
}

let app: App;
let sent: { method: string; params: unknown }[];
let hover: HoverRelated;
const settings = defaultSettings();

beforeEach(() => {
  app = new App('/vault');
  app.vault.addFiles(['Energy/Prefill.md', 'Overlay/Memory.md', 'Overlay/Budget.md', 'image.png']);
  const { client, transport } = fakeClient((method) => (method === 'related' ? RELATED : null));
  sent = transport.sent;
  Object.assign(settings, defaultSettings());
  hover = new HoverRelated(app as unknown as ObsidianApp, fixedHandle(client), () => settings, {
    waitMs: 300,
    pollMs: 10,
  });
  hover.load();
});

afterEach(() => {
  hover.unload();
  document.body.empty();
});

function hoverLink(
  linktext: string,
  mod: boolean,
): { parent: { hoverPopover: HoverPopover | null }; target: HTMLElement; done: Promise<void> } {
  const target = document.body.createEl('a', { cls: 'internal-link', text: linktext });
  const parent = { hoverPopover: null as HoverPopover | null };
  const event = new MouseEvent('mouseover', { ctrlKey: mod });
  const payload = { event, source: 'preview', hoverParent: parent, targetEl: target, linktext, sourcePath: 'Index.md' };
  app.workspace.trigger('hover-link', payload);
  // The listener runs the same handler; calling it again shows a repeated event adds nothing twice.
  const done = hover.onHoverLink(payload as unknown as HoverLinkEvent);
  return { parent, target, done };
}

describe('HoverRelated', () => {
  it('adds related notes with similarity bars below the page preview, once', async () => {
    pagePreview(app, true);
    const { parent, done } = hoverLink('Prefill#Quadratic attention', true);
    await done;
    await waitFor(() => parent.hoverPopover?.hoverEl.querySelectorAll('.overlay-memory-related-item').length === 2);
    const el = parent.hoverPopover!.hoverEl;
    expect(sent.filter((m) => m.method === 'related')[0]!.params).toEqual({ note: 'Energy/Prefill.md', k: 5 });
    expect([...el.querySelectorAll('.overlay-memory-related-title')].map((e) => e.textContent)).toEqual([
      'Memory',
      'Budget',
    ]);
    const fills = [...el.querySelectorAll<HTMLElement>('.overlay-memory-bar-fill')].map((e) =>
      e.style.getPropertyValue('--overlay-memory-fill'),
    );
    expect(fills).toEqual(['82.0%', '41.0%']);
    expect(el.querySelectorAll('.overlay-memory-hover')).toHaveLength(1);
    await waitFor(() => el.querySelector('.markdown-embed-extra') !== null);
    await settle(0);
    expect(el.lastElementChild!.classList.contains('overlay-memory-hover')).toBe(true);
  });

  it('respects the modifier: no popover from Page preview means no related notes and no popover of ours', async () => {
    pagePreview(app, true);
    const { parent, done } = hoverLink('Prefill', false);
    await done;
    expect(parent.hoverPopover).toBeNull();
    expect(document.querySelectorAll('.overlay-memory-hover')).toHaveLength(0);
  });

  it('opens its own popover when Page preview shows none but the modifier is held', async () => {
    const { done } = hoverLink('Prefill', true);
    await done;
    await waitFor(
      () => document.querySelectorAll('.overlay-memory-own-popover .overlay-memory-related-item').length === 2,
    );
    expect(document.querySelectorAll('.overlay-memory-own-popover')).toHaveLength(1);
  });

  it('opens a related note on click and closes the popover', async () => {
    pagePreview(app, false);
    const { parent, done } = hoverLink('Prefill', false);
    await done;
    await waitFor(() => parent.hoverPopover?.hoverEl.querySelector('.overlay-memory-related-item') != null);
    const pop = parent.hoverPopover!;
    pop.hoverEl.querySelector<HTMLElement>('.overlay-memory-related-item')!.click();
    expect(app.workspace.opened).toEqual([{ linktext: 'Overlay/Memory.md', sourcePath: 'Index.md', newLeaf: false }]);
    expect(pop.hoverEl.isConnected).toBe(false);
  });

  it('does nothing for links to missing notes, non-notes, or when switched off', async () => {
    pagePreview(app, false);
    await hoverLink('No such note', true).done;
    await hoverLink('image.png', true).done;
    settings.hoverRelated = false;
    await hoverLink('Prefill', true).done;
    expect(sent.filter((m) => m.method === 'related')).toHaveLength(0);
    await settle(40);
    expect(document.querySelectorAll('.overlay-memory-hover')).toHaveLength(0);
  });
});
