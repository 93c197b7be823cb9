// Notices, modals and popovers of the obsidian mock.
import './dom';
import { Component } from './events';
import type { App } from './workspace';

/** A toast; every message is recorded in Notice.messages. */
export class Notice {
  static messages: string[] = [];
  static active: Notice[] = [];
  noticeEl: HTMLElement = createDiv({ cls: 'notice' });
  containerEl: HTMLElement = this.noticeEl;
  messageEl: HTMLElement = this.noticeEl;
  hidden = false;
  constructor(
    message: string | DocumentFragment,
    public duration?: number,
  ) {
    this.setMessage(message);
    Notice.active.push(this);
  }
  setMessage(message: string | DocumentFragment): this {
    this.noticeEl.setText(typeof message === 'string' ? message : (message.textContent ?? ''));
    Notice.messages.push(this.noticeEl.textContent ?? '');
    return this;
  }
  hide(): void {
    this.hidden = true;
    Notice.active = Notice.active.filter((n) => n !== this);
  }
  /** Test helper: forgets recorded notices. */
  static reset(): void {
    Notice.messages = [];
    Notice.active = [];
  }
}

/** A dialog attached to document.body while open. */
export class Modal {
  containerEl: HTMLElement = createDiv({ cls: 'modal-container' });
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  isOpen = false;
  constructor(public app: App) {
    this.modalEl = this.containerEl.createDiv({ cls: 'modal' });
    this.titleEl = this.modalEl.createDiv({ cls: 'modal-title' });
    this.contentEl = this.modalEl.createDiv({ cls: 'modal-content' });
  }
  open(): void {
    document.body.appendChild(this.containerEl);
    this.isOpen = true;
    this.onOpen();
  }
  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.onClose();
    this.containerEl.remove();
  }
  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }
  onOpen(): void {}
  onClose(): void {}
}

/** Popover states, as in Obsidian. */
export enum PopoverState {
  Showing,
  Shown,
  Hiding,
  Hidden,
}

/** The page-preview popover: an element attached to the body, owned by its hover parent. */
export class HoverPopover extends Component {
  hoverEl: HTMLElement = createDiv({ cls: 'popover hover-popover' });
  state: PopoverState = PopoverState.Showing;
  constructor(
    public parent: { hoverPopover: HoverPopover | null },
    public targetEl: HTMLElement | null,
    public waitTime = 0,
  ) {
    super();
    parent.hoverPopover = this;
    document.body.appendChild(this.hoverEl);
    this.load();
    this.state = PopoverState.Shown;
  }
  hide(): void {
    this.state = PopoverState.Hidden;
    this.hoverEl.remove();
    if (this.parent.hoverPopover === this) this.parent.hoverPopover = null;
    this.unload();
  }
}
