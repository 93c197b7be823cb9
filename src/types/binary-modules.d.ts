// Build artifacts imported as bytes: esbuild's `binary` loader (esbuild.config.mjs) and the matching Vite plugin in
// vitest.config.ts inline the file as a Uint8Array.
declare module '*.bin' {
  const bytes: Uint8Array;
  export default bytes;
}
