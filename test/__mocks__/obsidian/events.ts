// Events and Component of the obsidian mock.

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Handle returned by Events.on. */
export interface EventRef {
  e: Events;
  name: string;
  fn: (...data: any[]) => unknown;
  ctx?: unknown;
}

/** Obsidian's event emitter. */
export class Events {
  private handlers = new Map<string, EventRef[]>();
  on(name: string, fn: (...data: any[]) => unknown, ctx?: unknown): EventRef {
    const ref: EventRef = { e: this, name, fn, ctx };
    const list = this.handlers.get(name) ?? [];
    list.push(ref);
    this.handlers.set(name, list);
    return ref;
  }
  off(name: string, fn: (...data: any[]) => unknown): void {
    const list = this.handlers.get(name);
    if (list)
      this.handlers.set(
        name,
        list.filter((r) => r.fn !== fn),
      );
  }
  offref(ref: EventRef): void {
    const list = this.handlers.get(ref.name);
    if (list)
      this.handlers.set(
        ref.name,
        list.filter((r) => r !== ref),
      );
  }
  trigger(name: string, ...data: unknown[]): void {
    for (const ref of [...(this.handlers.get(name) ?? [])]) ref.fn.apply(ref.ctx, data);
  }
  tryTrigger(ref: EventRef, data: unknown[]): void {
    ref.fn.apply(ref.ctx, data);
  }
  /** Test helper: how many listeners are registered for `name`. */
  listenerCount(name: string): number {
    return this.handlers.get(name)?.length ?? 0;
  }
}

/** Obsidian's Component: owns children and cleanup callbacks. */
export class Component {
  _loaded = false;
  private cleanups: (() => unknown)[] = [];
  private children: Component[] = [];
  load(): void {
    if (this._loaded) return;
    this._loaded = true;
    this.onload();
    for (const c of this.children) c.load();
  }
  onload(): void {}
  unload(): void {
    if (!this._loaded) return;
    this._loaded = false;
    for (const c of this.children.splice(0)) c.unload();
    for (const fn of this.cleanups.splice(0).reverse()) fn();
    this.onunload();
  }
  onunload(): void {}
  addChild<T extends Component>(c: T): T {
    this.children.push(c);
    if (this._loaded) c.load();
    return c;
  }
  removeChild<T extends Component>(c: T): T {
    const i = this.children.indexOf(c);
    if (i >= 0) {
      this.children.splice(i, 1);
      c.unload();
    }
    return c;
  }
  register(cb: () => unknown): void {
    this.cleanups.push(cb);
  }
  registerEvent(ref: EventRef): void {
    this.register(() => ref.e.offref(ref));
  }
  registerDomEvent(
    el: EventTarget,
    type: string,
    cb: (evt: any) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void {
    el.addEventListener(type, cb as EventListener, options);
    this.register(() => el.removeEventListener(type, cb as EventListener, options));
  }
  registerInterval(id: number): number {
    this.register(() => clearInterval(id));
    return id;
  }
}
