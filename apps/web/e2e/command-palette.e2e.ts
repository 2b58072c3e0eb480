import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { signIn } from './support/users';

connectBrowser();

describe('command palette', () => {
  it('Ctrl-K jumps to a customer by number or name and to a page; Escape closes it', { timeout: 60_000 }, async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'admin');
    const palette = page.getByRole('dialog', { name: 'Jump to a page or customer' });
    const input = palette.getByRole('combobox', { name: 'Page, customer name or number' });

    // By customer number: the option appears, Enter opens the customer.
    await page.keyboard.press('Control+k');
    await input.fill(customer.customerNumber);
    const byNumber = palette.getByRole('option', { name: new RegExp(customer.displayName) });
    await byNumber.waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await byNumber.getAttribute('id'));
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/customers/${customer.id}`);
    await palette.waitFor({ state: 'detached' });

    // By name, from anywhere in the console.
    await page.goto('/tickets');
    await page.getByTestId('open-command-palette').waitFor();
    await page.keyboard.press('Control+k');
    await input.fill(customer.displayName);
    await palette.getByRole('option', { name: new RegExp(customer.displayName) }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/customers/${customer.id}`);

    // A page by name: the first match is active, Enter goes there.
    await page.keyboard.press('Control+k');
    await input.fill('audit');
    await palette.getByRole('option', { name: /Audit log/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/audit');

    // Escape closes it without navigating; the header button opens it for pointer and touch users.
    await page.getByTestId('open-command-palette').click();
    await input.fill('Users');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/audit');
  });

  it('offers only the pages the role may open, and is absent from the client portal', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Jump to a page or customer' });
    await palette.getByRole('option', { name: /Customers/ }).waitFor();
    expect(await palette.getByRole('option', { name: /Audit log/ }).count()).toBe(0);
    expect(await palette.getByRole('option', { name: /Users/ }).count()).toBe(0);

    const client = await newPage();
    await signIn(client, 'client');
    await client.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
    await client.keyboard.press('Control+k');
    expect(await client.getByRole('dialog').count()).toBe(0);
    expect(await client.getByTestId('open-command-palette').count()).toBe(0);
  });
});
