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

/** The desktop adapter: knows the vault's folder on disk. */
export class FileSystemAdapter {
  constructor(private basePath: string) {}
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
