import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { apiAs, newCustomer } from './support/api';
import { connectBrowser, guideScreenshot, newPage } from './support/browser';
import { chooseIn, cleanScreenshot, download, fixture, uploadRow } from './support/files';
import { openCustomer, waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

describe('notes', () => {
  it('a pinned call note is listed first; filters by type; an edit that hits a newer version keeps the typed text', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    await admin.notes.create.mutate({ customerId: customer.id, noteType: 'general', content: 'Older general remark.' });

    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id, 'notes');
    const composer = page.getByRole('form', { name: 'New note' });
    await composer.getByText('Call', { exact: true }).click();
    await composer.getByLabel('Title').fill('Onboarding call');
    const text = 'Walked through the KYC checklist.\nCustomer sends the proof of address by Friday.';
    await composer.getByRole('textbox', { name: 'Note', exact: true }).fill(text);
    expect(await page.getByTestId('note-counter').textContent()).toContain(`${text.length} / 10,000`);
    await composer.getByLabel('Pin to the top').check();
    await composer.getByRole('textbox', { name: 'Note', exact: true }).press('Control+Enter');
    await waitForToast(page, 'Note added and pinned');

    // A newer, unpinned note does not push the pinned one down.
    await admin.notes.create.mutate({
      customerId: customer.id,
      noteType: 'email',
      content: 'Newest email, not pinned.',
    });
    await page.reload();
    const notes = page.getByTestId('note');
    await expect.poll(() => notes.count()).toBe(3);
    expect(await notes.first().getAttribute('data-pinned')).toBe('true');
    expect(await notes.first().textContent()).toContain('Onboarding call');
    expect(await notes.nth(1).textContent()).toContain('Newest email');
    const author = notes.first().locator('time');
    expect(await author.getAttribute('dateTime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await notes.first().textContent()).toContain('Carl Corporate');

    const filters = page.getByRole('group', { name: 'Filter notes by type' });
    await filters.getByRole('button', { name: 'Call', exact: true }).click();
    await expect.poll(() => notes.count()).toBe(1);
    await filters.getByRole('button', { name: 'All types' }).click();
    await expect.poll(() => notes.count()).toBe(3);
    await cleanScreenshot(page, 'notes-tab');
    await guideScreenshot(page, 'notes');
    await expectNoSeriousA11yViolations(page, 'notes tab');

    // Someone else saves the note while it is being edited here.
    const pinned = notes.first();
    await pinned.getByRole('button', { name: 'Edit note' }).click();
    const editor = page.getByRole('form', { name: 'Edit note' });
    await editor.getByRole('textbox', { name: 'Note', exact: true }).fill('My corrected text.');
    const { items } = await admin.notes.list.query({ customerId: customer.id });
    const stored = items.find((n) => n.title === 'Onboarding call')!;
    await admin.notes.update.mutate({
      customerId: customer.id,
      noteId: stored.id,
      version: stored.version,
      content: 'Their text.',
    });
    await editor.getByRole('button', { name: 'Save note' }).click();
    await editor.getByText('Someone else changed this note').waitFor();
    await editor.getByRole('button', { name: 'Reload latest' }).click();
    await page.getByTestId('note-latest').getByText('Their text.').waitFor();
    expect(await editor.getByRole('textbox', { name: 'Note', exact: true }).inputValue()).toBe('My corrected text.');
    await editor.getByRole('button', { name: 'Save note' }).click();
    await waitForToast(page, 'Note saved');
    await notes.first().getByText('My corrected text.').waitFor();
  });
});

describe('customer documents', () => {
  it('uploads a contract and an invoice, filters by category, previews, and downloads the same bytes', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id, 'documents');
    await page.getByText('No documents yet').waitFor();

    // Drag and drop works too (a file dropped on the zone joins the queue), and a queued file can be removed.
    const dropped = await page.evaluateHandle(
      (text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
        return dt;
      },
      await readFile(fixture('letter.txt'), 'utf8'),
    );
    await page.dispatchEvent('[data-dropzone="document-file-input"]', 'drop', { dataTransfer: dropped });
    await uploadRow(page, 'dropped.txt').waitFor();
    await page.getByRole('button', { name: 'Remove dropped.txt from the list' }).click();
    await uploadRow(page, 'dropped.txt').waitFor({ state: 'detached' });

    await page.getByTestId('document-file-input').setInputFiles([fixture('letter.pdf'), fixture('figures.csv')]);
    const letter = uploadRow(page, 'letter.pdf');
    const figures = uploadRow(page, 'figures.csv');
    await chooseIn(page, letter, 'Category', 'Contract');
    await letter.getByLabel('Title').fill('Service contract');
    await chooseIn(page, figures, 'Category', 'Invoice');
    await figures.getByLabel('Title').fill('Q3 figures');
    await cleanScreenshot(page, 'documents-upload-queue');
    await guideScreenshot(page, 'documents-upload');
    await page.getByRole('button', { name: 'Upload 2 files' }).click();
    // One toast for the batch, not one per file.
    await waitForToast(page, '2 files uploaded');

    const docs = page.getByTestId('document');
    await expect.poll(() => docs.count()).toBe(2);
    const filters = page.getByRole('group', { name: 'Filter documents by category' });
    await filters.getByRole('button', { name: 'Invoice', exact: true }).click();
    await expect.poll(() => docs.count()).toBe(1);
    expect(await docs.first().textContent()).toContain('Q3 figures');
    await filters.getByRole('button', { name: 'Contract', exact: true }).click();
    await expect.poll(() => docs.first().textContent()).toContain('Service contract');
    expect(await docs.count()).toBe(1);
    // The filter is in the URL: a reload (or a shared link) shows the same view.
    expect(new URL(page.url()).searchParams.get('category')).toBe('contract');
    await page.reload();
    await expect.poll(() => docs.count()).toBe(1);
    expect(await docs.first().textContent()).toContain('Service contract');
    await filters.getByRole('button', { name: 'All categories' }).click();
    await expect.poll(() => docs.count()).toBe(2);

    // Text preview in a <pre>, PDF preview in a frame (under the console's real CSP).
    await page.getByRole('button', { name: 'Preview Q3 figures' }).click();
    const preview = page.getByTestId('file-preview');
    expect(await preview.getByTestId('text-preview').textContent()).toContain('Q3,142250,381');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Preview Service contract' }).click();
    await preview.locator('iframe[title="Preview of letter.pdf"]').waitFor();
    await page.keyboard.press('Escape');

    const saved = await download(page, () => page.getByRole('link', { name: 'Download Q3 figures' }).click());
    expect(saved.name).toBe('figures.csv');
    expect(saved.bytes.equals(await readFile(fixture('figures.csv')))).toBe(true);
    // The two previews are recorded as views; only the download is a download.
    const trail = await (await apiAs('admin')).audit.forCustomer.query({ customerId: customer.id, limit: 100 });
    const reads = trail.items.map((e) => e.action).filter((a) => /^document\.(viewed|downloaded)$/.test(a));
    expect(reads.sort()).toEqual(['document.downloaded', 'document.viewed', 'document.viewed']);

    // Details are editable (the file is not).
    await page.getByRole('button', { name: 'Edit details of Q3 figures' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit document details' });
    await dialog.getByLabel('Description').fill('Quarterly revenue, as sent by the customer.');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await waitForToast(page, 'Document updated');
    await page.getByText('Quarterly revenue, as sent by the customer.').waitFor();
    await cleanScreenshot(page, 'documents-tab');

    // Admins also get Delete; axe needs bypassCSP to inject itself.
    const adminPage = await newPage({ bypassCSP: true });
    await signIn(adminPage, 'admin');
    await openCustomer(adminPage, customer.id, 'documents');
    await adminPage.getByRole('button', { name: 'Delete Service contract' }).waitFor();
    await expectNoSeriousA11yViolations(adminPage, 'documents tab');
  });
});
