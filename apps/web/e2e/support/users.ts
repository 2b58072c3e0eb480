import type { Page } from 'playwright-core';

export type DemoRole = 'admin' | 'corporate' | 'client';

/** The demo logins seeded on an empty embedded database. */
export const DEMO_PASSWORD = 'demo-password-2024';
export const DEMO_USERS: Record<DemoRole, { email: string; name: string }> = {
  admin: { email: 'admin@example.com', name: 'Ada Admin' },
  corporate: { email: 'corporate@example.com', name: 'Carl Corporate' },
  client: { email: 'client@example.com', name: 'Clara Client' },
};

export interface Credentials {
  email: string;
  password: string;
}

export function credentialsOf(who: DemoRole | Credentials): Credentials {
  return typeof who === 'string' ? { email: DEMO_USERS[who].email, password: DEMO_PASSWORD } : who;
}

/** Fills and submits the sign-in form (navigating there first unless already on it). */
export async function fillSignIn(page: Page, who: DemoRole | Credentials, path = '/sign-in') {
  const { email, password } = credentialsOf(who);
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/sign-in')) await page.goto(path);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the UI and waits until the console has left the sign-in page. */
export async function signIn(page: Page, who: DemoRole | Credentials, path = '/sign-in') {
  await fillSignIn(page, who, path);
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.getByTestId('user-menu').waitFor();
}
