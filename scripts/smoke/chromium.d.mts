// Types of chromium.mjs for the TypeScript tests that launch the browser too.
import type { Browser } from 'playwright-core';

/** Path of the browser: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export declare const CHROMIUM: string;
/** Launches headless Chromium with the project's flags. */
export declare function launchChromium(): Promise<Browser>;
