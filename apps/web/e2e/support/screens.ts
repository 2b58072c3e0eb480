import type { Ticket } from '@cm/domain';
import type { Page } from 'playwright-core';
import { apiAs, newCustomer, unique, uploadAs } from './api';
import { fixture, yearsFromNow } from './files';
import type { DemoRole } from './users';

/** What the ticket screens need on screen: a portal request with a staff reply and an internal note. */
export interface TicketScreenData {
  ticket: Ticket;
  /** A customer of the staff console (created for the run), with the ticket's customer as another. */
  customerId: string;
}

/**
 * Arranges, through the API, a request opened by the demo client, answered publicly and noted
 * internally by staff; plus a fresh customer with a staff-opened ticket (for the customer pages).
 */
export async function arrangeTicketScreens(): Promise<TicketScreenData> {
  const client = await apiAs('client');
  const admin = await apiAs('admin');
  const me = await client.auth.me.query();
  if (!me?.customerId) throw new Error('The demo client is not linked to a customer.');
  const ticket = await client.tickets.create.mutate({
    customerId: me.customerId,
    subject: `Statement missing for last month ${unique('')}`,
    type: 'question',
    body: 'Hello, I cannot find my statement for last month in the portal. Could you send it again?',
  });
  await admin.tickets.reply.mutate({
    id: ticket.id,
    body: 'Thank you for your message. We have sent the statement again; it should arrive within the hour.',
  });
  await admin.tickets.note.mutate({
    id: ticket.id,
    body: 'Statement job failed on the 1st for this account; re-run done by hand.',
  });
  const customer = await newCustomer(admin);
  // Something on each of the customer's tabs: a KYC document (uploaded by corporate, so the admin may
  // decide it), a pinned note, a document; together they also fill the activity timeline.
  await uploadAs('corporate', `/api/customers/${customer.id}/kyc`, fixture('passport.jpg'), {
    documentType: 'passport',
    documentNumber: 'P1234567',
    issuingCountry: 'GB',
    issuedAt: '2020-01-01',
    expiresAt: yearsFromNow(5),
  });
  await uploadAs('admin', `/api/customers/${customer.id}/documents`, fixture('letter.pdf'), {
    category: 'contract',
    title: 'Signed account agreement',
  });
  await admin.notes.create.mutate({
    customerId: customer.id,
    noteType: 'call',
    content: 'Called about the missing statement; will send a copy by post as well.',
    isPinned: true,
  });
  await admin.tickets.create.mutate({
    customerId: customer.id,
    subject: 'Proof of address expires soon',
    type: 'compliance',
    priority: 'high',
    body: 'Your proof of address expires next month; please send a recent utility bill or bank statement.',
  });
  return { ticket: await admin.tickets.byId.query({ id: ticket.id }), customerId: customer.id };
}

/**
 * Records for the lists that start empty on a fresh database: an API token (the outbox gets the
 * staff reply to the client's request from `arrangeTicketScreens`).
 */
export async function arrangeListScreens() {
  const admin = await apiAs('admin');
  await admin.apiTokens.create.mutate({ name: unique('Screens token'), permissions: ['customers:view'] });
}

/** A list of records by name, whichever layout the width gives it: the table or its cards. */
export function records(page: Page, name: string) {
  return page.getByRole('table', { name }).or(page.getByRole('list', { name }));
}

/**
 * What is wrong with the layout of the screen's list `name`: at `cards` no table may be visible and
 * the list of cards must hold some; at `table` the table must show and no card list.
 */
export async function listLayoutProblems(page: Page, name: string, want: 'cards' | 'table'): Promise<string[]> {
  const cards = page.getByRole('list', { name });
  const table = page.getByRole('table', { name });
  const problems: string[] = [];
  if (want === 'cards') {
    const visibleTables = await page.locator('table:visible').count();
    if (visibleTables > 0) problems.push(`${visibleTables} table(s) visible`);
    if ((await cards.count()) !== 1 || (await cards.locator(':scope > li').count()) === 0) {
      problems.push(`no cards in a list named "${name}"`);
    }
  } else {
    if ((await table.count()) !== 1 || (await table.locator('tbody > tr').count()) === 0) {
      problems.push(`no rows in a table named "${name}"`);
    }
    if ((await cards.count()) > 0) problems.push(`cards named "${name}" shown beside the table`);
  }
  return problems;
}

/** Waits until no "Loading…" placeholder is left on the page. */
export async function noLoadingLeft(page: Page) {
  await page.getByRole('status').filter({ hasText: 'Loading' }).first().waitFor({ state: 'detached' });
}

export interface Screen {
  name: string;
  who: DemoRole;
  /** The list of records the screen shows, by name: a table on wide screens, cards on narrow ones. */
  list?: string;
  /** Navigates there (already signed in as `who`) and waits until the content is on screen. */
  open: (page: Page) => Promise<void>;
}

