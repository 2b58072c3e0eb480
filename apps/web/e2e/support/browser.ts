import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

export const baseURL = inject('baseURL');
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
/** The guides' pictures (docs/images), rewritten only on request. */
const GUIDE_IMAGES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs', 'images');

let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

/**
 * Call once at the top of a test file: connects to the run's shared Chromium, and closes every
 * context a test opened when it ends (each test starts signed out, with its own cookies).
 */
export function connectBrowser() {
  beforeAll(async () => {
    browser = await chromium.connect(inject('wsEndpoint'));
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
  });
  afterAll(async () => {
    await browser?.close();
  });
}

/** A fresh browser profile (cookies, storage) and a page in it; open two for "two tabs, two users". */
export async function newPage(
  opts: {
    bypassCSP?: boolean;
    viewport?: { width: number; height: number };
    /** The system's light/dark setting the console sees (`prefers-color-scheme`); light unless asked. */
    colorScheme?: 'light' | 'dark';
  } = {},
): Promise<Page> {
  if (!browser) throw new Error('connectBrowser() must be called in this test file.');
  const context = await browser.newContext({
    baseURL,
    viewport: opts.viewport ?? { width: 1360, height: 900 },
    locale: 'en-GB',
    colorScheme: opts.colorScheme ?? 'light',
    // Only for injecting axe-core: the console itself runs under the API's strict CSP everywhere else.
    bypassCSP: opts.bypassCSP ?? false,
  });
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[browser] ${err.message}`));
  return page;
}

/** Another tab in the same browser profile (shares the session). */
export async function newTab(page: Page): Promise<Page> {
  return page.context().newPage();
}

/** Full-page screenshot under e2e/artifacts/ (gitignored), for humans to look at. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * A picture for the user guide: with `UPDATE_SCREENSHOTS=1` the visible part of the page is saved as
 * docs/images/`name`.png (the viewport, not the full page, to keep the files small); otherwise
 * nothing happens, so ordinary runs never touch the committed images.
 */
export async function guideScreenshot(page: Page, name: string) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(GUIDE_IMAGES, { recursive: true });
  // Desktop pictures at 1280 × 800 whatever the test's viewport; phone ones stay at their width.
  const viewport = page.viewportSize();
  const desktop = !viewport || viewport.width > 400;
  if (desktop) await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(GUIDE_IMAGES, `${name}.png`), animations: 'disabled', caret: 'hide' });
  if (desktop && viewport) await page.setViewportSize(viewport);
}
