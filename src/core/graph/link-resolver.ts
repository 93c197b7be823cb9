// Obsidian-like resolution of a link target to a note path: case-insensitive, `.md` optional, folder paths
// (vault-relative, relative to the linking note, or a unique path suffix), bare names by basename, then aliases.

/** Extensions that name attachments rather than notes; links to them are not part of the note graph. */
export const ATTACHMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'bmp',
  'svg',
  'webp',
  'avif',
  'ico',
  'tif',
  'tiff',
  'heic',
  'mp3',
  'wav',
  'm4a',
  'ogg',
  'oga',
  'flac',
  '3gp',
  'webm',
  'mp4',
  'mov',
  'mkv',
  'ogv',
  'avi',
  'pdf',
  'canvas',
  'base',
  'txt',
  'csv',
  'json',
  'xml',
  'html',
  'htm',
  'zip',
  'epub',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'odt',
  'ods',
  'odp',
]);

/**
 * True when a target names an attachment (png, pdf…). Only known extensions count, because note names often
 * contain dots ("v1.2 notes", "Meeting 2024.01").
 */
export function isAttachmentTarget(target: string): boolean {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(target.trim());
  return m !== null && ATTACHMENT_EXTENSIONS.has((m[1] ?? '').toLowerCase());
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Comparison key: NFC (macOS stores names decomposed) and lower case (works for Cyrillic too). */
export function linkKey(s: string): string {
  // ASCII is its own NFC form: most names skip the normalisation (a third of building the graph at open).
  return (NON_ASCII.test(s) ? s.normalize('NFC') : s).toLowerCase();
}

function withoutMd(path: string): string {
  return path.replace(/\.md$/i, '');
}

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Resolves `.` and `..` segments and duplicate slashes; null when the path climbs above the vault root. */
export function normalizeVaultPath(path: string): string | null {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else {
      out.push(seg);
    }
  }
  return out.join('/');
}

/** A note that links can resolve to. */
export interface ResolvableNote {
  path: string;
  aliases: readonly string[];
}

/**
 * The name key a link target can only resolve through: every resolution (bare name, path, relative path, path
 * suffix, alias) ends at a note whose basename or alias has the key of the target's last path segment. Null when
 * that segment is `..` or missing (such a target can name any note).
 */
export function targetNameKey(target: string): string | null {
  const t = withoutMd(target.trim().replace(/\\/g, '/'));
  const segs = t.split('/').filter((s) => s !== '' && s !== '.');
  const last = segs[segs.length - 1];
  return last === undefined || last === '..' ? null : linkKey(last);
}

/** The names of a fixed set of notes, looked up without maps of every note (a persisted graph's, link-base.ts). */
export interface NameIndex {
  /** Whether `path` is one of its notes. */
  hasNote(path: string): boolean;
  /** Its notes whose path without `.md` has key `key` (pathKey). */
  withPath(key: string): string[];
  /** Its notes whose basename has key `key` (basenameKey). */
  withBasename(key: string): string[];
  /** Its notes with an alias of key `key` (aliasKey), once per such alias. */
  withAlias(key: string): string[];
}

/** The key links find a note's path by (without `.md`). */
export function pathKey(path: string): string {
  return linkKey(withoutMd(path));
}

/** The key links find a note's basename by. */
export function basenameKey(path: string): string {
  const noExt = withoutMd(path);
  return linkKey(noExt.slice(noExt.lastIndexOf('/') + 1));
}

/** The key of an alias; null for a blank one (no link finds it). */
export function aliasKey(alias: string): string | null {
  const a = alias.trim();
  return a === '' ? null : linkKey(a);
}

/** Resolves link targets against a set of notes (notes can be added and removed). */
export class LinkResolver {
  private readonly byPath = new Map<string, string[]>();
  private readonly byBasename = new Map<string, string[]>();
  private readonly byAlias = new Map<string, string[]>();
  private readonly paths = new Map<string, ResolvableNote>();
  /** Bare-name targets whose resolution does not depend on the linking note (cleared when notes change). */
  private readonly bare = new Map<string, string | null>();
  /** Notes of `index` removed since (or renamed: their new names are in the maps above). */
  private readonly indexGone = new Set<string>();

  /**
   * A resolver over `notes` and, with `index`, the notes of that index as well (found through it, so none is put
   * in a map: building the maps is O(notes), a persisted graph's patch is O(changed notes)).
   */
  constructor(
    notes: Iterable<ResolvableNote>,
    private readonly index: NameIndex | null = null,
  ) {
    for (const n of notes) this.add(n);
  }

  /** The map's entries for `key` with the index's (those still notes); undefined when none. */
  private lookup(map: Map<string, string[]>, key: string, fromIndex: (k: string) => string[]): string[] | undefined {
    const own = map.get(key);
    if (!this.index) return own;
    const found = fromIndex(key).filter((p) => !this.indexGone.has(p));
    if (found.length === 0) return own;
    return own ? [...found, ...own] : found;
  }

