// Related notes: a note's centroid (normalised mean of its chunk vectors) searched against all chunks, scored
// per note by its best chunk, the note's own chunks excluded (exact on the column scan of sparse-query embedders).
import { isAbsolute, relative, sep } from 'node:path';
import type { RelatedNote } from './protocol';
import type { IndexState } from './index-state';
import { EngineError } from './errors';
import { normalizeVaultPath } from './file-events';

/** Unit-length mean of vectors, or null when there are none or they cancel out. */
export function centroid(vectors: readonly Float32Array[]): Float32Array | null {
  const first = vectors[0];
  if (!first) return null;
  const sum = new Float32Array(first.length);
  for (const v of vectors) for (let i = 0; i < sum.length; i++) sum[i]! += v[i]!;
  let norm = 0;
  for (let i = 0; i < sum.length; i++) norm += sum[i]! * sum[i]!;
  norm = Math.sqrt(norm);
  if (!(norm > 0)) return null;
  for (let i = 0; i < sum.length; i++) sum[i]! /= norm;
  return sum;
}

/** The k notes most related to `note` (an indexed path), best first. */
export function relatedNotes(state: IndexState, note: string, k: number): RelatedNote[] {
  if (!Number.isInteger(k) || k <= 0)
    throw new EngineError('bad-config', `k must be a positive whole number, got ${k}`);
  const rec = state.notes.get(note);
  if (!rec) return [];
  const own = new Set<number>();
  const vecs: Float32Array[] = [];
  for (const id of rec.chunks) {
    const c = state.chunks.get(id);
    if (!c) continue;
    own.add(c.label);
    const v = state.vectors.get(c.key) ?? state.vectorIndex.getVector(c.label);
    if (v) vecs.push(v);
  }
  const query = centroid(vecs);
  if (!query) return [];
  const others = state.chunks.size - own.size;
  // Several chunks can belong to one note: widen the search until k distinct notes are found or all are seen.
  let want = Math.min(others, Math.max(50, k * 8));
  for (;;) {
    const hits = state.vectorIndex.searchExcept(query, want, own);
    const best = new Map<string, number>();
    for (const h of hits) {
      const id = state.idOf(h.label);
      const c = id === undefined ? undefined : state.chunks.get(id);
      if (!c || c.note === note) continue;
      if ((best.get(c.note) ?? -Infinity) < h.score) best.set(c.note, h.score);
    }
    if (best.size >= k || want >= others) {
      return [...best.entries()]
        .map(([n, score]) => ({ note: n, score }))
        .sort((a, b) => b.score - a.score || (a.note < b.note ? -1 : 1))
        .slice(0, k);
    }
    want = Math.min(others, want * 4);
  }
}

/** Most candidates listed in an ambiguous-note message. */
const MAX_LISTED = 10;

/** Indexed notes a bare name (no folder) names by their title or an alias, in path order. */
function notesNamed(state: IndexState, name: string): string[] {
  const want = name.replace(/\.md$/i, '').normalize('NFC').toLowerCase();
  const out: string[] = [];
  for (const [path, rec] of state.notes) {
    const title = (path.split('/').pop() ?? path).replace(/\.md$/i, '').normalize('NFC').toLowerCase();
    if (title === want || rec.aliases.some((a) => a.normalize('NFC').toLowerCase() === want)) out.push(path);
  }
  return out.sort();
}

/**
 * The indexed path a user's or a link's name refers to: a vault path with or without .md, an absolute path inside
 * the vault, any letter case, or a link-style name or alias; EngineError('unknown-note') when none, and
 * EngineError('ambiguous-note') listing them when a bare name fits several notes (a path then says which).
 */
export function resolveNoteName(state: IndexState, vault: string, note: string): string {
  const notes = state.notes;
  let p = note;
  if (isAbsolute(p)) {
    const rel = relative(vault, p);
    if (!rel.startsWith('..')) p = rel.split(sep).join('/');
  }
  p = normalizeVaultPath(p);
  if (notes.has(p)) return p;
  if (notes.has(`${p}.md`)) return `${p}.md`;
  const lower = p.toLowerCase();
  for (const candidate of [lower, `${lower}.md`]) {
    const hit = [...notes.keys()].find((k) => k.toLowerCase() === candidate);
    if (hit) return hit;
  }
  if (!p.includes('/')) {
    const named = notesNamed(state, p);
    if (named.length > 1) {
      const list = named
        .slice(0, MAX_LISTED)
        .map((n) => `  ${n}`)
        .join('\n');
      const more = named.length > MAX_LISTED ? `\n  … and ${named.length - MAX_LISTED} more` : '';
      throw new EngineError(
        'ambiguous-note',
        `"${note}" names ${named.length} notes; give one by its path:\n${list}${more}`,
        { candidates: named },
      );
    }
  }
  const viaLink = state.graph().resolve(p.replace(/\.md$/i, ''), '');
  if (viaLink !== null && notes.has(viaLink)) return viaLink;
  throw new EngineError('unknown-note', `no note "${note}" in the index of ${vault}`);
}
