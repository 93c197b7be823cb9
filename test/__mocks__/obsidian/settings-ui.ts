// Setting rows, their controls and PluginSettingTab of the obsidian mock.
import { setIcon } from './dom';
import type { App, Plugin } from './workspace';

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
