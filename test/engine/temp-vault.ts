// Temp vault helpers for engine and CLI tests.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** Small linked notes about a few distinct topics, so related-note answers are checkable. */
export const SAMPLE_NOTES: Record<string, string> = {
  'Gardening/Tomatoes.md':
    '---\naliases: [Tomato plants]\ntags: [garden]\n---\n# Tomatoes\nTomatoes need full sun for at least eight hours a day, deep watering twice a week, and a stake or a cage so the heavy stems do not break.\n\n## Pests\nAphids and hornworms attack tomato leaves in midsummer; pick hornworms by hand in the evening and wash aphids off with a strong jet of water.\n\n## Harvest\nPick tomatoes when they are fully coloured but still firm; store them at room temperature, never in the fridge.\n\nSee [[Compost]] and [[Watering]].\n',
  'Gardening/Compost.md':
    '# Compost\nA compost heap turns kitchen scraps and garden leaves into soil. Turn the heap weekly and keep it moist.\n\nUsed for [[Tomatoes]].\n',
  'Gardening/Watering.md':
    '# Watering\nWater the garden early in the morning; deep watering helps tomato roots grow. Mulch keeps the soil moist.\n',
  'Code/Rust ownership.md':
    '# Rust ownership\nEvery value in Rust has one owner. Borrowing lends a reference without moving the value; the borrow checker enforces lifetimes.\n\nSee [[Rust traits]].\n',
  'Code/Rust traits.md':
    '# Rust traits\nTraits define shared behaviour; generic functions take trait bounds. The compiler checks ownership and borrowing in trait methods too.\n',
  'Travel/Kyoto.md':
    '# Kyoto\nKyoto has temples, gardens and a famous bamboo forest. Take the train from Osaka; buses reach the temples.\n',
};

/** A fresh temp folder holding `files` (vault-relative path → text or bytes). */
export function makeVault(files: Record<string, string | Buffer> = SAMPLE_NOTES): string {
  const root = mkdtempSync(join(tmpdir(), 'overlay-vault-'));
  for (const [p, content] of Object.entries(files)) writeNote(root, p, content);
  return root;
}

/** Writes one file inside a vault, creating folders. */
export function writeNote(root: string, path: string, content: string | Buffer): void {
  const abs = join(root, ...path.split('/'));
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

/** Every file under `root` (skipping `skip` folders) with its bytes, for byte-identity checks. */
export function snapshot(root: string, skip: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      if (skip.includes(abs)) continue;
      const st = statSync(abs);
      if (st.isDirectory()) walk(abs);
      else out.set(relative(root, abs), readFileSync(abs).toString('base64') + `:${st.mtimeMs}`);
    }
  };
  walk(root);
  return out;
}

/** Removes a temp folder. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Vault paths of the notes stored in an index data dir (read through the record store, as the engine does). */
export async function storedNotePaths(dataDir: string): Promise<string[]> {
  const { FsRecordStore } = await import('../../src/engine/storage/fs-record-store');
  const store = await FsRecordStore.open(dataDir);
  const loaded = await store.load(['notes']);
  return [...loaded.records.get('notes')!.keys()].sort();
}
