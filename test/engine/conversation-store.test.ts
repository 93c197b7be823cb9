// Conversations on disk: atomic, checksummed files under <dataDir>/conversations; unreadable files are moved
// aside and reported (never a crash), files from a newer version are refused and left alone.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationSessions, ConversationStore, conversationIdProblem } from '../../src/engine/conversation-store';
import { ConversationMemory } from '../../src/core/memory/conversation-memory';
import { removeDir } from './temp-vault';
import { sha256 } from '../../src/engine/atomic-file';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'overlay-conv-'));
  dirs.push(d);
  return d;
}

function memoryWithTurns(id: string, n: number): ConversationMemory {
  const m = new ConversationMemory(id);
  for (let i = 1; i <= n; i++) {
    m.recordTurn({
      question: `Question ${i} about tomatoes?`,
      answer: `Answer ${i}.`,
      sent: [`chunk-${i}`],
      notes: [{ note: 'Garden/Tomatoes.md', score: 1 }],
    });
  }
  return m;
}

describe('conversation ids', () => {
  it('accepts safe file names only', () => {
    for (const ok of ['a', 'chat-1', 'Chat_2024.01', '_x']) expect(conversationIdProblem(ok)).toBeNull();
    for (const bad of ['', '.hidden', '-x', '../up', 'a/b', 'a b', 'x'.repeat(101), 'ü'])
      expect(conversationIdProblem(bad)).toMatch(/conversation id/);
    expect(() => new ConversationStore(dataDir()).pathOf('../x')).toThrow(
      expect.objectContaining({ name: 'EngineError', code: 'bad-config' }),
    );
  });
});

describe('ConversationStore', () => {
  it('starts a new conversation, saves it atomically and loads it back', async () => {
    const dir = dataDir();
    const store = new ConversationStore(dir);
    const fresh = await store.load('chat');
    expect(fresh.created).toBe(true);
    expect(fresh.memory.turnCount).toBe(0);
    const m = memoryWithTurns('chat', 3);
    await store.save(m);
    expect(readdirSync(store.dir)).toEqual(['chat.json']);
    const file = JSON.parse(readFileSync(join(dir, 'conversations', 'chat.json'), 'utf8'));
    expect(file).toMatchObject({
      format: 'overlay-conversation-file',
      version: 1,
      conversation: { id: 'chat', version: 1 },
    });
    const back = await new ConversationStore(dir).load('chat');
    expect(back.created).toBe(false);
    expect(back.warning).toBeUndefined();
    expect(back.memory.turns()).toEqual(m.turns());
    expect(back.memory.weight('Garden/Tomatoes.md')).toBe(m.weight('Garden/Tomatoes.md'));
    expect(await store.list()).toEqual(['chat']);
  });

  it('removes temp files a crash left behind before writing', async () => {
    const dir = dataDir();
    const store = new ConversationStore(dir);
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(join(store.dir, '.chat.json.123.abcd.tmp'), 'half a file');
    await store.save(memoryWithTurns('chat', 1));
    expect(readdirSync(store.dir)).toEqual(['chat.json']);
  });

  it.each([
    ['torn write', (t: string) => t.slice(0, t.length / 2), /not JSON/],
    ['edited body', (t: string) => t.replace('Answer 1.', 'Answer one.'), /checksum mismatch/],
    ['another file', () => '{"hello": 1}', /not a conversation file/],
    [
      'invalid turn under a valid checksum',
      (t: string) => {
        const j = JSON.parse(t);
        j.conversation.turns[0].tokens = -5;
        j.sha256 = sha256(JSON.stringify(j.conversation));
        return JSON.stringify(j);
      },
      /turn 1: tokens is not a whole number/,
    ],
  ])('moves an unreadable file aside (%s), reports why and starts anew', async (_name, damage, reason) => {
    const dir = dataDir();
    const store = new ConversationStore(dir);
    await store.save(memoryWithTurns('chat', 2));
    const file = store.pathOf('chat');
    const damaged = damage(readFileSync(file, 'utf8'));
    writeFileSync(file, damaged);
    const r = await store.load('chat');
    expect(r.created).toBe(true);
    expect(r.memory.turnCount).toBe(0);
    expect(r.warning).toMatch(reason);
    expect(r.warning).toMatch(/moved to .*chat\.json\.corrupt-/);
    const names = readdirSync(store.dir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^chat\.json\.corrupt-/);
    // Nothing is lost: the damaged bytes are kept as they were.
    expect(readFileSync(join(store.dir, names[0]!), 'utf8')).toBe(damaged);
    expect(await store.list()).toEqual([]);
  });

  it('moves aside a valid file that holds another conversation', async () => {
    const dir = dataDir();
    const store = new ConversationStore(dir);
    await store.save(memoryWithTurns('other', 1));
    writeFileSync(store.pathOf('chat'), readFileSync(store.pathOf('other')));
    const r = await store.load('chat');
    expect(r.warning).toMatch(/holds conversation "other"/);
  });

  it('leaves a file from a newer version untouched and says so', async () => {
    const dir = dataDir();
    const store = new ConversationStore(dir);
    mkdirSync(store.dir, { recursive: true });
    const newer = '{"format":"overlay-conversation-file","version":9,"sha256":"x","conversation":{}}';
    writeFileSync(store.pathOf('chat'), newer);
    await expect(store.load('chat')).rejects.toMatchObject({
      name: 'EngineError',
      message: expect.stringMatching(/newer version/),
    });
    expect(readFileSync(store.pathOf('chat'), 'utf8')).toBe(newer);
  });
});

describe('ConversationSessions', () => {
  it('runs the turns of one conversation one at a time, saving after each, and keeps the memory warm', async () => {
    const dir = dataDir();
    const sessions = new ConversationSessions();
    const order: string[] = [];
    const turn = (label: string, ms: number) =>
      sessions.run(dir, 'chat', async (m) => {
        order.push(`start ${label}`);
        await new Promise((r) => setTimeout(r, ms));
        m.recordTurn({ question: `${label}?`, answer: '', sent: [], notes: [] });
        order.push(`end ${label}`);
        return m.turnCount;
      });
    const [a, b] = await Promise.all([turn('a', 30), turn('b', 0)]);
    expect([a, b]).toEqual([1, 2]);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect((await new ConversationStore(dir).load('chat')).memory.turnCount).toBe(2);
    // A failed turn does not block the next one.
    await expect(
      sessions.run(dir, 'chat', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await turn('c', 0)).toBe(3);
    expect(existsSync(join(dir, 'conversations', 'chat.json'))).toBe(true);
  });

  it('hands over the warning of an unreadable file once', async () => {
    const dir = dataDir();
    const store = new ConversationStore(dir);
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(store.pathOf('chat'), 'garbage');
    const sessions = new ConversationSessions();
    const warnings: (string | undefined)[] = [];
    for (let i = 0; i < 2; i++) await sessions.run(dir, 'chat', async (_m, w) => void warnings.push(w));
    expect(warnings[0]).toMatch(/could not be read/);
    expect(warnings[1]).toBeUndefined();
  });
});
