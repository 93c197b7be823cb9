// Obsidian's DOM helpers (createEl, createDiv, empty, addClass, ...) installed onto the real DOM's prototypes,
// plus the small utility exports of the obsidian module.

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Options accepted by createEl/createDiv/createSpan (subset of Obsidian's DomElementInfo). */
export interface DomInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  parent?: Node;
  value?: string;
  type?: string;
  prepend?: boolean;
  placeholder?: string;
  href?: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function classesOf(cls: string | string[] | undefined): string[] {
  if (!cls) return [];
  return (Array.isArray(cls) ? cls : cls.split(' ')).filter((c) => c.length > 0);
}

function setAttrs(el: Element, attr: DomInfo['attr']): void {
  for (const [k, v] of Object.entries(attr ?? {})) {
    if (v === null || v === false) el.removeAttribute(k);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function applyInfo(el: Element, o: DomInfo | string | undefined, parent: Node | null): void {
  const info: DomInfo = typeof o === 'string' ? { cls: o } : (o ?? {});
  for (const c of classesOf(info.cls)) el.classList.add(c);
  if (info.text !== undefined) {
    if (typeof info.text === 'string') el.textContent = info.text;
    else el.appendChild(info.text);
  }
  setAttrs(el, info.attr);
  if (info.title !== undefined) el.setAttribute('title', info.title);
  const anyEl = el as any;
  if (info.type !== undefined) anyEl.type = info.type;
  if (info.value !== undefined) anyEl.value = info.value;
  if (info.placeholder !== undefined) anyEl.placeholder = info.placeholder;
  if (info.href !== undefined) anyEl.href = info.href;
  const target = info.parent ?? parent;
  if (target) {
    if (info.prepend) target.insertBefore(el, target.firstChild);
    else target.appendChild(el);
  }
}

function makeEl(
  doc: Document,
  tag: string,
  o: DomInfo | string | undefined,
  parent: Node | null,
  cb?: (el: any) => void,
): any {
  const el = doc.createElement(tag);
  applyInfo(el, o, parent);
  cb?.(el);
  return el;
}

function makeSvg(
  doc: Document,
  tag: string,
  o: DomInfo | string | undefined,
  parent: Node | null,
  cb?: (el: any) => void,
): any {
  const el = doc.createElementNS(SVG_NS, tag);
  applyInfo(el, o, parent);
  cb?.(el);
  return el;
}

/** Installs Obsidian's DOM prototype helpers onto the given window's classes (idempotent). */
export function installDomHelpers(win: any = globalThis): void {
  if (!win.Node || win.Node.prototype.__overlayMockHelpers) return;
  const nodeProto = win.Node.prototype;
  const elProto = win.Element.prototype;
  const htmlProto = win.HTMLElement.prototype;
  const docOf = (n: Node): Document => (n.nodeType === 9 ? (n as Document) : (n.ownerDocument ?? win.document));
  Object.defineProperty(nodeProto, '__overlayMockHelpers', { value: true });
  Object.assign(nodeProto, {
    createEl(this: Node, tag: string, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeEl(docOf(this), tag, o, this, cb);
    },
    createDiv(this: Node, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeEl(docOf(this), 'div', o, this, cb);
    },
    createSpan(this: Node, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeEl(docOf(this), 'span', o, this, cb);
    },
    createSvg(this: Node, tag: string, o?: DomInfo | string, cb?: (el: any) => void) {
      return makeSvg(docOf(this), tag, o, this, cb);
    },
    empty(this: Node) {
      while (this.firstChild) this.removeChild(this.firstChild);
    },
    detach(this: Node) {
      this.parentNode?.removeChild(this);
    },
    appendText(this: Node, text: string) {
      this.appendChild(docOf(this).createTextNode(text));
    },
    instanceOf(this: Node, type: any) {
      return this instanceof type;
    },
  });
  Object.assign(elProto, {
    addClass(this: Element, ...c: string[]) {
      this.classList.add(...c);
    },
    removeClass(this: Element, ...c: string[]) {
      this.classList.remove(...c);
    },
    toggleClass(this: Element, c: string | string[], value: boolean) {
      for (const x of Array.isArray(c) ? c : [c]) this.classList.toggle(x, value);
    },
    hasClass(this: Element, c: string) {
      return this.classList.contains(c);
    },
    setText(this: Element, text: string | DocumentFragment) {
      this.textContent = '';
      if (typeof text === 'string') this.textContent = text;
      else this.appendChild(text);
    },
    getText(this: Element) {
      return this.textContent ?? '';
    },
    setAttr(this: Element, k: string, v: string | number | boolean | null) {
      setAttrs(this, { [k]: v });
    },
    setAttrs(this: Element, obj: Record<string, string | number | boolean | null>) {
      setAttrs(this, obj);
    },
    getAttr(this: Element, k: string) {
      return this.getAttribute(k);
    },
  });
  Object.assign(htmlProto, {
    show(this: HTMLElement) {
      this.style.display = '';
    },
    hide(this: HTMLElement) {
      this.style.display = 'none';
    },
    toggle(this: HTMLElement, show: boolean) {
      this.style.display = show ? '' : 'none';
    },
    isShown(this: HTMLElement) {
      return this.isConnected && this.style.display !== 'none';
    },
    setCssStyles(this: HTMLElement, styles: Record<string, string>) {
      Object.assign(this.style, styles);
    },
    setCssProps(this: HTMLElement, props: Record<string, string>) {
      for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
    },
  });
  if (win.SVGElement) {
    Object.assign(win.SVGElement.prototype, {
      setCssStyles(this: SVGElement, styles: Record<string, string>) {
        Object.assign(this.style, styles);
      },
      setCssProps(this: SVGElement, props: Record<string, string>) {
        for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
      },
    });
  }
  win.createEl = (tag: string, o?: DomInfo | string, cb?: (el: any) => void) => makeEl(win.document, tag, o, null, cb);
  win.createDiv = (o?: DomInfo | string, cb?: (el: any) => void) => makeEl(win.document, 'div', o, null, cb);
  win.createSpan = (o?: DomInfo | string, cb?: (el: any) => void) => makeEl(win.document, 'span', o, null, cb);
  win.createSvg = (tag: string, o?: DomInfo | string, cb?: (el: any) => void) =>
    makeSvg(win.document, tag, o, null, cb);
  win.activeDocument = win.document;
  win.activeWindow = win;
}

installDomHelpers();

/** Same rules as Obsidian's normalizePath: forward slashes, no doubled, leading or trailing slash. */
export function normalizePath(path: string): string {
  const p = path
    .replace(/[\\/]+/g, '/')
    .replace(/\u00a0|\u202f/g, ' ')
    .replace(/^\/+|\/+$/g, '');
  return p === '' ? '/' : p.normalize('NFC');
}

/** Draws a placeholder icon: an <svg> carrying the icon id, so tests can see which icon was set. */
export function setIcon(el: HTMLElement, icon: string): void {
  el.empty();
  el.createSvg('svg', { cls: ['svg-icon', `lucide-${icon}`], attr: { 'data-icon': icon } });
}

/** Obsidian's debounce: returns a callable with cancel() and run(). */
export function debounce<T extends unknown[]>(cb: (...args: T) => unknown, timeout = 0, resetTimer = false): any {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastArgs: T | null = null;
  const fire = () => {
    timer = null;
    if (lastArgs) {
      const a = lastArgs;
      lastArgs = null;
      cb(...a);
    }
  };
  const d: any = (...args: T) => {
    lastArgs = args;
    if (timer && resetTimer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!timer) timer = setTimeout(fire, timeout);
    return d;
  };
  d.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastArgs = null;
    return d;
  };
  d.run = () => {
    if (timer) clearTimeout(timer);
    fire();
  };
  return d;
}

/** Keyboard-modifier helpers; Mod is Ctrl here (Cmd on macOS in the real app). */
export class Keymap {
  static isModEvent(evt?: { ctrlKey?: boolean; metaKey?: boolean; button?: number } | null): boolean | string {
    if (!evt) return false;
    if (evt.ctrlKey || evt.metaKey) return 'tab';
    if (evt.button === 1) return 'tab';
    return false;
  }
  static isModifier(
    evt: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; shiftKey?: boolean },
    mod: string,
  ): boolean {
    if (mod === 'Mod' || mod === 'Ctrl') return Boolean(evt.ctrlKey);
    if (mod === 'Meta') return Boolean(evt.metaKey);
    if (mod === 'Alt') return Boolean(evt.altKey);
    if (mod === 'Shift') return Boolean(evt.shiftKey);
    return false;
  }
}

/** Platform flags: the tests run as "desktop". */
export const Platform = { isDesktop: true, isDesktopApp: true, isMobile: false, isMobileApp: false, isMacOS: false };
