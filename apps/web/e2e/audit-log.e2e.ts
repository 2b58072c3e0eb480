import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { apiAs, newCustomer } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { download } from './support/files';
import { signIn } from './support/users';

connectBrowser();

describe('audit log', () => {
  it('filters by action, customer, who and dates, reads as sentences, and exports the same filters as CSV', {
    timeout: 90_000,
  }, async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    await admin.customers.update.mutate({ id: customer.id, version: customer.version, city: 'Leeds' });

    // bypassCSP only lets axe-core be injected; the console itself runs under the API's CSP.
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    // The dashboard's Recent activity leads here.
    await page.getByRole('link', { name: 'View the audit log' }).click();
    await page.waitForURL('**/audit');
    await page.getByTestId('audit-event').first().waitFor();

    await page.getByLabel('What').selectOption({ label: 'Details changed' });
    await page.getByLabel('Customer').fill(customer.lastName ?? '');
    await page.getByRole('option', { name: new RegExp(customer.displayName) }).click();
    const events = page.getByTestId('audit-event');
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBe(1);
    const event = events.first();
    expect(await event.locator('[data-action]').getAttribute('data-action')).toBe('customer.updated');
    // A row of the table: when, who, what, which customer, and the details.
    expect(await event.getByRole('cell').count()).toBe(5);
    await event.getByRole('link', { name: customer.displayName }).waitFor();
    const change = await event.getByTestId('timeline-change').textContent();
    expect(change).toContain('City:');
    expect(change).toContain('London');
    expect(change).toContain('Leeds');
    // Ids are folded away under Technical details, not in the sentence.
    const details = event.getByText('Technical details');
    await details.waitFor();
    expect(await event.locator('details').getAttribute('open')).toBeNull();
    await details.click();
    await event.getByText(customer.id).first().waitFor();

    // Who: any user, found by typing part of the name or email (not a list cut at the first hundred).
    // Someone else did nothing of the sort; the admin did, and the export carries the choice.
    const who = page.getByRole('combobox', { name: 'Who' });
    await who.fill('orpor');
    const corporate = page.getByRole('option', { name: /Carl Corporate.*corporate@example\.com/ });
    await corporate.waitFor();
    expect(await who.getAttribute('aria-expanded')).toBe('true');
    await expectNoSeriousA11yViolations(page, 'audit log, Who picker open');
    await corporate.click();
    expect(await page.getByTestId('picked-user').textContent()).toBe('Carl Corporate');
    await page.getByText('No events match these filters').waitFor();
    const corporateId = new URL(
      (await page.getByTestId('audit-export').getAttribute('href')) ?? '',
      page.url(),
    ).searchParams.get('actorUserId');
    expect(corporateId).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Remove Carl Corporate' }).click();
    // By email, with the keyboard: the first match is highlighted, Enter picks it.
    await page.getByRole('combobox', { name: 'Who' }).fill('admin@example.c');
    await page.getByRole('option', { name: /Ada Admin/ }).waitFor();
    await page.getByRole('combobox', { name: 'Who' }).press('Enter');
    expect(await page.getByTestId('picked-user').textContent()).toBe('Ada Admin');
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBe(1);
    const adminId = new URL(
      (await page.getByTestId('audit-export').getAttribute('href')) ?? '',
      page.url(),
    ).searchParams.get('actorUserId');
    expect(adminId).toMatch(/^[0-9a-f-]{36}$/);
    expect(adminId).not.toBe(corporateId);
    await expectNoSeriousA11yViolations(page, 'audit log, filtered by who');

    const csv = await download(page, () => page.getByTestId('audit-export').click());
    expect(csv.name).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'id,occurredAt,actorName,actorRole,actorUserId,action,entityType,entityId,customerId,changes,requestId,clientIp',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('customer.updated');
    expect(lines[1]).toContain(customer.id);
    expect(lines[1]).toContain('Leeds');

    // A date range after today leaves nothing.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.getByLabel('From').fill(day);
    await page.getByText('No events match these filters').waitFor();
  });
});
