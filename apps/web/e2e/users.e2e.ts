import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer, unique } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { chooseOption, waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

describe('users (admin)', () => {
  it('creates a client login linked to a customer found by search, then disables it', async () => {
    const customer = await newCustomer(await apiAs('admin'), { lastName: unique('Linked') });
    const email = `${unique('client')}@example.test`;
    const password = 'portal-passphrase-for-tests';

    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill('Portal Person');
    await dialog.getByLabel('Email').fill(email);
    await chooseOption(page, 'Role', 'Client');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByText('A client login must be linked to a customer.').waitFor();

    await dialog.getByRole('combobox', { name: 'Linked customer' }).fill(customer.lastName ?? '');
    await dialog.getByRole('option', { name: new RegExp(customer.displayName) }).click();
    expect(await dialog.getByTestId('picked-customer').textContent()).toBe(customer.displayName);
    await dialog.getByLabel('Initial password').fill(password);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await waitForToast(page, 'User created');

    const row = page.getByTestId('user-row').filter({ hasText: email });
    await row.getByRole('link', { name: new RegExp(customer.displayName) }).waitFor();

    // The new login reaches its own portal.
    const portal = await newPage();
    await signIn(portal, { email, password });
    expect(await portal.getByTestId('portal-customer-name').textContent()).toBe(customer.displayName);

    await row.getByRole('button', { name: 'Actions for Portal Person' }).click();
    await page.getByRole('menuitem', { name: 'Disable…' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('signed out everywhere').waitFor();
    await confirm.getByRole('button', { name: 'Disable user' }).click();
    await waitForToast(page, 'User disabled');
    await row.getByText('Disabled', { exact: true }).waitFor();
  });

  it('Escape closes the dialog and focus returns to the button that opened it', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/users');
    const open = page.getByRole('button', { name: 'New user' });
    await open.click();
    await page.getByRole('dialog', { name: 'New user' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => open.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
