// `overlay ask --conversation` end to end: the CLI bundle spawned turn after turn on a copy of the example vault
// (state kept in <data-dir>/conversations), and the same over JSON-RPC (`overlay serve --stdio`).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AskResult } from '../../src/engine/protocol';

/** A JSON-RPC reply as these tests read it. */
type RpcReply = { result: AskResult; error?: { code: number; message: string } };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfIndexedTestVault, hasStackTrace, REPO, runOverlay, useIndexedVault } from './index-helpers';
import { removeDir } from '../engine/temp-vault';
import { countTokens } from '../../src/core/tokens';

const fixture = useIndexedVault({ beforeAll, afterAll });
let vault = '';
let dataDir = '';
beforeAll(() => ({ vault, dataDir } = fixture));

const ask = (question: string, ...extra: string[]) =>
  runOverlay(['ask', vault, question, '--data-dir', dataDir, ...extra]);

describe('overlay ask --conversation', () => {
  it('continues a conversation across processes: the second turn recalls the first', () => {
    const q1 = 'What does the KV cache store?';
    const one = ask(q1, '--conversation', 'cli-1', '--json');
    expect(one.code, one.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    expect(a.conversation).toEqual({ id: 'cli-1', turn: 1, recalledTurns: [], historyTokens: 0, fullHistoryTokens: 0 });
    const file = join(dataDir, 'conversations', 'cli-1.json');
    expect(existsSync(file)).toBe(true);

    const two = ask('How big is it?', '--conversation', 'cli-1', '--json', '--budget', '1200');
    expect(two.code, two.stderr).toBe(0);
    const b = JSON.parse(two.stdout);
    expect(b.conversation.turn).toBe(2);
    expect(b.conversation.recalledTurns).toEqual([1]);
    expect(b.conversation.historyTokens).toBeGreaterThan(0);
    expect(b.conversation.historyTokens).toBeLessThanOrEqual(300);
    expect(b.conversation.fullHistoryTokens).toBeGreaterThan(countTokens(q1));
    expect(b.context.tokens).toBeLessThanOrEqual(1200);
    expect(b.context.tokens).toBe(countTokens(b.context.text));
    expect(b.context.text).toContain(`[[turn 1]]\nQ: ${q1}`);
    // A follow-up ("it", one content word) is searched together with the previous question: the KV cache leads.
    expect(b.context.chunks.find((c: { id: string }) => !c.id.startsWith('turn:')).note).toBe('Energy/KV cache.md');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.conversation.turns.map((t: { question: string }) => t.question)).toEqual([q1, 'How big is it?']);
  });

  it('prints the conversation line in text mode, and a separate id is a separate conversation', () => {
    const r = ask('What does the KV cache store?', '--conversation', 'cli-1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Bounded context: [\d,]+ of 3,000 tokens, \d+ chunks from \d+ notes and \d+ earlier turns?/,
    );
    expect(r.stdout).toMatch(
      /Conversation "cli-1", turn 3: recalled turns? [\d, ]+ \([\d,]+ tokens\); re-sending the whole history would have added [\d,]+ tokens\./,
    );
    const other = ask('What does the KV cache store?', '--conversation', 'cli-2', '--json');
    expect(JSON.parse(other.stdout).conversation.turn).toBe(1);
    const none = ask('What does the KV cache store?', '--json');
    expect(JSON.parse(none.stdout)).not.toHaveProperty('conversation');
  });

  it('rejects a bad id, and moves a corrupt conversation aside with a warning instead of failing', () => {
    const bad = ask('What does the KV cache store?', '--conversation', '../escape');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--conversation: conversation id "\.\.\/escape" must be/);
    writeFileSync(join(dataDir, 'conversations', 'broken.json'), '{"format": "overlay-conversation-file", "ver');
    const r = ask('What does the KV cache store?', '--conversation', 'broken', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: conversation "broken" could not be read \(not JSON/);
    const out = JSON.parse(r.stdout);
    expect(out.conversation).toMatchObject({
      turn: 1,
      warning: expect.stringMatching(/moved to .*broken\.json\.corrupt-/),
    });
    expect(
      readdirSync(join(dataDir, 'conversations')).filter((n) => n.startsWith('broken.json.corrupt-')),
    ).toHaveLength(1);
    for (const x of [bad, r]) expect(hasStackTrace(x.stderr)).toBe(false);
  });
});

describe('JSON-RPC ask with a conversation', () => {
  it('keeps the conversation across requests and validates the id', async () => {
    // A fresh indexed copy: the conversations of the CLI tests above are not in it.
    const rpc = copyOfIndexedTestVault();
    const rpcData = rpc.dataDir;
    const proc = spawn(
      process.execPath,
      [join(REPO, 'bin', 'overlay.mjs'), 'serve', '--stdio', rpc.vault, '--data-dir', rpcData],
      { cwd: REPO },
    );
    const replies = new Map<number, (m: RpcReply) => void>();
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as RpcReply & { id?: number };
      if (typeof m.id === 'number') replies.get(m.id)?.(m);
    });
    let next = 1;
    const request = (method: string, params: unknown) =>
      new Promise<RpcReply>((resolve) => {
        const id = next++;
        replies.set(id, resolve);
        proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      });
    try {
      await request('initialize', { client: 'test' });
      const one = await request('ask', { question: 'What does the KV cache store?', conversation: 'rpc' });
      expect(one.result.conversation).toMatchObject({ id: 'rpc', turn: 1, recalledTurns: [] });
      const two = await request('ask', {
        question: 'Why does it grow with every token?',
        conversation: 'rpc',
        budget: 1000,
      });
      expect(two.result.conversation).toMatchObject({ id: 'rpc', turn: 2, recalledTurns: [1] });
      expect(two.result.conversation?.fullHistoryTokens).toBeGreaterThan(0);
      expect(two.result.context.tokens).toBeLessThanOrEqual(1000);
      expect(two.result).not.toHaveProperty('notes');
      const bad = await request('ask', { question: 'x?', conversation: 'a/b' });
      expect(bad.error).toMatchObject({ code: -32602, message: expect.stringMatching(/conversation id "a\/b"/) });
      expect(existsSync(join(rpcData, 'conversations', 'rpc.json'))).toBe(true);
      await request('shutdown', {});
    } finally {
      proc.kill();
      removeDir(rpcData);
      removeDir(rpc.vault);
    }
  });
});
