// Citations in an answer: [[Note#Heading]] labels are checked against the bounded context (a model may only
// cite what it was shown) and rendered as links Obsidian resolves by path, so same-named notes stay distinct.
import type { BoundedContext, ContextChunk } from '../types';

/** Suffix put after a cited label that is not in the bounded context. */
export const NOT_IN_CONTEXT = '(not in context)';

const LABEL_RE = /\[\[([^[\]\n]+?)\]\]/g;

/** What a written label points at in the context: a chunk (heading matched) or only its note. */
interface Resolved {
  note: string;
  chunk?: ContextChunk | undefined;
}

const norm = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
const withoutMd = (p: string): string => p.replace(/\.md$/i, '');
const basename = (p: string): string => withoutMd(p).split('/').pop() ?? p;

/** Inner text of a `[[...]]` label. */
function innerOf(label: string): string {
  return label.startsWith('[[') && label.endsWith(']]') ? label.slice(2, -2) : label;
}

/** The note's display title of a label `[[file#Heading|Title > Heading]]` (front matter title), or undefined. */
export function labelDisplayTitle(label: string): string | undefined {
  const inner = innerOf(label);
  const bar = inner.indexOf('|');
  if (bar < 0) return undefined;
  const shown = inner
    .slice(bar + 1)
    .split(' > ')[0]
    ?.trim();
  return shown ? shown : undefined;
}

/** The link target of a label's inner text (before an alias bar). */
function targetOf(inner: string): string {
  return inner.split(/\\?\|/)[0] ?? inner;
}

/** Splits `Note#Heading` at the first '#' (note names cannot contain '#' in Obsidian). */
function splitTarget(target: string): { note: string; heading: string } {
  const i = target.indexOf('#');
  return i < 0 ? { note: target, heading: '' } : { note: target.slice(0, i), heading: target.slice(i + 1) };
}

/** Lookup tables built once per context. */
class ContextIndex {
  private readonly byLabel = new Map<string, ContextChunk>();
  private readonly noteByKey = new Map<string, string>();
  private readonly chunksByNote = new Map<string, ContextChunk[]>();

  constructor(context: BoundedContext) {
    for (const c of context.chunks) {
      const inner = innerOf(c.label);
      if (!this.byLabel.has(norm(inner))) this.byLabel.set(norm(inner), c);
      // A note is reachable by its label's note part, its path with or without .md, its file name and its
      // display title (front matter `title`).
      for (const k of [
        splitTarget(targetOf(inner)).note,
        c.note,
        withoutMd(c.note),
        basename(c.note),
        labelDisplayTitle(c.label),
      ]) {
        if (k && !this.noteByKey.has(norm(k))) this.noteByKey.set(norm(k), c.note);
      }
      const list = this.chunksByNote.get(c.note) ?? [];
      list.push(c);
      this.chunksByNote.set(c.note, list);
    }
  }

  /** Resolves the inner text of a written label, or undefined when the context does not hold it. */
  resolve(inner: string): Resolved | undefined {
    if (norm(inner) === '') return undefined;
    const exact = this.byLabel.get(norm(inner));
    if (exact) return { note: exact.note, chunk: exact };
    // `[[Note#Heading|shown text]]`: the alias does not change the target (`\|` is the escaped form in tables).
    const target = targetOf(inner);
    const viaTarget = this.byLabel.get(norm(target));
    if (viaTarget) return { note: viaTarget.note, chunk: viaTarget };
    const { note, heading } = splitTarget(target);
    if (note.trim() === '') {
      if (norm(heading) === '') return undefined;
      // `[[#Heading]]`: accepted only when exactly one chunk has that heading.
      const hits = [...this.byLabel.values()].filter((c) => norm(c.heading) === norm(heading));
      return hits.length === 1 && hits[0] ? { note: hits[0].note, chunk: hits[0] } : undefined;
    }
    const path = this.noteByKey.get(norm(note));
    if (path === undefined) return undefined;
    const chunk = heading ? this.chunksByNote.get(path)?.find((c) => norm(c.heading) === norm(heading)) : undefined;
    return { note: path, chunk };
  }

  /** The label's note part of the first chunk of `path`, used as the note's display name. */
  displayName(path: string): string {
    const first = this.chunksByNote.get(path)?.[0];
    const fromLabel = first
      ? (labelDisplayTitle(first.label) ?? splitTarget(targetOf(innerOf(first.label))).note.trim())
      : '';
    return fromLabel || basename(path);
  }
}

/**
 * The note paths an answer cites (unique, in order of first citation), the ids of the context chunks it cites
 * (a note-only label cites the note's first chunk in the context) and the labels it cites that the context lacks.
 */
export function extractCitations(
  text: string,
  context: BoundedContext,
): { citations: string[]; chunks: string[]; unknown: string[] } {
  const index = new ContextIndex(context);
  const citations: string[] = [];
  const chunks: string[] = [];
  const unknown: string[] = [];
  for (const m of text.matchAll(LABEL_RE)) {
    const r = index.resolve(m[1] ?? '');
    if (r) {
      if (!citations.includes(r.note)) citations.push(r.note);
      const id = r.chunk?.id ?? context.chunks.find((c) => c.note === r.note)?.id;
      if (id !== undefined && !chunks.includes(id)) chunks.push(id);
    } else if (!unknown.includes(m[0])) {
      unknown.push(m[0]);
    }
  }
  return { citations, chunks, unknown };
}

/** Heading text as Obsidian accepts it in a link: characters that end or split a link become spaces. */
function linkHeading(heading: string): string {
  return heading
    .replace(/[[\]#|^:]|%%/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Display text that cannot break out of the link. */
function safeDisplay(s: string): string {
  return s
    .replace(/[[\]|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Rewrites every `[[Note#Heading]]` label of `text` into a link Obsidian resolves by path,
 * `[[folder/Note#Heading|Note › Heading]]` (note-only labels become `[[folder/Note|Note]]`);
 * labels the context does not hold stay as written, followed by NOT_IN_CONTEXT.
 */
export function renderCitationLinks(text: string, context: BoundedContext): string {
  const index = new ContextIndex(context);
  return text.replace(LABEL_RE, (whole, inner: string) => {
    const r = index.resolve(inner);
    if (!r) return `${whole} ${NOT_IN_CONTEXT}`;
    const name = safeDisplay(index.displayName(r.note));
    const heading = r.chunk ? r.chunk.heading : '';
    const target = linkHeading(heading);
    // A top heading that repeats the note's title ("# Title") names the note itself.
    const isTitle = heading.trim().toLowerCase() === index.displayName(r.note).trim().toLowerCase();
    if (!target || isTitle) return `[[${withoutMd(r.note)}|${name}]]`;
    return `[[${withoutMd(r.note)}#${target}|${name} › ${safeDisplay(heading)}]]`;
  });
}
