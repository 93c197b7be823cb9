// The Obsidian-like frame the smoke run draws around the app: ribbon, tab header, note pane, status bar.
import { App } from '../../test/__mocks__/obsidian';

/** Builds the Obsidian-like frame around the app's elements. */
export function frame(app: App): void {
  const root = document.getElementById('app')!;
  root.className = 'app-container';
  const main = root.createDiv({ cls: 'horizontal-main-container' });
  main.appendChild(app.ribbonEl);
  const split = main.createDiv({ cls: 'workspace-split mod-root' });
  const tabs = split.createDiv({ cls: 'workspace-tab-header-container' });
  tabs.createDiv({ cls: 'workspace-tab-header is-active smoke-tab', text: 'Welcome' });
  tabs.createDiv({ cls: 'workspace-tab-header', text: 'Notes' });
  split.createDiv({ cls: 'smoke-note markdown-preview-view' });
  for (let i = 0; i < 5; i++) app.ribbonEl.createDiv({ cls: 'smoke-ribbon-icon' });
  main.appendChild(app.workspace.containerEl);
  app.workspace.containerEl.addClass('mod-right-split');
  root.appendChild(app.statusBarEl);
}

/** Shows a note in the frame's editor pane: its title and first paragraphs, with `link` as an internal link. */
export function showNote(path: string, text: string, link?: string): HTMLElement | null {
  const pane = document.querySelector<HTMLElement>('.smoke-note')!;
  pane.empty();
  const title = path.split('/').pop()!.replace(/\.md$/, '');
  document.querySelector('.smoke-tab')!.setText(title);
  pane.createDiv({ cls: 'inline-title', text: title });
  const paras = text
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !/^(#|```|\||- |<)/.test(p))
    .map((p) =>
      p
        .replace(/\[\[([^\]|]+)\|([^\]]+)\]\]/g, '$2')
        .replace(/\[\[([^\]#]+)(#[^\]]*)?\]\]/g, '$1')
        .replace(/[*_`]/g, ''),
    );
  for (const p of paras.slice(0, 2)) pane.createEl('p', { text: p.length > 420 ? `${p.slice(0, 420)}…` : p });
  if (link === undefined) return null;
  const p = pane.createEl('p', { text: 'See also ' });
  const a = p.createEl('a', { cls: 'internal-link', text: link });
  p.appendText('.');
  return a;
}
