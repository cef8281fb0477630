import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Where browser tests keep screenshots and PDFs (kept by CI as artefacts). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** Debian's Chromium, headless and quiet (no network of its own), for the browser tests. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