  /** The name keys of notes (basename and aliases): what targetNameKey of a link to them gives. */
  static namesOf(notes: Iterable<ResolvableNote>): Set<string> {
    const out = new Set<string>();
    for (const n of notes) {
      const noExt = withoutMd(n.path);
      out.add(linkKey(noExt.slice(noExt.lastIndexOf('/') + 1)));
      for (const a of n.aliases) if (a.trim() !== '') out.add(linkKey(a.trim()));
    }
    return out;
  }

  /** Adds a note (its path must not be in the resolver). */
  add(n: ResolvableNote): void {
    if (this.has(n.path)) throw new Error(`link-resolver: "${n.path}" added twice`);
    this.paths.set(n.path, n);
    if (this.bare.size > 0) this.bare.clear();
    const noExt = withoutMd(n.path);
    add(this.byPath, linkKey(noExt), n.path);
    add(this.byBasename, linkKey(noExt.slice(noExt.lastIndexOf('/') + 1)), n.path);
    for (const a of n.aliases) if (a.trim() !== '') add(this.byAlias, linkKey(a.trim()), n.path);
  }

  /** Removes a note (nothing when absent). */
  remove(path: string): void {
    const n = this.paths.get(path);
    if (!n) {
      if (this.index?.hasNote(path) && !this.indexGone.has(path)) {
        this.indexGone.add(path);
        this.bare.clear();
      }
      return;
    }
    this.paths.delete(path);
    this.bare.clear();
    const noExt = withoutMd(path);
    drop(this.byPath, linkKey(noExt), path);
    drop(this.byBasename, linkKey(noExt.slice(noExt.lastIndexOf('/') + 1)), path);
    for (const a of n.aliases) if (a.trim() !== '') drop(this.byAlias, linkKey(a.trim()), path);
  }

  /** The note a target written in `fromPath` points to, or null. An empty target is the linking note itself. */
  resolve(target: string, fromPath: string): string | null {
    // A bare name with at most one note of that name resolves the same from every note (most links): memoised.
    const known = this.bare.get(target);
    if (known !== undefined) return known;
    let t = target.trim().replace(/\\/g, '/');
    if (t === '') return this.has(fromPath) ? fromPath : null;
    t = withoutMd(t);
    const fromDir = folderOf(fromPath);
    if (t.startsWith('/')) return this.exact(t, fromDir);
    if (t.startsWith('./') || t.startsWith('../')) {
      return this.exact(`${fromDir}/${t}`, fromDir) ?? this.exact(t, fromDir);
    }
    if (t.includes('/')) {
      return this.exact(t, fromDir) ?? this.exact(`${fromDir}/${t}`, fromDir) ?? this.suffix(t, fromDir);
    }
    const k = linkKey(t);
    const byName = this.lookup(this.byBasename, k, (x) => this.index!.withBasename(x));
    const byAlias = byName ? undefined : this.lookup(this.byAlias, k, (x) => this.index!.withAlias(x));
    const to = best(byName, fromDir) ?? best(byAlias, fromDir);
    if ((byName?.length ?? 0) <= 1 && (byAlias?.length ?? 0) <= 1) this.bare.set(target, to);
    return to;
  }

  /** Whether `path` is one of the notes. */
  has(path: string): boolean {
    return this.paths.has(path) || (this.index !== null && this.index.hasNote(path) && !this.indexGone.has(path));
  }

  private exact(path: string, fromDir: string): string | null {
    const norm = normalizeVaultPath(path);
    if (norm === null || norm === '') return null;
    return best(
      this.lookup(this.byPath, linkKey(norm), (x) => this.index!.withPath(x)),
      fromDir,
    );
  }

  /** `B/Note` also names `A/B/Note` (Obsidian writes such partial paths when basenames collide). */
  private suffix(t: string, fromDir: string): string | null {
    const norm = normalizeVaultPath(t);
    if (!norm) return null;
    const k = linkKey(norm);
    const candidates =
      this.lookup(this.byBasename, k.slice(k.lastIndexOf('/') + 1), (x) => this.index!.withBasename(x)) ?? [];
    return best(
      candidates.filter((p) => linkKey(withoutMd(p)).endsWith(`/${k}`)),
      fromDir,
    );
  }
}

function add(map: Map<string, string[]>, key: string, path: string): void {
  const list = map.get(key);
  if (list) list.push(path);
  else map.set(key, [path]);
}

function drop(map: Map<string, string[]>, key: string, path: string): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(path);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}

function depth(path: string): number {
  let n = 0;
  for (const ch of path) if (ch === '/') n++;
  return n;
}

/** Shortest path (fewest folders) wins; ties: same folder as the linking note, then alphabetical. */
function best(candidates: readonly string[] | undefined, fromDir: string): string | null {
  if (!candidates || candidates.length === 0) return null;
  if (candidates.length === 1) return candidates[0] ?? null;
  const dirKey = linkKey(fromDir);
  const rank = (p: string): [number, number] => [depth(p), linkKey(folderOf(p)) === dirKey ? 0 : 1];
  return (
    [...candidates].sort((a, b) => {
      const [da, sa] = rank(a);
      const [db, sb] = rank(b);
      if (da !== db) return da - db;
      if (sa !== sb) return sa - sb;
      return a < b ? -1 : a > b ? 1 : 0;
    })[0] ?? null
  );
}
