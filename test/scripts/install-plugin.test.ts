// The install script against a small hand-made project tree: copies build outputs, the production
// dependency closure (nested versions, symlinked stubs, native addon), skips dev packages and other
// platforms' binaries, and keeps data.json and the index.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/install-plugin.mjs');
let root = '';
let vault = '';

function put(path: string, content: string | object): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
}

function pkg(dir: string, name: string, extra: object = {}): void {
  put(join(root, dir, 'package.json'), { name, version: '1.0.0', ...extra });
}

beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'overlay-install-'));
  root = join(base, 'project');
  vault = join(base, 'vault');
  mkdirSync(vault, { recursive: true });
  put(join(root, 'package.json'), { name: 'overlay-memory', dependencies: { a: '1', linked: '1', 'hnswlib-node': '3' }, devDependencies: { dev: '1' } });
  put(join(root, 'manifest.json'), { id: 'overlay-memory', name: 'Overlay Memory', version: '9.9.9' });
  for (const f of ['main.js', 'styles.css', 'dist/overlay.mjs']) put(join(root, f), `// ${f}`);
  pkg('node_modules/a', 'a', { dependencies: { c: '2', 'onnxruntime-node': '1' }, optionalDependencies: { 'not-installed': '1' } });
  pkg('node_modules/a/node_modules/c', 'c', { version: '2.0.0' });
  pkg('node_modules/c', 'c'); // only the nested c@2 is reachable
  pkg('node_modules/dev', 'dev');
  pkg('stubs/linked', 'linked');
  put(join(root, 'stubs/linked/index.js'), 'module.exports = {};');
  symlinkSync('../stubs/linked', join(root, 'node_modules/linked'));
  pkg('node_modules/hnswlib-node', 'hnswlib-node');
  put(join(root, 'node_modules/hnswlib-node/build/Release/addon.node'), 'native');
  put(join(root, 'node_modules/hnswlib-node/build/Release/obj.target/addon.o'), 'object file');
  pkg('node_modules/onnxruntime-node', 'onnxruntime-node');
  put(join(root, `node_modules/onnxruntime-node/bin/napi-v3/${process.platform}/${process.arch}/binding.node`), 'this platform');
  put(join(root, 'node_modules/onnxruntime-node/bin/napi-v3/plan9/x64/binding.node'), 'other platform');
});

afterEach(() => {
  rmSync(dirname(root), { recursive: true, force: true });
});

const target = () => join(vault, '.obsidian/plugins/overlay-memory');

describe('install-plugin', () => {
  it('installs the build outputs and exactly the production closure', () => {
    put(join(target(), 'data.json'), '{"settings":{"budget":1}}');
    put(join(target(), 'index/manifest.json'), '{}');
    put(join(target(), 'node_modules/stale/package.json'), '{}');
    execFileSync(process.execPath, [SCRIPT, vault, '--root', root], { stdio: 'pipe' });
    const t = target();
    expect(readFileSync(join(t, 'overlay.mjs'), 'utf8')).toBe('// dist/overlay.mjs');
    for (const f of ['main.js', 'manifest.json', 'styles.css']) expect(existsSync(join(t, f))).toBe(true);
    const has = (p: string) => existsSync(join(t, 'node_modules', p));
    expect(has('a/package.json')).toBe(true);
    expect(JSON.parse(readFileSync(join(t, 'node_modules/a/node_modules/c/package.json'), 'utf8')).version).toBe('2.0.0');
    expect(has('c')).toBe(false);
    expect(has('dev')).toBe(false);
    expect(has('stale')).toBe(false);
    expect(readFileSync(join(t, 'node_modules/linked/index.js'), 'utf8')).toBe('module.exports = {};'); // a real copy, not a link
    expect(has('hnswlib-node/build/Release/addon.node')).toBe(true);
    expect(has('hnswlib-node/build/Release/obj.target')).toBe(false);
    expect(has(`onnxruntime-node/bin/napi-v3/${process.platform}/${process.arch}/binding.node`)).toBe(true);
    expect(has('onnxruntime-node/bin/napi-v3/plan9')).toBe(false);
    expect(readFileSync(join(t, 'data.json'), 'utf8')).toBe('{"settings":{"budget":1}}');
    expect(existsSync(join(t, 'index/manifest.json'))).toBe(true);
  });

  it('keeps every platform with --all-platforms and copies nothing with --dry-run', () => {
    const out = execFileSync(process.execPath, [SCRIPT, vault, '--root', root, '--dry-run'], { encoding: 'utf8' });
    expect(out).toContain('node_modules/a/node_modules/c');
    expect(existsSync(target())).toBe(false);
    execFileSync(process.execPath, [SCRIPT, vault, '--root', root, '--all-platforms'], { stdio: 'pipe' });
    expect(existsSync(join(target(), 'node_modules/onnxruntime-node/bin/napi-v3/plan9/x64/binding.node'))).toBe(true);
  });

  it('refuses to install before a build, or into a missing folder, with a clear message', () => {
    rmSync(join(root, 'dist'), { recursive: true });
    const r = spawnSync(process.execPath, [SCRIPT, vault, '--root', root], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dist/overlay.mjs is missing; run `npm run build` first');
    const r2 = spawnSync(process.execPath, [SCRIPT, join(vault, 'nope'), '--root', root], { encoding: 'utf8' });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain('is not a folder');
  });

  it('fails when a required package is not installed', () => {
    rmSync(join(root, 'node_modules/a/node_modules/c'), { recursive: true });
    rmSync(join(root, 'node_modules/c'), { recursive: true });
    const r = spawnSync(process.execPath, [SCRIPT, vault, '--root', root], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('c (needed by a) is not installed');
  });
});
