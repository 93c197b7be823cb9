// The hand-written Obsidian mock (test/__mocks__/obsidian*) is what every plugin test runs against, so the
// behaviour those tests rely on is pinned by the obsidian-*.test.ts files here: if the mock drifts, they fail
// instead of the plugin tests silently proving less. This is what those files share.
import { afterEach, vi } from 'vitest';
import { Notice } from '../__mocks__/obsidian';

/** UTF-8 bytes of a string. */
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The manifest of the plugins the tests build. */
export const MANIFEST = { id: 'mock-test', name: 'Mock test', version: '1.0.0' };

/** Clears the document, notices, stubbed globals and fake timers after each test of the file. */
export function resetMockAfterEach(): void {
  afterEach(() => {
    document.body.empty();
    Notice.reset();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
}
