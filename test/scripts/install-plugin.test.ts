// The install script copies exactly the three release files, keeps data.json, and removes what older versions
// left (overlay.mjs, node_modules, index) only when asked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/install-plugin.mjs');
let base = '';
let root = '';
let vault = '';
const target = (): string => join(vault, '.obsidian/plugins/overlay-memory');

function put(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function install(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, vault, '--root', root, ...args], { encoding: 'utf8' });
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'overlay-install-'));
  root = join(base, 'project');
  vault = join(base, 'vault');
  mkdirSync(vault, { recursive: true });
  put(join(root, 'manifest.json'), JSON.stringify({ id: 'overlay-memory', name: 'Overlay Memory', version: '9.9.9' }));
  for (const f of ['main.js', 'styles.css', 'dist/overlay.mjs']) put(join(root, f), `// ${f}`);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('install-plugin', () => {
  it('copies only main.js, manifest.json and styles.css and keeps data.json', () => {
    put(join(target(), 'data.json'), '{"settings":{}}');
    const r = install();
    expect(r.status).toBe(0);
    expect(readdirSync(target()).sort()).toEqual(['data.json', 'main.js', 'manifest.json', 'styles.css']);
    expect(r.stdout).toContain('Overlay Memory 9.9.9 installed');
  });

  it('lists files an older version left, and removes them with --clean', () => {
    put(join(target(), 'overlay.mjs'), 'old');
    put(join(target(), 'node_modules/x/package.json'), '{}');
    expect(install().stdout).toContain(
      'left in place (not part of the plugin any more; --clean removes it) overlay.mjs',
    );
    expect(existsSync(join(target(), 'overlay.mjs'))).toBe(true);
    const r = install('--clean');
    expect(r.stdout).toContain('removed node_modules');
    expect(readdirSync(target()).sort()).toEqual(['main.js', 'manifest.json', 'styles.css']);
  });

  it('refuses a missing vault or an unbuilt project with a clear message', () => {
    rmSync(join(root, 'main.js'));
    const r = install();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('main.js is missing');
    expect(
      spawnSync(process.execPath, [SCRIPT, join(base, 'nope'), '--root', root], { encoding: 'utf8' }).stderr,
    ).toContain('vault not found');
  });
});
