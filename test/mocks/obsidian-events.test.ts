// @vitest-environment happy-dom
// The hand-written Obsidian mock: Events and Component.
// Why the mock is pinned by tests: obsidian-mock-setup.ts.
import { describe, expect, it, vi } from 'vitest';
import { Component, Events } from '../__mocks__/obsidian';
import { resetMockAfterEach } from './obsidian-mock-setup';

resetMockAfterEach();

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
