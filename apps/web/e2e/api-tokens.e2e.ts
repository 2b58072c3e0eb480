import { describe, expect, it } from 'vitest';
import { unique } from './support/api';
import { baseURL, connectBrowser, newPage } from './support/browser';
import { waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

/** A call as another app makes it: the token in the Authorization header, no cookie. */
async function listCustomersWith(secret: string) {
  const res = await fetch(`${baseURL}/trpc/customers.list`, { headers: { authorization: `Bearer ${secret}` } });
  return res.status;
}

describe('API tokens (admin)', () => {
  it('creates a token with chosen permissions, shows its secret once, and revokes it', async () => {
    const name = unique('Billing sync');
    const page = await newPage();
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'API tokens' }).first().click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API token' });
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByText('Name is required.').waitFor();
    await dialog.getByText('Choose at least one permission.').waitFor();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('group', { name: 'Customers' }).getByLabel('customers:view').check();
    await dialog.getByRole('group', { name: 'Documents' }).getByLabel('documents:upload').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByRole('dialog', { name: 'Copy your new token' });
    await shown.getByText('This is the only time the token is shown').waitFor();
    const secret = await shown.getByTestId('api-token-secret').inputValue();
    expect(secret).toMatch(/^cm_[A-Za-z0-9_-]{43}$/);
    expect(await listCustomersWith(secret)).toBe(200);
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });

    // Never shown again: not in the list, not after a reload.
    const row = page.getByTestId('api-token-row').filter({ hasText: name });
    await row.getByText('customers:view, documents:upload').waitFor();
    await row.getByText('Active').waitFor();
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('refused from their next request on').waitFor();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await waitForToast(page, 'Token revoked');
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect(await listCustomersWith(secret)).toBe(401);
  });
});
