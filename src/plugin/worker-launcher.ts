// Starts the engine in a Web Worker inside Obsidian (no Node process, no native module: desktop and mobile alike).
// The worker's code ships inside main.js, gzip-compressed; a tiny boot script (from a Blob URL) inflates it in the
// worker with DecompressionStream and runs it, so the UI thread only passes a string along. The launcher then
// connects an EngineClient over postMessage, answers the worker's vault and HTTP calls, and restarts a worker that
// dies.
import type { App } from 'obsidian';
import { WORKER_GZ_BASE64 } from 'overlay:engine-worker';
import { EngineClient, type EngineTransport } from './engine-client';
import type { LauncherState } from './launcher-state';
import { VaultBridge } from './vault-bridge';
import type { FromWorker, ToWorker, WorkerInit } from '../engine/worker/worker-protocol';
import { PROTOCOL_VERSION } from '../engine/protocol';

/** Runs in the worker first: inflates the engine code, runs it, then replays the messages that came meanwhile. */
const BOOT = `
const queued = [];
self.onmessage = (e) => { queued.push(e); };
self.addEventListener('message', async function boot(e) {
  if (!e.data || e.data.kind !== 'boot') return;
  self.removeEventListener('message', boot);
  queued.splice(queued.indexOf(e), 1);
  try {
    const bin = atob(e.data.code);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const code = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    importScripts(url);
    URL.revokeObjectURL(url);
    for (const m of queued.splice(0)) self.onmessage(m);
  } catch (err) {
    self.postMessage({ kind: 'fatal', message: 'the engine could not start in this app: ' + (err && err.message || err) });
  }
});
`;

/** What the launcher needs to know. */
export interface WorkerLauncherOptions {
  app: App;
  /** Stable per-vault id: this device's IndexedDB database is named after it. */
  vaultKey: string;
  /** The embedder spec, read at each start. */
  embedder: () => string;
  /** Waits before automatic restarts 1, 2, 3, ...; the last value repeats. */
  restartDelaysMs?: number[];
  /** Gives up after this many failures in a row. */
  maxFailures?: number;
}

/** EngineTransport over a Worker; vault and HTTP calls from the worker are answered by the bridge. */
class WorkerTransport implements EngineTransport {
  private lineListeners: ((line: string) => void)[] = [];
  private closeListeners: ((reason: string) => void)[] = [];
  private closed: string | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly bridge: VaultBridge,
  ) {
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    worker.onerror = (e: ErrorEvent) => this.finish(`the engine crashed: ${e.message || 'unknown error'}`);
  }

  post(m: ToWorker | { kind: 'boot'; code: string }): void {
    this.worker.postMessage(m);
  }

  send(line: string): void {
    if (this.closed !== null) throw new Error(`worker-launcher: engine is gone (${this.closed})`);
    this.post({ kind: 'rpc', text: line });
  }

  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  onClose(listener: (reason: string) => void): void {
    if (this.closed !== null) listener(this.closed);
    else this.closeListeners.push(listener);
  }

  close(): void {
    this.worker.terminate();
    this.finish('stopped');
  }

  private receive(m: FromWorker): void {
    if (m.kind === 'rpc') for (const fn of this.lineListeners) fn(m.text);
    else if (m.kind === 'fatal') {
      this.worker.terminate();
      this.finish(m.message);
    } else if (m.kind === 'call') {
      this.bridge.handle(m.call).then(
        (value) => {
          if (this.closed === null) this.post({ kind: 'reply', id: m.id, ok: true, value });
        },
        (err: unknown) => {
          const code = (err as { code?: unknown }).code;
          if (this.closed === null) {
            this.post({
              kind: 'reply',
              id: m.id,
              ok: false,
              error: err instanceof Error ? err.message : String(err),
              ...(typeof code === 'string' ? { code } : {}),
            });
          }
        },
      );
    }
  }

  private finish(reason: string): void {
    if (this.closed !== null) return;
    this.closed = reason;
    for (const fn of this.closeListeners.splice(0)) fn(reason);
  }
}

/** Starts, watches and restarts the engine worker. */
export class WorkerLauncher {
  private state: LauncherState = { status: 'stopped', reason: '', version: null, restarts: 0 };
  private current: EngineClient | null = null;
  private starting: Promise<EngineClient | null> | null = null;
  private readonly stateListeners = new Set<(s: LauncherState) => void>();
  private readonly clientListeners = new Set<(c: EngineClient) => void>();
  private failures = 0;
  private stopping = false;
  private restartTimer: number | null = null;
  private readonly bridge: VaultBridge;

