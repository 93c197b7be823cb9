// Builds BoundedContexts the way the retriever does (heading-path line + body per chunk, each block under its
// label), so answer tests run on realistic input without depending on the retriever's code.
import type { BoundedContext, ContextChunk } from '../../../src/core/types';
import { countTokens } from '../../../src/core/tokens';

/** One chunk to put in a test context. */
export interface FixtureChunk {
  note: string;
  /** Heading path; [] for text before the first heading. */
  path?: string[];
  body: string;
  score?: number;
  /** Label note part (defaults to the basename). */
  name?: string;
}

/** A BoundedContext holding `chunks` in the given order; scores default to descending by position. */
export function makeContext(chunks: FixtureChunk[]): BoundedContext {
  const out: ContextChunk[] = chunks.map((c, i) => {
    const title = c.note.replace(/\.md$/, '').split('/').pop()!;
    const path = c.path ?? [];
    const heading = path[path.length - 1] ?? '';
    const name = c.name ?? title;
    const text = `${[title, ...path].join(' > ')}\n${c.body.trim()}`;
    return {
      id: `c${i}`,
      note: c.note,
      heading,
      label: heading ? `[[${name}#${heading}]]` : `[[${name}]]`,
      tokens: countTokens(text),
      score: c.score ?? 1 - i / 100,
      text,
      trace: { fused: c.score ?? 1 - i / 100 },
    };
  });
  const text = out
    .map((c) => `${c.label}\n${c.text.trim()}\n\n`)
    .join('')
    .trimEnd();
  return { tokens: countTokens(text), chunks: out, text };
}
