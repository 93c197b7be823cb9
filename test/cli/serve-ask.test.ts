// `ask` and `savings` over `overlay serve --stdio`, as the plugin uses them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, testVault } from './index-helpers';
import { removeDir } from '../engine/temp-vault';
import { start } from './rpc-test-client';
import { FakeChatServer } from '../engine/llm/fake-chat-server';

let vault = '';
beforeAll(() => {
  buildCli();
  vault = testVault();
});
afterAll(() => removeDir(vault));

describe('overlay serve: ask and savings', () => {
  it('answers from a bounded context, streams LLM text as answerDelta, and computes the conversation curve', async () => {
    const server = new FakeChatServer({ models: ['tiny'] });
    await server.start();
    const c = start(vault, ['--data-dir', `${vault}-data`]);
    try {
      await c.request('initialize', { client: 'test' });
      const ask = await c.request('ask', { question: 'What does the KV cache hold?', budget: 800 });
      const r = ask.result as {
        context: { tokens: number; chunks: { label: string }[] };
        answer: { mode: string };
        saving: { ratio: number };
      };
      expect(r.context.tokens).toBeLessThanOrEqual(800);
      expect(r.context.chunks[0]!.label).toMatch(/^\[\[KV cache/);
      expect(r.answer.mode).toBe('extractive');
      expect(r.saving.ratio).toBeGreaterThan(1);

      const before = c.notifications.length;
      const llm = await c.request('ask', {
        question: 'What does the KV cache hold?',
        llm: { url: server.baseUrl, model: 'tiny' },
      });
      expect(llm.error).toBeUndefined();
      expect((llm.result as { answer: { mode: string } }).answer.mode).toBe('llm');
      const deltas = c.notifications.slice(before).filter((m) => m.method === 'answerDelta');
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.every((d) => d.params!['requestId'] === llm.id)).toBe(true);

      // The LLM ranker over RPC: this model replies with prose, so the retriever's order is kept and it says why;
      // its request still counts in the saving.
      const ranked = await c.request('ask', {
        question: 'What does the KV cache hold?',
        llm: { url: server.baseUrl, model: 'tiny' },
        rankLlm: true,
      });
      const rr = ranked.result as {
        ranking: { status: string; reason: string; promptTokens: number };
        saving: { tokens: number };
        full: { tokens: number };
        answer: { promptTokens: number };
      };
      expect(rr.ranking.status).toBe('fallback');
      expect(rr.ranking.reason).toMatch(/no candidate id/);
      expect(rr.saving.tokens).toBe(rr.full.tokens - rr.answer.promptTokens - rr.ranking.promptTokens);
      const noLlm = await c.request('ask', { question: 'x', rankLlm: true });
      expect(noLlm.error?.code).toBe(-32602);
      expect(noLlm.error?.message).toMatch(/rankLlm needs llm/);

      const bad = await c.request('ask', { question: 'x', energyModel: 'gpt-9' });
      expect(bad.error?.code).toBe(-32602);
      expect(bad.error?.message).toMatch(/unknown model preset "gpt-9"/);

      const savings = await c.request('savings', { minutes: [5, 55, 205] });
      const s = savings.result as { turns: { minute: number; fullResendWh: number; boundedWh: number }[] };
      expect(s.turns.map((t) => t.minute)).toEqual([5, 55, 205]);
      expect(s.turns[2]!.fullResendWh).toBeGreaterThan(s.turns[2]!.boundedWh);
      const held = await c.request('savings', {
        minutes: [55],
        kvRetention: 'hbm',
        pauseMinutes: 2,
        cacheTtlMinutes: 60,
      });
      const h = held.result as {
        assumptions: Record<string, unknown>;
        crossover: unknown;
        turns: { prefixCachedWh: number; prefixCachedHbmWh: number }[];
      };
      expect(h.assumptions).toMatchObject({ kvRetention: 'hbm', pauseMinutes: 2, cacheTtlMinutes: 60 });
      expect(h.turns[0]!.prefixCachedWh).toBe(h.turns[0]!.prefixCachedHbmWh);
      expect(h.crossover).toBeTruthy();
      const wrong = await c.request('savings', { kvRetention: 'disk' });
      expect(wrong.error?.message).toMatch(/kvRetention must be "hbm" or "offload"/);
      await c.request('shutdown', {});
      expect(await c.exited).toBe(0);
    } finally {
      c.proc.kill();
      await server.stop();
      removeDir(`${vault}-data`);
    }
  });
});
