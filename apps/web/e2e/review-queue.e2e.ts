import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { apiAs, newCustomer, uploadAs } from './support/api';
import { connectBrowser, guideScreenshot, newPage } from './support/browser';
import { fixture, yearsFromNow } from './support/files';
import { waitForToast } from './support/ui';
import { type DemoRole, signIn } from './support/users';

connectBrowser();

/** A KYC document uploaded as `who` through the console's upload route. */
const uploadKyc = (who: DemoRole, customerId: string, file: string, fields: Record<string, string>) =>
  uploadAs(who, `/api/customers/${customerId}/kyc`, file, fields);

const passport = { documentType: 'passport', issuingCountry: 'IS', issuedAt: '2020-01-01', expiresAt: yearsFromNow(5) };

describe('KYC review queue', () => {
  it('verifies and rejects with the keyboard, opens the next document, and marks four-eyes documents', {
    timeout: 90_000,
  }, async () => {
    const admin = await apiAs('admin');
    // Icelandic customers: no demo customer lives there, so the filtered queue holds only these.
    const iceland = { country: 'IS', phone: '+354 551 2345', postalCode: '101', city: 'Reykjavík' };
    const first = await newCustomer(admin, iceland);
    const second = await newCustomer(admin, iceland);
    const a = await uploadKyc('corporate', first.id, fixture('passport.jpg'), passport);
    const b = await uploadKyc('corporate', first.id, fixture('bill.png'), { documentType: 'proof_of_address' });
    const c = await uploadKyc('admin', second.id, fixture('passport.jpg'), passport);

    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    // The dashboard shows how many wait and links to the queue.
    await page
      .getByTestId('review-pending')
      .getByText(/\d+ documents? waiting for review/)
      .waitFor();
    await page.getByRole('link', { name: 'Open the review queue' }).click();
    await page.waitForURL('**/kyc/review');
    await page.getByLabel('Customer country').selectOption('IS');
    const items = page.getByTestId('queue-item');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(3);
    expect(await items.nth(0).textContent()).toContain('Passport');
    expect(await items.nth(1).textContent()).toContain('Proof of address');
    expect(await items.nth(2).textContent()).toContain('You uploaded this');
    // The type filter narrows the same queue; all types again brings the three back.
    await page.getByLabel('Document type').selectOption('proof_of_address');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(1);
    expect(await items.nth(0).textContent()).toContain('Proof of address');
    await page.getByLabel('Document type').selectOption('');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(3);

    await items.nth(0).click();
    const panel = page.getByTestId('review-panel');
    await panel.locator('#review-heading', { hasText: 'Passport' }).waitFor();
    await panel.getByTestId('review-image').waitFor();
    await panel.getByText(first.displayName).first().waitFor();
    await guideScreenshot(page, 'kyc-review-queue');
    // Image tools: zoom and rotate.
    await panel.getByRole('button', { name: 'Rotate right' }).click();
    expect(await panel.getByTestId('review-image').getAttribute('data-rotation')).toBe('90');
    await panel.getByRole('button', { name: 'Zoom in' }).click();
    expect(await panel.getByTestId('review-zoom').textContent()).toBe('100%');
    await panel.getByRole('heading', { name: 'Customer' }).waitFor();
    await panel.getByText(first.displayName).first().waitFor();

    // The details typed at upload are corrected before the decision (kyc.update); shortcuts are off meanwhile.
    await panel.getByRole('button', { name: 'Edit details' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Passport details' });
    await edit.getByLabel('Document number').waitFor();
    await expectNoSeriousA11yViolations(page, 'edit KYC details dialog');
    await edit.getByLabel('Document number').fill('IS-4455-NRV');
    await edit.getByRole('button', { name: 'Save details' }).click();
    await waitForToast(page, 'Document details saved');
    await panel.getByText('IS-4455-NRV').waitFor();

    // n (and j) open the next document, past the end back to the first; nothing is decided.
    await page.keyboard.press('n');
    await panel.locator('#review-heading', { hasText: 'Proof of address' }).waitFor();
    await page.keyboard.press('j');
    await panel.getByTestId('four-eyes').waitFor();
    await page.keyboard.press('n');
    await expect.poll(() => panel.getByTestId('four-eyes').count()).toBe(0);
    await panel.locator('#review-heading', { hasText: 'Passport' }).waitFor();
    await panel.getByText('IS-4455-NRV').waitFor();
    expect(await items.count()).toBe(3);

    // v verifies; the next document opens by itself.
    await page.keyboard.press('v');
    await waitForToast(page, 'Passport verified');
    await panel.locator('#review-heading', { hasText: 'Proof of address' }).waitFor();

    // r opens the reason dialog once the panel is idle again (keys are ignored while a decision is
    // still being saved, as the disabled buttons show); typing the reason (with v, r, n in it)
    // triggers nothing else.
    await expect.poll(() => panel.locator('button[aria-keyshortcuts="r"]').isEnabled()).toBe(true);
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: /Reject Proof of address/ });
    await dialog.getByLabel('Reason').waitFor();
    await expectNoSeriousA11yViolations(page, 'reject dialog with suggestions');
    await dialog.getByLabel('Reason').fill('');
    await dialog.getByLabel('Reason').pressSequentially('Not a recent bill, over three months old');
    await dialog.getByRole('button', { name: 'Reject document' }).click();
    await waitForToast(page, 'Proof of address rejected');

    // Next: the admin's own upload, which they may not decide.
    await panel.getByTestId('four-eyes').waitFor();
    expect(await panel.getByRole('button', { name: /Verify/ }).count()).toBe(0);
    await page.keyboard.press('v');
    await page.keyboard.press('r');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(1);

    const [docsA, docsB] = await Promise.all([
      admin.kyc.list.query({ customerId: first.id }),
      admin.kyc.list.query({ customerId: second.id }),
    ]);
    const statusOf = (docs: typeof docsA, id: string) => docs.items.find((d) => d.id === id);
    expect(statusOf(docsA, a.id)?.status).toBe('verified');
    expect(statusOf(docsA, b.id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Not a recent bill, over three months old',
    });
    expect(statusOf(docsB, c.id)?.status).toBe('pending');
  });

  it('a refused rejection shows why in the dialog; a suggested reason clears it, and the next dialog starts clean', {
    timeout: 90_000,
  }, async () => {
    const admin = await apiAs('admin');
    // Portuguese customers: no demo customer lives there, so the filtered queue holds only these.
    const customer = await newCustomer(admin, {
      country: 'PT',
      phone: '+351 21 123 4567',
      postalCode: '1100-148',
      city: 'Lisboa',
    });
    const a = await uploadKyc('corporate', customer.id, fixture('passport.jpg'), passport);
    await uploadKyc('corporate', customer.id, fixture('bill.png'), { documentType: 'proof_of_address' });

    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.goto('/kyc/review?country=PT');
    const items = page.getByTestId('queue-item');
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(2);
    await items.nth(0).click();
    const panel = page.getByTestId('review-panel');
    await panel.locator('#review-heading', { hasText: 'Passport' }).waitFor();

    // Someone else verifies the passport meanwhile: this rejection is refused, and the dialog says why.
    await admin.kyc.verify.mutate({ customerId: customer.id, documentId: a.id });
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: /Reject Passport/ });
    await dialog.getByLabel('Reason').fill('The photo is blurred.');
    await dialog.getByRole('button', { name: 'Reject document' }).click();
    const refused = dialog.getByText('Only a pending document can be rejected; this one is verified.');
    await refused.waitFor();
    await expectNoSeriousA11yViolations(page, 'reject dialog with a refusal');
    // Choosing a suggested reason is a new attempt: the old message goes.
    await dialog.getByRole('button', { name: 'The document is not legible.' }).click();
    expect(await refused.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The next document's dialog does not carry the message of the last one.
    await page.keyboard.press('n');
    await panel.locator('#review-heading', { hasText: 'Proof of address' }).waitFor();
    await page.keyboard.press('r');
    const next = page.getByRole('dialog', { name: /Reject Proof of address/ });
    await next.getByLabel('Reason').waitFor();
    expect(await next.getByText(/Only a pending document/).count()).toBe(0);
    expect(await next.getByLabel('Reason').getAttribute('aria-invalid')).not.toBe('true');
  });
});
