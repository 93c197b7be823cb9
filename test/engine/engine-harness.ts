// The engines and temp folders of an engine test file: each test pushes what it opens and creates, and both are
// closed and removed after it, so a failing test leaves no open data dir behind.
import { afterEach } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine/engine';
import { removeDir } from './temp-vault';

/** What a test file gets from useEngineHarness. */
export interface EngineHarness {
  /** Folders to remove after the test. */
  dirs: string[];
  /** Engines to close after the test. */
  engines: Engine[];
  /** Opens an engine on `vault`, closed after the test. */
  open(vault: string, extra?: Partial<EngineOptions>): Promise<Engine>;
  /** Closes `e` and opens its vault again with the default options. */
  reopen(e: Engine): Promise<Engine>;
}

/** Registers the after-each cleanup of the calling test file and returns its lists and openers. */
export function useEngineHarness(): EngineHarness {
  const dirs: string[] = [];
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    for (const d of dirs.splice(0)) removeDir(d);
  });
  const open = async (vault: string, extra: Partial<EngineOptions> = {}): Promise<Engine> => {
    const e = await Engine.open({ vault, ...extra });
    engines.push(e);
    return e;
  };
  const reopen = async (e: Engine): Promise<Engine> => {
    await e.close();
    engines.splice(engines.indexOf(e), 1);
    return open(e.vault);
  };
  return { dirs, engines, open, reopen };
}