  constructor(private readonly opts: WorkerLauncherOptions) {
    this.bridge = new VaultBridge(opts.app);
  }

  getState(): LauncherState {
    return { ...this.state };
  }

  get client(): EngineClient | null {
    return this.current;
  }

  onState(listener: (s: LauncherState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onClient(listener: (c: EngineClient) => void): () => void {
    this.clientListeners.add(listener);
    return () => this.clientListeners.delete(listener);
  }

  /** Starts the worker (idempotent); resolves with the client, or null when it could not start. */
  start(): Promise<EngineClient | null> {
    if (this.current) return Promise.resolve(this.current);
    this.stopping = false;
    this.starting ??= this.launch().finally(() => (this.starting = null));
    return this.starting;
  }

  async restart(): Promise<EngineClient | null> {
    await this.stop();
    this.failures = 0;
    return this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) window.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const c = this.current;
    this.current = null;
    if (c) {
      await c.request('shutdown', {}, { timeoutMs: 2000 }).catch(() => undefined);
      c.close();
    }
    this.setState({ status: 'stopped', reason: 'The engine is stopped.' });
  }

  private async launch(): Promise<EngineClient | null> {
    this.setState({ status: this.state.restarts > 0 ? 'restarting' : 'starting', reason: 'Starting the engine…' });
    let worker: Worker;
    let bootUrl: string | null = null;
    // The boot script's URL is released once the worker has answered (or failed): it may load it asynchronously.
    const release = (): void => {
      if (bootUrl) URL.revokeObjectURL(bootUrl);
      bootUrl = null;
    };
    try {
      bootUrl = URL.createObjectURL(new Blob([BOOT], { type: 'text/javascript' }));
      worker = new Worker(bootUrl);
    } catch (e) {
      release();
      this.setState({
        status: 'failed',
        reason: `This app cannot run the engine's worker: ${e instanceof Error ? e.message : String(e)}`,
      });
      return null;
    }
    const transport = new WorkerTransport(worker, this.bridge);
    transport.post({ kind: 'boot', code: WORKER_GZ_BASE64 });
    const init: WorkerInit = {
      kind: 'init',
      vault: this.opts.app.vault.getName(),
      vaultKey: this.opts.vaultKey,
      embedder: this.opts.embedder(),
    };
    transport.post(init);
    const client = new EngineClient(transport);
    try {
      const hello = await client.request('initialize', { client: 'obsidian' }, { timeoutMs: 60_000 }).finally(release);
      if (hello.protocol !== PROTOCOL_VERSION)
        throw new Error(`engine protocol ${hello.protocol}, expected ${PROTOCOL_VERSION}`);
      this.current = client;
      this.failures = 0;
      client.onClose((reason) => this.onClosed(client, reason));
      this.setState({
        status: 'running',
        reason: 'The engine runs in a background worker of this app.',
        version: hello.version,
      });
      for (const fn of [...this.clientListeners]) fn(client);
      return client;
    } catch (e) {
      client.close();
      this.failures++;
      this.setState({
        status: 'failed',
        reason: `The engine could not start: ${e instanceof Error ? e.message : String(e)}`,
      });
      return null;
    }
  }

  private onClosed(client: EngineClient, reason: string): void {
    if (this.current !== client) return;
    this.current = null;
    if (this.stopping) return;
    this.failures++;
    const max = this.opts.maxFailures ?? 3;
    if (this.failures >= max) {
      this.setState({
        status: 'failed',
        reason: `The engine stopped ${this.failures} times in a row (last: ${reason}).`,
      });
      return;
    }
    const delays = this.opts.restartDelaysMs ?? [1000, 5000, 15000];
    const delay = delays[Math.min(this.failures - 1, delays.length - 1)] ?? 1000;
    this.setState({
      status: 'restarting',
      reason: `The engine stopped (${reason}); restarting…`,
      restarts: this.state.restarts + 1,
    });
    this.restartTimer = window.setTimeout(() => {
      this.restartTimer = null;
      void this.start();
    }, delay);
  }

  private setState(patch: Partial<LauncherState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of [...this.stateListeners]) fn(this.getState());
  }
}
