#!/usr/bin/env node
// Installs the built plugin into a vault: `npm run install-plugin -- <vault-path>`. Copies exactly what a store
// install gets — main.js (the plugin with its engine worker inside), manifest.json and styles.css — into
// <vault>/<configDir>/plugins/<id>/, leaving data.json alone. Files an older version left there (overlay.mjs,
// node_modules, the index folder) are listed; with --clean they are removed.
//
// Options: --config-dir <dir> (default .obsidian), --root <project dir> (default this repository), --clean,
// --dry-run (print, copy nothing).
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The plugin's release files, the only ones installed. */
export const RELEASE_FILES = ['main.js', 'manifest.json', 'styles.css'];
const USAGE = 'Usage: npm run install-plugin -- <vault-path> [--config-dir .obsidian] [--clean] [--dry-run]';

function fail(message) {
  process.stderr.write(`install-plugin: ${message}\n`);
  process.exit(2);
}

function parse(argv) {
  const opts = {
    vault: null,
    configDir: '.obsidian',
    root: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
    clean: false,
    dryRun: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--config-dir' || a === '--root') {
      const v = argv[++i];
      if (!v) fail(`${a} needs a value\n${USAGE}`);
      if (a === '--root') opts.root = resolve(v);
      else opts.configDir = v;
    } else if (a === '--clean') opts.clean = true;
    else if (a === '--dry-run') opts.dryRun = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('--')) fail(`unknown option ${a}\n${USAGE}`);
    else if (opts.vault === null) opts.vault = resolve(a);
    else fail(`unexpected argument ${a}\n${USAGE}`);
  }
  if (!opts.vault) fail(`missing <vault-path>\n${USAGE}`);
  return opts;
}

function main() {
  const o = parse(process.argv.slice(2));
  if (!existsSync(o.vault)) fail(`vault not found: ${o.vault}`);
  for (const f of RELEASE_FILES)
    if (!existsSync(join(o.root, f))) fail(`${f} is missing in ${o.root}: run \`npm run build\` first`);
  const manifest = JSON.parse(readFileSync(join(o.root, 'manifest.json'), 'utf8'));
  const target = join(o.vault, o.configDir, 'plugins', manifest.id);
  const leftovers = existsSync(target)
    ? readdirSync(target).filter((f) => !RELEASE_FILES.includes(f) && f !== 'data.json')
    : [];
  if (!o.dryRun) mkdirSync(target, { recursive: true });
  for (const f of RELEASE_FILES) {
    process.stdout.write(`${o.dryRun ? 'would copy' : 'copied'} ${f}\n`);
    if (!o.dryRun) copyFileSync(join(o.root, f), join(target, f));
  }
  for (const f of leftovers) {
    if (o.clean && !o.dryRun) rmSync(join(target, f), { recursive: true, force: true });
    process.stdout.write(
      `${o.clean ? (o.dryRun ? 'would remove' : 'removed') : 'left in place (not part of the plugin any more; --clean removes it)'} ${f}\n`,
    );
  }
  process.stdout.write(
    `Overlay Memory ${manifest.version} ${o.dryRun ? 'would be installed' : 'installed'} in ${target}\n`,
  );
}

main();
