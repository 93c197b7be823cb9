// `node:path` in the worker bundle: POSIX semantics over vault-relative paths (the worker has no file system).
export const sep = '/';

function normalizeParts(parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out;
}

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

export function join(...ps: string[]): string {
  const joined = ps.filter((p) => p !== '').join('/');
  const parts = normalizeParts(joined.split('/'));
  return (isAbsolute(joined) ? '/' : '') + (parts.join('/') || (isAbsolute(joined) ? '' : '.'));
}

export function resolve(...ps: string[]): string {
  let acc = '';
  for (const p of ps) acc = isAbsolute(p) ? p : `${acc}/${p}`;
  return `/${normalizeParts(acc.split('/')).join('/')}`;
}

export function relative(from: string, to: string): string {
  const a = normalizeParts(resolve(from).split('/'));
  const b = normalizeParts(resolve(to).split('/'));
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}

export function basename(p: string, ext?: string): string {
  const b = p.slice(p.lastIndexOf('/') + 1);
  return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b;
}

export default { sep, isAbsolute, join, resolve, relative, dirname, basename };
