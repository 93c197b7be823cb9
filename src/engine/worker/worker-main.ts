// Entry of the plugin's engine Web Worker (bundled into main.js and started from a Blob URL). Waits for `init`,
// opens this device's IndexedDB store for the vault, and serves the engine's JSON-RPC methods over postMessage.
import { engineMethods, mapEngineError } from '../engine-methods';
import { RpcDispatcher } from '../rpc-dispatch';
import type { RecordStore } from '../../core/storage/record-store';
import { HostCalls, RemoteNoteSource, hostFetch } from './host-calls';
import { WorkerHost } from './worker-host';
import { databaseName, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol';
import { openDeviceStore } from './device-store';

interface WorkerScope {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  close(): void;
}

const scope = globalThis as unknown as WorkerScope;
const post = (m: FromWorker): void => scope.postMessage(m);
const calls = new HostCalls(post);
let dispatcher: RpcDispatcher | null = null;
let host: WorkerHost | null = null;
const early: string[] = [];

async function start(init: WorkerInit): Promise<void> {
  let store: RecordStore;
  try {
    store = await openDeviceStore(databaseName(init.vaultKey));
  } catch (e) {
    post({
      kind: 'fatal',
      message: `cannot open this device's index store: ${e instanceof Error ? e.message : String(e)}`,
    });
    return;
  }
  const d = new RpcDispatcher(new Map(), (text) => post({ kind: 'rpc', text }), mapEngineError);
  host = new WorkerHost(
    { vault: init.vault, source: new RemoteNoteSource(calls), store, embedder: init.embedder },
    (method, params) => d.notify(method, params),
  );
  const h = host;
  const methods = engineMethods(
    h,
    () => void h.close().finally(() => scope.close()),
    (m, p) => d.notify(m, p),
    {
      fetch: hostFetch(calls),
      stream: false,
    },
  );
  dispatcher = new RpcDispatcher(methods, (text) => post({ kind: 'rpc', text }), mapEngineError);
  for (const text of early.splice(0)) void dispatcher.handle(text);
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.kind === 'init') void start(m);
  else if (m.kind === 'rpc') {
    if (dispatcher) void dispatcher.handle(m.text);
    else early.push(m.text);
  } else if (m.kind === 'reply') {
    if (m.ok) calls.settle(m.id, true, m.value);
    else calls.settle(m.id, false, undefined, m.error, m.code);
  }
};
