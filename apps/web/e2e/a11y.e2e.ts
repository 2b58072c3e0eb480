import type { Ticket } from '@cm/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { apiAs, newCustomer, unique } from './support/api';
import { connectBrowser, guideScreenshot, newPage, screenshot } from './support/browser';
import { arrangeTicketScreens, importFileWithErrors, type Screen, screensOf } from './support/screens';
import { openCustomer } from './support/ui';
import { fillSignIn, signIn } from './support/users';

connectBrowser();

/** axe-core on each main page (no serious or critical violations), plus screenshots for review. */
describe('accessibility and screenshots of the main pages', () => {
  it('sign-in', async () => {
    const page = await newPage({ bypassCSP: true });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await guideScreenshot(page, 'sign-in');
  });

  it('dashboard', async () => {
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.getByRole('heading', { name: 'Customers by KYC status' }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Loading' }).first().waitFor({ state: 'detached' });
    await expectNoSeriousA11yViolations(page, 'dashboard');
    await screenshot(page, 'dashboard');
  });

  it('customers list', async () => {
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.goto('/customers');
    await page.getByTestId('customer-row').first().waitFor();
    await expectNoSeriousA11yViolations(page, 'customers list');
    await screenshot(page, 'customers-list');
    await guideScreenshot(page, 'customers-list');

    // The command palette over the list, filtered to the matching pages and customers.
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Jump to a page or customer' });
    await palette.getByRole('combobox').fill('cu');
    await palette.getByRole('option', { name: /Customers/ }).waitFor();
    await expectNoSeriousA11yViolations(page, 'command palette');
    await screenshot(page, 'command-palette');
    await page.keyboard.press('Escape');
  });

  it('customer detail, activity and edit form', async () => {
    const admin = await apiAs('admin');
    const customer = await newCustomer(admin);
    await admin.customers.update.mutate({
      id: customer.id,
      version: customer.version,
      city: 'Manchester',
      riskLevel: 'high',
    });
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await openCustomer(page, customer.id);
    await page.getByRole('heading', { name: 'Identity' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'customer detail');
    await screenshot(page, 'customer-detail');
    await guideScreenshot(page, 'customer-detail');

    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.getByTestId('timeline-event').first().waitFor();
    await expectNoSeriousA11yViolations(page, 'customer activity');
    await screenshot(page, 'customer-activity');

    await page.getByRole('tab', { name: 'Privacy' }).click();
    await page.getByRole('heading', { name: 'What an erasure would do' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'customer privacy');
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.getByRole('dialog').waitFor();
    await expectNoSeriousA11yViolations(page, 'place legal hold dialog');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await screenshot(page, 'customer-privacy');

    await page.goto(`/customers/${customer.id}/edit`);
    await page.getByLabel('City').waitFor();
    await expectNoSeriousA11yViolations(page, 'customer edit');
    await screenshot(page, 'customer-edit');
  });

  it('customer import with a dry-run report', async () => {
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.goto('/customers/import');
    await page.getByLabel('CSV file').setInputFiles(importFileWithErrors());
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('table', { name: 'Rows that cannot be imported' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'customer import');
    await screenshot(page, 'customer-import');
  });

  it('users page', async () => {
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.goto('/users');
    await page.getByTestId('user-row').first().waitFor();
    await expectNoSeriousA11yViolations(page, 'users');
    await screenshot(page, 'users');
  });

  it('API tokens page, its create dialog and the secret shown once', async () => {
    const admin = await apiAs('admin');
    await admin.apiTokens.create.mutate({ name: unique('a11y token'), permissions: ['customers:view'] });
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    await page.goto('/settings/api-tokens');
    await page.getByTestId('api-token-row').first().waitFor();
    await expectNoSeriousA11yViolations(page, 'api tokens');
    await screenshot(page, 'api-tokens');
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API token' });
    await dialog.getByLabel('Name').fill('Screen reader check');
    await dialog.getByLabel('customers:view').check();
    await expectNoSeriousA11yViolations(page, 'new api token dialog');
    await screenshot(page, 'api-token-create');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('dialog', { name: 'Copy your new token' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'api token secret');
    await screenshot(page, 'api-token-secret');
  });

  it('client portal', async () => {
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'client');
    await page.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'portal');
    await screenshot(page, 'portal');
  });
});

/** Ticket screens pictured in the user guide (docs/images), by screen name. */
const GUIDE_SCREENS: Record<string, string> = {
  'tickets inbox': 'tickets-inbox',
  'ticket page': 'ticket-page',
  'portal request': 'portal-request',
};

/** The Ticket Manager's screens, staff and portal, with a thread that holds a reply and an internal note. */
describe('accessibility and screenshots of the ticket screens', () => {
  const TICKET_SCREENS = [
    'tickets inbox',
    'new-ticket dialog',
    'ticket page',
    'customer tickets tab',
    'settings: queues',
    'settings: service levels',
    'portal requests',
    'portal new request',
    'portal request',
  ];
  let screens: Screen[] = [];
  beforeAll(async () => {
    screens = screensOf(await arrangeTicketScreens()).filter((s) => TICKET_SCREENS.includes(s.name));
  });

  for (const role of ['admin', 'client'] as const) {
    it(role === 'admin' ? 'staff ticket screens' : 'portal request screens', { timeout: 120_000 }, async () => {
      const page = await newPage({ bypassCSP: true });
      await signIn(page, role);
      for (const screen of screens.filter((s) => s.who === role)) {
        await screen.open(page);
        await expectNoSeriousA11yViolations(page, screen.name);
        await screenshot(page, screen.name.replace(/[^a-z]+/g, '-'));
        const guide = GUIDE_SCREENS[screen.name];
        if (guide) await guideScreenshot(page, guide);
      }
    });
  }
});

/** The KYC review queue, the audit log, the outbox, a dashboard card's list, and the account dialogs (issue 9). */
describe('accessibility of the review, audit, outbox and account screens', () => {
  it('review queue, audit log, outbox, change-password and role dialogs', { timeout: 120_000 }, async () => {
    // These screens need no ticket data (the outbox holds at least the mail of a staff reply).
    await arrangeTicketScreens();
    const screens = screensOf({ ticket: {} as Ticket, customerId: '' }).filter((s) =>
      ['kyc review queue', 'audit log', 'settings: outbox', 'customers list from a dashboard card'].includes(s.name),
    );
    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'admin');
    for (const screen of screens) {
      await screen.open(page);
      await expectNoSeriousA11yViolations(page, screen.name);
      await screenshot(page, screen.name.replace(/[^a-z]+/g, '-'));
    }
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    await page.getByRole('dialog', { name: 'Change your password' }).getByLabel('Current password').waitFor();
    await expectNoSeriousA11yViolations(page, 'change password dialog');
    await page.keyboard.press('Escape');

    await page.goto('/users');
    await page.getByTestId('user-row').first().waitFor();
    await page.getByRole('button', { name: 'Actions for Carl Corporate' }).click();
    await page.getByRole('menuitem', { name: 'Change role…' }).click();
    await page.getByRole('dialog').getByLabel('Role').waitFor();
    await expectNoSeriousA11yViolations(page, 'change role dialog');
  });
});

/**
 * Every screen again in the dark theme (the system setting is dark): the remapped palette must keep AA contrast
 * everywhere axe can measure it, including the sign-in page, dialogs, the command palette and the user menu.
 */
describe('accessibility in the dark theme', () => {
  let screens: Screen[] = [];
  beforeAll(async () => {
    screens = screensOf(await arrangeTicketScreens());
  });

  it('sign-in page, with its error message', async () => {
    const page = await newPage({ bypassCSP: true, colorScheme: 'dark' });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await expectNoSeriousA11yViolations(page, 'sign-in (dark)');
    await fillSignIn(page, { email: 'nobody@example.test', password: 'not-the-password' });
    await page.getByRole('alert').waitFor();
    await expectNoSeriousA11yViolations(page, 'sign-in error (dark)');
    await screenshot(page, 'dark-sign-in');
  });

  for (const role of ['admin', 'client'] as const) {
    it(role === 'admin' ? 'staff screens' : 'portal screens', { timeout: 420_000 }, async () => {
      const page = await newPage({ bypassCSP: true, colorScheme: 'dark' });
      await signIn(page, role);
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
      for (const screen of screens.filter((s) => s.who === role)) {
        await screen.open(page);
        await expectNoSeriousA11yViolations(page, `${screen.name} (dark)`);
        await screenshot(page, `dark-${screen.name.replace(/[^a-z]+/g, '-')}`);
      }
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitemradio', { name: 'Dark' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'user menu with the theme choice (dark)', '[role="menu"]');
      await page.keyboard.press('Escape');
      if (role === 'admin') {
        await page.keyboard.press('Control+k');
        const palette = page.getByRole('dialog', { name: 'Jump to a page or customer' });
        await palette.getByRole('combobox').fill('cu');
        await palette.getByRole('option', { name: /Customers/ }).waitFor();
        await expectNoSeriousA11yViolations(page, 'command palette (dark)');
        await screenshot(page, 'dark-command-palette');
      }
    });
  }
});
