// `node:module` in the worker bundle: createRequire resolves the one tokenizer encoding the product counts with
// (o200k_base, bundled); everything else fails clearly.
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';

const MODULES: Record<string, unknown> = { 'gpt-tokenizer/cjs/encoding/o200k_base': o200k };

export function createRequire(_from: string | URL): (id: string) => unknown {
  return (id: string) => {
    const m = MODULES[id];
    if (m === undefined) throw new Error(`node-module shim: "${id}" is not part of the plugin bundle`);
    return m;
  };
}
