// @vitest-environment happy-dom
// The hand-written Obsidian mock: DOM helpers.
// Why the mock is pinned by tests: obsidian-mock-setup.ts.
import { describe, expect, it, vi } from 'vitest';
import { debounce, Keymap, normalizePath, setIcon } from '../__mocks__/obsidian';
import { resetMockAfterEach } from './obsidian-mock-setup';

resetMockAfterEach();

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
