import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { EngineHost } from '../../../src/engine/engine-host';
import { engineMethods, mapEngineError } from '../../../src/engine/engine-methods';
import { EngineError } from '../../../src/engine/errors';
import { askResult, EngineService } from '../../../src/engine/service/engine-service';
import { PARAM_PARSERS } from '../../../src/engine/service/params';
import { OpenedHost } from '../../../src/engine/service/opened-host';
import type { EngineNotifications } from '../../../src/engine/protocol';
import { makeVault, removeDir } from '../temp-vault';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

/** What the CLI does: open and sync an engine, then call the service over it. */
async function cliService(vault: string): Promise<{ service: EngineService<Engine>; engine: Engine }> {
  const engine = await Engine.open({ vault, dataDir: `${vault}-cli-data` });
  dirs.push(`${vault}-cli-data`);
  await engine.sync();
  return { service: new EngineService(new OpenedHost(engine)), engine };
}

describe('EngineService', () => {
  it('answers the CLI (in-process) and the JSON-RPC map with the same results', async () => {
    const vault = makeVault();
    dirs.push(vault);
    const ask = { question: 'How often should tomatoes be watered?', budget: 400, conversation: 'garden' };

    const { service, engine } = await cliService(vault);
    const warnings: string[] = [];
    const viaCli = askResult(await service.ask(ask, { onConversationWarning: (w) => warnings.push(w) }));
    const relatedCli = await service.related({ note: 'Gardening/Tomatoes.md', k: 3 });
    await engine.close();

    const sent: { method: string; params: unknown }[] = [];
    const notify = <K extends keyof EngineNotifications>(method: K, params: EngineNotifications[K]): void =>
      void sent.push({ method, params });
    const host = new EngineHost({ vault, dataDir: `${vault}-rpc-data` }, notify);
    dirs.push(`${vault}-rpc-data`);
    try {
      const rpc = engineMethods(host, () => {}, notify);
      const viaRpc = await rpc.get('ask')!(ask, { id: 1 });
      const relatedRpc = await rpc.get('related')!({ note: 'Gardening/Tomatoes.md', k: 3 }, { id: 2 });
      expect(viaRpc).toEqual(viaCli);
      expect(viaCli.saving.baselines.length).toBeGreaterThan(0);
      expect(viaCli.conversation).toMatchObject({ id: 'garden', turn: 1 });
      expect(relatedRpc).toEqual(relatedCli);
      expect(warnings).toEqual([]);
      // The savings curve is one method too: the RPC answer is the service's report.
      const curve = { minutes: [5, 55], budget: 2000 };
      expect(await rpc.get('savings')!(curve, { id: 3 })).toEqual(new EngineService(null).savings(curve));
    } finally {
      await host.close();
    }
  });

  it('refuses bad params with the typed bad-params failure, which JSON-RPC sends as -32602 with data.code', async () => {
    const service = new EngineService(null);
    expect(() => service.savings({ model: 'no-such-model' })).toThrow(EngineError);
    await expect(new EngineService(null).ask({ question: 'q', rankLlm: true })).rejects.toMatchObject({
      code: 'bad-params',
      message: 'rankLlm needs llm (the model that ranks the candidates)',
    });
    let thrown: unknown;
    try {
      PARAM_PARSERS.related({ note: '' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ name: 'EngineError', code: 'bad-params' });
    expect(mapEngineError(thrown)).toMatchObject({
      code: -32602,
      message: 'invalid params: note must be a non-empty string',
      data: { code: 'bad-params' },
    });
    // The parser checks what the service checks: a conversation id must be a safe file name.
    expect(() => PARAM_PARSERS.ask({ question: 'q', conversation: '../x' })).toThrow(/conversation id/);
  });
});
