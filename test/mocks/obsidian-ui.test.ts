// @vitest-environment happy-dom
// The hand-written Obsidian mock: Setting, Modal, Notice and HoverPopover.
// Why the mock is pinned by tests: obsidian-mock-setup.ts.
import { describe, expect, it } from 'vitest';
import {
  App,
  HoverPopover,
  Modal,
  Notice,
  Plugin,
  PluginSettingTab,
  PopoverState,
  Setting,
} from '../__mocks__/obsidian';
import { MANIFEST, resetMockAfterEach } from './obsidian-mock-setup';

resetMockAfterEach();

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
