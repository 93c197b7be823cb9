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

/** Comparison key: NFC (macOS stores names decomposed) and lower case (works for Cyrillic too). */
export function linkKey(s: string): string {
  return s.normalize('NFC').toLowerCase();
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

/** Resolves link targets against a fixed set of notes. */
export class LinkResolver {
  private readonly byPath = new Map<string, string[]>();
  private readonly byBasename = new Map<string, string[]>();
  private readonly byAlias = new Map<string, string[]>();
  private readonly paths = new Set<string>();

  constructor(notes: Iterable<ResolvableNote>) {
    for (const n of notes) {
      this.paths.add(n.path);
      const noExt = withoutMd(n.path);
      add(this.byPath, linkKey(noExt), n.path);
      add(this.byBasename, linkKey(noExt.slice(noExt.lastIndexOf('/') + 1)), n.path);
      for (const a of n.aliases) if (a.trim() !== '') add(this.byAlias, linkKey(a.trim()), n.path);
    }
  }

  /** The note a target written in `fromPath` points to, or null. An empty target is the linking note itself. */
  resolve(target: string, fromPath: string): string | null {
    let t = target.trim().replace(/\\/g, '/');
    if (t === '') return this.paths.has(fromPath) ? fromPath : null;
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
    return best(this.byBasename.get(k), fromDir) ?? best(this.byAlias.get(k), fromDir);
  }

  /** Whether `path` is one of the notes. */
  has(path: string): boolean {
    return this.paths.has(path);
  }

  private exact(path: string, fromDir: string): string | null {
    const norm = normalizeVaultPath(path);
    return norm === null || norm === '' ? null : best(this.byPath.get(linkKey(norm)), fromDir);
  }

  /** `B/Note` also names `A/B/Note` (Obsidian writes such partial paths when basenames collide). */
  private suffix(t: string, fromDir: string): string | null {
    const norm = normalizeVaultPath(t);
    if (!norm) return null;
    const k = linkKey(norm);
    const candidates = this.byBasename.get(k.slice(k.lastIndexOf('/') + 1)) ?? [];
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
