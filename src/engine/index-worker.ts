// Entry point of an index pool thread (index-pool.ts; bundled as dist/index-worker.mjs): reads, parses and chunks
// notes with the same code as the in-process sync, and embeds passages with its own local embedder, whose passage
// vectors depend only on the text, its options and the bundled WordNet (the same in every thread).
import { parentPort, workerData } from 'node:worker_threads';
import { LocalEmbedder } from '../core/embed/local-embedder';
import { TermPacker } from '../core/index/packed-terms';
import { FsNoteSource } from './fs-note-source';
import type { FromWorker, IndexWorkerInit, ToWorker } from './index-pool';
import { prepareFile, type FileOutcome, type PrepareSettings } from './prepare-file';
import { workerBudgetClock } from './thread-clock';

const port = parentPort;
if (!port) throw new Error('index-worker: must run as a worker thread');
const init = workerData as IndexWorkerInit;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

const source = new FsNoteSource(init.root, init.exclude, true);
const embedder = new LocalEmbedder();
/** Numbers the lexical terms this thread sends (the pool keeps this thread's dictionary); it numbers the tokens
 * with the embedder's word numbers, so each token of a chunk is looked up once for both. */
const packer = new TermPacker(embedder.words);
const settings: PrepareSettings = {
  chunker: init.chunker,
  maxNoteBytes: init.maxNoteBytes,
  noteGuard: init.noteGuard,
  clock: workerBudgetClock,
};

async function handle(m: ToWorker): Promise<void> {
  try {
    if (m.t === 'prepare') {
      const outcomes: FileOutcome[] = [];
      for (const t of m.tasks) outcomes.push(await prepareFile(source, t.info, t.knownSha256, settings));
      post({ t: 'prepared', id: m.id, outcomes });
    } else {
      // Each text is cut once, for its vector and for its lexical terms (the main thread only adds the postings).
      const dims = embedder.fingerprint.dims;
      const data = new Float32Array(m.texts.length * dims);
      m.texts.forEach((text, i) => {
        const ids = embedder.words.idsOfText(text);
        data.set(embedder.embedPassageIds(ids), i * dims);
        packer.addIds(ids);
      });
      post({ t: 'embedded', id: m.id, data, count: m.texts.length, terms: packer.pack() }, [data.buffer]);
    }
  } catch (e) {
    if (m.t === 'embed') packer.discard();
    post({ t: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) });
  }
}

try {
  await embedder.init();
  const mine = JSON.stringify(embedder.fingerprint);
  if (mine !== JSON.stringify(init.fingerprint)) {
    post({ t: 'fatal', message: `embedder ${mine} is not the sync's ${JSON.stringify(init.fingerprint)}` });
  } else {
    port.on('message', (m: ToWorker) => void handle(m));
    post({ t: 'ready' });
  }
} catch (e) {
  post({ t: 'fatal', message: e instanceof Error ? e.message : String(e) });
}
