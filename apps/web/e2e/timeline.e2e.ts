import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer, uploadAs } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { fixture } from './support/files';
import { openCustomer } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

/** What an event shows before "Technical details" is opened: everything but the folded part. */
function visibleText(event: Locator) {
  return event.evaluate((li) => {
    const copy = li.cloneNode(true) as HTMLElement;
    for (const d of copy.querySelectorAll('details')) d.remove();
    return copy.textContent ?? '';
  });
}

describe('a timeline people can read', () => {
  it('KYC events read as labels, formatted sizes and a sentence; hashes, byte counts and ids are folded away', {
    timeout: 60_000,
  }, async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    const letter = fixture('letter.pdf');
    const bytes = await readFile(letter);
    const doc = await uploadAs('corporate', `/api/customers/${customer.id}/kyc`, letter, {
      documentType: 'proof_of_address',
    });
    await admin.kyc.reject.mutate({
      customerId: customer.id,
      documentId: doc.id,
      reason: 'The bill is older than three months.',
    });

    const page = await newPage();
    await signIn(page, 'admin');
    await openCustomer(page, customer.id, 'activity');
    const upload = page.locator('[data-testid="timeline-event"][data-action="kyc.uploaded"]');
    const rejected = page.locator('[data-testid="timeline-event"][data-action="kyc.rejected"]');
    await upload.waitFor();
    await rejected.waitFor();

    // The upload: labels and a formatted size, not API values and a byte count.
    const facts = (await upload.getByTestId('timeline-facts').textContent()) ?? '';
    expect(facts).toContain('Document type: Proof of address');
    expect(facts).toContain('File: letter.pdf');
    expect(facts).toMatch(/Size: [\d.]+ KB/);
    // The customer's KYC status moved with it: a sentence of labels, never JSON.
    const sentence = /^The customer's KYC status (changed from [A-Z][a-z ]+ to [A-Z][a-z ]+|is now [A-Z][a-z ]+)\.$/;
    expect(await upload.getByTestId('timeline-kyc-status').textContent()).toMatch(sentence);

    // The rejection: the status change as before → after, with the reason in words.
    const status = rejected.getByTestId('timeline-change').filter({ hasText: /^Status:/ });
    expect(await status.textContent()).toMatch(/^Status:\s*Pending\s*Rejected$/);
    expect(await rejected.textContent()).toContain('Rejection reason:The bill is older than three months.');
    expect(await rejected.getByTestId('timeline-kyc-status').textContent()).toMatch(sentence);

    // Hashes, the byte count and ids sit under a closed "Technical details", and only there.
    const sha = createHash('sha256').update(bytes).digest('hex');
    for (const event of [upload, rejected]) {
      const shown = await visibleText(event);
      expect(shown).not.toMatch(/[{}"]|_/);
      expect(shown).not.toContain(sha);
      expect(shown).not.toContain(doc.id);
      expect(shown).not.toContain(String(bytes.length));
      expect(await event.locator('details').getAttribute('open')).toBeNull();
    }
    await upload.getByText('Technical details').click();
    const technical = upload.locator('details');
    await technical.getByText(sha).waitFor();
    await technical.getByText(bytes.length.toLocaleString('en-GB'), { exact: true }).waitFor();
    await technical.getByText(doc.id, { exact: true }).first().waitFor();
  });
});
