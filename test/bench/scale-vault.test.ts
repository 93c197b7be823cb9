import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { FRONT_MATTER_SHARE, generateQuestions, generateScaleVault } from '../../src/bench/scale-vault';
import { growthExponents, type ScaleSizeResult } from '../../src/bench/scale-bench';

const digest = (notes: { path: string; text: string }[]): string => {
  const h = createHash('sha256');
  for (const n of notes) h.update(n.path).update('\0').update(n.text).update('\0');
  return h.digest('hex');
};

describe('scale vault generator', () => {
  const notes = generateScaleVault({ notes: 300, seed: 15 });

  it('is deterministic in its seed', () => {
    expect(digest(generateScaleVault({ notes: 300, seed: 15 }))).toBe(digest(notes));
    expect(digest(generateScaleVault({ notes: 300, seed: 16 }))).not.toBe(digest(notes));
    expect(generateQuestions(notes, 20, 15)).toEqual(
      generateQuestions(generateScaleVault({ notes: 300, seed: 15 }), 20, 15),
    );
  });

  it('makes the requested number of distinct notes with realistic structure', () => {
    expect(notes).toHaveLength(300);
    expect(new Set(notes.map((n) => n.path.toLowerCase())).size).toBe(300);
    const plain = notes.filter((n) => n.kind === 'note');
    const withFrontMatter = plain.filter((n) => n.text.startsWith('---\n')).length / plain.length;
    expect(withFrontMatter).toBeGreaterThan(FRONT_MATTER_SHARE - 0.1);
    expect(withFrontMatter).toBeLessThan(FRONT_MATTER_SHARE + 0.1);
    const words = plain.map((n) => n.text.split(/\s+/).length).sort((a, b) => a - b);
    expect(words[Math.floor(words.length / 2)]).toBeGreaterThan(200);
    expect(plain.some((n) => n.text.includes('```ts'))).toBe(true);
    expect(plain.some((n) => n.text.includes('| --- |'))).toBe(true);
    expect(plain.filter((n) => n.text.includes('\n## ')).length).toBeGreaterThan(plain.length / 2);
    // Hubs: many notes link to the topic overviews.
    const hubLinks = plain.filter((n) => / overview\]\]/.test(n.text)).length;
    expect(hubLinks).toBeGreaterThan(plain.length / 3);
    const hostile = notes.filter((n) => n.kind === 'hostile');
    expect(hostile.some((n) => n.text.includes('data:image/png;base64,'))).toBe(true);
    expect(hostile.some((n) => n.text.split('\n').length > 1000)).toBe(true);
  });

  it("draws questions from a note's own words", () => {
    for (const q of generateQuestions(notes, 10, 15)) {
      const note = notes.find((n) => n.path === q.note)!;
      const words = q.question
        .toLowerCase()
        .match(/[a-z]{3,}/g)!
        .filter((w) => w.length > 3 && note.text.toLowerCase().includes(w));
      expect(words.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('growth exponents', () => {
  it('are log(m₂/m₁)/log(n₂/n₁) between consecutive sizes', () => {
    const size = (notes: number, cpuMs: number) => ({ notes, cold: { cpuMs } }) as unknown as ScaleSizeResult;
    expect(growthExponents([size(1000, 10), size(10000, 100), size(50000, 1000)])['cold index CPU']).toEqual([1, 1.43]);
  });
});