/** A small customer CSV with two bad rows: the import page's dry-run report (nothing is written). */
export function importFileWithErrors() {
  const rows = [
    'type,firstName,lastName,companyName,email,phone,country',
    'individual,Paula,Import,,paula.import@example.test,+44 7400 123456,GB',
    'individual,Piet,Import,,not-an-email,,NL',
    'business,,,,no-company@example.test,12,DE',
  ];
  return { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) };
}

/**
 * Every screen of the staff console and the portal — the one list of routes that checks applying to all
 * of them (390 px overflow, axe) walk. A new page gets an entry here.
 */
export function screensOf({ ticket, customerId }: TicketScreenData): Screen[] {
  // The table on wide screens, cards on narrow ones.
  const firstTicket = (page: Page) =>
    page.locator('[data-testid="ticket-row"]:visible, [data-testid="ticket-card"]:visible').first();
  return [
    {
      name: 'dashboard',
      who: 'admin',
      open: async (page) => {
        await page.goto('/');
        await page.getByRole('heading', { name: 'Newest customers' }).waitFor();
        await page.locator('.recharts-surface').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customers list',
      who: 'admin',
      list: 'Customers',
      open: async (page) => {
        await page.goto('/customers');
        await page.getByTestId('customer-row').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customers list from a dashboard card',
      who: 'admin',
      list: 'Customers',
      open: async (page) => {
        await page.goto('/customers?created=30&expiring=30');
        await page.getByTestId('filter-chip').first().waitFor();
        await page.getByTestId('customer-row').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer detail',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/customers/${customerId}`);
        await page.getByRole('heading', { name: 'Identity' }).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'new customer',
      who: 'admin',
      open: async (page) => {
        await page.goto('/customers/new');
        await page.getByRole('heading', { name: 'New customer' }).waitFor();
        await page.getByLabel('First name').waitFor();
      },
    },
    {
      name: 'edit customer',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/customers/${customerId}/edit`);
        await page.getByRole('heading', { name: 'Edit customer' }).waitFor();
        await page.getByLabel('Last name').waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer kyc tab',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/customers/${customerId}?tab=kyc`);
        await page.getByTestId('kyc-document').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer notes tab',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/customers/${customerId}?tab=notes`);
        await page.getByTestId('note').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer documents tab',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/customers/${customerId}?tab=documents`);
        await page.getByTestId('document').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer activity tab',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/customers/${customerId}?tab=activity`);
        await page.locator('[data-testid="timeline-event"][data-action="kyc.uploaded"]').waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer tickets tab',
      who: 'admin',
      list: 'Tickets',
      open: async (page) => {
        await page.goto(`/customers/${customerId}?tab=tickets`);
        await page.getByRole('link', { name: 'Proof of address expires soon' }).first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer privacy tab',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/customers/${customerId}?tab=privacy`);
        await page.getByRole('heading', { name: 'What an erasure would do' }).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'tickets inbox',
      who: 'admin',
      list: 'Tickets',
      open: async (page) => {
        await page.goto('/tickets?view=open');
        await firstTicket(page).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'new-ticket dialog',
      who: 'admin',
      open: async (page) => {
        await page.goto('/tickets?view=open');
        await firstTicket(page).waitFor();
        await page.getByRole('button', { name: 'New ticket' }).first().click();
        await page.getByRole('dialog', { name: 'New ticket' }).getByLabel('Subject').waitFor();
      },
    },
    {
      name: 'ticket page',
      who: 'admin',
      open: async (page) => {
        await page.goto(`/tickets/${ticket.id}`);
        await page.getByRole('heading', { name: ticket.subject }).waitFor();
        await page.locator('[data-testid="ticket-message"][data-visibility="internal"]').waitFor();
        await page.getByRole('complementary', { name: 'Ticket details' }).getByText('Details').waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'settings: queues',
      who: 'admin',
      open: async (page) => {
        await page.goto('/settings/queues');
        await page.getByRole('list', { name: 'Queues' }).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'settings: service levels',
      who: 'admin',
      open: async (page) => {
        await page.goto('/settings/service-levels');
        await page.getByRole('form', { name: 'Normal priority targets' }).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'customer import',
      who: 'admin',
      list: 'Rows that cannot be imported',
      open: async (page) => {
        await page.goto('/customers/import');
        await page.getByLabel('CSV file').setInputFiles(importFileWithErrors());
        await page.getByRole('button', { name: 'Check file' }).click();
        await records(page, 'Rows that cannot be imported').waitFor();
      },
    },
    {
      name: 'kyc review queue',
      who: 'admin',
      open: async (page) => {
        await page.goto('/kyc/review');
        await page.getByRole('heading', { name: 'KYC review' }).waitFor();
        await page.getByTestId('queue-item').first().click();
        await page.getByTestId('review-panel').waitFor();
        await page.getByRole('heading', { name: 'Customer' }).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'audit log',
      who: 'admin',
      list: 'Audit events',
      open: async (page) => {
        await page.goto('/audit');
        await page.getByTestId('audit-event').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'users',
      who: 'admin',
      list: 'Users',
      open: async (page) => {
        await page.goto('/users');
        await page.getByTestId('user-row').first().waitFor();
      },
    },
    {
      name: 'api tokens',
      who: 'admin',
      list: 'API tokens',
      open: async (page) => {
        await page.goto('/settings/api-tokens');
        await page.getByRole('heading', { name: 'API tokens', exact: true }).waitFor();
        await page.getByTestId('api-token-row').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'settings: outbox',
      who: 'admin',
      list: 'Messages',
      open: async (page) => {
        await page.goto('/settings/outbox');
        await page.getByRole('heading', { name: 'Outbox' }).waitFor();
        await page.getByTestId('outbox-row').first().waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'settings: notifications',
      who: 'admin',
      open: async (page) => {
        await page.goto('/settings/notifications');
        await page.getByRole('heading', { name: 'Notifications' }).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'page not found',
      who: 'admin',
      open: async (page) => {
        await page.goto('/no-such-page');
        await page.getByRole('heading', { name: /not found/i }).waitFor();
      },
    },
    {
      name: 'portal documents',
      who: 'client',
      open: async (page) => {
        await page.goto('/portal');
        await page.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
        await noLoadingLeft(page);
      },
    },
    {
      name: 'portal requests',
      who: 'client',
      open: async (page) => {
        await page.goto('/portal/requests');
        await page.getByTestId('portal-request-row').filter({ hasText: ticket.subject }).waitFor();
      },
    },
    {
      name: 'portal new request',
      who: 'client',
      open: async (page) => {
        await page.goto('/portal/requests/new');
        await page.getByRole('form', { name: 'New request' }).waitFor();
      },
    },
    {
      name: 'portal request',
      who: 'client',
      open: async (page) => {
        await page.goto(`/portal/requests/${ticket.id}`);
        await page.getByTestId('portal-message').nth(1).waitFor();
        await page.getByRole('form', { name: 'Reply' }).waitFor();
      },
    },
  ];
}

export interface OverflowReport {
  innerWidth: number;
  scrollWidth: number;
  /** `document.scrollingElement`: what the page scrolls by; wider than its client width means sideways scrolling. */
  scrollingWidth: number;
  scrollingClientWidth: number;
  /** Elements sticking out of the viewport that no narrower scrolling or clipping box contains. */
  offenders: string[];
}

/**
 * Horizontal overflow at the current viewport: the document's scroll width, and every visible element
 * that reaches past either edge (or is wider than the viewport) without a clipping/scrolling ancestor
 * that itself fits (a table inside an `overflow-x-auto` box is fine).
 */
export async function horizontalOverflow(page: Page): Promise<OverflowReport> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const fits = (r: DOMRect) => r.left >= -1 && r.right <= vw + 1;
    // Only boxes on the containing-block chain clip: an absolutely positioned element (an sr-only
    // label, say) escapes a scrolling box that is not positioned, and then widens the document.
    const containedByClippingAncestor = (el: Element) => {
      let cur: Element | null = el;
      while (cur && cur !== document.body) {
        const position: string = getComputedStyle(cur).position;
        if (position === 'fixed') return false;
        const next: Element | null =
          position === 'absolute' && cur instanceof HTMLElement ? cur.offsetParent : cur.parentElement;
        if (!next || next === document.body || next === document.documentElement) return false;
        if (getComputedStyle(next).overflowX !== 'visible' && fits(next.getBoundingClientRect())) return true;
        cur = next;
      }
      return false;
    };
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const testId = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' ? el.className.split(/\s+/).slice(0, 4).join('.') : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${testId ? `[data-testid=${testId}]` : ''}${cls ? `.${cls}` : ''} "${text}"`;
    };
    const offenders: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (getComputedStyle(el).visibility === 'hidden') continue;
      if (fits(r) && r.width <= vw + 1) continue;
      if (containedByClippingAncestor(el)) continue;
      offenders.push(`${describe(el)} spans ${Math.round(r.left)}…${Math.round(r.right)} px`);
    }
    const scrolling = document.scrollingElement ?? document.documentElement;
    return {
      innerWidth: vw,
      scrollingWidth: scrolling.scrollWidth,
      scrollingClientWidth: scrolling.clientWidth,
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      offenders: offenders.slice(0, 12),
    };
  });
}
