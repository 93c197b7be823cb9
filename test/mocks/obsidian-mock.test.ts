// @vitest-environment happy-dom
// The hand-written Obsidian mock (test/__mocks__/obsidian*) is what every plugin test runs against, so the
// behaviour those tests rely on is pinned here: if the mock drifts, these fail instead of the plugin tests
// silently proving less.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  App,
  Component,
  debounce,
  Events,
  HoverPopover,
  ItemView,
  Keymap,
  Modal,
  normalizePath,
  Notice,
  Plugin,
  PluginSettingTab,
  PopoverState,
  requestUrl,
  setIcon,
  Setting,
  TFile,
  type WorkspaceLeaf,
} from '../__mocks__/obsidian';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const MANIFEST = { id: 'mock-test', name: 'Mock test', version: '1.0.0' };

afterEach(() => {
  document.body.empty();
  Notice.reset();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('Events', () => {
  it('calls handlers with their context, and off/offref remove exactly one handler', () => {
    const e = new Events();
    const seen: unknown[] = [];
    const ctx = { tag: 'ctx' };
    const a = function (this: unknown, x: unknown) {
      seen.push(['a', x, this]);
    };
    const b = (x: unknown) => seen.push(['b', x]);
    e.on('modify', a, ctx);
    const refB = e.on('modify', b);
    e.trigger('modify', 1);
    expect(seen).toEqual([
      ['a', 1, ctx],
      ['b', 1],
    ]);
    e.offref(refB);
    e.trigger('modify', 2);
    expect(seen.at(-1)).toEqual(['a', 2, ctx]);
    expect(e.listenerCount('modify')).toBe(1);
    e.off('modify', a);
    e.trigger('modify', 3);
    expect(seen).toHaveLength(3);
    expect(e.listenerCount('modify')).toBe(0);
  });

  it('lets a handler remove itself while an event is being delivered', () => {
    const e = new Events();
    const calls: string[] = [];
    const ref = e.on('x', () => {
      calls.push('first');
      e.offref(ref);
    });
    e.on('x', () => calls.push('second'));
    e.trigger('x');
    e.trigger('x');
    expect(calls).toEqual(['first', 'second', 'second']);
  });
});

describe('Component', () => {
  it('runs cleanups in reverse order on unload, once, and unloads children first', () => {
    const order: string[] = [];
    const parent = new (class extends Component {
      override onunload(): void {
        order.push('parent onunload');
      }
    })();
    const child = new (class extends Component {
      override onload(): void {
        order.push('child onload');
      }
      override onunload(): void {
        order.push('child onunload');
      }
    })();
    parent.register(() => order.push('cleanup 1'));
    parent.register(() => order.push('cleanup 2'));
    parent.addChild(child);
    expect(order).toEqual([]);
    parent.load();
    expect(order).toEqual(['child onload']);
    parent.unload();
    parent.unload();
    expect(order).toEqual(['child onload', 'child onunload', 'cleanup 2', 'cleanup 1', 'parent onunload']);
  });

  it('loads a child added after load at once, and removeChild unloads it', () => {
    const parent = new Component();
    parent.load();
    const child = new Component();
    parent.addChild(child);
    expect(child._loaded).toBe(true);
    parent.removeChild(child);
    expect(child._loaded).toBe(false);
  });

  it('registerEvent, registerDomEvent and registerInterval are undone on unload', () => {
    vi.useFakeTimers();
    const c = new Component();
    c.load();
    const events = new Events();
    let fired = 0;
    c.registerEvent(events.on('changed', () => fired++));
    const el = document.body.createDiv();
    let clicks = 0;
    c.registerDomEvent(el, 'click', () => clicks++);
    let ticks = 0;
    c.registerInterval(window.setInterval(() => ticks++, 10) as unknown as number);
    events.trigger('changed');
    el.click();
    vi.advanceTimersByTime(25);
    expect([fired, clicks, ticks]).toEqual([1, 1, 2]);
    c.unload();
    events.trigger('changed');
    el.click();
    vi.advanceTimersByTime(50);
    expect([fired, clicks, ticks]).toEqual([1, 1, 2]);
    expect(events.listenerCount('changed')).toBe(0);
  });
});

describe('DOM helpers', () => {
  it('createEl/createDiv/createSpan take cls, text, attr, title and parent, and append to the node they are called on', () => {
    const root = document.body.createDiv({ cls: 'root' });
    const a = root.createEl('a', {
      cls: ['x', 'y'],
      text: 'link',
      attr: { 'data-n': 3, hidden: true, gone: null },
      title: 'T',
      href: 'https://e.x/',
    });
    expect(a.parentElement).toBe(root);
    expect(a.tagName).toBe('A');
    expect([...a.classList]).toEqual(['x', 'y']);
    expect(a.textContent).toBe('link');
    expect(a.getAttribute('data-n')).toBe('3');
    expect(a.hasAttribute('hidden')).toBe(true);
    expect(a.hasAttribute('gone')).toBe(false);
    expect(a.getAttribute('title')).toBe('T');
    expect(a.href).toBe('https://e.x/');
    const first = root.createSpan({ cls: 'first', prepend: true });
    expect(root.firstChild).toBe(first);
    const viaString = root.createDiv('one two');
    expect(viaString.className).toBe('one two');
    let seen: HTMLElement | null = null;
    const input = root.createEl('input', { type: 'text', value: 'v', placeholder: 'p' }, (el) => (seen = el));
    expect(seen).toBe(input);
    expect([input.type, input.value, input.placeholder]).toEqual(['text', 'v', 'p']);
    // The global forms make detached elements unless a parent is given.
    expect(createDiv().parentNode).toBeNull();
    expect(createEl('p', { parent: root }).parentNode).toBe(root);
  });

  it('empty, setText, class and attribute helpers, show/hide and detach work on the real DOM', () => {
    const el = document.body.createDiv();
    el.createSpan({ text: 'a' });
    el.createSpan({ text: 'b' });
    el.empty();
    expect(el.childNodes).toHaveLength(0);
    el.setText('hello');
    el.appendText(' world');
    expect(el.getText()).toBe('hello world');
    const frag = document.createDocumentFragment();
    frag.appendChild(document.createElement('b')).textContent = 'bold';
    el.setText(frag);
    expect(el.innerHTML).toBe('<b>bold</b>');
    el.addClass('a', 'b');
    el.removeClass('a');
    el.toggleClass('c', true);
    el.toggleClass(['b'], false);
    expect([...el.classList]).toEqual(['c']);
    expect(el.hasClass('c')).toBe(true);
    el.setAttr('aria-label', 'L');
    el.setAttrs({ role: 'button', 'aria-label': null });
    expect([el.getAttr('role'), el.getAttr('aria-label')]).toEqual(['button', null]);
    expect(el.isShown()).toBe(true);
    el.hide();
    expect(el.isShown()).toBe(false);
    el.toggle(true);
    expect(el.isShown()).toBe(true);
    el.setCssStyles({ color: 'red' });
    el.setCssProps({ '--gap': '4px' });
    expect(el.style.color).toBe('red');
    expect(el.style.getPropertyValue('--gap')).toBe('4px');
    el.detach();
    expect(el.isConnected).toBe(false);
    expect(el.isShown()).toBe(false);
  });

  it('setIcon leaves one svg naming the icon; normalizePath follows Obsidian; activeDocument is the document', () => {
    const el = document.body.createDiv({ text: 'old' });
    setIcon(el, 'search');
    setIcon(el, 'brain');
    expect(el.children).toHaveLength(1);
    expect(el.querySelector('svg')?.getAttribute('data-icon')).toBe('brain');
    expect(normalizePath('\\a//b/ c/')).toBe('a/b/ c');
    expect(normalizePath('/')).toBe('/');
    expect(activeDocument).toBe(document);
    expect(activeWindow).toBe(window);
  });

  it('debounce fires once with the last arguments; cancel drops and run flushes the pending call', () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const d = debounce((n: number) => calls.push(n), 100, true);
    d(1);
    d(2);
    vi.advanceTimersByTime(99);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([2]);
    d(3);
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(calls).toEqual([2]);
    d(4);
    d.run();
    expect(calls).toEqual([2, 4]);
  });

  it('Keymap treats Ctrl/Meta or a middle click as the mod event', () => {
    expect(Keymap.isModEvent({ ctrlKey: true })).toBe('tab');
    expect(Keymap.isModEvent({ button: 1 })).toBe('tab');
    expect(Keymap.isModEvent({})).toBe(false);
    expect(Keymap.isModEvent(null)).toBe(false);
    expect(Keymap.isModifier({ ctrlKey: true }, 'Mod')).toBe(true);
    expect(Keymap.isModifier({ shiftKey: true }, 'Mod')).toBe(false);
  });
});

describe('Vault, adapter and metadata cache', () => {
  it('reads notes through the adapter, reports a missing file as ENOENT, and records writes', async () => {
    const app = new App('/home/u/My vault');
    const { vault } = app;
    expect(vault.getName()).toBe('My vault');
    expect(vault.adapter.getBasePath()).toBe('/home/u/My vault');
    const note = vault.addNote('Folder/Note.md', bytes('# Hi\n'), 1234);
    vault.addFiles(['img.png']);
    expect(note.stat).toEqual({ ctime: 1234, mtime: 1234, size: 5 });
    expect([note.name, note.basename, note.extension, note.vault]).toEqual(['Note.md', 'Note', 'md', vault]);
    expect(vault.getMarkdownFiles().map((f) => f.path)).toEqual(['Folder/Note.md']);
    expect(vault.getFiles().map((f) => f.path)).toEqual(['Folder/Note.md', 'img.png']);
    expect(vault.getAbstractFileByPath('Folder/Note.md')).toBe(note);
    expect(vault.getAbstractFileByPath('nope.md')).toBeNull();
    expect(await vault.adapter.read('Folder/Note.md')).toBe('# Hi\n');
    // readBinary hands out a copy: the caller may not change the stored note.
    const buf = new Uint8Array(await vault.adapter.readBinary('Folder/Note.md'));
    buf[0] = 0;
    expect(await vault.adapter.read('Folder/Note.md')).toBe('# Hi\n');
    await expect(vault.adapter.readBinary('gone.md')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await vault.adapter.exists('gone.md')).toBe(false);
    await vault.adapter.write('.obsidian/x.json', '{}');
    expect(await vault.adapter.exists('.obsidian/x.json')).toBe(true);
    expect(vault.adapter.written.get('.obsidian/x.json')).toBe(2);
  });

  it('delivers vault events fired with trigger', () => {
    const { vault } = new App();
    const seen: string[] = [];
    vault.on('modify', (f: TFile) => seen.push(`modify ${f.path}`));
    vault.on('rename', (f: TFile, old: string) => seen.push(`rename ${old} -> ${f.path}`));
    const [f] = vault.addFiles(['a.md']);
    vault.trigger('modify', f);
    f!.path = 'b.md';
    vault.trigger('rename', f, 'a.md');
    expect(seen).toEqual(['modify a.md', 'rename a.md -> b.md']);
  });

  it('resolves links by path, path without .md, then name, case-insensitively', () => {
    const app = new App();
    app.vault.addFiles(['Energy/KV cache.md', 'Other/Note.md', 'Note.md', 'pic.png']);
    const dest = (l: string) => app.metadataCache.getFirstLinkpathDest(l, '')?.path ?? null;
    expect(dest('Energy/KV cache.md')).toBe('Energy/KV cache.md');
    expect(dest('Energy/KV cache')).toBe('Energy/KV cache.md');
    expect(dest('kv CACHE')).toBe('Energy/KV cache.md');
    expect(dest('Note')).toBe('Note.md');
    expect(dest('pic.png')).toBe('pic.png');
    expect(dest('missing')).toBeNull();
  });
});

describe('requestUrl', () => {
  it('sends method, headers and body through fetch and returns status, headers and text', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response('{"ok":true}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const r = await requestUrl({ url: 'http://llm.local/v1', method: 'POST', headers: { A: '1' }, body: '{}' });
    expect([r.status, r.text]).toEqual([200, '{"ok":true}']);
    // Header names are case-insensitive (the DOM's Response may keep or lower their case).
    expect(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])).toEqual([
      ['content-type', 'application/json'],
    ]);
    expect(sent).toEqual([{ url: 'http://llm.local/v1', init: { method: 'POST', headers: { A: '1' }, body: '{}' } }]);
    await requestUrl({ url: 'http://llm.local/v1' });
    expect(sent[1]!.init).toEqual({ method: 'GET', headers: {} });
  });

  it('throws on an error status unless throw is false, and passes a network failure on', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 503 }));
    await expect(requestUrl({ url: 'http://llm.local/' })).rejects.toThrow(/status 503/);
    expect(await requestUrl({ url: 'http://llm.local/', throw: false })).toMatchObject({ status: 503, text: 'nope' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(requestUrl({ url: 'http://llm.local/' })).rejects.toThrow('fetch failed');
  });
});

