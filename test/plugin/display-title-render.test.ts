// @vitest-environment happy-dom
// Issue 11: a note cited by its front matter title (`[[202204090851|Title]]`) is shown by that title in the
// context list and in the answer, and still opens the file.
import { describe, expect, it } from 'vitest';
import '../__mocks__/obsidian';
import { chunkSnippet, renderContext, renderLinkedText, shownLabel } from '../../src/plugin/ask-render';
import { askResult } from './helpers/fixtures';

describe('display titles in the plugin', () => {
  it('shows the title of a label with a bar and leaves other labels alone', () => {
    expect(shownLabel('[[202204090851|Ясность мышления]]')).toBe('[[Ясность мышления]]');
    expect(shownLabel('[[202204090851#Источник|Ясность мышления > Источник]]')).toBe('[[Ясность мышления > Источник]]');
    expect(shownLabel('[[Budget#Size]]')).toBe('[[Budget#Size]]');
  });

  it('lists the chunk under its title, drops the title header from the snippet, and opens the file', () => {
    const r = askResult('q');
    const c = {
      id: 'q1',
      note: 'quotes/202204090851.md',
      heading: '',
      label: '[[202204090851|Ясность мышления]]',
      tokens: 20,
      score: 1,
      text: 'Ясность мышления\nПисать — значит думать.',
      trace: { fused: 1 },
    };
    r.context.chunks = [c];
    expect(chunkSnippet(c)).toBe('Писать — значит думать.');
    const el = document.createElement('div');
    const opened: string[] = [];
    renderContext(el, r, (t) => opened.push(t));
    expect(el.querySelector('.overlay-memory-chunk-label')!.textContent).toBe('[[Ясность мышления]]');
    (el.querySelector('.overlay-memory-chunk') as HTMLElement).click();
    expect(opened[0]).toContain('202204090851');
    const answer = document.createElement('div');
    renderLinkedText(answer, 'См. [[202204090851|Ясность мышления]].', (t) => opened.push(t));
    const a = answer.querySelector('a')!;
    expect(a.textContent).toBe('Ясность мышления');
    a.click();
    expect(opened[1]).toBe('202204090851');
  });
});
