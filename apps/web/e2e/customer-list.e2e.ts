import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
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
    // Three customers under one search term: distinct names, two countries, three risks, created in order.
    for (const [first, country, riskLevel] of [
      ['Bruno', 'DE', 'high'],
      ['Ada', 'FR', 'low'],
      ['Carla', 'DE', 'medium'],
    ] as const) {
      await newCustomer(admin, {
        firstName: first,
        lastName: tag,
        email: `${first.toLowerCase()}.${tag}@example.test`,
        country,
        riskLevel,
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
    // The boxes show the address, which changes just after the click (so click and wait for it, not check()).
    await page.getByRole('group', { name: 'Status', exact: true }).getByLabel('Pending').click();
    // Each tick is a navigation: the next one waits for it (a busy machine can lag behind the clicks).
    await page.waitForURL((url) => url.searchParams.getAll('status').join() === 'pending');
    await page.getByRole('group', { name: 'Status', exact: true }).getByLabel('Active').click();
    await page.waitForURL((url) => url.searchParams.getAll('status').join() === 'pending,active');
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('3');
    // Risk takes several values too: High and Low, not Medium.
    const risk = page.getByRole('group', { name: 'Risk', exact: true });
    await risk.getByLabel('High').click();
    await page.waitForURL((url) => url.searchParams.getAll('risk').join() === 'high');
    await expect.poll(() => names(page)).toEqual([`Bruno ${tag}`]);
    await risk.getByLabel('Low').click();
    await page.waitForURL((url) => url.searchParams.getAll('risk').join() === 'high,low');
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('2');
    await expect.poll(() => names(page)).toEqual([`Bruno ${tag}`, `Ada ${tag}`]);
    // Every ticked value counts on the Filters button: 2 countries, 2 statuses, 2 risks.
    // (The Filters button only shows on a phone; its text is there all the same.)
    const foldButton = page.locator('button[aria-expanded]').filter({ hasText: 'Filters' });
    await expect.poll(() => foldButton.textContent()).toContain('(6)');
    await page.getByRole('button', { name: 'Remove France' }).click();
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('1');

    // Export CSV takes exactly the filters on screen.
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toContain('country=DE');
    expect(new URL(href ?? '', page.url()).searchParams.getAll('riskLevel')).toEqual(['high', 'low']);
    const csv = await page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`bruno.${tag}@example.test`);
    await risk.getByLabel('Low').click();
    await page.waitForURL((url) => url.searchParams.getAll('risk').join() === 'high');
    await risk.getByLabel('High').click();
    await page.waitForURL((url) => !url.searchParams.has('risk'));
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('2');
    const all = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const allLines = (await page.evaluate(async (url) => (await fetch(url as string)).text(), all)).trim().split('\n');
    expect(allLines).toHaveLength(3);
    expect(allLines.slice(1).every((l) => l.includes(tag) && l.includes(',DE,'))).toBe(true);

    // A link from before risk took several values (`risk=medium`) still opens that list, Medium ticked.
    await page.goto(`/customers?q=${tag}&risk=medium`);
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('1');
    await expect.poll(() => names(page)).toEqual([`Carla ${tag}`]);
    expect(await risk.getByLabel('Medium').isChecked()).toBe(true);
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

  it('every dashboard figure opens the customer list whose total is that figure; window filters are chips', {
    timeout: 120_000,
  }, async () => {
    // At least one customer new in the last 30 days (the demo data has passports expiring soon).
    await newCustomer(await apiAs('admin'), { phone: null });
    const page = await newPage();
    await signIn(page, 'admin');
    const cards = page.getByRole('region', { name: 'Key figures' }).getByRole('link');
    const expected: [label: RegExp, url: (u: URL) => boolean][] = [
      [/^Customers/, (u) => u.search === ''],
      [/^Active/, (u) => u.searchParams.getAll('status').join() === 'active'],
      [/^Pending/, (u) => u.searchParams.getAll('status').join() === 'pending'],
      [/^New in 30 days/, (u) => u.searchParams.get('created') === '30'],
      [/^KYC expiring soon/, (u) => u.searchParams.get('expiring') === '30'],
    ];
    for (const [label, urlIs] of expected) {
      await page.goto('/');
      const card = cards.filter({ hasText: label });
      const value = card.getByTestId('stat-value');
      // The expiring figure is the list's own count, asked for separately: wait for it.
      await expect.poll(() => value.textContent(), { timeout: 15_000 }).toMatch(/^[\d,]+$/);
      const figure = (await value.textContent()) ?? '';
      await card.click();
      await page.waitForURL((u) => u.pathname === '/customers' && urlIs(u));
      await expect.poll(() => page.getByTestId('customer-total').textContent(), { timeout: 15_000 }).toBe(figure);
      expect([String(label), figure]).not.toEqual([String(label), '0']);
    }

    // The window filter shows as a chip; removing it lists everyone again.
    const chip = page.getByRole('button', { name: 'Remove filter: KYC document expiring within 30 days' });
    await chip.click();
    await page.waitForURL((u) => u.pathname === '/customers' && !u.searchParams.has('expiring'));
    await page.goto('/');
    const all =
      (await cards
        .filter({ hasText: /^Customers/ })
        .getByTestId('stat-value')
        .textContent()) ?? '';
    // A hand-edited window that is not a number of days is ignored, not an error.
    await page.goto('/customers?created=30&expiring=bogus');
    await page.getByTestId('filter-chip').first().waitFor();
    expect(await page.getByTestId('filter-chip').allTextContents()).toEqual(['Created in the last 30 days']);
    await page.getByTestId('filter-chip').click();
    await page.waitForURL((u) => u.pathname === '/customers' && !u.searchParams.has('created'));
    await expect.poll(() => page.getByTestId('customer-total').textContent(), { timeout: 15_000 }).toBe(all);
  });

  it('keeps every tick of boxes clicked faster than the list re-renders, in the address and the list', {
    timeout: 90_000,
  }, async () => {
    const admin = await apiAs('admin');
    const tag = unique('Burst').toLowerCase();
    for (const [first, riskLevel] of [
      ['Dora', 'high'],
      ['Emil', 'low'],
      ['Fay', 'medium'],
    ] as const) {
      await newCustomer(admin, {
        firstName: first,
        lastName: tag,
        email: `${first.toLowerCase()}.${tag}@example.test`,
        riskLevel,
        phone: null,
      });
    }
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.goto(`/customers?q=${tag}`);
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('3');

    /** Clicks the boxes one after another in a single task: no render can happen in between. */
    const burst = (boxes: [group: string, label: string][]) =>
      page.evaluate((list) => {
        for (const [group, label] of list) {
          const fieldset = [...document.querySelectorAll('fieldset')].find(
            (f) => f.querySelector('legend')?.textContent === group,
          );
          const box = [...(fieldset?.querySelectorAll('label') ?? [])].find((l) => l.textContent === label);
          const input = box?.querySelector('input');
          if (!input) throw new Error(`No box ${group} / ${label}`);
          input.click();
        }
      }, boxes);
    const checked = (group: string, label: string) =>
      page.getByRole('group', { name: group, exact: true }).getByLabel(label, { exact: true }).isChecked();

    // Three risks in a row, then Medium again: High and Low stay ticked.
    await burst([
      ['Risk', 'High'],
      ['Risk', 'Low'],
      ['Risk', 'Medium'],
      ['Risk', 'Medium'],
    ]);
    await page.waitForURL((url) => url.searchParams.getAll('risk').join() === 'high,low');
    // The address changes just before the render that shows it: poll the boxes.
    const risks = () => Promise.all(['High', 'Low', 'Medium'].map((label) => checked('Risk', label)));
    await expect.poll(risks).toEqual([true, true, false]);
    await expect.poll(() => names(page)).toEqual([`Emil ${tag}`, `Dora ${tag}`]);
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('2');

    // Across groups, on top of the address just reached: every box counts.
    await burst([
      ['Status', 'Pending'],
      ['Type', 'Individual'],
      ['Risk', 'Medium'],
      ['Status', 'Active'],
    ]);
    await page.waitForURL(
      (url) =>
        url.searchParams.getAll('status').join() === 'pending,active' &&
        url.searchParams.getAll('type').join() === 'individual' &&
        url.searchParams.getAll('risk').join() === 'high,low,medium',
    );
    for (const [group, label] of [
      ['Status', 'Pending'],
      ['Status', 'Active'],
      ['Type', 'Individual'],
      ['Risk', 'High'],
      ['Risk', 'Low'],
      ['Risk', 'Medium'],
    ] as const) {
      await expect.poll(() => checked(group, label)).toBe(true);
    }
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('3');
    // The list's own query asked for exactly these filters: the export link is built from the same ones.
    const href = new URL((await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')) ?? '', page.url());
    expect(href.searchParams.getAll('riskLevel')).toEqual(['high', 'low', 'medium']);
    expect(href.searchParams.getAll('status')).toEqual(['pending', 'active']);

    // Two countries picked in one task (as a pasted or suggested name is taken at once): both count.
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[list]');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      for (const name of ['United Kingdom', 'France']) {
        setValue?.call(input, name);
        input?.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await page.waitForURL((url) => url.searchParams.getAll('country').join() === 'GB,FR');
    await page.getByRole('button', { name: 'Remove France' }).waitFor();
    await expect.poll(() => page.getByTestId('customer-total').textContent()).toBe('3');

    // After the back button, a tick builds on the address it went back to, not on the one left.
    const left = page.url();
    await page.goBack();
    await page.waitForURL((url) => url.href !== left);
    const back = new URL(page.url()).searchParams;
    expect(back.getAll('status')).not.toContain('closed');
    await burst([['Status', 'Closed']]);
    await page.waitForURL((url) => url.searchParams.getAll('status').includes('closed'));
    const after = new URL(page.url()).searchParams;
    expect(after.getAll('status')).toEqual([...back.getAll('status'), 'closed']);
    expect(after.getAll('risk')).toEqual(back.getAll('risk'));
    expect(after.getAll('type')).toEqual(back.getAll('type'));
    await expectNoSeriousA11yViolations(page, 'customer list, several filters ticked');
  });
});
