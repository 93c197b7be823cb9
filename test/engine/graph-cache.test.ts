import { describe, expect, it } from 'vitest';
import { LinkGraph, type GraphNote } from '../../src/core/graph/link-graph';
import { decodeGraphCache, encodeGraphCache, graphCacheFits, GRAPH_CACHE_VERSION } from '../../src/engine/graph-cache';
import { NoteAggregates } from '../../src/engine/note-aggregates';
import type { NoteRecord } from '../../src/engine/records';
import { graphDump, graphNotes } from '../core/graph/graph-fixture';

const CHUNKER = 'chunker-test';

/** Note records as the aggregates see them (a sha256 per content, only what the graph and token sum read). */
function records(notes: readonly GraphNote[], sha: (n: GraphNote) => string): Map<string, NoteRecord> {
  return new Map(notes.map((n) => [n.path, { ...n, sha256: sha(n), fullTokens: 1 } as unknown as NoteRecord]));
}

const contentSha = (n: GraphNote): string => JSON.stringify([n.aliases, n.links.map((l) => l.target)]);

function fileOf(notes: readonly GraphNote[]): Uint8Array {
  const base = new LinkGraph(notes).toBase();
  const byPath = new Map(notes.map((n) => [n.path, n]));
  return encodeGraphCache(
    CHUNKER,
    base,
    base.paths.map((p) => contentSha(byPath.get(p)!)),
  );
}

const notes = graphNotes(200, 11);

describe('graph cache file', () => {
  it('round-trips the compact graph and the notes’ sha256', () => {
    const base = new LinkGraph(notes).toBase();
    const shas = base.paths.map((p, i) => `sha-${i}-${p}`);
    const snap = decodeGraphCache(encodeGraphCache(CHUNKER, base, shas), CHUNKER);
    expect(snap).not.toBeNull();
    expect(snap!.shas).toEqual(shas);
    expect(snap!.base).toEqual(base);
    expect(graphDump(LinkGraph.fromBase(notes, snap!.base))).toEqual(graphDump(new LinkGraph(notes)));
  });

  it('refuses another chunker, an old version, and damaged or truncated bytes', () => {
    const bytes = fileOf(notes);
    expect(graphCacheFits(bytes, CHUNKER)).toBe(true);
    expect(graphCacheFits(bytes, 'other')).toBe(false);
    expect(decodeGraphCache(bytes, 'other')).toBeNull();
    const old = bytes.slice();
    expect(old[4]).toBe(GRAPH_CACHE_VERSION);
    old[4] = GRAPH_CACHE_VERSION - 1;
    expect(graphCacheFits(old, CHUNKER)).toBe(false);
    expect(decodeGraphCache(old, CHUNKER)).toBeNull();
    expect(decodeGraphCache(bytes.subarray(0, bytes.length - 3), CHUNKER)).toBeNull();
    expect(decodeGraphCache(new Uint8Array([...bytes, 0]), CHUNKER)).toBeNull();
    // A note number out of range, a self-link: found by the checks, not trusted.
    const base = new LinkGraph(notes).toBase();
    const bad = { ...base, outTo: base.outTo.map((t, k) => (k === 0 ? base.paths.length : t)) };
    const shas = base.paths.map(() => 'x');
    expect(decodeGraphCache(encodeGraphCache(CHUNKER, bad, shas), CHUNKER)).toBeNull();
    const from = base.outStart.findIndex((s, i) => base.outStart[i + 1]! > s);
    const twice = { ...base, nameOrder: base.nameOrder.map((i, k) => (k === 1 ? base.nameOrder[0]! : i)) };
    expect(decodeGraphCache(encodeGraphCache(CHUNKER, twice, shas), CHUNKER)).toBeNull();
    const self = { ...base, outTo: base.outTo.map((t, k) => (k === base.outStart[from]! ? from : t)) };
    expect(decodeGraphCache(encodeGraphCache(CHUNKER, self, shas), CHUNKER)).toBeNull();
  });

  it('read and patched to edited notes equals a graph built from them; unchanged notes need no rewrite', () => {
    const file = fileOf(notes);
    const same = new NoteAggregates(records(notes, contentSha));
    same.deferGraph(() => decodeGraphCache(file, CHUNKER));
    expect(graphDump(same.graph())).toEqual(graphDump(new LinkGraph(notes)));
    expect(same.graphFileDue(1)).toBe(false);

    const after = notes.map((n) => ({ ...n }));
    after[2] = { ...after[2]!, links: after[7]!.links }; // content edit
    after[4] = { ...after[4]!, aliases: ['Index alias', 'Renamed'] }; // new names
    const gone = after.splice(9, 1)[0]!;
    after.push({ path: 'Fresh/Missing 2.md', aliases: [], links: after[0]!.links }); // takes a missing name
    const patched = new NoteAggregates(records(after, contentSha));
    patched.deferGraph(() => decodeGraphCache(file, CHUNKER));
    expect(graphDump(patched.graph(), [gone.path])).toEqual(graphDump(new LinkGraph(after), [gone.path]));
    expect(patched.graphFileDue(1000)).toBe(true); // notes came, went and renamed: rewritten at the next save

    // Only a content edit: patched, and due only past the limit.
    const edit = notes.map((n, i) => (i === 2 ? { ...n, links: notes[7]!.links } : n));
    const one = new NoteAggregates(records(edit, contentSha));
    one.deferGraph(() => decodeGraphCache(file, CHUNKER));
    expect(graphDump(one.graph())).toEqual(graphDump(new LinkGraph(edit)));
    expect(one.graphFileDue(2)).toBe(false);
    expect(one.graphFileDue(1)).toBe(true);
  });

  it('without a usable file builds the graph from the notes and asks for the file', () => {
    const agg = new NoteAggregates(records(notes, contentSha));
    agg.deferGraph(() => decodeGraphCache(new Uint8Array([1, 2, 3]), CHUNKER));
    expect(graphDump(agg.graph())).toEqual(graphDump(new LinkGraph(notes)));
    expect(agg.graphFileDue(1000)).toBe(true);
    agg.graphFileSaved();
    expect(agg.graphFileDue(1000)).toBe(false);
  });
});
