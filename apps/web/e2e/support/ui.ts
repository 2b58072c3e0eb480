import type { Page } from 'playwright-core';

/** Picks an option of a Radix select (a combobox button) identified by its label. */
export async function chooseOption(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The toast region's latest message containing `text`. */
export async function waitForToast(page: Page, text: string) {
  await page.getByTestId('toast').filter({ hasText: text }).first().waitFor();
}

/** Opens a customer's detail page, optionally on a tab (profile, kyc, notes, documents, activity). */
export async function openCustomer(page: Page, id: string, tab?: string) {
  await page.goto(`/customers/${id}${tab ? `?tab=${tab}` : ''}`);
  await page.getByRole('tablist', { name: 'Customer sections' }).waitFor();
}
