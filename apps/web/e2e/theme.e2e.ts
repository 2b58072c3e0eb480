import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connectBrowser, newPage, newTab } from './support/browser';
import { signIn } from './support/users';

connectBrowser();

const isDark = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('dark'));

/**
 * Records the theme at the moment the HTML is parsed and the module bundle (React) has not run yet
 * (`readyState` turns "interactive" before deferred and module scripts execute): what the first paint shows.
 */
async function recordThemeBeforeReact(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      (window as unknown as { themeBeforeReact: object }).themeBeforeReact = {
        dark: document.documentElement.classList.contains('dark'),
        // index.html's static frame is in #root until React's first render replaces it.
        reactMounted: document.querySelector('#root > .boot-frame') === null,
      };
    });
  });
}
const themeBeforeReact = (page: Page) =>
  page.evaluate(() => (window as unknown as { themeBeforeReact?: object }).themeBeforeReact);

async function chooseTheme(page: Page, label: 'System' | 'Light' | 'Dark') {
  await page.getByTestId('user-menu').click();
  const item = page.getByRole('menuitemradio', { name: label });
  await item.click();
  await expect.poll(() => item.getAttribute('aria-checked')).toBe('true');
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
}

describe('dark mode', () => {
  it('follows the system setting by default, also when it changes while the page is open', async () => {
    const page = await newPage({ colorScheme: 'dark' });
    await recordThemeBeforeReact(page);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await themeBeforeReact(page)).toEqual({ dark: true, reactMounted: false });
    expect(await isDark(page)).toBe(true);
    // The stylesheet's dark palette and native controls (color-scheme) are in effect, under the real CSP.
    const looks = () =>
      page.evaluate(() => {
        const style = getComputedStyle(document.documentElement);
        return { scheme: style.colorScheme, background: style.backgroundColor };
      });
    const dark = await looks();
    expect(dark.scheme).toBe('dark');

    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => isDark(page)).toBe(false);
    const light = await looks();
    expect(light.scheme).toBe('light');
    expect(light.background).not.toBe(dark.background);

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => isDark(page)).toBe(true);
  });

  it('the user menu switches the theme at once, in every open tab, and it holds across a reload', async () => {
    const page = await newPage({ colorScheme: 'light' });
    await signIn(page, 'admin');
    expect(await isDark(page)).toBe(false);
    const other = await newTab(page);
    await other.goto('/customers');
    await other.getByTestId('user-menu').waitFor();
    expect(await isDark(other)).toBe(false);

    await chooseTheme(page, 'Dark');
    expect(await isDark(page)).toBe(true);
    // The other tab follows through the storage event, without a reload.
    await expect.poll(() => isDark(other)).toBe(true);

    // A reload paints dark from the start: the class is there before React runs.
    await recordThemeBeforeReact(page);
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    expect(await themeBeforeReact(page)).toEqual({ dark: true, reactMounted: false });
    await page.getByTestId('user-menu').click();
    expect(await page.getByRole('menuitemradio', { name: 'Dark' }).getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Escape');

    // An explicit Light wins over a dark system setting, from the first paint on.
    await page.emulateMedia({ colorScheme: 'dark' });
    await chooseTheme(page, 'Light');
    expect(await isDark(page)).toBe(false);
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    expect(await themeBeforeReact(page)).toEqual({ dark: false, reactMounted: false });
    await expect.poll(() => isDark(other)).toBe(false);

    // Back to System: the page follows the (emulated) system setting again, live.
    await chooseTheme(page, 'System');
    expect(await isDark(page)).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => isDark(page)).toBe(false);
  });
});
