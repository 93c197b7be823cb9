import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/engine/hash';
import { sha256Hex, useFasterSha256Hex } from '../../src/core/util/sha256';

const texts = ['', 'abc', 'note.md\n# Title\nbody', 'ёжик в тумане 🦔', 'x'.repeat(1000), '\u0000\uffff'];

afterEach(() => useFasterSha256Hex(sha256));

describe('sha256 (engine) and chunk ids', () => {
  it('the native sha256 the engine installs gives the plain one digests', () => {
    const faster = texts.map((t) => sha256Hex(t));
    useFasterSha256Hex(null);
    const plain = texts.map((t) => sha256Hex(t));
    expect(faster).toEqual(plain);
    expect(texts.map((t) => sha256(t))).toEqual(plain);
  });

  it('sha256Hex uses the installed implementation', () => {
    useFasterSha256Hex(() => 'installed');
    expect(sha256Hex('abc')).toBe('installed');
  });
});
