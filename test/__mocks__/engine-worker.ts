// Stand-in for the generated `overlay:engine-worker` module in unit tests (which never start the real worker;
// scripts/store-smoke.mjs runs the built main.js in Chromium).
export const WORKER_GZ_BASE64 = '';
