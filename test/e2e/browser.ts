import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';

/** Where the system Chromium is expected. Browsers are never downloaded. */
export const chromiumPath = '/usr/bin/chromium';

/** The flags every browser test launches Chromium with: headless, sandbox-free, no background traffic. */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Whether the system Chromium is installed. */
export const hasChromium = (): boolean => existsSync(chromiumPath);

/** Whether browser suites must run: on CI (`process.env.CI` set) or whenever Chromium is installed. */
export const browserRequired = (): boolean => Boolean(process.env.CI) || hasChromium();

/**
 * Launches the system Chromium headless. Resolves to `null` only when Chromium is missing and
 * `process.env.CI` is unset; on CI a missing browser rejects, so the suite fails instead of skipping.
 */
export async function launchBrowser(): Promise<Browser | null> {
  if (!hasChromium()) {
    if (process.env.CI) throw new Error(`Chromium is required on CI but ${chromiumPath} is missing`);
    return null;
  }
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
}

/**
 * `describe` for browser suites: skipped only when Chromium is missing and `process.env.CI` is unset.
 * Launch the browser in the suite's `beforeAll` with `launchBrowser()` and close it in `afterAll`.
 */
export function describeBrowser(name: string, suite: () => void): void {
  describe.skipIf(!browserRequired())(name, suite);
}
