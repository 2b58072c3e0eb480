import { describe, expect, it } from 'vitest';
import { apiAs, loginRequest, newCustomer, unique } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { DEMO_USERS, fillSignIn, signIn } from './support/users';

connectBrowser();

describe('sign-in and roles', () => {
  it('admin sees the Users page in the navigation, with name and role shown', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    expect(new URL(page.url()).pathname).toBe('/');
    const nav = page.getByRole('navigation', { name: 'Main', exact: true });
    await nav.getByRole('link', { name: 'Users' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Customers' }).isVisible()).toBe(true);
    expect(await page.getByTestId('user-name').textContent()).toBe(DEMO_USERS.admin.name);
    expect(await page.getByTestId('user-role').textContent()).toBe('Admin');
  });

  it('corporate does not see Users and cannot open the page', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    const nav = page.getByRole('navigation', { name: 'Main', exact: true });
    await nav.getByRole('link', { name: 'Customers' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await page.getByTestId('user-role').textContent()).toBe('Corporate');
    await page.goto('/users');
    await page.getByText('You do not have access to this page').waitFor();
  });

  it('client lands on the portal with their customer and a neutral KYC section', async () => {
    const page = await newPage();
    await signIn(page, 'client');
    expect(new URL(page.url()).pathname).toBe('/portal');
    const name = await page.getByTestId('portal-customer-name').textContent();
    expect(name?.trim().length).toBeGreaterThan(0);
    expect(name).not.toBe('Your account');
    await page.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
    expect(await page.getByText(/coming soon/i).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main', exact: true }).count()).toBe(0);

    await page.goto('/customers');
    await page.waitForURL('**/portal');
  });

  it("client opening another customer's page is sent back to the portal", async () => {
    const admin = await apiAs('admin');
    const other = await newCustomer(admin);
    const page = await newPage();
    await signIn(page, 'client');
    await page.goto(`/customers/${other.id}`);
    await page.waitForURL('**/portal');
    expect(await page.getByText(other.displayName).count()).toBe(0);
  });

  it('wrong credentials give a clear message', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await fillSignIn(page, { email: DEMO_USERS.corporate.email, password: 'not-the-password-at-all' });
    await page.getByText('Wrong email or password').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('throttled sign-in says when to try again', async () => {
    const admin = await apiAs('admin');
    const email = `${unique('throttle')}@example.test`;
    await admin.users.create.mutate({
      email,
      name: 'Throttle Target',
      role: 'corporate',
      password: 'a-long-enough-passphrase-42',
    });
    // Ten failures for one account within 15 minutes block it (SPEC §9).
    for (let i = 0; i < 10; i++) await loginRequest({ email, password: `wrong-password-${i}` });

    const page = await newPage();
    await page.goto('/sign-in');
    await fillSignIn(page, { email, password: 'a-long-enough-passphrase-42' });
    await page.getByText('Too many failed sign-in attempts').waitFor();
    const text = await page.getByRole('alert').filter({ hasText: 'Too many' }).textContent();
    expect(text).toMatch(/try again in \d+ minutes? \(at \d{2}:\d{2}\)/);
  });

  it('an expired session sends the user to sign in, then back to the page they were on', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/customers?status=pending');
    await page.getByTestId('customer-row').first().waitFor();

    // The server forgets the session (as after the idle timeout); the next request is UNAUTHORIZED.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Next' }).click();

    await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.has('next'));
    const next = new URL(page.url()).searchParams.get('next') ?? '';
    expect(next.startsWith('/customers?')).toBe(true);
    await page.getByText('Your session has ended').waitFor();

    await fillSignIn(page, 'admin');
    await page.waitForURL((url) => url.pathname === '/customers');
    expect(new URL(page.url()).searchParams.get('status')).toBe('pending');
    await page.getByTestId('customer-row').first().waitFor();
  });

  it('sign-out ends the session', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/customers');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/customers');
  });
});
