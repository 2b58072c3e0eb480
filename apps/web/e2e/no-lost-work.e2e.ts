import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { chooseIn, fixture, uploadRow } from './support/files';
import { openCustomer, waitForToast } from './support/ui';
import { credentialsOf, signIn } from './support/users';

connectBrowser();

describe('no lost work', () => {
  it('a session that ends under a half-typed edit is renewed in place, and Save keeps every typed value', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin, { city: 'Leeds' });
    const page = await newPage();
    await signIn(page, 'corporate');
    await page.goto(`/customers/${customer.id}/edit`);
    await page.getByLabel('City').fill('York');
    await page.getByLabel('Postal code').fill('YO1 7HH');

    // The server forgets the session (as after the idle timeout) while the form is being filled in.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Save changes' }).click();

    const dialog = page.getByRole('alertdialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/customers/${customer.id}/edit`);
    // A wrong password keeps the dialog, and the page behind it.
    await dialog.getByLabel('Password').fill('not-the-right-password');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.getByText('Wrong password').waitFor();
    await dialog.getByLabel('Password').fill(credentialsOf('corporate').password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });

    expect(await page.getByLabel('City').inputValue()).toBe('York');
    expect(await page.getByLabel('Postal code').inputValue()).toBe('YO1 7HH');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForToast(page, 'Changes saved');
    const saved = await admin.customers.byId.query({ id: customer.id });
    expect([saved.city, saved.postalCode]).toEqual(['York', 'YO1 7HH']);
  });

  it('signing out over unsaved changes asks first', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'corporate');
    await page.goto(`/customers/${customer.id}/edit`);
    await page.getByLabel('City').fill('Bath');

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Sign out without saving?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.getByLabel('City').inputValue()).toBe('Bath');

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await confirm.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
  });

  it('a dialog with typed input is not closed by a stray Escape or click outside', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill('Nadia Newhire');
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 5);
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Nadia Newhire');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('a customer deleted elsewhere is shown as gone once an action finds out', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'admin');
    await openCustomer(page, customer.id);
    await admin.customers.delete.mutate({ id: customer.id });

    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Close customer…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Customer asked to leave');
    await dialog.getByRole('button', { name: 'Close customer' }).click();
    await page.getByText('Customer not found').first().waitFor();
  });

  it('a session that ends with nothing unsaved goes to sign-in as before', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    await page.goto('/customers');
    await page.getByTestId('customer-row').first().waitFor();
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });

  it('a draft note and queued files survive switching tabs', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id, 'notes');
    const note = page.getByRole('form', { name: 'New note' }).getByRole('textbox', { name: 'Note', exact: true });
    await note.fill('Called about the missing proof of address; half written');

    await page.getByRole('tab', { name: 'KYC' }).click();
    await page.getByTestId('kyc-file-input').setInputFiles([fixture('passport.jpg')]);
    await page.getByTestId('upload-item').waitFor();

    await page.getByRole('tab', { name: 'Profile' }).click();
    await page.getByRole('tab', { name: 'Notes' }).click();
    expect(await note.inputValue()).toBe('Called about the missing proof of address; half written');
    await page.getByRole('tab', { name: 'KYC' }).click();
    expect(await page.getByTestId('upload-item').count()).toBe(1);
  });

  it('a file the server refuses by its content is explained and not offered for another try', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id, 'documents');
    await page
      .getByTestId('document-file-input')
      .setInputFiles([
        { name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is not a PDF at all') },
      ]);
    const item = uploadRow(page, 'contract.pdf');
    await chooseIn(page, item, 'Category', 'Contract');
    await item.getByRole('button', { name: 'Upload contract.pdf' }).click();
    await item.getByTestId('upload-file-error').waitFor();
    expect(await item.getAttribute('data-status')).toBe('failed');
    expect(await item.getByRole('button', { name: /Retry/ }).count()).toBe(0);
  });
});
