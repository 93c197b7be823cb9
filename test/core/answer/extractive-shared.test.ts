// Extractive answers on both shared development sets: the first bullet should cite a note that holds the answer,
// the bullets should carry the reference answer's words, and no bullet may be a bare breadcrumb/heading path or
// the question restated. Prints the measured figures (docs/answers.md quotes them).
import { describe, expect, it } from 'vitest';
import { extractiveAnswer } from '../../../src/core/answer/extractive';
import { contentTerms } from '../../../src/core/answer/terms';
import { retrieve } from '../../../src/core/retrieval/retriever';
import { DEV_SETS, devSetsPresent, loadDevSet } from '../eval/shared-dev-sets';

const present = devSetsPresent('the extractive answer measurements');

const FIRST_GOLD_FLOOR = { 'obsidian-developer-docs': 0.6, 'alt-gnome-wiki': 0.72 } as const;

/** Share of `ref`'s distinct content terms found in `text`. */
function termRecall(ref: string, text: string): number {
  const want = new Set(contentTerms(ref));
  if (want.size === 0) return 1;
  const have = new Set(contentTerms(text));
  let n = 0;
  for (const t of want) if (have.has(t)) n++;
  return n / want.size;
}

/** The note path a bullet's citation link points at. */
function citedNote(bullet: string): string | undefined {
  const m = /\[\[([^|\]#]+)(?:#[^|\]]*)?(?:\|[^\]]*)?\]\]\s*$/.exec(bullet);
  return m ? `${m[1]}.md` : undefined;
}

/** The bullet's text without its citation. */
function sentencePart(bullet: string): string {
  return bullet.replace(/^- /, '').replace(/\s*\[\[[^\]]*\]\]\s*$/, '');
}

describe.skipIf(!present)('extractive answers on the shared development sets', () => {
  for (const name of DEV_SETS) {
    it(`${name}: first bullet cites a gold note, no breadcrumbs, no restated question`, async () => {
      const { src, items } = await loadDevSet(name);
      let firstGold = 0;
      let anyGold = 0;
      let recall = 0;
      let firstRecall = 0;
      const junk: string[] = [];
      for (const item of items) {
        const { context } = await retrieve(item.question, src, { budget: 3000 });
        const a = extractiveAnswer(item.question, context);
        const bullets = a.text.split('\n').filter((l) => l.startsWith('- '));
        const gold = new Set(item.gold);
        if (bullets[0] && gold.has(citedNote(bullets[0]) ?? '')) firstGold++;
        if (bullets.some((b) => gold.has(citedNote(b) ?? ''))) anyGold++;
        recall += termRecall(item.answer ?? '', bullets.map(sentencePart).join(' '));
        firstRecall += termRecall(item.answer ?? '', sentencePart(bullets[0] ?? ''));
        const q = new Set(contentTerms(item.question));
        for (const b of bullets) {
          const s = sentencePart(b);
          const terms = contentTerms(s);
          const breadcrumb = /›/.test(s) && !/[.!?…]$/.test(s) && s.split(/\s+/).length <= 8;
          const restated = terms.length > 0 && terms.every((t) => q.has(t));
          if (breadcrumb || restated || (s.match(/\p{L}{2,}/gu) ?? []).length < 2) junk.push(`${item.id}: ${s}`);
        }
      }
      const n = items.length;
      const figures = {
        firstBulletCitesGold: +(firstGold / n).toFixed(3),
        anyBulletCitesGold: +(anyGold / n).toFixed(3),
        referenceTermRecall: +(recall / n).toFixed(3),
        firstBulletReferenceTermRecall: +(firstRecall / n).toFixed(3),
        junkBullets: junk.length,
      };
      console.log(`extractive ${name}: ${JSON.stringify(figures)}\n${junk.slice(0, 8).join('\n')}`);
      expect(junk).toEqual([]);
      // Floors one question under what was measured (docs/answers.md): 0.675 English, 0.72 Russian on the answers
      // branch; 0.575 English after the Russian branch's question-word removal reordered some top chunks; 0.625 /
      // 0.76 on merged main once the words of advice ("should", "must", "instead") stayed in the question.
      expect(figures.firstBulletCitesGold).toBeGreaterThanOrEqual(FIRST_GOLD_FLOOR[name]);
    }, 240_000);
  }
});
