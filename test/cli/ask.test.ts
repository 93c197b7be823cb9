// `overlay ask` end to end: the CLI bundle spawned on a copy of the example vault, with and without an LLM
// (a real chat-completions server on 127.0.0.1).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOverlay, runOverlayAsync, useIndexedVault } from './index-helpers';
import { FakeChatServer } from '../engine/llm/fake-chat-server';
import { countTokens } from '../../src/core/tokens';

const fixture = useIndexedVault({ beforeAll, afterAll });
let vault = '';
let dataDir = '';
beforeAll(() => ({ vault, dataDir } = fixture));
const QUESTION = 'Why does a long conversation with an LLM get more expensive every turn?';

describe('overlay ask', () => {
  it('--json gives the bounded context, the whole-vault size, the saving and an extractive answer', () => {
    const r = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.question).toBe(QUESTION);
    expect(out.budget).toBe(3000);
    expect(out.context.tokens).toBeGreaterThan(0);
    expect(out.context.tokens).toBeLessThanOrEqual(3000);
    expect(countTokens(out.context.text)).toBe(out.context.tokens);
    for (const c of out.context.chunks) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['id', 'note', 'heading', 'tokens', 'score', 'label', 'trace']),
      );
      expect(c.label).toMatch(/^\[\[[^\]]+\]\]$/);
    }
    // The demo question's gold note is the first note of the context.
    expect(out.context.chunks[0].note).toBe('Energy/Long conversation cost curve.md');
    expect(out.full.tokens).toBeGreaterThan(out.context.tokens * 5);
    expect(out.saving.tokens).toBeGreaterThan(0);
    expect(out.saving.ratio).toBeGreaterThan(5);
    expect(out.saving.energyWh.full).toBeGreaterThan(out.saving.energyWh.bounded);
    expect(out.saving).toMatchObject({ model: 'llama-3.1-70b', hardware: 'h100' });
    expect(out.answer.mode).toBe('extractive');
    expect(out.answer.text.length).toBeGreaterThan(40);
    expect(out.answer.citations.length).toBeGreaterThan(0);
    const contextNotes = new Set(out.context.chunks.map((c: { note: string }) => c.note));
    for (const n of out.answer.citations) expect(contextNotes.has(n)).toBe(true);
  });

  it('never exceeds a small budget and honours --k and --retriever', () => {
    const r = runOverlay([
      'ask',
      vault,
      'What does the KV cache store?',
      '--data-dir',
      dataDir,
      '--json',
      '--budget',
      '250',
      '--k',
      '2',
      '--retriever',
      'bm25',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.context.tokens).toBeLessThanOrEqual(250);
    expect(out.context.chunks.length).toBeGreaterThan(0);
    expect(out.context.chunks.length).toBeLessThanOrEqual(2);
    for (const c of out.context.chunks) expect(c.trace.dense).toBeUndefined();
  });

  it('text mode prints the answer first, then its sources, the context size and a one-line saving', () => {
    const r = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Answer \(extractive\):\n- /);
    expect(r.stdout).toMatch(/\nSources:\n {2}\[\[Long conversation cost curve[^\n]*\]\] +\d+ tokens\n/);
    expect(r.stdout).toMatch(
      /\nBounded context: [\d,]+ of 3,000 tokens, \d+ chunks from \d+ notes \(--show-context prints it\)\.\n/,
    );
    expect(r.stdout).toMatch(/\nSaving: [\d,]+ prompt tokens instead of [\d,]+ with the whole vault/);
    // Without --show-context the passages themselves are not printed: the output stays short.
    expect(r.stdout.split('\n').length).toBeLessThan(25);
    const out = JSON.parse(runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--json']).stdout);
    expect(r.stdout).not.toContain(out.context.chunks.at(-1).text.split('\n').at(-1));
  });

  it('--show-context prints the whole bounded context after the saving', () => {
    const r = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--show-context']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--json']).stdout);
    expect(r.stdout.indexOf(out.context.text)).toBeGreaterThan(r.stdout.indexOf('Saving:'));
    expect(r.stdout).not.toContain('(--show-context prints it)');
  });

  it('rejects bad flags with a clear message', () => {
    const bad = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--retriever', 'magic']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--retriever must be one of/);
    const noModel = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--llm', 'http://127.0.0.1:9/v1']);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--llm needs --model/);
    const empty = runOverlay(['ask', vault, '  ', '--data-dir', dataDir]);
    expect(empty.code).toBe(2);
    const preset = runOverlay(['ask', vault, QUESTION, '--data-dir', dataDir, '--energy-model', 'gpt-9']);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toMatch(/unknown --energy-model "gpt-9" \(known: .*llama-3.1-70b/);
    for (const x of [bad, noModel, empty, preset]) expect(x.stderr).not.toMatch(/\n\s+at /);
  });

  describe('with an LLM', () => {
    const server = new FakeChatServer({ models: ['tiny'], apiKey: 'sk-test-123' });
    beforeAll(async () => {
      await server.start();
    });
    afterAll(async () => {
      await server.stop();
    });

    it('sends only the bounded context and reports an llm answer with checked citations', async () => {
      const r = await runOverlayAsync(
        ['ask', vault, QUESTION, '--data-dir', dataDir, '--json', '--llm', server.baseUrl, '--model', 'tiny'],
        {
          OVERLAY_LLM_API_KEY: 'sk-test-123',
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.answer.mode).toBe('llm');
      expect(out.answer.citations.length).toBeGreaterThan(0);
      expect(out.answer.promptTokens).toBeGreaterThan(out.context.tokens);
      const req = server.chatRequests.at(-1)!;
      const user = req.body!.messages!.find((m) => m.role === 'user')!.content;
      expect(user).toContain(out.context.chunks[0].label);
      // A note that is not in the context never reaches the model.
      const contextNotes = new Set(out.context.chunks.map((c: { note: string }) => c.note));
      const outside = ['Research/Ring attention.md', 'Practice/Block references.md', 'Overlay/Index/HNSW.md'].find(
        (n) => !contextNotes.has(n),
      )!;
      const body = readFileSync(join(vault, outside), 'utf8')
        .split('\n')
        .find((l) => l.length > 80)!;
      expect(req.raw).not.toContain(body.slice(0, 60));
      expect(r.stderr + r.stdout).not.toContain('sk-test-123');
    });

    it('falls back to an extractive answer with a clear reason when the endpoint is down', async () => {
      const r = await runOverlayAsync([
        'ask',
        vault,
        QUESTION,
        '--data-dir',
        dataDir,
        '--json',
        '--llm',
        'http://127.0.0.1:9/v1',
        '--model',
        'tiny',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.answer.mode).toBe('extractive');
      expect(out.answer.error).toMatch(/127\.0\.0\.1:9/);
      expect(out.answer.text.length).toBeGreaterThan(40);
    });
  });
});
