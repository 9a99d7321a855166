import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { root } from './platform-process';

/**
 * Debian's Chromium, driven by playwright-core (no browser download works here). Without it the
 * browser specs are skipped with a notice — except in CI, where a missing Chromium is a failure
 * (.ci/run installs the package).
 */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env['CI'])
  throw new Error(`${CHROMIUM} is missing: CI installs Debian's chromium package (.ci/run)`);
if (!haveChromium)
  process.stderr.write(
    `browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)\n`,
  );

export const describeInBrowser = haveChromium ? describe : describe.skip;

/** Where the specs save each screen (the README shows them). */
export const SHOTS = path.join(root, 'docs', 'screenshots');

/** Headless Chromium as a container or CI runner allows it, with the screenshot folder made. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
