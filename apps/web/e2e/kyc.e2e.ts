import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { apiAs, newCustomer, unique } from './support/api';
import { connectBrowser, guideScreenshot, newPage } from './support/browser';
import { chooseIn, cleanScreenshot, fixture, uploadRow, yearsFromNow } from './support/files';
import { openCustomer, waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

describe('KYC documents', () => {
  it('a client uploads passport and proof of address in the portal; staff verify both and activate the customer', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const client = { email: `${unique('portal')}@example.test`, password: 'portal-passphrase-for-tests' };
    await admin.users.create.mutate({ ...client, name: 'Paula Portal', role: 'client', customerId: customer.id });

    // bypassCSP only lets axe-core be injected; the console itself runs under the API's CSP.
    const portal = await newPage({ bypassCSP: true });
    await signIn(portal, client);
    await portal.waitForURL('**/portal');
    // Greeted by name; the title is the customer (a person's name here, a company's in the next test).
    await portal.getByText('Welcome, Paula Portal').waitFor();
    expect(await portal.getByTestId('portal-customer-name').textContent()).toBe(customer.displayName);
    const checklist = portal.getByTestId('kyc-requirement');
    await expect.poll(() => checklist.count()).toBe(2);
    expect(await portal.locator('[data-testid="kyc-requirement"][data-state="missing"]').count()).toBe(2);

    // Two files at once through the file input, each with its own type and dates.
    await portal.getByTestId('kyc-file-input').setInputFiles([fixture('passport.jpg'), fixture('letter.pdf')]);
    const passport = uploadRow(portal, 'passport.jpg');
    const letter = uploadRow(portal, 'letter.pdf');
    await chooseIn(portal, passport, 'Document type', 'Passport');
    // Client-side domain rules first: an identity document needs its expiry date.
    await portal.getByRole('button', { name: 'Upload 2 files' }).click();
    await passport.getByText('An expiry date is required for identity documents.').waitFor();
    await passport.getByLabel('Expires on').fill(yearsFromNow(6));
    await passport.getByLabel('Document number').fill('P1234567');
    // An individual is not offered the business-only types.
    await letter.getByRole('combobox', { name: 'Document type', exact: true }).click();
    await portal.getByRole('option', { name: 'Bank statement', exact: true }).waitFor();
    expect(await portal.getByRole('option', { name: 'Business registration' }).count()).toBe(0);
    expect(await portal.getByRole('option', { name: 'Tax certificate' }).count()).toBe(0);
    await portal.getByRole('option', { name: 'Proof of address', exact: true }).click();
    await cleanScreenshot(portal, 'kyc-portal-upload-queue');
    await portal.getByRole('button', { name: 'Upload 2 files' }).click();
    // One toast for the batch, not one per file.
    await waitForToast(portal, '2 files uploaded');
    expect(await portal.getByTestId('toast').filter({ hasText: 'uploaded' }).count()).toBe(1);

    const docs = portal.getByTestId('kyc-document');
    await expect.poll(() => docs.count()).toBe(2);
    expect(await portal.locator('[data-testid="kyc-document"][data-status="pending"]').count()).toBe(2);
    await expect.poll(() => portal.locator('[data-testid="kyc-requirement"][data-state="pending"]').count()).toBe(2);
    // Clients download their own files but never review them.
    expect(await portal.getByRole('link', { name: 'Download Passport' }).count()).toBe(1);
    expect(await portal.getByRole('button', { name: /^Verify/ }).count()).toBe(0);
    expect(await portal.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await expect.poll(() => portal.getByTestId('upload-item').count(), { timeout: 6000 }).toBe(0);
    await cleanScreenshot(portal, 'kyc-portal');
    await guideScreenshot(portal, 'portal-kyc');
    await expectNoSeriousA11yViolations(portal, 'client portal KYC');

    // Staff (not the uploader) verify both.
    const staff = await newPage();
    await signIn(staff, 'corporate');
    await openCustomer(staff, customer.id, 'kyc');
    // Reviewers see who uploaded each document.
    await expect.poll(() => staff.getByTestId('kyc-document').filter({ hasText: 'by Paula Portal' }).count()).toBe(2);
    await guideScreenshot(staff, 'kyc-review');
    for (const type of ['Passport', 'Proof of address']) {
      await staff.getByRole('button', { name: `Verify ${type}` }).click();
      await staff.getByRole('alertdialog').getByRole('button', { name: 'Verify document' }).click();
      await waitForToast(staff, `${type} verified`);
    }
    await expect.poll(() => staff.locator('[data-testid="kyc-requirement"][data-state="verified"]').count()).toBe(2);
    await staff.getByText('KYC: Verified').first().waitFor();
    await cleanScreenshot(staff, 'kyc-tab-verified');

    await staff.getByRole('button', { name: 'Activate' }).click();
    await waitForToast(staff, 'Customer activated');
    await staff.getByRole('heading', { name: customer.displayName }).waitFor();
    expect((await admin.customers.byId.query({ id: customer.id })).status).toBe('active');
    await staff.locator('main').getByText('Active', { exact: true }).first().waitFor();

    // The client sees the outcome.
    await portal.reload();
    await portal.getByText('all your documents are verified').waitFor();
  });

  it('the uploader is not offered Verify on their own upload; another reviewer is, and their rejection reason reaches the client', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);

    const corporate = await newPage();
    await signIn(corporate, 'corporate');
    await openCustomer(corporate, customer.id, 'kyc');
    await corporate.getByTestId('kyc-file-input').setInputFiles(fixture('passport.jpg'));
    const row = uploadRow(corporate, 'passport.jpg');
    await chooseIn(corporate, row, 'Document type', 'Passport');
    await row.getByLabel('Expires on').fill(yearsFromNow(4));
    await row.getByLabel('Document number').fill('X9876543');
    await chooseIn(corporate, row, 'Issuing country', 'United Kingdom');
    await cleanScreenshot(corporate, 'kyc-tab-upload-queue');
    await corporate.getByRole('button', { name: 'Upload', exact: true }).click();
    await waitForToast(corporate, 'Passport uploaded');

    const doc = corporate.getByTestId('kyc-document').filter({ hasText: 'passport.jpg' });
    await doc.waitFor();
    expect(await doc.getAttribute('data-status')).toBe('pending');
    await doc.getByTestId('four-eyes-note').waitFor();
    expect(await doc.getByRole('button', { name: /^Verify/ }).count()).toBe(0);
    expect(await doc.getByRole('button', { name: /^Reject/ }).count()).toBe(0);
    // Corporate has no kyc:delete.
    expect(await doc.getByRole('button', { name: /^Delete/ }).count()).toBe(0);

    // Preview opens the image in a dialog.
    await doc.getByRole('button', { name: 'Preview Passport' }).click();
    const preview = corporate.getByTestId('file-preview');
    await preview.getByRole('img', { name: 'Preview of passport.jpg' }).waitFor();
    await corporate.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });

    const reviewer = await newPage({ bypassCSP: true });
    await signIn(reviewer, 'admin');
    await openCustomer(reviewer, customer.id, 'kyc');
    const same = reviewer.getByTestId('kyc-document').filter({ hasText: 'passport.jpg' });
    await same.getByRole('button', { name: 'Verify Passport' }).waitFor();
    expect(await same.getByRole('button', { name: 'Reject Passport' }).count()).toBe(1);
    expect(await same.getByRole('button', { name: 'Delete Passport' }).count()).toBe(1);
    await expectNoSeriousA11yViolations(reviewer, 'KYC tab');
    await cleanScreenshot(reviewer, 'kyc-tab-reviewer');

    // The reviewer rejects it; the reason is what the customer sees in the portal.
    const reason = 'The photo page is cut off; all four corners must be visible.';
    await same.getByRole('button', { name: 'Reject Passport' }).click();
    const dialog = reviewer.getByRole('dialog', { name: 'Reject Passport?' });
    await dialog.getByRole('button', { name: 'Reject document' }).click();
    await dialog.getByText('Give a reason for the rejection').waitFor();
    // Choosing a suggested reason clears the error at once.
    await dialog.getByRole('button', { name: 'The document is not legible.' }).click();
    expect(await dialog.getByText('Give a reason for the rejection').count()).toBe(0);
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Reject document' }).click();
    await waitForToast(reviewer, 'Passport rejected');
    await reviewer.locator('[data-testid="kyc-requirement"][data-state="rejected"]').getByText(reason).waitFor();
    // Signing out leaves no toast behind for the next person at the screen.
    await reviewer.getByTestId('user-menu').click();
    await reviewer.getByRole('menuitem', { name: 'Sign out' }).click();
    await reviewer.waitForURL('**/sign-in');
    expect(await reviewer.getByTestId('toast').count()).toBe(0);

    const client = { email: `${unique('portal')}@example.test`, password: 'portal-passphrase-for-tests' };
    await admin.users.create.mutate({ ...client, name: 'Rita Rejected', role: 'client', customerId: customer.id });
    const portal = await newPage();
    await signIn(portal, client);
    const banner = portal.getByTestId('kyc-rejections');
    await banner.getByText(reason).waitFor();
    expect(await banner.getByRole('button', { name: 'Upload a replacement' }).count()).toBe(1);
    await cleanScreenshot(portal, 'kyc-portal-rejected');
  });

  it("a business client's portal is titled with the company name and offers the business document types", async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin, { type: 'business', companyName: `Portal Biz ${unique('')}` });
    const client = { email: `${unique('biz')}@example.test`, password: 'portal-passphrase-for-tests' };
    await admin.users.create.mutate({ ...client, name: 'Bea Business', role: 'client', customerId: customer.id });
    const portal = await newPage();
    await signIn(portal, client);
    await portal.getByText('Welcome, Bea Business').waitFor();
    expect(await portal.getByTestId('portal-customer-name').textContent()).toBe(customer.companyName);
    await portal.getByTestId('kyc-file-input').setInputFiles([fixture('letter.pdf')]);
    await chooseIn(portal, uploadRow(portal, 'letter.pdf'), 'Document type', 'Business registration');
  });

  it('a failed upload is retried with the same Idempotency-Key, and a cancelled one can be sent again without duplicates', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id, 'kyc');

    // The first attempt dies on the network; the retry goes through with the same key.
    const keys: string[] = [];
    let attempts = 0;
    await page.route('**/api/customers/*/kyc', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      attempts += 1;
      if (attempts === 1) await route.abort('connectionreset');
      else await route.continue();
    });
    await page.getByTestId('kyc-file-input').setInputFiles(fixture('letter.pdf'));
    const letter = uploadRow(page, 'letter.pdf');
    await chooseIn(page, letter, 'Document type', 'Proof of address');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await letter.getByTestId('upload-error').getByText('The upload was interrupted').waitFor();
    expect(await letter.getAttribute('data-status')).toBe('failed');
    await letter.getByRole('button', { name: 'Retry upload of letter.pdf' }).click();
    await waitForToast(page, 'Proof of address uploaded');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[\w.:-]{16,}$/);
    expect(keys[1]).toBe(keys[0]);
    await page.unroute('**/api/customers/*/kyc');

    // A slow upload shows its progress and can be cancelled, then sent again.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 2 * 1024,
    });
    await page.getByTestId('kyc-file-input').setInputFiles(fixture('passport.jpg'));
    const passport = uploadRow(page, 'passport.jpg');
    await chooseIn(page, passport, 'Document type', 'Passport');
    await passport.getByLabel('Expires on').fill(yearsFromNow(3));
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await passport.getByRole('progressbar', { name: 'Upload of passport.jpg' }).waitFor();
    await cleanScreenshot(page, 'kyc-upload-progress');
    await passport.getByRole('button', { name: 'Cancel upload of passport.jpg' }).click();
    await passport.getByText('Cancelled').waitFor();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await passport.getByRole('button', { name: 'Retry upload of passport.jpg' }).click();
    await waitForToast(page, 'Passport uploaded');

    const { items } = await admin.kyc.list.query({ customerId: customer.id });
    expect(items.map((d) => d.documentType).sort()).toEqual(['passport', 'proof_of_address']);
  });
});
