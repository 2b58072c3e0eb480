import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unique } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { cleanScreenshot, fixture } from './support/files';
import { chooseOption, waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

/** The status badge in the portal request's header, in the client's words. */
async function portalStatus(page: Page): Promise<string> {
  return (await page.getByTestId('portal-request-status').textContent())?.trim() ?? '';
}

/** The staff ticket page's status control (the side panel's "Status" select). */
function staffStatus(page: Page) {
  return page.getByRole('combobox', { name: 'Status', exact: true });
}

/** Marks the document so a later check can tell that the page was not reloaded in between. */
async function markNoReload(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __noReload?: boolean }).__noReload = true;
  });
}
async function stillNotReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}

describe('a request from the portal, worked by staff', () => {
  it('client opens it with a file, staff reply and note internally, client sees only the reply, solves, client reopens live', {
    timeout: 120_000,
  }, async () => {
    const subject = `Card payment refused ${unique('')}`;
    const description = 'My card payment was refused twice this morning.\nThe bank says nothing is wrong.';
    const reply = `Thanks for telling us. We have reset the payment limit on your account (${unique('r')}).`;
    const note = `Internal: limit was set by the fraud rule ${unique('n')}; do not tell the customer the rule name.`;
    const clientAnswer = `Thank you, it works now — but one more question ${unique('c')}.`;

    // ── Client: opens a request with an attachment ─────────────────────────────────────────────
    const client = await newPage();
    await signIn(client, 'client');
    await client.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'My requests' }).click();
    await client.getByRole('heading', { name: 'My requests' }).waitFor();
    await client.goto('/portal/requests/new');
    const form = client.getByRole('form', { name: 'New request' });
    await form.getByLabel('Subject').fill(subject);
    await chooseOption(client, 'What is it about?', 'Question');
    await form.getByLabel('Description').fill(description);
    await client.getByTestId('ticket-file-input').setInputFiles(fixture('letter.pdf'));
    await form.getByRole('list', { name: 'Files to send' }).getByText('letter.pdf').waitFor();
    await form.getByRole('button', { name: 'Send request' }).click();
    await waitForToast(client, 'sent');
    await client.waitForURL(/\/portal\/requests\/[0-9a-f-]{36}$/);
    const ticketId = new URL(client.url()).pathname.split('/').pop() as string;
    await client.getByRole('heading', { name: subject }).waitFor();
    const clientMessages = client.getByTestId('portal-message');
    await clientMessages.filter({ hasText: 'The bank says nothing is wrong.' }).waitFor();
    await client.getByRole('link', { name: /letter\.pdf/ }).waitFor();
    expect(await portalStatus(client)).toBe('Received');

    // Listed as "Received" in My requests.
    await client.goto('/portal/requests');
    const row = client.getByTestId('portal-request-row').filter({ hasText: subject });
    await row.waitFor();
    expect(await row.textContent()).toContain('Received');

    // ── Staff: find it in the Unassigned view and open it ─────────────────────────────────────
    const staff = await newPage();
    await signIn(staff, 'corporate');
    await staff.goto('/tickets');
    await staff.getByRole('navigation', { name: 'Inbox views' }).getByRole('link', { name: 'Unassigned' }).click();
    await staff.waitForURL(/view=unassigned/);
    await staff.getByLabel('Search').fill(subject);
    await staff.waitForURL(/[?&]q=/);
    const link = staff.getByRole('link', { name: subject });
    await link.waitFor();
    await link.click();
    await staff.waitForURL(`**/tickets/${ticketId}`);
    await staff.getByRole('heading', { name: subject }).waitFor();
    const thread = staff.getByRole('region', { name: 'Conversation' });
    await thread.getByText('The bank says nothing is wrong.').first().waitFor();
    expect(await staffStatus(staff).textContent()).toContain('New');

    // A public reply…
    const composer = staff.getByTestId('ticket-composer');
    await composer.getByLabel('Reply to the customer').fill(reply);
    await composer.getByRole('button', { name: 'Send reply' }).click();
    await waitForToast(staff, 'Reply sent');
    const staffMessages = staff.getByTestId('ticket-message');
    await staffMessages.filter({ hasText: reply }).waitFor();
    expect(await staffMessages.filter({ hasText: reply }).getAttribute('data-visibility')).toBe('public');
    await expect.poll(() => staffStatus(staff).textContent()).toContain('Open');

    // …and an internal note, visibly marked as staff-only.
    await composer.locator('label').filter({ hasText: 'Internal note' }).click();
    expect(await composer.getAttribute('data-mode')).toBe('internal');
    await composer.getByLabel('Internal note (staff only)').fill(note);
    await composer.getByRole('button', { name: 'Add internal note' }).click();
    await waitForToast(staff, 'Internal note added');
    const noteItem = staffMessages.filter({ hasText: note });
    await noteItem.waitFor();
    expect(await noteItem.getAttribute('data-visibility')).toBe('internal');
    expect(await noteItem.getAttribute('aria-label')).toMatch(/^Internal note by /);
    expect(await noteItem.getByText('Internal note · staff only').isVisible()).toBe(true);
    // Drawn apart from replies: a dashed amber frame, not the plain white one.
    const noteStyle = await noteItem.evaluate((el) => {
      const s = getComputedStyle(el);
      return { border: s.borderTopStyle, background: s.backgroundColor };
    });
    const replyStyle = await staffMessages
      .filter({ hasText: reply })
      .evaluate((el) => ({ border: getComputedStyle(el).borderTopStyle }));
    expect(noteStyle.border).toBe('dashed');
    expect(replyStyle.border).toBe('solid');
    await cleanScreenshot(staff, 'ticket-page-reply-and-note');

    // ── Client: the reply is there, the note is not (anywhere in the page) ────────────────────
    await client.goto(`/portal/requests/${ticketId}`);
    await clientMessages.filter({ hasText: reply }).waitFor();
    expect(await clientMessages.filter({ hasText: reply }).textContent()).toContain('Our team');
    await expect.poll(() => portalStatus(client)).toBe('In progress');
    expect(await client.content()).not.toContain(note);
    expect(await client.evaluate(() => document.documentElement.textContent ?? '')).not.toContain(note);
    expect(await client.evaluate(() => document.body.textContent ?? '')).not.toContain('Internal note');
    await cleanScreenshot(client, 'portal-request-with-reply');

    // ── Staff: solve it ────────────────────────────────────────────────────────────────────────
    await chooseOption(staff, 'Status', 'Solved');
    await expect.poll(() => staffStatus(staff).textContent(), { timeout: 10_000 }).toContain('Solved');

    // The client sees "Solved" (live, on the page already open) and that replying reopens it.
    await expect.poll(() => portalStatus(client), { timeout: 10_000 }).toBe('Solved');
    const replyForm = client.getByRole('form', { name: 'Reply' });
    await client.getByText('Replying reopens this request.').waitFor();

    // ── Live: with the staff ticket page open and subscribed, the client's reply shows up ──────
    const subscribed = staff.waitForResponse((r) => r.url().includes('tickets.changes'), { timeout: 15_000 });
    await staff.reload();
    await subscribed;
    await staff.getByRole('heading', { name: subject }).waitFor();
    await markNoReload(staff);
    expect(await staffMessages.filter({ hasText: clientAnswer }).count()).toBe(0);

    await replyForm.getByLabel('Your message').fill(clientAnswer);
    await replyForm.getByRole('button', { name: 'Send reply' }).click();
    await waitForToast(client, 'Reply sent');
    await clientMessages.filter({ hasText: clientAnswer }).waitFor();
    await expect.poll(() => portalStatus(client), { timeout: 10_000 }).toBe('In progress');

    const answerOnStaff = staffMessages.filter({ hasText: clientAnswer });
    await answerOnStaff.waitFor({ timeout: 10_000 });
    expect(await answerOnStaff.getAttribute('aria-label')).toMatch(/^Customer message by /);
    await expect.poll(() => staffStatus(staff).textContent(), { timeout: 10_000 }).toContain('Open');
    expect(await stillNotReloaded(staff)).toBe(true);

    // Back among the open tickets for staff.
    await staff.goto(`/tickets?view=open&q=${encodeURIComponent(subject)}`);
    await staff.getByRole('link', { name: subject }).waitFor();
    // The portal list says so in plain words too.
    await client.goto('/portal/requests');
    await expect
      .poll(() => client.getByTestId('portal-request-row').filter({ hasText: subject }).textContent())
      .toContain('In progress');
  });
});
