// Question sets for `overlay bench`: JSONL lines {id, question, gold: [note paths], answer?, kind?}.

/** One question with its gold notes. */
export interface QaItem {
  id: string;
  question: string;
  /** Note paths relative to the vault root. */
  gold: string[];
  answer?: string;
  kind?: string;
}

/** Parse result: items, or the first bad line with a reason. */
export type QaParse = { ok: true; items: QaItem[] } | { ok: false; error: string };

/** Parses a JSONL question set; blank lines are skipped, a bad line is reported with its number. */
export function parseQaJsonl(text: string): QaParse {
  const items: QaItem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      return { ok: false, error: `line ${i + 1}: not valid JSON (${(e as Error).message})` };
    }
    const o = v as Record<string, unknown>;
    if (typeof o !== 'object' || o === null) return { ok: false, error: `line ${i + 1}: expected an object` };
    if (typeof o.question !== 'string' || o.question.trim() === '')
      return { ok: false, error: `line ${i + 1}: "question" must be a non-empty string` };
    if (!Array.isArray(o.gold) || o.gold.length === 0 || !o.gold.every((g) => typeof g === 'string')) {
      return { ok: false, error: `line ${i + 1}: "gold" must be a non-empty list of note paths` };
    }
    items.push({
      id: typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : `q${items.length + 1}`,
      question: o.question,
      gold: o.gold as string[],
      ...(typeof o.answer === 'string' ? { answer: o.answer } : {}),
      ...(typeof o.kind === 'string' ? { kind: o.kind } : {}),
    });
  }
  if (items.length === 0) return { ok: false, error: 'the question set is empty' };
  return { ok: true, items };
}
