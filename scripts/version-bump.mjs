#!/usr/bin/env node
// `npm version <patch|minor|major>` runs this (the "version" script): the new package version goes into
// manifest.json, and versions.json maps it to the manifest's minAppVersion (what Obsidian reads to offer older
// app versions a release they can run). `npm run version-bump` alone re-syncs them with package.json.
import { readFileSync, writeFileSync } from 'node:fs';

const version = process.env.npm_package_version ?? JSON.parse(readFileSync('package.json', 'utf8')).version;
if (!/^\d+\.\d+\.\d+$/.test(version)) {
  process.stderr.write(`version-bump: "${version}" is not x.y.z (Obsidian needs plain semantic versions)\n`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
manifest.version = version;
writeFileSync('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
const versions = JSON.parse(readFileSync('versions.json', 'utf8'));
versions[version] = manifest.minAppVersion;
writeFileSync('versions.json', `${JSON.stringify(versions, null, 2)}\n`);
process.stdout.write(`manifest.json and versions.json at ${version} (minAppVersion ${manifest.minAppVersion})\n`);
