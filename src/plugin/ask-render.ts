// DOM rendering of one answered question: the answer text with clickable citations, the cited chunks
// of the bounded context, and the saving line. Pure rendering, so the modal, tests and the screenshot
// page all draw the same thing.
import type { AskResult, ContextChunk } from '../engine/protocol';
import { assumptionLabel, formatPercent, formatTokens, formatWh, linkTo, noteTitle, savedRatio } from './format';

/** Opens a link (`Note#Heading`); `newTab` when the person used the modifier key. */
export type OpenLink = (linktext: string, newTab: boolean) => void;

/** Characters of chunk text shown under each citation. */
const SNIPPET_CHARS = 220;

const CITATION = /\[\[([^\]\n]+?)\]\]/g;

/** Appends `text` to `el`, turning each [[Note#Heading]] into a link. */
export function renderLinkedText(el: HTMLElement, text: string, open: OpenLink): void {
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    if (m.index > last) el.appendText(text.slice(last, m.index));
    const target = m[1]!.split('|')[0]!.trim();
    const shown = m[1]!.includes('|') ? m[1]!.split('|').slice(1).join('|') : target;
    const a = el.createEl('a', { cls: 'internal-link overlay-memory-citation', text: shown, attr: { 'data-href': target } });
    a.addEventListener('click', (evt) => {
      evt.preventDefault();
      open(target, evt.ctrlKey || evt.metaKey);
    });
    last = m.index + m[0].length;
  }
  if (last < text.length) el.appendText(text.slice(last));
}

/** Markdown reduced to reading text for a one-paragraph snippet: links by their shown text, no markup. */
export function plainText(markdown: string): string {
  const lines: string[] = [];
  for (const line of markdown.split('\n')) {
    if (/^\s*\|?\s*:?-{3,}/.test(line)) continue; // table separator row
    const row = /^\s*\|(.*?)\|?\s*$/.exec(line);
    lines.push(row ? `${row[1]!.split('|').map((c) => c.trim()).filter((c) => c !== '').join(' · ')};` : line);
  }
  return lines
    .join('\n')
    .replace(/!?\[\[([^\]|]+)\|([^\]]+)\]\]/g, '$2')
    .replace(/!?\[\[([^\]]+)\]\]/g, (_m, target: string) => target.replace(/#\^?/, ' › '))
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|__|\*|`|~~|==)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .replace(/;$/, '')
    .trim();
}

/** Answer text: paragraphs, and "- " lines as a list (the extractive answer is such a list). */
export function renderAnswerText(el: HTMLElement, text: string, open: OpenLink): void {
  let list: HTMLElement | null = null;
  for (const line of text.split('\n')) {
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      list ??= el.createEl('ul');
      renderLinkedText(list.createEl('li'), item[1]!, open);
    } else if (line.trim() !== '') {
      list = null;
      renderLinkedText(el.createEl('p'), line, open);
    }
  }
}

/** The chunk body without the "Title > Heading" line the chunker prepends, as plain text, cut to a snippet. */
export function chunkSnippet(chunk: ContextChunk): string {
  const lines = chunk.text.split('\n');
  const title = noteTitle(chunk.note);
  const body = lines.length > 1 && lines[0]!.startsWith(title) ? lines.slice(1).join('\n') : chunk.text;
  const flat = plainText(body);
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1).trimEnd()}…` : flat;
}

/** The list of cited chunks; a click opens the note at the chunk's heading. */
export function renderContext(el: HTMLElement, result: AskResult, open: OpenLink): void {
  el.empty();
  const chunks = result.context.chunks;
  const notes = new Set(chunks.map((c) => c.note)).size;
  const head = el.createDiv({ cls: 'overlay-memory-section-title' });
  head.setText(
    chunks.length === 0
      ? 'No note matched this question.'
      : `Context: ${chunks.length} ${chunks.length === 1 ? 'chunk' : 'chunks'} from ${notes} ${notes === 1 ? 'note' : 'notes'}`,
  );
  const list = el.createEl('ol', { cls: 'overlay-memory-chunks' });
  for (const c of chunks) {
    const item = list.createEl('li', { cls: 'overlay-memory-chunk', attr: { 'data-note': c.note, tabindex: 0 } });
    const top = item.createDiv({ cls: 'overlay-memory-chunk-head' });
    top.createSpan({ cls: 'overlay-memory-chunk-label', text: c.label });
    top.createSpan({ cls: 'overlay-memory-chunk-tokens', text: `${formatTokens(c.tokens)} tokens` });
    item.createDiv({ cls: 'overlay-memory-chunk-text', text: chunkSnippet(c) });
    const go = (newTab: boolean) => open(linkTo(c.note, c.heading || undefined), newTab);
    item.addEventListener('click', (evt) => go(evt.ctrlKey || evt.metaKey));
    item.addEventListener('keydown', (evt) => {
      if (evt.key === 'Enter') go(evt.ctrlKey || evt.metaKey);
    });
  }
}

/** The line comparing the bounded context with the whole vault: tokens, energy, saving in %. */
export function renderSaving(el: HTMLElement, result: AskResult): void {
  el.empty();
  const ctx = result.context.tokens;
  const full = result.full.tokens;
  // saving.ratio is full ÷ bounded (how many times larger); the share saved comes from the token counts.
  const ratio = savedRatio(ctx, full);
  const tokens = el.createDiv({ cls: 'overlay-memory-saving-tokens' });
  tokens.createSpan({ cls: 'overlay-memory-saving-value', text: formatTokens(ctx) });
  tokens.appendText(' context tokens vs ');
  tokens.createSpan({ cls: 'overlay-memory-saving-value', text: formatTokens(full) });
  tokens.appendText(' for the whole vault · ');
  tokens.createSpan({ cls: 'overlay-memory-saving-percent', text: `${formatPercent(ratio)} saved` });
  const s = result.saving;
  if (s) {
    const energy = el.createDiv({ cls: 'overlay-memory-saving-energy' });
    energy.appendText('Energy ≈ ');
    energy.createSpan({ cls: 'overlay-memory-saving-value', text: formatWh(s.energyWh.bounded) });
    energy.appendText(' vs ');
    energy.createSpan({ cls: 'overlay-memory-saving-value', text: formatWh(s.energyWh.full) });
    energy.createSpan({ cls: 'overlay-memory-muted', text: ` (estimate for ${assumptionLabel(s.model, s.hardware)})` });
  }
}

/** The answer block: final text with citations, how it was produced, and any fallback reason. */
export function renderAnswer(el: HTMLElement, result: AskResult, open: OpenLink): void {
  el.empty();
  const a = result.answer;
  if (!a) {
    el.hide();
    return;
  }
  el.show();
  renderAnswerText(el.createDiv({ cls: 'overlay-memory-answer-text' }), a.text, open);
  const meta = el.createDiv({ cls: 'overlay-memory-answer-meta' });
  meta.setText(
    a.mode === 'llm'
      ? `Answered by the LLM from the bounded context (${formatTokens(a.promptTokens)} prompt tokens).`
      : 'Extractive answer: sentences quoted from the context (no LLM configured).',
  );
  if (a.error) el.createDiv({ cls: 'overlay-memory-error', text: a.error });
}
