import { describe, expect, it } from 'vitest';
import { NOTE_WARNING, prepareNote } from '../../../src/core/markdown/prepare-note';
import { chunkNote, DEFAULT_CHUNKER } from '../../../src/core/markdown/chunk-note';
import { parseNote } from '../../../src/core/markdown/parse-note';
import { countTokens } from '../../../src/core/tokens';
import { clearTokenMemo, referenceCount } from '../../../src/core/token-memo';
import { base64, lcg, prose } from '../../engine/hostile-vault';

// A generous time budget where content is checked, so that a loaded machine cannot change the result.
const SLOW_OK = { budgetMs: 60_000 };

describe('prepareNote', () => {
  it('gives the same chunks as chunkNote and the exact token count of a clean note', () => {
    const r = lcg(1);
    const text = `---\ntags: [a]\n---\n# One\n${prose(300, r)}\n\n## Two\n${prose(200, r)}\n`;
    const p = prepareNote('N.md', text, DEFAULT_CHUNKER, SLOW_OK);
    expect(p.chunks).toEqual(chunkNote(parseNote('N.md', text), DEFAULT_CHUNKER));
    expect(p.fullTokens).toBe(countTokens(text));
    expect(p.warnings).toEqual([]);
  });

  it('stores exact counts, checked against the tokenizer itself: every chunk and the whole of a large note', () => {
    const r = lcg(9);
    const part = (i: number): string =>
      `## Part ${i}\n${prose(40, r)}\n\n- item ${i}: ${prose(8, r)}\n  - nested \`code\` «${i}»\n\n` +
      `\`\`\`ts\n// step ${i}\nconst x${i} = [${i}, ${i * 7}];\n    return x${i}; // Привет 中文 😀\n\`\`\`\n` +
      `> quote ${prose(6, r)}\n>\n> — end\n\n| a | b |\n|---|---|\n| ${i} | ${prose(3, r)} |\n`;
    const text = `---\ntitle: Big\n---\n# Big\n${Array.from({ length: 700 }, (_, i) => part(i)).join('\n')}`;
    // Above the size the whole-note count used to be estimated from samples.
    expect(text.length).toBeGreaterThan(256_000);
    clearTokenMemo();
    const p = prepareNote('Big.md', text, DEFAULT_CHUNKER, { ...SLOW_OK, maxWallMs: 60_000 });
    expect(p.warnings).toEqual([]);
    expect(p.chunks.length).toBeGreaterThanOrEqual(700);
    for (const c of p.chunks) expect(c.tokens).toBe(referenceCount(c.text));
    expect(p.fullTokens).toBe(referenceCount(text));
  });

  it('prepares a note that quotes special-token strings (it used to be skipped as unparsable)', () => {
    const p = prepareNote('LLM.md', '# Stops\nThe model stops at <|endoftext|>.\n', DEFAULT_CHUNKER, SLOW_OK);
    expect(p.chunks).toHaveLength(1);
    expect(p.chunks[0]?.tokens).toBe(referenceCount(p.chunks[0]?.text ?? ''));
    expect(p.fullTokens).toBe(referenceCount('# Stops\nThe model stops at <|endoftext|>.'));
  });

  it('counts what an LLM would be given: no image data in the whole-note count', () => {
    const r = lcg(2);
    const text = `# Shot\nThe plan.\n![image.png](data:image/png;base64,${base64(40_000, r)})\nAfter.`;
    const p = prepareNote('Shot.md', text, DEFAULT_CHUNKER, SLOW_OK);
    expect(countTokens(text)).toBeGreaterThan(20_000);
    expect(p.fullTokens).toBe(countTokens('# Shot\nThe plan.\n[image]\nAfter.'));
    expect(p.hygiene.images).toBe(1);
  });

  it('indexes only the first maxChars of cleaned text, with a named warning', () => {
    const r = lcg(3);
    const text = Array.from({ length: 40 }, (_, i) => `# Part ${i}\n${prose(60, r)}`).join('\n');
    const whole = prepareNote('Long.md', text, DEFAULT_CHUNKER, SLOW_OK);
    const capped = prepareNote('Long.md', text, DEFAULT_CHUNKER, { ...SLOW_OK, maxChars: 2000 });
    expect(capped.warnings).toHaveLength(1);
    expect(capped.warnings[0]).toMatch(new RegExp(`^${NOTE_WARNING.size}: .* only the first 0\\.0 MB is indexed$`));
    expect(capped.chunks.length).toBeGreaterThan(0);
    expect(capped.chunks.length).toBeLessThan(whole.chunks.length);
    expect(capped.fullTokens).toBeLessThan(whole.fullTokens / 4);
    // Links are parsed from the whole text all the same.
    expect(capped.parsed.headings).toHaveLength(40);
  });

  it('stops chunking when the time budget runs out, keeps what is done and names the lines left out', () => {
    const r = lcg(4);
    const text = Array.from({ length: 200 }, (_, i) => `# Part ${i}\n${prose(80, r)}`).join('\n');
    let t = 0;
    // A fake clock: each reading is 40 ms later, so the 100 ms budget runs out part-way through.
    const p = prepareNote('Slow.md', text, DEFAULT_CHUNKER, { budgetMs: 100, now: () => (t += 40) });
    const all = prepareNote('Slow.md', text, DEFAULT_CHUNKER, SLOW_OK);
    expect(p.chunks.length).toBeGreaterThan(0);
    expect(p.chunks.length).toBeLessThan(all.chunks.length);
    expect(p.chunks).toEqual(all.chunks.slice(0, p.chunks.length).map((c, i) => ({ ...c, ...p.chunks[i] })));
    expect(p.warnings).toHaveLength(1);
    const m = new RegExp(
      `^${NOTE_WARNING.time}: over the 100 ms budget; the rest of the note, from line (\\d+), is not indexed$`,
    ).exec(p.warnings[0] ?? '');
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBe((p.chunks[p.chunks.length - 1]?.endLine ?? 0) + 2);
    expect(p.fullTokens).toBeLessThan(all.fullTokens);
  });

  it('also stops at the wall-clock limit when the budget is measured on another clock (CPU time)', () => {
    const r = lcg(6);
    const text = Array.from({ length: 200 }, (_, i) => `# Part ${i}\n${prose(80, r)}`).join('\n');
    let wall = 0;
    const p = prepareNote('Busy.md', text, DEFAULT_CHUNKER, {
      budgetMs: 100,
      now: () => 0,
      maxWallMs: 2000,
      wallNow: () => (wall += 800),
    });
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(
      new RegExp(
        `^${NOTE_WARNING.time}: took over 2000 ms \\(the machine is busy\\); the rest of the note, from line \\d+, is not indexed$`,
      ),
    );
    expect(p.chunks.length).toBeGreaterThan(0);
  });

  it('reads only the first maxParseChars of a huge text', () => {
    const r = lcg(5);
    const text = Array.from({ length: 200 }, () => prose(20, r)).join('\n');
    const p = prepareNote('Huge.md', text, DEFAULT_CHUNKER, { ...SLOW_OK, maxParseChars: 5000 });
    expect(p.warnings[0]).toMatch(new RegExp(`^${NOTE_WARNING.size}: .* only the first 0\\.0 MB is read$`));
    expect(p.parsed.body.length).toBeLessThanOrEqual(5000);
  });
});
