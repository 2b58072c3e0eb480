import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { apiAs, loginRequest, unique } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { waitForToast } from './support/ui';
import { fillSignIn, signIn } from './support/users';

connectBrowser();

async function newStaff(role: 'corporate' | 'admin' = 'corporate') {
  const admin = await apiAs('admin');
  const email = `${unique('staff')}@example.test`;
  const name = `Sam ${unique('Staff')}`;
  const password = 'first-passphrase-of-sam';
  const user = await admin.users.create.mutate({ email, name, role, password });
  return { admin, user, email, name, password };
}

/**
 * Searches the user list and waits until the search has been applied: the only row left is the one
 * asked for. The search is debounced and a new search replaces the table while it loads, so a row
 * seen before then (in the unfiltered list) can vanish under a click, taking an open menu with it.
 */
async function searchUsers(page: Page, email: string) {
  await page.getByLabel('Search users').fill(email);
  const row = page.getByTestId('user-row').filter({ hasText: email });
  await row.waitFor();
  await expect.poll(() => page.getByTestId('user-row').count(), { timeout: 15_000 }).toBe(1);
  return row;
}

describe('account administration', () => {
  it('an admin resets a password; the user must choose a new one at sign-in before anything else', {
    timeout: 90_000,
  }, async () => {
    const { email, name } = await newStaff();
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.goto('/users');
    const row = await searchUsers(page, email);
    expect(await row.getByTestId('last-sign-in').textContent()).toContain('Never');
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Reset password…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Reset password' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'reset password confirmation');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Reset password' }).click();
    const shown = page.getByTestId('temporary-password');
    await shown.waitFor();
    await expectNoSeriousA11yViolations(page, 'one-time password shown once');
    const temporary = (await shown.textContent())?.trim() ?? '';
    expect(temporary).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    await page.getByRole('button', { name: 'Done' }).click();
    await row.getByText('Must change password').waitFor();

    const user = await newPage({ bypassCSP: true });
    await fillSignIn(user, { email, password: temporary });
    await user.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await expectNoSeriousA11yViolations(user, 'forced password change');
    expect(await user.getByTestId('user-menu').count()).toBe(0);
    await user.getByLabel('One-time password').fill(temporary);
    await user.getByLabel('New password', { exact: true }).fill('sams-own-new-passphrase');
    await user.getByLabel('New password again').fill('sams-own-new-passphrase');
    await user.getByRole('button', { name: 'Change password' }).click();
    // The console opens: its user menu is a chunk fetched only now (the forced change screen has none).
    await user.getByTestId('user-menu').waitFor();
    expect((await loginRequest({ email, password: 'sams-own-new-passphrase' })).status).toBe(200);
  });

  it('an admin changes a role and re-enables a disabled user', { timeout: 60_000 }, async () => {
    const { admin, user, email, name } = await newStaff();
    await admin.users.disable.mutate({ id: user.id });
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/users');
    const row = await searchUsers(page, email);
    await row.getByText('Disabled', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Re-enable' }).click();
    await waitForToast(page, 'User re-enabled');
    await row.getByText('Active', { exact: true }).waitFor();

    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Change role…' }).click();
    const dialog = page.getByRole('dialog', { name: `Change the role of ${name}` });
    await dialog.getByLabel('Role').selectOption('admin');
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await waitForToast(page, 'Role changed');
    await row.getByText('Admin', { exact: true }).waitFor();
    // No actions on your own row: no one changes their own role.
    const own = await searchUsers(page, 'admin@example.com');
    await own.getByText('Ada Admin').waitFor();
    expect(await page.getByRole('button', { name: 'Actions for Ada Admin' }).count()).toBe(0);
  });

  it('a user changes their own password from the user menu (current password checked)', {
    timeout: 60_000,
  }, async () => {
    const { email, password } = await newStaff();
    const page = await newPage();
    await signIn(page, { email, password });
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.getByLabel('Current password').fill('not-the-right-one');
    await dialog.getByLabel('New password', { exact: true }).fill('a-second-passphrase-for-sam');
    await dialog.getByLabel('New password again').fill('a-second-passphrase-for-sam');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('Your current password is not correct.').waitFor();
    await dialog.getByLabel('Current password').fill(password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await waitForToast(page, 'Password changed');
    expect((await loginRequest({ email, password })).status).toBe(401);
    expect((await loginRequest({ email, password: 'a-second-passphrase-for-sam' })).status).toBe(200);
  });
});
