// DOM rendering of one answered question: the answer text with clickable citations, the cited chunks
// of the bounded context, and the saving line. Pure rendering, so the modal, tests and the screenshot
// page all draw the same thing. In a conversation the context also holds earlier turns (chunk ids
// `turn:N`, labels `[[turn N]]`); they are shown as turns and never as links, because Obsidian would open
// (or create) a note named "turn N".
import type { AskResult, ContextChunk } from '../engine/protocol';
import { baselineLine, savingLines } from '../core/cost/saving-text';
import { formatWh } from '../core/cost/format-energy';
import { assumptionLabel, formatPercent, formatTokens, linkTo, noteTitle, savedRatio } from './format';

/** Opens a link (`Note#Heading`); `newTab` when the person used the modifier key. */
export type OpenLink = (linktext: string, newTab: boolean) => void;

/** Characters of chunk text shown under each citation. */
const SNIPPET_CHARS = 220;

const CITATION = /\[\[([^\]\n]+?)\]\]/g;

/** Prefix of the ids of context chunks that are earlier turns of a conversation. */
export const TURN_CHUNK_PREFIX = 'turn:';

/** Link target of a recalled turn, as the engine labels it (`[[turn N]]`). */
const TURN_TARGET = /^turn (\d+)$/i;

/** The turn number of a context chunk that is an earlier turn, or null for a note chunk. */
export function turnOfChunk(chunk: ContextChunk): number | null {
  if (!chunk.id.startsWith(TURN_CHUNK_PREFIX)) return null;
  const n = Number(chunk.id.slice(TURN_CHUNK_PREFIX.length));
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * Appends `text` to `el`, turning each [[Note#Heading]] into a link. With `turnRefs` (the text belongs to a
 * conversation), `[[turn N]]` is an earlier turn and is written as plain text "turn N", not as a link.
 */
export function renderLinkedText(el: HTMLElement, text: string, open: OpenLink, turnRefs = false): void {
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    if (m.index > last) el.appendText(text.slice(last, m.index));
    const target = m[1]!.split('|')[0]!.trim();
    const shown = m[1]!.includes('|') ? m[1]!.split('|').slice(1).join('|') : target;
    last = m.index + m[0].length;
    const turn = turnRefs ? TURN_TARGET.exec(target) : null;
    if (turn) {
      el.createSpan({
        cls: 'overlay-memory-turn-ref',
        text: `turn ${turn[1]}`,
        attr: { title: 'An earlier turn of this conversation' },
      });
      continue;
    }
    const a = el.createEl('a', {
      cls: 'internal-link overlay-memory-citation',
      text: shown,
      attr: { 'data-href': target },
    });
    a.addEventListener('click', (evt) => {
      evt.preventDefault();
      open(target, evt.ctrlKey || evt.metaKey);
    });
  }
  if (last < text.length) el.appendText(text.slice(last));
}

/**
 * A citation label as the reader should see it: `[[202204090851|Title > Heading]]` (a note cited by its front
 * matter title) shows as `[[Title > Heading]]`; other labels unchanged.
 */
export function shownLabel(label: string): string {
  const m = /^\[\[([^|\]]*)\|([^\]]+)\]\]$/.exec(label);
  return m ? `[[${m[2]}]]` : label;
}

/** Markdown reduced to reading text for a one-paragraph snippet: links by their shown text, no markup. */
export function plainText(markdown: string): string {
  const lines: string[] = [];
  for (const line of markdown.split('\n')) {
    if (/^\s*\|?\s*:?-{3,}/.test(line)) continue; // table separator row
    const row = /^\s*\|(.*?)\|?\s*$/.exec(line);
    lines.push(
      row
        ? `${row[1]!
            .split('|')
            .map((c) => c.trim())
            .filter((c) => c !== '')
            .join(' · ')};`
        : line,
    );
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

/** Answer text: paragraphs, and "- " lines as a list (the extractive answer is such a list); see renderLinkedText. */
export function renderAnswerText(el: HTMLElement, text: string, open: OpenLink, turnRefs = false): void {
  let list: HTMLElement | null = null;
  for (const line of text.split('\n')) {
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      list ??= el.createEl('ul');
      renderLinkedText(list.createEl('li'), item[1]!, open, turnRefs);
    } else if (line.trim() !== '') {
      list = null;
      renderLinkedText(el.createEl('p'), line, open, turnRefs);
    }
  }
}

/** The chunk body without the "Title > Heading" line the chunker prepends, as plain text, cut to a snippet. */
export function chunkSnippet(chunk: ContextChunk): string {
  const lines = chunk.text.split('\n');
  const title = noteTitle(chunk.note);
  // A note with a front matter title is headed by that title (the label shows it after the bar).
  const display = /^\[\[[^|\]]*\|([^\]]+)\]\]$/.exec(chunk.label)?.[1]?.split(' > ')[0];
  const headed =
    lines.length > 1 && (lines[0]!.startsWith(title) || (display !== undefined && lines[0]!.startsWith(display)));
  const body = headed ? lines.slice(1).join('\n') : chunk.text;
  return cutSnippet(plainText(body));
}

