// What the engine stores per note and per chunk (notes.json, chunks.json), with shape checks for loading.
import type { Chunk, NoteHeading, NoteLink } from '../core/types';

/** Everything the engine keeps about one indexed note. */
export interface NoteRecord {
  path: string;
  mtimeMs: number;
  size: number;
  /** sha256 of the file bytes: an unchanged note is recognised even when its mtime moved. */
  sha256: string;
  title: string;
  aliases: string[];
  tags: string[];
  /** Links as parsed (the link graph is rebuilt from these without re-reading notes). */
  links: NoteLink[];
  headings: NoteHeading[];
  /** Chunk ids in reading order. */
  chunks: string[];
  /** Tokens of the whole file text (what "the whole vault in the prompt" costs). */
  fullTokens: number;
  frontmatterError?: string;
}

/** A chunk as stored: the chunk, its HNSW label and the key of its vector (hash of its text). */
export interface StoredChunk extends Chunk {
  label: number;
  key: string;
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStrArr = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);

/** Parses notes.json; throws a `records:` error on a wrong shape. */
export function parseNotesFile(text: string): NoteRecord[] {
  const data = JSON.parse(text) as { notes?: unknown };
  if (!data || !Array.isArray(data.notes)) throw new Error('records: notes.json has no notes array');
  for (const n of data.notes as Partial<NoteRecord>[]) {
    const ok =
      n && isStr(n.path) && isNum(n.mtimeMs) && isNum(n.size) && isStr(n.sha256) && isStr(n.title) &&
      isStrArr(n.aliases) && isStrArr(n.tags) && Array.isArray(n.links) && Array.isArray(n.headings) &&
      isStrArr(n.chunks) && isNum(n.fullTokens);
    if (!ok) throw new Error(`records: bad note record ${JSON.stringify(n).slice(0, 80)}`);
  }
  return data.notes as NoteRecord[];
}

/** Parses chunks.json; throws a `records:` error on a wrong shape. */
export function parseChunksFile(text: string): StoredChunk[] {
  const data = JSON.parse(text) as { chunks?: unknown };
  if (!data || !Array.isArray(data.chunks)) throw new Error('records: chunks.json has no chunks array');
  const labels = new Set<number>();
  for (const c of data.chunks as Partial<StoredChunk>[]) {
    const ok =
      c && isStr(c.id) && isStr(c.note) && isStr(c.title) && isStrArr(c.headingPath) && isStr(c.text) &&
      isNum(c.tokens) && isNum(c.order) && isNum(c.startLine) && isNum(c.endLine) && isStr(c.key) &&
      Number.isInteger(c.label) && (c.label as number) >= 0 && (c.displayTitle === undefined || isStr(c.displayTitle));
    if (!ok) throw new Error(`records: bad chunk record ${JSON.stringify(c).slice(0, 80)}`);
    if (labels.has(c.label!)) throw new Error(`records: label ${c.label} used twice`);
    labels.add(c.label!);
  }
  return data.chunks as StoredChunk[];
}
