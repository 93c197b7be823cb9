import { describe, expect, it } from 'vitest';
import { extractCitations, NOT_IN_CONTEXT, renderCitationLinks } from '../../../src/core/answer/citations';
import { makeContext } from './context-fixture';

const ctx = makeContext([
  { note: 'garden/Tomatoes.md', path: ['Care', 'Watering'], body: 'Water deeply twice a week.' },
  { note: 'garden/Tomatoes.md', path: ['Care', 'Pruning'], body: 'Pinch the suckers.' },
  { note: 'Compost.md', body: 'Greens and browns.' },
  { note: 'a/Index.md', name: 'a/Index', path: ['Start'], body: 'First index.' },
  { note: 'b/Index.md', name: 'b/Index', path: ['Start'], body: 'Second index.' },
]);

describe('extractCitations', () => {
  it('maps labels to note paths, unique and in order of first citation', () => {
    const text = 'Prune [[Tomatoes#Pruning]]. Compost [[Compost]]. Water [[Tomatoes#Watering]]. Again [[Compost]].';
    // Pruning is c1, Compost c2, Watering c0: chunks in order of first citation.
    expect(extractCitations(text, ctx)).toEqual({
      citations: ['garden/Tomatoes.md', 'Compost.md'],
      chunks: ['c1', 'c2', 'c0'],
      unknown: [],
    });
  });

  it('reports labels the context does not hold, as written', () => {
    const r = extractCitations('See [[Peppers#Soil]] and [[Tomatoes#Watering]] and [[Peppers#Soil]].', ctx);
    expect(r.citations).toEqual(['garden/Tomatoes.md']);
    expect(r.unknown).toEqual(['[[Peppers#Soil]]']);
  });

  it('accepts a note of the context cited by path, by title, with an alias or with another case', () => {
    const r = extractCitations(
      '[[garden/Tomatoes#Watering]] [[tomatoes#watering]] [[Compost|the heap]] [[Compost.md]]',
      ctx,
    );
    expect(r.citations).toEqual(['garden/Tomatoes.md', 'Compost.md']);
    expect(r.unknown).toEqual([]);
  });

  it('keeps same-named notes apart by their path labels', () => {
    const r = extractCitations('[[b/Index#Start]] then [[a/Index#Start]]', ctx);
    expect(r.citations).toEqual(['b/Index.md', 'a/Index.md']);
  });

  it('finds nothing in text without labels', () => {
    expect(extractCitations('No labels [here] or [[ ]] broken [[x', ctx).citations).toEqual([]);
  });
});

describe('renderCitationLinks', () => {
  it('renders labels as path links with a readable alias', () => {
    const out = renderCitationLinks('Water deeply [[Tomatoes#Watering]]; compost [[Compost]].', ctx);
    expect(out).toBe('Water deeply [[garden/Tomatoes#Watering|Tomatoes › Watering]]; compost [[Compost|Compost]].');
  });

  it('marks labels that are not in the context and leaves other text alone', () => {
    const out = renderCitationLinks('Peppers [[Peppers#Soil]] and **bold** [link](x).', ctx);
    expect(out).toBe(`Peppers [[Peppers#Soil]] ${NOT_IN_CONTEXT} and **bold** [link](x).`);
  });

  it('links a heading the note lacks to the note itself', () => {
    expect(renderCitationLinks('[[Tomatoes#Harvest]]', ctx)).toBe('[[garden/Tomatoes|Tomatoes]]');
    expect(extractCitations('[[Tomatoes#Harvest]]', ctx).citations).toEqual(['garden/Tomatoes.md']);
  });

  it('is stable when run on its own output', () => {
    const once = renderCitationLinks('A [[Tomatoes#Pruning]] B [[b/Index#Start]]', ctx);
    expect(renderCitationLinks(once, ctx)).toBe(once);
    expect(extractCitations(once, ctx).citations).toEqual(['garden/Tomatoes.md', 'b/Index.md']);
  });

  it('makes heading characters Obsidian cannot link into spaces', () => {
    const c = makeContext([{ note: 'Log.md', path: ['Step 1: set up'], body: 'Install it.' }]);
    expect(renderCitationLinks('[[Log#Step 1: set up]]', c)).toBe('[[Log#Step 1 set up|Log › Step 1: set up]]');
  });
});

describe('renderCitationLinks for a title heading', () => {
  it('links a "# Title" chunk to the note itself, not to a heading that repeats its name', () => {
    const ctx = makeContext([{ note: 'energy/Home.md', path: ['Home'], body: 'Start here.' }]);
    expect(renderCitationLinks('See [[Home]].', ctx)).toBe('See [[energy/Home|Home]].');
  });
});
