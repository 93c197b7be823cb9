// Launcher behaviour against small hand-written engine scripts (real processes, fake engine logic):
// handshake, fallback when a runtime does not answer, restart after a kill, giving up after quick crashes.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ENGINE_NAME, PROTOCOL_VERSION } from '../../src/engine/protocol';
import type { EngineClient } from '../../src/plugin/engine-client';
import { EngineLauncher, defaultCandidates, type LauncherOptions, type LauncherState } from '../../src/plugin/engine-launcher';

// A fake engine: answers initialize (name from FAKE_NAME), status with its pid, shutdown by exiting;
// FAKE_CRASH_MS makes it exit with code 3 that long after the handshake.
const FAKE_ENGINE = `
import { createInterface } from 'node:readline';
const name = process.env.FAKE_NAME ?? '${ENGINE_NAME}';
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') {
    send({ jsonrpc: '2.0', id: m.id, result: { name, version: '0.0.0-fake', protocol: ${PROTOCOL_VERSION} } });
    if (process.env.FAKE_CRASH_MS) setTimeout(() => { process.stderr.write('fake crash\\n'); process.exit(3); }, Number(process.env.FAKE_CRASH_MS));
  } else if (m.method === 'status') {
    send({ jsonrpc: '2.0', id: m.id, result: { pid: process.pid, args: process.argv.slice(2), electron: process.env.ELECTRON_RUN_AS_NODE ?? null } });
  } else if (m.method === 'shutdown') {
    send({ jsonrpc: '2.0', id: m.id, result: { ok: true } });
    setImmediate(() => process.exit(0));
  }
});
`;

let dir = '';
let enginePath = '';
let appLike = '';
const launchers: EngineLauncher[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'overlay-launcher-'));
  enginePath = join(dir, 'fake-engine.mjs');
  writeFileSync(enginePath, FAKE_ENGINE);
  // Stands in for an Electron binary with the RunAsNode fuse off: it starts, ignores the engine, never answers.
  appLike = join(dir, 'app-like.sh');
  writeFileSync(appLike, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(appLike, 0o755);
});

afterEach(async () => {
  for (const l of launchers.splice(0)) await l.stop();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function launcher(opts: Partial<LauncherOptions>): EngineLauncher {
  const l = new EngineLauncher({
    enginePath,
    vaultPath: '/vault',
    dataDir: '/data',
    candidates: defaultCandidates('', process.execPath),
    handshakeTimeoutMs: 3000,
    restartDelaysMs: [50],
    ...opts,
  });
  launchers.push(l);
  return l;
}

function nextState(l: EngineLauncher, want: LauncherState['status']): Promise<LauncherState> {
  return new Promise((resolve) => {
    const off = l.onState((s) => {
      if (s.status === want) {
        off();
        resolve(s);
      }
    });
  });
}

function nextClient(l: EngineLauncher): Promise<EngineClient> {
  return new Promise((resolve) => {
    const off = l.onClient((c) => {
      off();
      resolve(c);
    });
  });
}

describe('EngineLauncher', () => {
  it("starts the engine on Obsidian's runtime with ELECTRON_RUN_AS_NODE and the serve arguments", async () => {
    const l = launcher({});
    const client = await l.start();
    expect(client).not.toBeNull();
    const st = l.getState();
    expect(st).toMatchObject({ status: 'running', mode: 'electron', version: '0.0.0-fake' });
    const info = (await client!.request('status', {})) as unknown as { pid: number; args: string[]; electron: string };
    expect(info.pid).toBe(st.pid);
    expect(info.args).toEqual(['serve', '--stdio', '/vault', '--data-dir', '/data']);
    expect(info.electron).toBe('1');
  });

  it('falls back to Node when the first runtime gives no handshake, and says why', async () => {
    const l = launcher({
      candidates: [
        { mode: 'electron', command: appLike, env: { ELECTRON_RUN_AS_NODE: '1' } },
        { mode: 'node', command: process.execPath },
      ],
      handshakeTimeoutMs: 1500,
    });
    const client = await l.start();
    expect(client).not.toBeNull();
    const st = l.getState();
    expect(st.mode).toBe('node');
    expect(st.reason).toContain("Obsidian's runtime: no handshake within 2 s (this Obsidian build may ignore ELECTRON_RUN_AS_NODE).");
  });

  it('rejects a process that answers with another name, and reports failure when nothing works', async () => {
    const l = launcher({
      candidates: [
        { mode: 'electron', command: process.execPath, env: { FAKE_NAME: 'something-else' } },
        { mode: 'node', command: join(dir, 'missing-node') },
      ],
    });
    expect(await l.start()).toBeNull();
    const st = l.getState();
    expect(st.status).toBe('failed');
    expect(st.reason).toContain('it answered as "something-else", not as the engine.');
    expect(st.reason).toMatch(/Node\.js \(.*missing-node\): could not run it: spawn .*missing-node ENOENT\./);
  });

  it('restarts the engine after it is killed', async () => {
    const l = launcher({});
    await l.start();
    const firstPid = l.getState().pid!;
    const again = nextClient(l);
    process.kill(firstPid, 'SIGKILL');
    const client = await again;
    const st = l.getState();
    expect(st.status).toBe('running');
    expect(st.pid).not.toBe(firstPid);
    expect(st.restarts).toBe(1);
    const info = (await client.request('status', {})) as unknown as { pid: number };
    expect(info.pid).toBe(st.pid);
  });

  it("reports the engine's own error line when it dies before the handshake", async () => {
    const l = launcher({ enginePath: join(dir, 'no-such-engine.mjs'), candidates: [{ mode: 'node', command: process.execPath }] });
    expect(await l.start()).toBeNull();
    expect(l.getState().reason).toMatch(/it exited with code 1 before the handshake\. Engine output: Error: Cannot find module .*no-such-engine\.mjs/);
  });

  it('gives up after repeated quick crashes with a clear reason', async () => {
    const l = launcher({
      candidates: [{ mode: 'node', command: process.execPath, env: { FAKE_CRASH_MS: '30' } }],
      maxQuickCrashes: 3,
    });
    const failed = nextState(l, 'failed');
    await l.start();
    const st = await failed;
    expect(st.reason).toContain('3 times in a row');
    expect(st.reason).toContain('code 3');
    expect(l.client).toBeNull();
  });

  it('stops the engine with a shutdown request', async () => {
    const l = launcher({});
    await l.start();
    const pid = l.getState().pid!;
    await l.stop();
    expect(l.getState().status).toBe('stopped');
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