class TestView extends ItemView {
  events: string[] = [];
  override getViewType(): string {
    return 'test-view';
  }
  override async onOpen(): Promise<void> {
    this.events.push('open');
    this.contentEl.createEl('p', { text: 'content' });
  }
  override async onClose(): Promise<void> {
    this.events.push('close');
  }
  override onunload(): void {
    this.events.push('unload');
  }
}

describe('Workspace and leaves', () => {
  it('opens a registered view in a leaf, finds it by type, and detaching closes and unloads it', async () => {
    const app = new App();
    const views: TestView[] = [];
    app.viewRegistry.set('test-view', (leaf: WorkspaceLeaf) => {
      const v = new TestView(leaf);
      views.push(v);
      return v;
    });
    const leaf = app.workspace.getRightLeaf(false);
    expect(leaf.getViewState()).toEqual({ type: 'empty' });
    await leaf.setViewState({ type: 'test-view', active: true });
    const view = views[0]!;
    expect(leaf.view).toBe(view);
    expect(view.leaf).toBe(leaf);
    expect(view.app).toBe(app);
    expect(view._loaded).toBe(true);
    expect(view.events).toEqual(['open']);
    expect(leaf.getViewState()).toEqual({ type: 'test-view' });
    expect(app.workspace.getLeavesOfType('test-view')).toEqual([leaf]);
    expect(app.workspace.containerEl.contains(view.contentEl)).toBe(true);
    expect(view.contentEl.textContent).toBe('content');
    // Setting another state closes the old view first.
    await leaf.setViewState({ type: 'test-view' });
    expect(views[0]!.events).toEqual(['open', 'close', 'unload']);
    expect(views[0]!.containerEl.isConnected).toBe(false);
    await expect(leaf.setViewState({ type: 'unknown' })).rejects.toThrow(/no view registered for type unknown/);
    const other = app.workspace.getLeaf(true);
    await other.setViewState({ type: 'test-view' });
    expect(app.workspace.getLeavesOfType('test-view')).toHaveLength(1);
    app.workspace.detachLeavesOfType('test-view');
    await Promise.resolve();
    await Promise.resolve();
    expect(app.workspace.leaves).toEqual([leaf]);
    expect(views[2]!.events).toEqual(['open', 'close', 'unload']);
  });

  it('queues onLayoutReady until the layout is ready, records openLinkText, and reports the active file', async () => {
    const app = new App();
    const ready: string[] = [];
    app.workspace.onLayoutReady(() => ready.push('queued'));
    expect(ready).toEqual([]);
    app.workspace.setLayoutReady();
    app.workspace.onLayoutReady(() => ready.push('immediate'));
    expect(ready).toEqual(['queued', 'immediate']);
    await app.workspace.openLinkText('Note', 'From.md', 'tab');
    expect(app.workspace.opened).toEqual([{ linktext: 'Note', sourcePath: 'From.md', newLeaf: 'tab' }]);
    expect(app.workspace.getActiveFile()).toBeNull();
    const [f] = app.vault.addFiles(['a.md']);
    app.workspace.activeFile = f!;
    expect(app.workspace.getActiveFile()).toBe(f);
  });
});

