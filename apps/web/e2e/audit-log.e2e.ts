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

  it('keeps its filters in the address: a reload, the back button and a shared link show the same view; bad values are ignored', {
    timeout: 90_000,
  }, async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    await admin.customers.update.mutate({ id: customer.id, version: customer.version, city: 'York' });
    const page = await newPage({ bypassCSP: true });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await signIn(page, 'admin');
    await page.goto('/audit');
    await page.getByTestId('audit-event').first().waitFor();

    const events = page.getByTestId('audit-event');
    const exportParams = async () =>
      new URL((await page.getByTestId('audit-export').getAttribute('href')) ?? '', page.url()).searchParams;
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;

    await page.getByLabel('What').selectOption({ label: 'Details changed' });
    await page.waitForURL((url) => url.searchParams.get('action') === 'customer.updated');
    await page.getByLabel('Customer').fill(customer.lastName ?? '');
    await page.getByRole('option', { name: new RegExp(customer.displayName) }).click();
    await page.waitForURL((url) => url.searchParams.get('customer') === customer.id);
    await page.getByLabel('From').fill(day);
    await page.waitForURL((url) => url.searchParams.get('from') === day);
    await page.getByRole('combobox', { name: 'Who' }).fill('admin@example.c');
    await page.getByRole('option', { name: /Ada Admin/ }).waitFor();
    await page.getByRole('combobox', { name: 'Who' }).press('Enter');
    await page.waitForURL((url) => /^[0-9a-f-]{36}$/.test(url.searchParams.get('actor') ?? ''));
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBe(1);
    const before = await exportParams();
    const filteredUrl = page.url();

    // A reload: the same filters on screen, the same events, the same export.
    await page.reload();
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBe(1);
    expect(await events.first().locator('[data-action]').getAttribute('data-action')).toBe('customer.updated');
    expect(await events.first().getByTestId('timeline-change').textContent()).toContain('York');
    expect(await page.getByLabel('What').inputValue()).toBe('customer.updated');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(day);
    await expect.poll(() => page.getByTestId('picked-customer').textContent()).toBe(customer.displayName);
    await expect.poll(() => page.getByTestId('picked-user').textContent()).toBe('Ada Admin');
    expect([...(await exportParams())]).toEqual([...before]);
    expect(before.get('action')).toBe('customer.updated');
    expect(before.get('customerId')).toBe(customer.id);
    expect(before.get('actorUserId')).toBe(new URL(filteredUrl).searchParams.get('actor'));
    expect(before.get('from')).toBeTruthy();
    await expectNoSeriousA11yViolations(page, 'audit log, filters read from the address');

    // The back button undoes the last filter (Who), and the list follows.
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('actor') && url.searchParams.get('customer') === customer.id);
    await expect.poll(() => page.getByTestId('picked-user').count()).toBe(0);
    expect(await page.getByTestId('picked-customer').textContent()).toBe(customer.displayName);
    await expect.poll(async () => (await exportParams()).has('actorUserId')).toBe(false);

    // A shared link, opened in another browser profile.
    const other = await newPage();
    await signIn(other, 'admin');
    await other.goto(new URL(filteredUrl).pathname + new URL(filteredUrl).search);
    await expect.poll(() => other.getByTestId('audit-event').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => other.getByTestId('picked-customer').textContent()).toBe(customer.displayName);
    expect(await other.getByLabel('What').inputValue()).toBe('customer.updated');

    // Hand-edited nonsense is ignored: no filter, no error, the whole log.
    await page.goto('/audit?actor=not-an-id&action=customer.exploded&customer=42&from=2026-02-30&to=yesterday');
    await page.getByTestId('audit-event').first().waitFor();
    expect(await page.getByLabel('What').inputValue()).toBe('');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('');
    expect(await page.getByTestId('picked-user').count()).toBe(0);
    expect(await page.getByTestId('picked-customer').count()).toBe(0);
    expect([...(await exportParams())]).toEqual([]);
    expect(await page.getByText('No events match these filters').count()).toBe(0);
    // One bad value among good ones drops only itself.
    await page.goto(`/audit?action=customer.updated&customer=${customer.id}&from=soon`);
    await expect.poll(() => events.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('');
    expect(errors).toEqual([]);
  });
});