function cutSnippet(flat: string): string {
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1).trimEnd()}…` : flat;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The section title of the context list: chunks and notes, and earlier turns when there are any. */
function contextTitle(noteChunks: ContextChunk[], turns: number): string {
  const earlier = plural(turns, 'earlier turn', 'earlier turns');
  if (noteChunks.length === 0)
    return turns > 0 ? `Context: ${earlier} (no note matched this question)` : 'No note matched this question.';
  const notes = new Set(noteChunks.map((c) => c.note)).size;
  const fromNotes = `${plural(noteChunks.length, 'chunk', 'chunks')} from ${plural(notes, 'note', 'notes')}`;
  return turns > 0 ? `Context: ${fromNotes} and ${earlier}` : `Context: ${fromNotes}`;
}

/**
 * The list of the context's chunks; a click opens the note at the chunk's heading. Earlier turns of a
 * conversation are listed as "Earlier turn N" with what was asked and answered, and open nothing.
 */
export function renderContext(el: HTMLElement, result: AskResult, open: OpenLink): void {
  el.empty();
  const chunks = result.context.chunks;
  const turns = chunks.filter((c) => turnOfChunk(c) !== null).length;
  const head = el.createDiv({ cls: 'overlay-memory-section-title' });
  head.setText(
    contextTitle(
      chunks.filter((c) => turnOfChunk(c) === null),
      turns,
    ),
  );
  const list = el.createEl('ol', { cls: 'overlay-memory-chunks' });
  for (const c of chunks) {
    const turn = turnOfChunk(c);
    if (turn !== null) {
      turnItem(list, c, turn);
      continue;
    }
    const item = list.createEl('li', { cls: 'overlay-memory-chunk', attr: { 'data-note': c.note, tabindex: 0 } });
    const top = item.createDiv({ cls: 'overlay-memory-chunk-head' });
    top.createSpan({ cls: 'overlay-memory-chunk-label', text: shownLabel(c.label), attr: { title: c.label } });
    top.createSpan({ cls: 'overlay-memory-chunk-tokens', text: `${formatTokens(c.tokens)} tokens` });
    item.createDiv({ cls: 'overlay-memory-chunk-text', text: chunkSnippet(c) });
    const go = (newTab: boolean) => open(linkTo(c.note, c.heading || undefined), newTab);
    item.addEventListener('click', (evt) => go(evt.ctrlKey || evt.metaKey));
    item.addEventListener('keydown', (evt) => {
      if (evt.key === 'Enter') go(evt.ctrlKey || evt.metaKey);
    });
  }
}

/**
 * An earlier turn in the context list: a label, its size and the turn's text; not a link, and its label is
 * not in the citation colour of the note chunks.
 */
function turnItem(list: HTMLElement, c: ContextChunk, turn: number): void {
  const item = list.createEl('li', {
    cls: 'overlay-memory-chunk overlay-memory-turn-chunk',
    attr: { 'data-turn': turn },
  });
  const top = item.createDiv({ cls: 'overlay-memory-chunk-head' });
  top.createSpan({ cls: 'overlay-memory-turn-label', text: `Earlier turn ${turn}` });
  top.createSpan({ cls: 'overlay-memory-chunk-tokens', text: `${formatTokens(c.tokens)} tokens` });
  // An extractive answer is a "- " list, so the turn reads "A: - first sentence"; the marker goes.
  const text = c.text.replace(/^(A:\s*)[-*]\s+/m, '$1');
  item.createDiv({ cls: 'overlay-memory-chunk-text', text: cutSnippet(plainText(text)) });
}

/**
 * The line comparing the bounded context with the whole vault: tokens, energy, saving in %; from the second
 * turn of a conversation, the history tokens recalled against those re-sending the whole history would add.
 */
export function renderSaving(el: HTMLElement, result: AskResult): void {
  el.empty();
  if (result.saving?.claimed === false) {
    // Honest baselines: no saving is claimed for an empty context (src/core/cost/ask-saving.ts says why).
    el.createDiv({ cls: 'overlay-memory-saving-none', text: savingLines(result.saving, 0, result.full.tokens)[0]! });
    return;
  }
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
    energy.appendText(' for the whole vault');
    energy.createSpan({ cls: 'overlay-memory-muted', text: ` (estimate for ${assumptionLabel(s.model, s.hardware)})` });
    // The other baselines (the vault cut to the window, the cached history), each named in its line.
    for (const b of (s.baselines ?? []).filter((x) => x.id !== 'whole-vault')) {
      el.createDiv({
        cls: 'overlay-memory-saving-baseline',
        text: baselineLine(b, s, s.promptTokens ?? result.context.tokens),
      });
    }
  }
  const c = result.conversation;
  if (c && c.turn >= 2) {
    const history = el.createDiv({ cls: 'overlay-memory-saving-history' });
    history.appendText('History: ');
    history.createSpan({ cls: 'overlay-memory-saving-value', text: formatTokens(c.historyTokens) });
    history.appendText(' tokens recalled instead of ');
    history.createSpan({ cls: 'overlay-memory-saving-value', text: formatTokens(c.fullHistoryTokens) });
    history.appendText(' re-sent');
  }
}

/** True when `[[turn N]]` in the result's answer means an earlier turn rather than a note. */
export function hasTurnRefs(result: AskResult): boolean {
  return result.conversation !== undefined || result.context.chunks.some((c) => turnOfChunk(c) !== null);
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
  renderAnswerText(el.createDiv({ cls: 'overlay-memory-answer-text' }), a.text, open, hasTurnRefs(result));
  const meta = el.createDiv({ cls: 'overlay-memory-answer-meta' });
  meta.setText(
    a.mode === 'llm'
      ? `Answered by the LLM from the bounded context (${formatTokens(a.promptTokens)} prompt tokens).`
      : 'Extractive answer: sentences quoted from the context (no LLM configured).',
  );
  if (a.error) el.createDiv({ cls: 'overlay-memory-error', text: a.error });
}
