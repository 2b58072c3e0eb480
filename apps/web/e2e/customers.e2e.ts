import { describe, expect, it } from 'vitest';
import { apiAs, newCustomer, unique } from './support/api';
import { connectBrowser, guideScreenshot, newPage, screenshot } from './support/browser';
import { chooseOption, openCustomer, waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

describe('customers', () => {
  it('creates a customer, finds it by search and edits it', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    const lastName = unique('Zed');
    const email = `${lastName.toLowerCase()}@example.test`;

    await page.goto('/customers/new');
    await page.getByLabel('First name').fill('Ingrid');
    await page.getByLabel('Last name').fill(lastName);
    await page.getByLabel('Email').fill(email);
    await chooseOption(page, 'Country', 'Germany');
    // The phone hint follows the chosen country.
    await page.getByText(/Example: \+49/).waitFor();
    await page.getByLabel('Phone').fill('030 1234567');
    await page.getByLabel('City').fill('Berlin');
    await guideScreenshot(page, 'customer-new');
    await page.getByRole('button', { name: 'Create customer' }).click();

    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await waitForToast(page, 'Customer created');
    await page.getByRole('heading', { name: `Ingrid ${lastName}` }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop();

    await page.goto('/customers');
    await page.getByLabel('Search customers').fill(lastName);
    await page.waitForURL((url) => url.searchParams.get('q') === lastName);
    const rows = page.getByTestId('customer-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    await page.waitForURL(`**/customers/${id}`);

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('City').fill('Hamburg');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForToast(page, 'Changes saved');
    await page.waitForURL(`**/customers/${id}`);
    await page.getByText('Hamburg').first().waitFor();

    await page.getByRole('tab', { name: 'Activity' }).click();
    const change = page.getByTestId('timeline-change').filter({ hasText: 'City' }).first();
    await change.waitFor();
    expect(await change.textContent()).toContain('Berlin');
    expect(await change.textContent()).toContain('Hamburg');
  });

  it("the profile shows the phone in international format (a tel: link) and the address in its country's order", async () => {
    const corporate = await apiAs('corporate');
    const uk = await newCustomer(corporate, {
      phone: '020 7946 0958',
      addressLine1: '10 Downing Street',
      city: 'London',
      postalCode: 'sw1a 2aa',
      country: 'GB',
    });
    const us = await newCustomer(corporate, {
      phone: '(201) 555-0123',
      addressLine1: '1600 Amphitheatre Parkway',
      city: 'Mountain View',
      state: 'CA',
      postalCode: '94043',
      country: 'US',
    });
    const page = await newPage();
    await signIn(page, 'corporate');
    for (const [customer, phone, tel, address] of [
      [uk, '+44 20 7946 0958', 'tel:+442079460958', '10 Downing Street\nLondon\nSW1A 2AA'],
      [us, '+1 201 555 0123', 'tel:+12015550123', '1600 Amphitheatre Parkway\nMountain View, CA 94043'],
    ] as const) {
      await openCustomer(page, customer.id);
      const link = page.getByTestId('customer-phone');
      // The stored number shows first, its international form once the phone rules have loaded.
      await expect.poll(() => link.textContent()).toBe(phone);
      expect(await link.getAttribute('href')).toBe(tel);
      expect(await page.getByTestId('customer-address').textContent()).toBe(address);
    }

    // A changed phone reads the same way in the timeline.
    await corporate.customers.update.mutate({ id: uk.id, version: uk.version, phone: '0161 496 0000' });
    await openCustomer(page, uk.id, 'activity');
    const change = page.getByTestId('timeline-change').filter({ hasText: 'Phone' }).first();
    await change.waitFor();
    expect(await change.textContent()).toMatch(/\+44 20 7946 0958.*\+44 161 496 0000/);
    // … and so does the phone recorded when the customer was created.
    expect(await page.getByTestId('timeline-facts').filter({ hasText: 'Phone: +44 20 7946 0958' }).count()).toBe(1);
  });

  it('validates on the client with the domain rules, and shows server field errors on the field', async () => {
    const admin = await apiAs('admin');
    const existing = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/customers/new');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('First name is required.').waitFor();
    await page.getByText('Enter a valid email address.').waitFor();

    await page.getByLabel('First name').fill('Dup');
    await page.getByLabel('Last name').fill('Licate');
    await chooseOption(page, 'Country', 'United Kingdom');
    await page.getByLabel('Phone').fill('12');
    await page.getByText(/Enter a valid phone number.*for example/).waitFor();
    await page.getByLabel('Phone').fill('');
    await page.getByLabel('Email').fill(existing.email.toUpperCase());
    await page.getByRole('button', { name: 'Create customer' }).click();
    // Duplicate email is only known to the server; its message lands under the email field.
    const emailError = page.locator('[id$="-email-error"]');
    await emailError.waitFor();
    expect(await emailError.textContent()).toContain('already uses this email');
  });

  it('a version conflict from a second tab keeps the typed values after "Reload latest"', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin, { city: 'London', postalCode: 'EC1A 1BB' });
    const first = await newPage();
    const second = await newPage();
    await Promise.all([signIn(first, 'admin'), signIn(second, 'corporate')]);
    await Promise.all([first.goto(`/customers/${customer.id}/edit`), second.goto(`/customers/${customer.id}/edit`)]);
    await first.getByLabel('City').waitFor();
    await second.getByLabel('City').waitFor();

    await first.getByLabel('Postal code').fill('N1 9GU');
    await first.getByLabel('Address line 2').fill('Flat 3');

    await second.getByLabel('City').fill('Manchester');
    await second.getByRole('button', { name: 'Save changes' }).click();
    await waitForToast(second, 'Changes saved');

    await first.getByRole('button', { name: 'Save changes' }).click();
    await first.getByText('Someone else changed this customer while you were editing').waitFor();
    await first.getByRole('button', { name: 'Reload latest' }).click();

    const notice = first.getByTestId('reconciled-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Postal code');
    expect(await notice.textContent()).toContain('City'); // adopted from the other tab
    expect(await first.getByLabel('Postal code').inputValue()).toBe('N1 9GU');
    expect(await first.getByLabel('Address line 2').inputValue()).toBe('Flat 3');
    expect(await first.getByLabel('City').inputValue()).toBe('Manchester');
    await screenshot(first, 'customer-edit-reloaded-after-conflict');

    await first.getByRole('button', { name: 'Save changes' }).click();
    await waitForToast(first, 'Changes saved');
    const saved = await admin.customers.byId.query({ id: customer.id });
    expect(saved).toMatchObject({ city: 'Manchester', postalCode: 'N1 9GU', addressLine2: 'Flat 3', version: 3 });
  });

  it('warns before leaving a form with unsaved changes', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    await page.goto('/customers/new');
    await page.getByLabel('First name').fill('Half');
    await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('alertdialog', { name: 'Leave without saving?' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(new URL(page.url()).pathname).toBe('/customers/new');
    expect(await page.getByLabel('First name').inputValue()).toBe('Half');
  });

  it('Activate on a new customer is disabled, naming the missing KYC requirements', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id);
    const activate = page.getByRole('button', { name: 'Activate' });
    const reason = page.getByTestId('activate-blocked');
    await reason.waitFor();
    expect(await activate.isDisabled()).toBe(true);
    // The reason is the button's description, so a screen reader hears why it cannot be pressed.
    expect(await activate.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
    expect(await reason.textContent()).toMatch(/identity/i);
    expect(await reason.textContent()).toMatch(/proof of address/i);
  });

  it('admin closes a customer with a reason, shown in the timeline', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    const reason = `Customer asked to leave ${unique('r')}`;
    const page = await newPage();
    await signIn(page, 'admin');
    await openCustomer(page, customer.id);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Close customer…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Close customer' }).click();
    await dialog.getByText('Give a reason').waitFor();
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Close customer' }).click();
    await waitForToast(page, 'Customer closed');
    await page.getByRole('tab', { name: 'Activity' }).click();
    const event = page.locator('[data-action="customer.closed"]');
    await event.waitFor();
    expect(await event.textContent()).toContain(reason);
    expect(await event.textContent()).toContain('Ada Admin');
  });

  it('corporate cannot close or delete', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    const page = await newPage();
    await signIn(page, 'corporate');
    await openCustomer(page, customer.id);
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    expect(await page.getByRole('button', { name: 'More actions' }).count()).toBe(0);
  });

  it('admin deletes a customer and restores it from "Show deleted"', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    const page = await newPage();
    await signIn(page, 'admin');
    await openCustomer(page, customer.id);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete customer…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete customer' }).click();
    await page.waitForURL((url) => url.pathname === '/customers');
    await waitForToast(page, 'Customer deleted');

    await page.goto(`/customers?q=${encodeURIComponent(customer.lastName ?? '')}`);
    await page.getByText('No customers match').waitFor();
    await page.getByLabel('Show deleted').click();
    await page.waitForURL((url) => url.searchParams.get('deleted') === '1');
    const row = page.getByTestId('customer-row').filter({ hasText: customer.displayName });
    await row.getByText('Deleted', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Restore ${customer.displayName}` }).click();
    await waitForToast(page, 'Customer restored');
    await openCustomer(page, customer.id, 'activity');
    await page.locator('[data-action="customer.restored"]').waitFor();
    await page.locator('[data-action="customer.deleted"]').waitFor();
  });

  it('keeps filters, sort and page in the URL, with previous/next', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    await page.goto('/customers?status=pending&sort=name');
    await page.getByTestId('customer-row').first().waitFor();
    const firstOnPage1 = await page.getByTestId('customer-row').first().textContent();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL((url) => url.searchParams.has('page'));
    await page.getByText('Page 2').waitFor();
    await expect.poll(() => page.getByTestId('customer-row').first().textContent()).not.toBe(firstOnPage1);

    // Bookmarkable: the same URL in a fresh tab shows the same page.
    const bookmark = page.url();
    const other = await newPage();
    await signIn(
      other,
      'corporate',
      `/sign-in?next=${encodeURIComponent(new URL(bookmark).pathname + new URL(bookmark).search)}`,
    );
    await other.getByText('Page 2').waitFor();

    await page.getByRole('button', { name: 'Previous' }).click();
    await page.waitForURL((url) => !url.searchParams.has('page') && url.searchParams.get('sort') === 'name');
    await expect.poll(() => page.getByTestId('customer-row').first().textContent()).toBe(firstOnPage1);

    // click, not check: the box follows the URL, which a busy machine can update after check() looks.
    await page.getByRole('group', { name: 'Risk', exact: true }).getByLabel('High').click();
    await page.waitForURL((url) => url.searchParams.get('risk') === 'high');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('customer-search');

    // Keyboard: each row's link is its tab stop, arrows move between rows, Enter opens the detail.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.searchParams.has('risk'));
    await page.goto('/customers?sort=name');
    await page.getByTestId('customer-row').first().waitFor();
    await page.getByTestId('customer-row').first().locator('a[data-row-link]').focus();
    await page.keyboard.press('ArrowDown');
    const secondName = await page.getByTestId('customer-row').nth(1).locator('a[data-row-link]').textContent();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(secondName);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: secondName ?? '' }).waitFor();
  });
});
