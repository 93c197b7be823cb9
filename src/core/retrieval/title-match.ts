// A question that names a note (its title or an alias, as a whole phrase) is strong evidence for that note:
// "What does processFrontMatter do?" names the note processFrontMatter.
import type { RetrievalSource } from './source';

const MIN_LENGTH = 4;

function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Notes whose title or alias appears in the question as a whole phrase. */
export function titleMatches(question: string, src: RetrievalSource): string[] {
  const q = normalize(question);
  const out: string[] = [];
  for (const note of src.graph.notes()) {
    const title = (note.split('/').pop() ?? note).replace(/\.md$/i, '');
    const names = [title, ...src.aliasesOf(note)];
    for (const name of names) {
      const n = normalize(name);
      if (n.length < MIN_LENGTH || !q.includes(n)) continue;
      if (new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(n)}($|[^\\p{L}\\p{N}])`, 'u').test(q)) {
        out.push(note);
        break;
      }
    }
  }
  return out;
}
