import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer, uploadAs } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { fixture } from './support/files';
import { openCustomer } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

describe('inline note editor', () => {
  it('Escape asks before discarding changed text: Cancel keeps it, Discard drops it; unchanged text closes at once', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    await admin.notes.create.mutate({ customerId: customer.id, noteType: 'general', content: 'The saved text.' });

    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id, 'notes');
    const note = page.getByTestId('note');
    const editor = page.getByRole('form', { name: 'Edit note' });
    const content = editor.getByRole('textbox', { name: 'Note', exact: true });
    const confirm = page.getByRole('alertdialog', { name: 'Discard your changes?' });

    // Nothing changed: Escape simply closes the editor, as before.
    await note.getByRole('button', { name: 'Edit note' }).click();
    await content.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await confirm.count()).toBe(0);

    await note.getByRole('button', { name: 'Edit note' }).click();
    await content.fill('Half-typed correction');
    await content.press('Escape');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await content.inputValue()).toBe('Half-typed correction');
    // Focus is back in the text, so typing can go on.
    await expect.poll(() => content.evaluate((el) => el === document.activeElement)).toBe(true);

    await content.press('Escape');
    await confirm.getByRole('button', { name: 'Discard changes' }).click();
    await editor.waitFor({ state: 'detached' });
    await note.getByText('The saved text.').waitFor();
    expect(await note.textContent()).not.toContain('Half-typed correction');
  });
});

describe('file preview', () => {
  it('opened with the keyboard, closed with Escape, focus returns to its Preview button', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    await uploadAs('admin', `/api/customers/${customer.id}/documents`, fixture('letter.txt'), {
      category: 'other',
      title: 'Signed letter',
    });

    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id, 'documents');
    const button = page.getByRole('button', { name: 'Preview Signed letter' });
    await button.focus();
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('file-preview');
    await preview.getByTestId('text-preview').waitFor();
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
