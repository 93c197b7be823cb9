import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyVault, folderBytes, removeTemp, tempDir } from '../../src/bench/temp-files';
import { makeVault, removeDir, snapshot } from '../engine/temp-vault';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await removeTemp(d);
});

describe('bench temp files', () => {
  it('copies a vault with its folders but without index data, leaving the original untouched', async () => {
    const vault = makeVault({
      'a.md': '# A\n',
      'sub/b.md': '# B\n',
      '.overlay/manifest.json': '{}',
      '.obsidian/app.json': '{}',
    });
    dirs.push(vault);
    const before = snapshot(vault);
    const copy = await copyVault(vault);
    dirs.push(copy);
    expect(readFileSync(join(copy, 'sub', 'b.md'), 'utf8')).toBe('# B\n');
    expect(existsSync(join(copy, '.obsidian', 'app.json'))).toBe(true);
    expect(existsSync(join(copy, '.overlay'))).toBe(false);
    writeFileSync(join(copy, 'a.md'), 'changed');
    expect(snapshot(vault)).toEqual(before);
  });

  it('adds up file sizes recursively, 0 for a missing folder', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'one'), 'abc');
    writeFileSync(join(dir, 'x', 'two'), '12345');
    expect(await folderBytes(dir)).toBe(8);
    expect(await folderBytes(join(dir, 'nope'))).toBe(0);
    removeDir(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
