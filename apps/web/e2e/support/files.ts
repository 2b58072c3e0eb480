import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';

/** Real files made by real tools (see apps/api/test/fixtures/README.md). */
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../api/test/fixtures');
export const fixture = (name: 'passport.jpg' | 'letter.pdf' | 'figures.csv' | 'letter.txt' | 'bill.png') =>
  join(FIXTURES, name);

/** One file's row in an upload queue, found by its file name. */
export function uploadRow(page: Page, fileName: string): Locator {
  return page.getByTestId('upload-item').filter({ hasText: fileName });
}

/** Picks an option of a Radix select inside a row (labels repeat per file, so the row scopes them). */
export async function chooseIn(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A calendar date `years` from today, as the date inputs take it (YYYY-MM-DD). */
export function yearsFromNow(years: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** Clicks something that downloads, saves the file and returns its bytes and suggested name. */
export async function download(page: Page, trigger: () => Promise<void>) {
  const [event] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const path = join(tmpdir(), `cm-e2e-download-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await event.saveAs(path);
  const bytes = await readFile(path);
  await rm(path, { force: true });
  return { name: event.suggestedFilename(), bytes };
}

/** A full-page screenshot from the top, once the toasts are dismissed (they would cover the content). */
export async function cleanScreenshot(page: Page, name: string) {
  for (let i = 0; i < 5; i++) {
    const toasts = page.getByRole('button', { name: 'Dismiss notification' });
    if ((await toasts.count()) === 0) break;
    await toasts
      .first()
      .click({ timeout: 500 })
      .catch(() => {});
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}
