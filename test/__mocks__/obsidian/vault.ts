// Files, the vault and link resolution of the obsidian mock.
import { Events } from './events';

/** A file or folder in the vault. */
export class TAbstractFile {
  constructor(
    public path: string,
    public vault: Vault | null = null,
  ) {}
  get name(): string {
    return this.path.split('/').pop() ?? this.path;
  }
}

/** A file in the vault. */
export class TFile extends TAbstractFile {
  stat = { ctime: 0, mtime: 0, size: 0 };
  get basename(): string {
    return this.name.replace(/\.[^.]*$/, '');
  }
  get extension(): string {
    const m = /\.([^.]*)$/.exec(this.name);
    return m ? m[1]! : '';
  }
}

/** A folder in the vault. */
export class TFolder extends TAbstractFile {}

/** The desktop adapter: knows the vault's folder on disk; file contents live in memory (tests, smoke test). */
export class FileSystemAdapter {
  /** Contents by vault path. */
  readonly contents = new Map<string, Uint8Array>();
  /** Bytes written into the vault through the adapter, by path (the smoke test checks the plugin writes none). */
  readonly written = new Map<string, number>();
  constructor(private basePath: string) {}
  async readBinary(path: string): Promise<ArrayBuffer> {
    const b = this.contents.get(path);
    if (!b) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return b.slice().buffer as ArrayBuffer;
  }
  async read(path: string): Promise<string> {
    return new TextDecoder().decode(await this.readBinary(path));
  }
  async exists(path: string): Promise<boolean> {
    return this.contents.has(path);
  }
  async write(path: string, data: string): Promise<void> {
    await this.writeBinary(path, new TextEncoder().encode(data).buffer as ArrayBuffer);
  }
  async writeBinary(path: string, data: ArrayBuffer): Promise<void> {
    this.contents.set(path, new Uint8Array(data.slice(0)));
    this.written.set(path, (this.written.get(path) ?? 0) + data.byteLength);
  }
  getBasePath(): string {
    return this.basePath;
  }
  getName(): string {
    return this.basePath.split(/[\\/]/).pop() ?? '';
  }
}

/** The vault: files and create/modify/delete/rename events (fire them with trigger in tests). */
export class Vault extends Events {
  configDir = '.obsidian';
  files: TFile[] = [];
  constructor(public adapter: FileSystemAdapter) {
    super();
  }
  getName(): string {
    return this.adapter.getName();
  }
  getMarkdownFiles(): TFile[] {
    return this.files.filter((f) => f.extension === 'md');
  }
  getFiles(): TFile[] {
    return [...this.files];
  }
  getAbstractFileByPath(path: string): TFile | null {
    return this.files.find((f) => f.path === path) ?? null;
  }
  /** Test helper: adds a note with its contents and modification time. */
  addNote(path: string, data: Uint8Array, mtime: number): TFile {
    const f = new TFile(path, this);
    f.stat = { ctime: mtime, mtime, size: data.byteLength };
    this.adapter.contents.set(path, data);
    this.files.push(f);
    return f;
  }
  /** Test helper: registers files by vault-relative path. */
  addFiles(paths: string[]): TFile[] {
    const made = paths.map((p) => new TFile(p, this));
    this.files.push(...made);
    return made;
  }
}

/** Link resolution like Obsidian's: exact path, then path + .md, then basename match. */
export class MetadataCache extends Events {
  constructor(private vault: Vault) {
    super();
  }
  getFirstLinkpathDest(linkpath: string, _sourcePath: string): TFile | null {
    const files = this.vault.getFiles();
    const lower = linkpath.toLowerCase();
    return (
      files.find((f) => f.path === linkpath) ??
      files.find((f) => f.path === `${linkpath}.md`) ??
      files.find((f) => f.path.toLowerCase().endsWith(`/${lower}.md`) || f.path.toLowerCase() === `${lower}.md`) ??
      files.find((f) => f.basename.toLowerCase() === lower) ??
      null
    );
  }
}

/** Params of requestUrl. */
export interface RequestUrlParam {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  throw?: boolean;
}

/** Obsidian's HTTP helper, on the page's fetch (the smoke test runs with no network: calls fail fast). */
export async function requestUrl(
  p: RequestUrlParam,
): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const res = await fetch(p.url, {
    method: p.method ?? 'GET',
    headers: p.headers ?? {},
    ...(p.body !== undefined ? { body: p.body } : {}),
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  const text = await res.text();
  if (p.throw !== false && res.status >= 400) throw new Error(`Request failed, status ${res.status}`);
  return { status: res.status, headers, text };
}
