import { createHash as nodeHash } from 'node:crypto';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHash } from '../../../src/engine/worker/shims/node-crypto';
import * as shimPath from '../../../src/engine/worker/shims/node-path';
import { lowRankVectors } from '../../core/index/random-vectors';

describe('worker shims', () => {
  it('sha256 gives the same digests as node:crypto for text and bytes of every padding length', () => {
    for (let n = 0; n < 200; n++) {
      const text = 'é漢a'.repeat(n).slice(0, n);
      expect(createHash('sha256').update(text).digest('hex')).toBe(nodeHash('sha256').update(text).digest('hex'));
    }
    const bytes = new Uint8Array(lowRankVectors(50, 64, 4, 0.5, 3)[0]!.buffer);
    expect(createHash('sha256').update(bytes).update('x').digest('hex')).toBe(
      nodeHash('sha256').update(bytes).update('x').digest('hex'),
    );
    expect(() => createHash('md5')).toThrow(/only sha256/);
  });

  it('path functions agree with node:path (POSIX) on vault paths', () => {
    for (const [a, b] of [
      ['/v', '/v/a/b.md'],
      ['/v/a', '/v/b/c.md'],
      ['/v', '/w/x.md'],
    ] as const) {
      expect(shimPath.relative(a, b)).toBe(nodePath.posix.relative(a, b));
    }
    expect(shimPath.join('a', '../b', 'c.md')).toBe(nodePath.posix.join('a', '../b', 'c.md'));
    expect(shimPath.isAbsolute('/x')).toBe(true);
    expect(shimPath.isAbsolute('x')).toBe(false);
  });
});
