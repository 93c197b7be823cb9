// Where a transformers.js model's files live on disk, checked before the library is asked to load them, so a
// missing model gives one clear error instead of a library stack trace. Layout facts come from
// @xenova/transformers 2.17.2 src/utils/hub.js (getModelFile): each file is looked up first in the file cache at
// `<cacheDir>/<model>/<file>` (the key of the default 'main' revision), then at `<localModelPath>/<model>/<file>`;
// a file fetched from the hub is written back to `<cacheDir>/<model>/<file>`.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** JSON files a feature-extraction model folder needs (AutoConfig + AutoTokenizer). */
export const MODEL_JSON_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

/** The ONNX weights transformers.js reads: `quantized: true` (its default) picks the `_quantized` file. */
export function onnxFile(quantized: boolean): string {
  return quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** The folders searched for a model. */
export interface ModelRoots {
  cacheDir: string;
  localModelPath?: string | undefined;
}

/** What was found for one model: the path of each present file, and the files found nowhere. */
export interface ModelLocation {
  /** File name (e.g. 'onnx/model.onnx') → absolute path where it was found. */
  found: Map<string, string>;
  missing: string[];
  /** The quantized choice the files support; null when neither ONNX file is present. */
  quantized: boolean | null;
  /** Folders searched, in the library's lookup order. */
  searched: string[];
}

/** Why a model id cannot be used as a path under the model folders, or null when it can. */
export function modelIdProblem(model: string): string | null {
  if (model.trim() === '') return 'the model id is empty';
  if (model.includes('\\') || model.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(model)) {
    return `model id "${model}" must be a Hugging Face id like "Xenova/all-MiniLM-L6-v2" or a folder name, not a path or URL`;
  }
  if (model.split('/').some((s) => s === '' || s === '.' || s === '..'))
    return `model id "${model}" has an empty, "." or ".." part`;
  return null;
}

/** The folders a model's files are looked up in, in the order transformers.js tries them. */
export function modelFolders(model: string, roots: ModelRoots): string[] {
  const parts = model.split('/');
  const folders = [join(roots.cacheDir, ...parts)];
  if (roots.localModelPath !== undefined) {
    const local = join(roots.localModelPath, ...parts);
    if (!folders.includes(local)) folders.push(local);
  }
  return folders;
}

function findFile(folders: readonly string[], file: string): string | null {
  for (const folder of folders) {
    const path = join(folder, ...file.split('/'));
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return null;
}

/**
 * Finds a model's files. With `quantized` undefined, the quantized ONNX file is preferred (the library's
 * default and the smaller download) and the full-precision one is used when it is the only one present.
 */
export function locateModel(model: string, roots: ModelRoots, quantized?: boolean): ModelLocation {
  const searched = modelFolders(model, roots);
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const file of MODEL_JSON_FILES) {
    const path = findFile(searched, file);
    if (path) found.set(file, path);
    else missing.push(file);
  }
  const choices = quantized === undefined ? [true, false] : [quantized];
  let chosen: boolean | null = null;
  for (const q of choices) {
    const path = findFile(searched, onnxFile(q));
    if (path) {
      found.set(onnxFile(q), path);
      chosen = q;
      break;
    }
  }
  if (chosen === null) missing.push(choices.map(onnxFile).join(' or '));
  return { found, missing, quantized: chosen, searched };
}