describe('Plugin', () => {
  it('adds commands, ribbon icons, status bar items, setting tabs, views and hover sources, and removes them all on unload', async () => {
    const app = new App();
    const plugin = new Plugin(app, MANIFEST);
    plugin.load();
    let ran = 0;
    const cmd = plugin.addCommand({ id: 'ask', name: 'Ask', callback: () => ran++ });
    expect(cmd.id).toBe('mock-test:ask');
    app.commands.get('mock-test:ask')!.callback!();
    let clicked = 0;
    const ribbon = plugin.addRibbonIcon('brain', 'Ask vault', () => clicked++);
    ribbon.click();
    expect([ran, clicked]).toEqual([1, 1]);
    expect(ribbon.getAttribute('aria-label')).toBe('Ask vault');
    expect(ribbon.querySelector('[data-icon="brain"]')).not.toBeNull();
    const status = plugin.addStatusBarItem();
    expect(app.statusBarEl.contains(status)).toBe(true);
    const tab = new PluginSettingTab(app, plugin);
    plugin.addSettingTab(tab);
    plugin.registerView('test-view', (leaf) => new TestView(leaf));
    plugin.registerHoverLinkSource('mock-test', { display: 'Mock', defaultMod: true });
    expect(app.settingTabs).toEqual([tab]);
    expect(app.viewRegistry.has('test-view')).toBe(true);
    expect(app.workspace.hoverLinkSources['mock-test']).toEqual({ display: 'Mock', defaultMod: true });
    plugin.unload();
    expect(app.commands.size).toBe(0);
    expect(ribbon.isConnected || app.ribbonEl.contains(ribbon)).toBe(false);
    expect(app.statusBarEl.contains(status)).toBe(false);
    expect(app.settingTabs).toEqual([]);
    expect(app.viewRegistry.size).toBe(0);
    expect(app.workspace.hoverLinkSources).toEqual({});
  });

  it('keeps saved data on the App as a copy, so a reloaded plugin reads what the last one saved', async () => {
    const app = new App();
    const first = new Plugin(app, MANIFEST);
    expect(await first.loadData()).toBeNull();
    const data = { budget: 3000, nested: { a: [1] } };
    await first.saveData(data);
    data.nested.a.push(2);
    await first.saveData({ budget: 1200 });
    expect(app.saveCount.get('mock-test')).toBe(2);
    const second = new Plugin(app, MANIFEST);
    const loaded = await second.loadData();
    expect(loaded).toEqual({ budget: 1200 });
    loaded.budget = 1;
    expect(await second.loadData()).toEqual({ budget: 1200 });
  });
});

