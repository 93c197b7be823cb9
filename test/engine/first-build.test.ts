// A first build ends as an open begins (issue 10, memory): its lexical postings and link graph give way to the
// files it just wrote, its vectors to their records; questions then get exactly the answers a re-open gives.
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import type { IndexState } from '../../src/engine/index-state';
import { askVault } from '../../src/engine/ask';
import { makeVault, removeDir } from './temp-vault';

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

const stateOf = (e: Engine): IndexState => (e as unknown as { s: { state: IndexState } }).s.state;

const QUESTIONS = ['where do tomatoes grow', 'how is compost made', 'which notes link to the garden'];

async function answers(e: Engine): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of QUESTIONS) {
    const r = await askVault(e.view(), q, { noAnswer: true });
    out.push([r.context.text, r.context.chunks.map((c) => [c.id, c.score]), r.notes]);
  }
  return out;
}

describe('first build', () => {
  it('hands its postings, graph and vectors to the files it wrote, and answers as a re-open does', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await Engine.open({ vault });
    engines.push(e);
    await e.sync();
    const st = stateOf(e);
    expect(st.lexicalDeferred).toBe(true);
    expect(st.vectors.inMemory).toBe(0);
    const first = await answers(e);
    expect(st.lexicalDeferred).toBe(false);
    await e.close();
    engines.pop();

    const again = await Engine.open({ vault });
    engines.push(again);
    expect(await answers(again)).toEqual(first);
  });

  it('rebuilds the lexical index from the chunks when the file it gave way to is gone before first use', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const e = await Engine.open({ vault });
    engines.push(e);
    await e.sync();
    const before = await answers(e);
    await e.close();
    engines.pop();

    const e2 = await Engine.open({ vault, dataDir: join(vault, '.overlay-2') });
    engines.push(e2);
    await e2.sync();
    expect(stateOf(e2).lexicalDeferred).toBe(true);
    rmSync(join(vault, '.overlay-2', 'cache', 'lexical.cache'));
    expect(await answers(e2)).toEqual(before);
  });
});
