import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// src/core must run in a Web Worker as well as in Node: no Node built-in may be imported there (static import,
// dynamic import, require or createRequire of a node: or bare built-in module).
const CORE = join(import.meta.dirname, '../../src/core');
const BUILTINS = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'crypto',
  'module',
  'url',
  'child_process',
  'worker_threads',
  'util',
  'stream',
  'zlib',
  'buffer',
  'process',
  'events',
];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

/**
 * Files still importing Node built-ins, each moving out in the plugin's Web Worker work (issue 9): the native
 * hnswlib-node index and the transformers.js model cache belong to the Node side. The list may only shrink: a
 * listed file that no longer needs Node fails the test.
 */
const PENDING = new Set(['index/hnsw-index.ts', 'embed/model-cache.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Node built-ins a source text imports. */
function nodeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1]!;
    if (spec.startsWith('node:') || BUILTINS.includes(spec)) out.push(spec);
  }
  return out;
}

describe('src/core', () => {
  it('recognises every form of a Node import', () => {
    expect(nodeImports("import { readFileSync } from 'node:fs';")).toEqual(['node:fs']);
    expect(nodeImports('import * as path from "path";')).toEqual(['path']);
    expect(nodeImports("const m = await import('node:module');")).toEqual(['node:module']);
    expect(nodeImports("const x = require('crypto');")).toEqual(['crypto']);
    expect(nodeImports("import 'node:process';")).toEqual(['node:process']);
    expect(nodeImports("import { tokenize } from '../index/text-analysis';\n// see node:fs docs")).toEqual([]);
  });

  it('imports no Node built-in (outside the files listed as moving out)', () => {
    const all = files(CORE);
    expect(all.length).toBeGreaterThan(30);
    const offenders = new Map<string, string[]>();
    for (const f of all) {
      const found = nodeImports(readFileSync(f, 'utf8'));
      if (found.length > 0) offenders.set(relative(CORE, f).split('\\').join('/'), found);
    }
    const unexpected = [...offenders].filter(([f]) => !PENDING.has(f));
    expect(unexpected).toEqual([]);
    const cleaned = [...PENDING].filter((f) => !offenders.has(f));
    expect(cleaned, 'no longer imports Node: remove it from PENDING').toEqual([]);
  });
});