describe('Setting and setting controls', () => {
  it('builds a row with name, description and controls whose onChange fires on user input', () => {
    const container = document.body.createDiv();
    const changes: unknown[] = [];
    let clicked = 0;
    const s = new Setting(container)
      .setName('Budget')
      .setDesc('Tokens per question')
      .addText((t) =>
        t
          .setPlaceholder('3000')
          .setValue('1200')
          .onChange((v) => changes.push(['text', v])),
      )
      .addToggle((t) => t.setValue(true).onChange((v) => changes.push(['toggle', v])))
      .addDropdown((d) =>
        d
          .addOptions({ a: 'A', b: 'B' })
          .setValue('b')
          .onChange((v) => changes.push(['dropdown', v])),
      )
      .addSlider((sl) =>
        sl
          .setLimits(0, 10, 1)
          .setValue(3)
          .onChange((v) => changes.push(['slider', v])),
      )
      .addButton((b) =>
        b
          .setButtonText('Rebuild')
          .setCta()
          .setTooltip('tip')
          .onClick(() => clicked++),
      );
    expect(container.querySelector('.setting-item-name')?.textContent).toBe('Budget');
    expect(container.querySelector('.setting-item-description')?.textContent).toBe('Tokens per question');
    expect(s.components).toHaveLength(5);
    const input = s.controlEl.querySelector('input[type="text"]') as HTMLInputElement;
    expect([input.value, input.placeholder]).toEqual(['1200', '3000']);
    input.value = '800';
    input.dispatchEvent(new Event('input'));
    const toggle = s.controlEl.querySelector('.checkbox-container') as HTMLElement;
    expect(toggle.hasClass('is-enabled')).toBe(true);
    toggle.click();
    expect(toggle.hasClass('is-enabled')).toBe(false);
    const select = s.controlEl.querySelector('select') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['a', 'A'],
      ['b', 'B'],
    ]);
    expect(select.value).toBe('b');
    select.value = 'a';
    select.dispatchEvent(new Event('change'));
    const slider = s.controlEl.querySelector('input[type="range"]') as HTMLInputElement;
    expect([slider.min, slider.max, slider.step, slider.value]).toEqual(['0', '10', '1', '3']);
    slider.value = '7';
    slider.dispatchEvent(new Event('input'));
    const button = s.controlEl.querySelector('button') as HTMLButtonElement;
    expect([button.textContent, button.hasClass('mod-cta'), button.getAttribute('aria-label')]).toEqual([
      'Rebuild',
      true,
      'tip',
    ]);
    button.click();
    expect(changes).toEqual([
      ['text', '800'],
      ['toggle', false],
      ['dropdown', 'a'],
      ['slider', 7],
    ]);
    expect(clicked).toBe(1);
  });

  it('a disabled toggle ignores clicks; a disabled button is disabled; headings and classes mark the row', () => {
    const container = document.body.createDiv();
    const changes: boolean[] = [];
    const s = new Setting(container)
      .setHeading()
      .setClass('mine')
      .setDisabled(true)
      .addToggle((t) => t.setDisabled(true).onChange((v) => changes.push(v)))
      .addButton((b) => b.setDisabled(true).setWarning().setIcon('trash'));
    (s.controlEl.querySelector('.checkbox-container') as HTMLElement).click();
    expect(changes).toEqual([]);
    const button = s.controlEl.querySelector('button') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.hasClass('mod-warning')).toBe(true);
    expect(button.querySelector('[data-icon="trash"]')).not.toBeNull();
    expect([...s.settingEl.classList]).toEqual(['setting-item', 'setting-item-heading', 'mine', 'is-disabled']);
  });

  it('a settings tab empties its container on hide', () => {
    const app = new App();
    const tab = new (class extends PluginSettingTab {
      override display(): void {
        new Setting(this.containerEl).setName('x');
      }
    })(app, new Plugin(app, MANIFEST));
    tab.display();
    expect(tab.containerEl.querySelectorAll('.setting-item')).toHaveLength(1);
    tab.hide();
    expect(tab.containerEl.childNodes).toHaveLength(0);
  });
});

