// The start-up every engine host runs once it has opened its engine (`overlay serve` and the plugin's worker).
import { askVault } from './ask';
import type { HostedEngine, Notify } from './hosted-engine';

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Brings the index up to date, warms the retrieval path and announces `ready`, or the failure as `error`. */
export async function startUpSync<E extends HostedEngine>(engine: E, notify: Notify): Promise<E> {
  try {
    const r = await engine.sync();
    // One throw-away retrieval loads the tokenizer, link graph, query weights and WordNet now, so the person's
    // first question is answered at full speed.
    if (r.chunks > 0) await askVault(engine.view(), 'warm up', { budget: 200, noAnswer: true }).catch(() => undefined);
    notify('ready', { notes: r.notes, chunks: r.chunks });
  } catch (err) {
    notify('error', { message: `start-up sync failed: ${errText(err)}` });
    throw err;
  }
  return engine;
}
