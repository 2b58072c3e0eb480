import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { download } from './support/files';
import { openCustomer, waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

describe('the Privacy tab (admin)', () => {
  it('places and lifts a hold, exports the data, and erases a closed customer after the typed confirmation', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    await admin.customers.close.mutate({ id: customer.id, reason: 'Account ended' });
    await admin.notes.create.mutate({ customerId: customer.id, noteType: 'general', content: 'Called about closing.' });

    const page = await newPage();
    await signIn(page, 'admin');
    await openCustomer(page, customer.id, 'privacy');
    await page.getByRole('heading', { name: 'What an erasure would do' }).waitFor();
    await expect(page.getByText('Note titles and content (1)').isVisible()).resolves.toBe(true);

    // Hold: placed with a reason, shown, and it blocks the erasure until lifted.
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.getByLabel('Reason').fill('Court order 42/2026');
    await page.getByRole('dialog').getByRole('button', { name: 'Place hold' }).click();
    await waitForToast(page, 'Legal hold placed');
    await page.getByText('Court order 42/2026').waitFor();
    await expect(page.getByRole('button', { name: 'Request erasure' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Lift hold' }).click();
    await page.getByLabel('Reason').fill('Order withdrawn');
    await page.getByRole('dialog').getByRole('button', { name: 'Lift hold' }).click();
    await waitForToast(page, 'Legal hold lifted');
    await page.getByText('No legal hold.').waitFor();

    // Export: a zip download named for the customer number.
    const file = await download(page, () => page.getByRole('link', { name: 'Export data' }).click());
    expect(file.name).toMatch(new RegExp(`^${customer.customerNumber}-data-.*\\.zip$`));
    expect(file.bytes.subarray(0, 2).toString()).toBe('PK');

    // Erasure: refused until the customer number is typed; then the profile reads as erased.
    await page.getByRole('button', { name: 'Request erasure' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('KYC documents').count();
    const erase = dialog.getByRole('button', { name: 'Erase personal data' });
    await dialog.getByLabel(`Type ${customer.customerNumber} to confirm`).fill('C-000000');
    await expect(erase.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(`Type ${customer.customerNumber} to confirm`).fill(customer.customerNumber);
    await erase.click();
    await waitForToast(page, 'Personal data erased');
    await page.getByText(/^Erased on /).waitFor();
    const after = await admin.customers.byId.query({ id: customer.id });
    expect(after.lastName).toBe('[erased]');
    expect(after.customerNumber).toBe(customer.customerNumber);
  });

  it('is not offered to corporate users', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id);
    await page.getByRole('tab', { name: 'Profile' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Privacy' }).count()).toBe(0);
  });
});
