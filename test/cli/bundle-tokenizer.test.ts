import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRanks, type RankEntry } from '../../src/engine/compact-ranks';
import { buildCli } from './index-helpers';

describe('the Node bundles’ tokenizer', () => {
  it("is built beside them from the package's o200k_base ranks (dist/o200k_base.ranks)", () => {
    buildCli();
    const ranks = (createRequire(import.meta.url)('gpt-tokenizer/cjs/bpeRanks/o200k_base') as { default: RankEntry[] })
      .default;
    const file = readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'o200k_base.ranks'));
    expect(Buffer.from(encodeRanks(ranks)).equals(file)).toBe(true);
  });
});
