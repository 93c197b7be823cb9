// A list of related notes, each with a similarity bar; shared by the hover popover and the sidebar.
import type { RelatedNote } from '../engine/protocol';
import { noteTitle } from './format';

/** Opens a note; `newTab` when the person used the modifier key. */
export type OpenNote = (path: string, newTab: boolean) => void;

/**
 * Bar widths in [0, 1]. Cosine scores are shown as they are (0.8 fills 80%); scores on another scale
 * (above 1) are shown relative to the best one so the bars stay comparable within the list.
 */
export function barWidths(items: RelatedNote[]): number[] {
  const max = Math.max(0, ...items.map((i) => i.score));
  const scale = max > 1 ? max : 1;
  return items.map((i) => Math.max(0, Math.min(1, i.score / scale)));
}

/** Renders `items` into `el` (replacing its content); `empty` is shown when there are none. */
export function renderRelatedList(
  el: HTMLElement,
  items: RelatedNote[],
  open: OpenNote,
  empty = 'No related notes found.',
): void {
  el.empty();
  if (items.length === 0) {
    el.createDiv({ cls: 'overlay-memory-muted', text: empty });
    return;
  }
  const widths = barWidths(items);
  const list = el.createEl('ul', { cls: 'overlay-memory-related' });
  items.forEach((item, i) => {
    const li = list.createEl('li', {
      cls: 'overlay-memory-related-item',
      attr: { 'data-note': item.note, tabindex: 0 },
    });
    const row = li.createDiv({ cls: 'overlay-memory-related-row' });
    row.createSpan({ cls: 'overlay-memory-related-title', text: noteTitle(item.note), title: item.note });
    row.createSpan({ cls: 'overlay-memory-related-score', text: item.score.toFixed(2) });
    const bar = li.createDiv({ cls: 'overlay-memory-bar', attr: { 'aria-hidden': 'true' } });
    bar
      .createDiv({ cls: 'overlay-memory-bar-fill' })
      .setCssProps({ '--overlay-memory-fill': `${(widths[i]! * 100).toFixed(1)}%` });
    li.addEventListener('click', (evt) => open(item.note, evt.ctrlKey || evt.metaKey));
    li.addEventListener('keydown', (evt) => {
      if (evt.key === 'Enter') open(item.note, evt.ctrlKey || evt.metaKey);
    });
  });
}