describe('Modal, Notice and HoverPopover', () => {
  it('a modal is in the document only while open; onOpen/onClose run once each', () => {
    const calls: string[] = [];
    const modal = new (class extends Modal {
      override onOpen(): void {
        calls.push('open');
        this.contentEl.createEl('p', { text: 'body' });
      }
      override onClose(): void {
        calls.push('close');
      }
    })(new App());
    expect(modal.containerEl.isConnected).toBe(false);
    modal.setTitle('Ask vault');
    modal.open();
    expect(modal.isOpen).toBe(true);
    expect(document.body.querySelector('.modal-title')?.textContent).toBe('Ask vault');
    expect(document.body.querySelector('.modal-content')?.textContent).toBe('body');
    modal.close();
    modal.close();
    expect(modal.isOpen).toBe(false);
    expect(modal.containerEl.isConnected).toBe(false);
    expect(calls).toEqual(['open', 'close']);
  });

  it('records every notice message (strings and fragments) and which notices are still shown', () => {
    const a = new Notice('first');
    const frag = document.createDocumentFragment();
    frag.appendChild(document.createElement('b')).textContent = 'second';
    const b = new Notice(frag, 0);
    expect(b.duration).toBe(0);
    a.setMessage('first, updated');
    expect(Notice.messages).toEqual(['first', 'second', 'first, updated']);
    expect(a.noticeEl.textContent).toBe('first, updated');
    a.hide();
    expect(a.hidden).toBe(true);
    expect(Notice.active).toEqual([b]);
    Notice.reset();
    expect([Notice.messages, Notice.active]).toEqual([[], []]);
  });

  it('a hover popover attaches to the body and to its parent, and hide detaches and unloads it', () => {
    const parent: { hoverPopover: HoverPopover | null } = { hoverPopover: null };
    const target = document.body.createDiv();
    const pop = new HoverPopover(parent, target, 300);
    expect(parent.hoverPopover).toBe(pop);
    expect([pop.targetEl, pop.waitTime, pop.state]).toEqual([target, 300, PopoverState.Shown]);
    expect(pop.hoverEl.isConnected).toBe(true);
    expect(pop._loaded).toBe(true);
    let cleaned = 0;
    pop.register(() => cleaned++);
    pop.hide();
    expect(pop.state).toBe(PopoverState.Hidden);
    expect(pop.hoverEl.isConnected).toBe(false);
    expect(parent.hoverPopover).toBeNull();
    expect(cleaned).toBe(1);
    // A newer popover on the same parent is not cleared by hiding the old one.
    const older = new HoverPopover(parent, target);
    const newer = new HoverPopover(parent, target);
    older.hide();
    expect(parent.hoverPopover).toBe(newer);
  });
});
