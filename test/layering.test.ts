// The layers import downwards only: core (pure logic) imports none of engine, cli or plugin; engine imports neither
// cli nor plugin; the benchmark suite (src/bench) imports nothing from the CLI. Checked on the import statements of
// every source file, so a new upward import fails here rather than in review.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Layer (top folder under src) → layers it must not import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  core: ['engine', 'cli', 'plugin', 'bench'],
  engine: ['cli', 'plugin', 'bench'],
  bench: ['cli'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

/** Relative module specifiers of static imports, re-exports and dynamic imports. */
function importSpecifiers(text: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(re)].map((m) => m[1]!);
}

/** The layer a relative specifier of `file` lands in, or null for a package or a file outside src. */
function targetLayer(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const rel = relative(SRC, resolve(dirname(file), spec));
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0]!;
}

describe('layering', () => {
  it('finds imports of every form', () => {
    const text = `import { a } from '../engine/a';\nexport { b } from "./b";\nimport './side-effect';\nconst c = await import('../cli/c');\nimport type { D } from\n  '../plugin/d';`;
    expect(importSpecifiers(text)).toEqual(['../engine/a', './b', './side-effect', '../cli/c', '../plugin/d']);
  });

  it('has no upward imports', () => {
    const violations: string[] = [];
    for (const [layer, banned] of Object.entries(FORBIDDEN)) {
      const files = sourceFiles(join(SRC, layer));
      expect(files.length, `files in src/${layer}`).toBeGreaterThan(0);
      for (const file of files) {
        for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
          const target = targetLayer(file, spec);
          if (target && banned.includes(target)) violations.push(`${relative(SRC, file)} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
