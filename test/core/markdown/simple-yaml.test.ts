import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseSimpleMapping } from '../../../src/core/markdown/simple-yaml';
import { seededRandom } from '../../../src/core/util/prng';

const KEYS = [
  'tags',
  'aliases',
  'title',
  'created',
  'a',
  'Tag_2',
  'x-y',
  'tags',
  'constructor',
  '__proto__',
  '2a',
  'a b',
];
const VALUES = [
  'break',
  'Burbling take vote',
  '2024-07-14',
  '2024-7-14',
  '2024',
  '1e3',
  '.5',
  'true',
  'True',
  'NULL',
  'nULL',
  'yes',
  '~',
  '-',
  'b-',
  'x_y-z',
  '[break]',
  '[a, b]',
  '[a, b, ]',
  '[]',
  '[a b, c]',
  '[a,b]',
  '[true]',
  '"quoted"',
  'a # comment',
  'a: b',
  'a ',
  ' a',
  'a  b',
  'ёлка',
  '[2024-07-14]',
];

describe('parseSimpleMapping', () => {
  it('gives what the yaml parser gives, or leaves the block to it', () => {
    const r = seededRandom(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    let simple = 0;
    for (let i = 0; i < 4000; i++) {
      const lines: string[] = [];
      for (let k = 1 + Math.floor(r() * 4); k > 0; k--) lines.push(`${pick(KEYS)}: ${pick(VALUES)}`);
      const text = lines.join('\n');
      const fast = parseSimpleMapping(text);
      if (fast === undefined) continue;
      simple++;
      const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
      expect(doc.errors, text).toEqual([]);
      expect(fast, text).toEqual(doc.toJS());
    }
    expect(simple).toBeGreaterThan(200);
  });

  it('takes the scale vault form and refuses what it does not know', () => {
    expect(parseSimpleMapping('tags: [break]\ncreated: 2024-07-14')).toEqual({
      tags: ['break'],
      created: '2024-07-14',
    });
    for (const t of ['a: 1', 'a: true', 'a:', 'a: [x]\na: [y]', 'a: "x"', '- a', 'a:\n  - b', 'a: b # c'])
      expect(parseSimpleMapping(t), t).toBeUndefined();
  });
});
