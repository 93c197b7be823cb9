// The engine's version, taken from package.json at build time (esbuild inlines the JSON).
import pkg from '../../package.json';

/** Version reported in the JSON-RPC handshake and `status`. */
export const ENGINE_VERSION: string = pkg.version;
