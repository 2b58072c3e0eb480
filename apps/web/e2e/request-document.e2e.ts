import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { apiAs, unique } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { cleanScreenshot, fixture, uploadRow } from './support/files';
import { chooseOption, waitForToast } from './support/ui';
import { signIn } from './support/users';

connectBrowser();

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((p) => rm(p, { recursive: true, force: true })));
});

/**
 * A copy of the bill.png fixture under a new name with a tEXt chunk carrying a unique tag: still a
 * valid PNG, but never the same bytes as an earlier upload (the KYC duplicate rule refuses those).
 */
async function uniqueBill(tag: string): Promise<{ path: string; name: string }> {
  const png = await readFile(fixture('bill.png'));
  const iend = png.length - 12;
  if (png.subarray(iend + 4, iend + 8).toString('latin1') !== 'IEND') throw new Error('bill.png does not end in IEND');
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(`Comment\0${tag}`, 'latin1')]);
  const chunk = Buffer.alloc(typeAndData.length + 8);
  chunk.writeUInt32BE(typeAndData.length - 4, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), chunk.length - 4);
  const name = `proof-of-address-${tag}.png`;
  const dir = await mkdtemp(join(tmpdir(), 'cm-e2e-bill-'));
  made.push(dir);
  const path = join(dir, name);
  await writeFile(path, Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]));
  return { path, name };
}

/** The staff ticket page's status control (the side panel's "Status" select). */
function staffStatus(page: Page) {
  return page.getByRole('combobox', { name: 'Status', exact: true });
}

/** The status badge in the portal request's header, in the client's words. */
async function portalStatus(page: Page): Promise<string> {
  return (await page.getByTestId('portal-request-status').textContent())?.trim() ?? '';
}

async function markNoReload(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __noReload?: boolean }).__noReload = true;
  });
}
async function stillNotReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}

