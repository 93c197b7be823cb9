// The one atomic writer: whole files or nothing, and the temp files a crash leaves are recognised by the cleanup
// (the data dir's, which reaches every folder below it, such as the HNSW graph cache).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { removeStaleTemps, replaceFileAtomic, sha256, writeFileAtomic } from '../../src/engine/atomic-file';
import { openDataDir } from '../../src/engine/data-dir';
import { removeDir } from './temp-vault';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'overlay-atomic-'));
  dirs.push(d);
  return d;
}

describe('atomic-file', () => {
  it('writes a whole file and reports its checksum and size', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, 'old');
    expect(await writeFileAtomic(file, 'new text')).toEqual({ sha256: sha256(Buffer.from('new text')), bytes: 8 });
    expect(readFileSync(file, 'utf8')).toBe('new text');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('keeps the old file and removes the temp file when the writer fails', async () => {
    const dir = tempDir();
    const file = join(dir, 'graph.bin');
    writeFileSync(file, 'old');
    let seen = '';
    const failing = replaceFileAtomic(file, (tmp) => {
      seen = tmp;
      writeFileSync(tmp, 'half');
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(dirname(seen)).toBe(dir);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['graph.bin']);
  });

  it('cleans the temp files a crashed write leaves, in the data dir and every folder below it', async () => {
    const vault = tempDir();
    const data = join(tempDir(), 'data');
    const nested = join(data, 'cache', 'vectors', 'abc123');
    mkdirSync(nested, { recursive: true });
    // Take the temp names the writer really uses, then leave a file under each as a crash would.
    const left: string[] = [];
    for (const file of [join(data, 'manifest.json'), join(nested, 'hnsw-graph.bin')]) {
      await replaceFileAtomic(file, (tmp) => {
        left.push(tmp);
        writeFileSync(tmp, 'done');
      });
    }
    for (const tmp of left) writeFileSync(tmp, 'torn');
    writeFileSync(join(nested, '.keep-me'), 'not a temp file');
    await removeStaleTemps(data); // one folder only: the nested temp stays
    expect(readdirSync(nested)).toContain(basename(left[1]!));
    const lock = await openDataDir(vault, data);
    lock.release();
    expect(readdirSync(data).sort()).toEqual(['cache', 'manifest.json']);
    expect(readdirSync(nested).sort()).toEqual(['.keep-me', 'hnsw-graph.bin']);
  });
});
