import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

// Runtime import cycles make module order matter (a class undefined at load time); type-only imports are erased
// by the compiler and cannot form one, so they are left out.
const SRC = resolve(__dirname, '../../src');
/** Set OVERLAY_CYCLES_SRC to check another tree (e.g. before a change). */
const TREE = process.env['OVERLAY_CYCLES_SRC'] ?? SRC;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative value imports (and re-exports) of one file, resolved to files. */
export function valueImports(file: string, text: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.[^'"]+)['"]/gms;
  for (const m of text.matchAll(re)) {
    if (m[2]) continue; // `import type …` / `export type …`
    const names = m[3] ?? '';
    // `import { type A, type B } from` is type-only too.
    const inner = /^\{([^}]*)\}$/s.exec(names.trim());
    if (
      inner &&
      inner[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith('type '))
    )
      continue;
    const base = resolve(dirname(file), m[4]!);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
    if (target) out.push(target);
  }
  return out;
}

/** Every cycle (as a list of files) in the import graph of `files`. */
export function findCycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, valueImports(f, readFileSync(f, 'utf8'))]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

describe('import cycles', () => {
  it('finds a cycle when there is one, and ignores type-only imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    try {
      writeFileSync(
        join(dir, 'a.ts'),
        `import { b } from './b';\nimport type { C } from './c';\nexport const a = b;\n`,
      );
      writeFileSync(join(dir, 'b.ts'), `import { a } from './a';\nexport const b = 1;\n`);
      writeFileSync(join(dir, 'c.ts'), `import { type A } from './a';\nexport type C = A;\n`);
      const cycles = findCycles(tsFiles(dir)).map((c) => c.map((f) => relative(dir, f)).join(' → '));
      expect(cycles).toEqual(['a.ts → b.ts → a.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('src (engine, core, cli, plugin) has no runtime import cycle', () => {
    const cycles = findCycles(tsFiles(TREE));
    expect(cycles.map((c) => c.map((f) => relative(SRC, f)).join(' → '))).toEqual([]);
  });
});
