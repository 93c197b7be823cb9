import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { chunkNote } from '../../../src/core/markdown/chunk-note';
import { parseNote } from '../../../src/core/markdown/parse-note';

// Stored passage vectors must never change silently (an index keeps them forever): the digest of the example
// vault's chunks and a few odd texts, embedded twice (cold, then from the per-word caches), is fixed.
const EXPECTED = 'da361ea5bfe11d93d53584f01da199696c30347f5624c0eccf52d22cc27a6a1a';

function exampleTexts(): string[] {
  const root = join(__dirname, '../../../examples/vault');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.md')) files.push(join(d, e.name));
    }
  };
  walk(root);
  const chunks = files.flatMap((f) => chunkNote(parseNote(relative(root, f), readFileSync(f, 'utf8'))));
  return [
    ...chunks.map((c) => c.text),
    'Индексация заметок: индекс, индексы и индексирование; ёлка и елка.',
    'processFrontMatter app.vault.getFiles snake_case_name HTTPServer x-y a.b',
    'the the the a an of',
    'add adds added adding addition Add-ons add-on',
    '',
  ];
}

describe('local embedder passage vectors', () => {
  it('are byte-identical to the recorded ones', async () => {
    const e = new LocalEmbedder();
    await e.init();
    const texts = exampleTexts();
    const h = createHash('sha256');
    for (let round = 0; round < 2; round++) {
      for (const v of await e.embed(texts, 'passage')) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
    expect(h.digest('hex')).toBe(EXPECTED);
  });
});
