import { describe, expect, it } from 'vitest';
import {
  buildPrompt,
  countPromptTokens,
  formatPromptForDisplay,
  MESSAGE_FRAME_TOKENS,
  REPLY_PRIMING_TOKENS,
  SYSTEM_INSTRUCTION,
} from '../../../src/core/answer/prompt';
import { countTokens } from '../../../src/core/tokens';
import { makeContext } from './context-fixture';

const ctx = makeContext([
  { note: 'garden/Tomatoes.md', path: ['Watering'], body: 'Tomatoes need deep watering twice a week.' },
  { note: 'Compost.md', body: 'Compost needs greens and browns.' },
]);

describe('buildPrompt', () => {
  it('sends a system instruction, then the labelled context and the question', () => {
    const { messages } = buildPrompt('  How often to water?  ', ctx);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]!.content).toBe(SYSTEM_INSTRUCTION);
    const user = messages[1]!.content;
    expect(user).toContain(ctx.text);
    expect(user).toContain('[[Tomatoes#Watering]]');
    expect(user).toContain('[[Compost]]');
    expect(user.endsWith('Question: How often to water?')).toBe(true);
    expect(user.indexOf(ctx.text)).toBeLessThan(user.indexOf('Question:'));
  });

  it('counts tokens exactly: contents plus the documented per-message overhead and reply priming', () => {
    const { messages, tokens } = buildPrompt('How often to water?', ctx);
    const contents = messages.reduce((s, m) => s + countTokens(m.content), 0);
    // Each role (system, user) is one token in o200k_base.
    expect(tokens).toBe(contents + messages.length * (MESSAGE_FRAME_TOKENS + 1) + REPLY_PRIMING_TOKENS);
    expect(tokens).toBeGreaterThan(ctx.tokens);
    expect(countPromptTokens(messages)).toBe(tokens);
  });

  it("counts exactly from the context's own count, whatever the context's last piece and the question", () => {
    // The blank line after the context joins a trailing punctuation run; questions with breaks, slashes, blanks.
    const ends = [
      'a stop.',
      'ask?!)',
      'a list:\n- one\n---',
      'code:\n```\nx();\n```',
      'ёлка 中文 😀',
      'x'.repeat(1200),
    ];
    const questions = ['How often?', 'a\n/b', '  spaced\tout  ', '/slash first', '「引用」?'];
    for (const end of ends) {
      const c = makeContext([
        { note: 'A.md', body: 'Some text.' },
        { note: 'B.md', path: ['H'], body: end },
      ]);
      for (const q of questions) {
        const p = buildPrompt(q, c);
        expect(p.tokens, `${end} / ${q}`).toBe(countPromptTokens(p.messages));
      }
    }
  });

  it('grows by exactly the added question tokens', () => {
    const a = buildPrompt('water', ctx).tokens;
    const b = buildPrompt('water tomatoes in summer heat', ctx).tokens;
    expect(b - a).toBe(countTokens('Question: water tomatoes in summer heat') - countTokens('Question: water'));
  });

  it('renders the chunks itself when the context text is missing, and says when the context is empty', () => {
    const noText = { ...ctx, text: '' };
    expect(buildPrompt('q', noText).messages[1]!.content).toContain('[[Tomatoes#Watering]]\nTomatoes > Watering');
    const empty = makeContext([]);
    expect(buildPrompt('q', empty).messages[1]!.content).toMatch(/^Context: \(empty/);
  });

  it('rejects an empty question', () => {
    expect(() => buildPrompt('   ', ctx)).toThrow(/^prompt: /);
  });

  it('formats the prompt for --show-prompt with roles and the count', () => {
    const p = buildPrompt('How often?', ctx);
    const shown = formatPromptForDisplay(p.messages, p.tokens);
    expect(shown).toContain('──── system ────');
    expect(shown).toContain('──── user ────');
    expect(shown).toContain(`${p.tokens} prompt tokens`);
  });
});
