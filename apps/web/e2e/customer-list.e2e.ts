import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer, unique } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { signIn } from './support/users';

connectBrowser();

/** The names in the list, top to bottom. */
async function names(page: import('playwright-core').Page) {
  return page.getByTestId('customer-row').locator('a[data-row-link]').allTextContents();
}

describe('customer list that scales', () => {
  it('shows the total, sorts by the column headers both ways, filters by several values and exports them', {
    timeout: 120_000,
  }, async () => {
    const admin = await apiAs('admin');
    const tag = unique('Scale').toLowerCase();
    // Three customers under one search term: distinct names, two countries, created in order.
    for (const [first, country] of [
      ['Bruno', 'DE'],
      ['Ada', 'FR'],
      ['Carla', 'DE'],
    ] as const) {
      await newCustomer(admin, {
        firstName: first,
        lastName: tag,
        email: `${first.toLowerCase()}.${tag}@example.test`,
        country,
        phone: null,
      });
    }

    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto(`/customers?q=${tag}`);
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('3');
    // Newest first by default.
    await expect.poll(() => names(page)).toEqual([`Carla ${tag}`, `Ada ${tag}`, `Bruno ${tag}`]);

    await page.getByTestId('sort-name').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'name');
    await expect.poll(() => names(page)).toEqual([`Ada ${tag}`, `Bruno ${tag}`, `Carla ${tag}`]);
    expect(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('ascending');
    await page.getByTestId('sort-name').click();
    await page.waitForURL((url) => url.searchParams.get('order') === 'desc');
    await expect.poll(() => names(page)).toEqual([`Carla ${tag}`, `Bruno ${tag}`, `Ada ${tag}`]);
    expect(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('descending');
    await page.getByTestId('sort-createdAt').click();
    await page.waitForURL((url) => !url.searchParams.has('sort') && !url.searchParams.has('order'));
    await page.getByTestId('sort-createdAt').click();
    await page.waitForURL((url) => url.searchParams.get('order') === 'asc');
    await expect.poll(() => names(page)).toEqual([`Bruno ${tag}`, `Ada ${tag}`, `Carla ${tag}`]);

    // Several values per filter: pick countries in the searchable picker, tick two statuses.
    const country = page.getByLabel('Country', { exact: true });
    await country.fill('Germany');
    await page.waitForURL((url) => url.searchParams.getAll('country').join() === 'DE');
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('2');
    await country.fill('fr');
    await country.press('Enter');
    await page.waitForURL((url) => url.searchParams.getAll('country').join() === 'DE,FR');
    await page.getByRole('group', { name: 'Status', exact: true }).getByLabel('Pending').check();
    await page.getByRole('group', { name: 'Status', exact: true }).getByLabel('Active').check();
    await page.waitForURL((url) => url.searchParams.getAll('status').join() === 'pending,active');
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('3');
    await page.getByRole('button', { name: 'Remove France' }).click();
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('2');

    // Export CSV takes exactly the filters on screen.
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toContain('country=DE');
    const csv = await page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(tag) && l.includes(',DE,'))).toBe(true);
  });

  it('opens the matching list from a dashboard card', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/');
    await page.getByRole('link', { name: /^Pending/ }).click();
    await page.waitForURL((url) => url.pathname === '/customers' && url.searchParams.get('status') === 'pending');
    expect(await page.getByRole('group', { name: 'Status', exact: true }).getByLabel('Pending').isChecked()).toBe(true);
    await page.getByTestId('customer-row').first().waitFor();
    const total = Number((await page.getByTestId('customer-total').textContent())?.replace(/\D/g, ''));
    expect(total).toBeGreaterThan(0);
  });
});