describe('requesting a KYC document on a ticket', () => {
  it('staff wait for a proof of address; the client sees the request, uploads it from the request page, and the ticket reopens live for staff', {
    timeout: 120_000,
  }, async () => {
    const tag = unique('');
    const subject = `Address check for your account ${tag}`;
    const reply = `To finish the address check we need a recent utility bill or bank statement (${tag}).`;
    const bill = await uniqueBill(tag);

    // ── Arrange: a ticket opened by staff for the demo client's customer ────────────────────────
    const staffApi = await apiAs('corporate');
    const me = await (await apiAs('client')).auth.me.query();
    if (!me?.customerId) throw new Error('The demo client is not linked to a customer.');
    const created = await staffApi.tickets.create.mutate({
      customerId: me.customerId,
      subject,
      type: 'compliance',
      priority: 'normal',
      body: 'Address check opened by the compliance team.',
    });
    const { ticketNumber } = created;

    // ── Staff: reply publicly, then wait for the customer's proof of address ───────────────────
    const staff = await newPage();
    await signIn(staff, 'corporate');
    // The page's live stream (tickets.changes) must be open before the client acts.
    const subscribed = staff.waitForResponse((r) => r.url().includes('tickets.changes'), { timeout: 15_000 });
    await staff.goto(`/tickets/${created.id}`);
    await staff.getByRole('heading', { name: subject }).waitFor();
    await subscribed;

    const composer = staff.getByTestId('ticket-composer');
    await composer.getByLabel('Reply to the customer').fill(reply);
    await composer.getByRole('button', { name: 'Send reply' }).click();
    await waitForToast(staff, 'Reply sent');
    const staffMessages = staff.getByTestId('ticket-message');
    await staffMessages.filter({ hasText: reply }).waitFor();
    await expect.poll(() => staffStatus(staff).textContent(), { timeout: 10_000 }).toContain('Open');

    await chooseOption(staff, 'Status', 'Waiting for customer');
    const dialog = staff.getByRole('alertdialog', { name: 'Wait for the customer' });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: /^Awaiting a KYC document/ }).click();
    await staff.getByRole('option', { name: 'Proof of address', exact: true }).click();
    await dialog.getByRole('button', { name: 'Set waiting for customer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => staffStatus(staff).textContent(), { timeout: 10_000 }).toContain('Waiting for customer');
    const sidePanel = staff.getByRole('complementary', { name: 'Ticket details' });
    const awaitingNote = sidePanel.getByText(
      "Awaiting the customer's proof of address; their upload reopens the ticket.",
    );
    await awaitingNote.waitFor();
    expect((await staffApi.tickets.byId.query({ id: created.id })).awaiting).toEqual({
      kind: 'kyc_document',
      documentType: 'proof_of_address',
    });

    // Left open from here on: what the client does must reach it without a reload.
    await markNoReload(staff);
    await sidePanel.getByText('KYC: Not started', { exact: true }).waitFor();
    const uploadedMessage = staffMessages.filter({ hasText: `Proof of address uploaded: ${bill.name}` });
    expect(await uploadedMessage.count()).toBe(0);

    // ── Client: the request, in plain words, in the list and on the KYC checklist ─────────────
    const client = await newPage();
    await signIn(client, 'client');
    await client.waitForURL('**/portal');
    await client.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
    await client.getByText('Our team asked you for:').waitFor();
    const askLink = client.getByRole('link', { name: `request ${ticketNumber}`, exact: true });
    await askLink.waitFor();
    expect(await client.getByRole('listitem').filter({ has: askLink }).textContent()).toContain(
      `Proof of address — request ${ticketNumber}`,
    );
    await cleanScreenshot(client, 'portal-kyc-awaited-document');

    await client.goto('/portal/requests');
    const row = client.getByTestId('portal-request-row').filter({ hasText: subject });
    await row.waitFor();
    expect(await row.textContent()).toContain('Waiting for your reply');
    expect(await row.textContent()).toContain('We need your Proof of address');

    // The checklist's notice links to the request.
    await client.goto('/portal');
    await askLink.click();
    await client.waitForURL(`**/portal/requests/${created.id}`);
    await client.getByRole('heading', { name: subject }).waitFor();
    expect(await portalStatus(client)).toBe('Waiting for your reply');
    const clientMessages = client.getByTestId('portal-message');
    await clientMessages.filter({ hasText: reply }).waitFor();
    const ask = client.getByRole('region', { name: 'We need your Proof of address' });
    await ask.waitFor();

    // ── Client: uploads the proof of address right there ────────────────────────────────────
    const chooser = client.waitForEvent('filechooser');
    await ask.getByRole('button', { name: 'Upload your Proof of address' }).click();
    await (await chooser).setFiles(bill.path);
    const queued = uploadRow(client, bill.name);
    await queued.waitFor();
    // The button picked the requested type for the file.
    expect(await queued.getByRole('combobox', { name: 'Document type', exact: true }).textContent()).toContain(
      'Proof of address',
    );
    await ask.getByRole('button', { name: 'Upload', exact: true }).click();
    await waitForToast(client, 'Proof of address uploaded');

    // ── Staff: back to Open with the system message, live ─────────────────────────────────────
    await uploadedMessage.waitFor({ timeout: 10_000 });
    expect(await uploadedMessage.getAttribute('aria-label')).toBe('Public reply by System');
    await expect.poll(() => staffStatus(staff).textContent(), { timeout: 10_000 }).toContain('Open');
    await awaitingNote.waitFor({ state: 'detached', timeout: 10_000 });
    // The customer summary beside it follows: their KYC now has a document waiting for review.
    await sidePanel.getByText('KYC: Pending', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await stillNotReloaded(staff)).toBe(true);
    await cleanScreenshot(staff, 'ticket-page-awaited-document-uploaded');

    const after = await staffApi.tickets.byId.query({ id: created.id });
    expect(after.status).toBe('open');
    expect(after.awaiting).toBeNull();

    // ── Client: the request is in progress again, and the ask is gone ──────────────────────────
    await expect.poll(() => portalStatus(client), { timeout: 10_000 }).toBe('In progress');
    await ask.waitFor({ state: 'detached', timeout: 10_000 });
    await clientMessages.filter({ hasText: `Proof of address uploaded: ${bill.name}` }).waitFor();

    await client.goto('/portal/requests');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('In progress');
    expect(await row.textContent()).not.toContain('We need your');

    await client.goto('/portal');
    await client.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
    await client.getByTestId('kyc-document').filter({ hasText: bill.name }).waitFor();
    expect(await askLink.count()).toBe(0);
  });
});
