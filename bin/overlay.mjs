#!/usr/bin/env node
// Entry point of the `overlay` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'overlay.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('overlay: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(2);
}
await import(bundle);
