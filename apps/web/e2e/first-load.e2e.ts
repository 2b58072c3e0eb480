import type { Page, Request, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { apiAs, newCustomer } from './support/api';
import { connectBrowser, newPage } from './support/browser';
import { type DemoRole, signIn } from './support/users';

connectBrowser();

/**
 * Holds every request matching `url` (the real server still answers it, later) until `release()`:
 * what the console shows meanwhile is what a slow answer looks like.
 */
async function holdRequests(page: Page, url: string | RegExp) {
  const held: Route[] = [];
  let released = false;
  await page.route(url, (route) => {
    if (released) return route.continue();
    held.push(route);
  });
  return {
    /** Resolves once the browser has asked (and is waiting for the answer). */
    asked: () => expect.poll(() => held.length).toBeGreaterThan(0),
    release: async () => {
      released = true;
      await Promise.all(held.splice(0).map((r) => r.continue()));
    },
  };
}

/** Holds every `auth.me` request: a slow session check. */
const holdSessionCheck = (page: Page) => holdRequests(page, '**/trpc/auth.me*');

/** A signed-in page, then a fresh load of `path` with the session check held (CSP off: axe is injected). */
async function openHeld(who: DemoRole | null, path: string) {
  const page = await newPage({ bypassCSP: true });
  if (who) await signIn(page, who);
  const hold = await holdSessionCheck(page);
  await page.goto(path, { waitUntil: 'commit' });
  await hold.asked();
  return { page, hold };
}

/** Holds the page's own chunk (e.g. `CustomerListPage-<hash>.js`) until `release()`. */
const holdChunk = (page: Page, name: string) => holdRequests(page, new RegExp(`/assets/${name}-[^/]*\\.js$`));

/** The tRPC procedures of a request (a batch `/trpc/a,b?batch=1` asks for each). */
const proceduresOf = (url: string) => {
  const { pathname } = new URL(url);
  return pathname.startsWith('/trpc/') ? pathname.slice('/trpc/'.length).split(',') : [];
};

/** Which procedures the page asked for, and which it asked for again after a successful answer. */
function recordQueries(page: Page) {
  const asked: string[] = [];
  const answered = new Set<string>();
  const again: string[] = [];
  // Only this page's own requests (an answer to the previous page may still come in).
  const mine = new Set<Request>();
  page.on('request', (request) => {
    mine.add(request);
    for (const p of proceduresOf(request.url())) {
      asked.push(p);
      if (answered.has(p)) again.push(p);
    }
  });
  page.on('response', (response) => {
    if (mine.has(response.request()) && response.ok()) for (const p of proceduresOf(response.url())) answered.add(p);
  });
  return { asked, again };
}

const mainNavLinks = (page: Page) => page.getByRole('navigation', { name: /^Main/ }).getByRole('link');

describe('first load: the shell paints before the session check answers', () => {
  it('staff page: banner, placeholders and a loading page while auth.me is held; the page after', async () => {
    const { page, hold } = await openHeld('admin', '/customers');
    await page.getByRole('banner').waitFor();
    await page.getByRole('main').getByRole('status').filter({ hasText: 'Loading page…' }).waitFor();
    expect(await page.getByTestId('nav-placeholder').first().isVisible()).toBe(true);
    // Nothing of a role yet: no navigation entries, no user menu, no page — only the list's fixed header, which
    // the server drew into the frame because this session may open the list.
    expect(await mainNavLinks(page).count()).toBe(0);
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Customers', level: 1 }).count()).toBe(1);
    expect(await page.getByTestId('customer-total').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'staff shell while the session is checked');

    await hold.release();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Users' }).waitFor();
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByTestId('nav-placeholder').count()).toBe(0);
  });

  it('a client on a staff address sees no staff navigation at any moment, then the portal', async () => {
    const { page, hold } = await openHeld('client', '/customers');
    await page.getByRole('banner').waitFor();
    expect(await mainNavLinks(page).count()).toBe(0);
    expect(await page.getByText('Customers', { exact: true }).count()).toBe(0);

    await hold.release();
    await page.waitForURL('**/portal');
    await page.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
    expect(await mainNavLinks(page).count()).toBe(0);
  });

  it('the portal paints its frame with placeholders, then the client’s navigation', async () => {
    const { page, hold } = await openHeld('client', '/portal');
    await page.getByRole('banner').waitFor();
    await page.getByRole('main').getByRole('status').waitFor();
    expect(await page.getByRole('navigation', { name: 'Portal' }).getByRole('link').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'portal shell while the session is checked');

    await hold.release();
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'My documents' }).waitFor();
    await page.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
  });

  it('without a session the placeholder shell gives way to the sign-in page, keeping the address', async () => {
    const { page, hold } = await openHeld(null, '/customers?status=active');
    await page.getByRole('banner').waitFor();

    await hold.release();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/customers?status=active');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('auth.me is asked for once, by index.html’s preload, and the app uses that answer', async () => {
    const page = await newPage();
    await signIn(page, 'corporate');
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
    });
    await page.goto('/customers');
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    const entries = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/trpc/auth.me'))
        .map((e) => (e as PerformanceResourceTiming).initiatorType),
    );
    expect(entries).toEqual(['link']);
    expect(warnings.filter((w) => /preload/i.test(w))).toEqual([]);
  });

  it('a customer page appears with its "Activate" reason in place, not pushed down by it later', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    const page = await newPage();
    await signIn(page, 'admin');
    // A slow KYC status: before, the page showed without the reason line and grew when it came.
    await page.route(/\/trpc\/[^?]*kyc\.status/, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('heading', { name: customer.displayName, level: 1 }).waitFor();
    expect(await page.getByTestId('activate-blocked').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Activate' }).isDisabled()).toBe(true);
  });

  it('a page’s first queries start with its code, while auth.me and the page chunk are still on their way', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    for (const { path, chunk, queries, shown } of [
      {
        path: '/customers',
        chunk: 'CustomerListPage',
        queries: ['customers.list', 'customers.count'],
        shown: (page: Page) => page.getByTestId('customer-total'),
      },
      {
        path: `/customers/${customer.id}`,
        chunk: 'CustomerDetailPage',
        queries: ['customers.byId', 'kyc.status'],
        shown: (page: Page) => page.getByRole('heading', { name: customer.displayName, level: 1 }),
      },
    ]) {
      const page = await newPage();
      await signIn(page, 'admin');
      const { asked, again } = recordQueries(page);
      const code = await holdChunk(page, chunk);
      const hold = await holdSessionCheck(page);
      await page.goto(path, { waitUntil: 'commit' });
      await hold.asked();
      await code.asked();
      // Neither the session nor the page's code has arrived, and its data is already asked for.
      await expect.poll(() => queries.filter((q) => asked.includes(q))).toEqual(queries);

      await code.release();
      await hold.release();
      await shown(page).waitFor();
      // The page used those answers: it did not ask again.
      expect(again).toEqual([]);
      await page.close();
    }
  });

  it('a page’s code (and the customer page’s first data) is fetched alongside the main bundle, not after it has run', async () => {
    const customer = await newCustomer(await apiAs('admin'));
    for (const { path, chunk, queries } of [
      { path: '/customers', chunk: 'CustomerListPage', queries: [] },
      { path: `/customers/${customer.id}`, chunk: 'CustomerDetailPage', queries: ['customers.byId', 'kyc.status'] },
      { path: `/customers/${customer.id}/edit`, chunk: 'CustomerEditPage', queries: [] },
      { path: '/customers/new', chunk: 'CustomerCreatePage', queries: [] },
    ]) {
      const page = await newPage();
      await signIn(page, 'admin');
      const { asked, again } = recordQueries(page);
      // The main bundle never arrives while this runs: only index.html's own work can ask for the page.
      const main = await holdChunk(page, 'index');
      const code = await holdChunk(page, chunk);
      await page.goto(path, { waitUntil: 'commit' });
      await main.asked();
      await code.asked();
      await expect.poll(() => queries.filter((q) => asked.includes(q))).toEqual(queries);
      await main.release();
      await code.release();
      await page.locator('main h1').first().waitFor();
      // The page took the preloaded answers: each query went out once.
      for (const q of queries) expect(asked.filter((a) => a === q)).toEqual([q]);
      expect(again).toEqual([]);
      await page.close();
    }

    // The sign-in page is a page like the others: its code comes alongside the main bundle; an address that is
    // no page preloads none.
    for (const { path, expected } of [
      { path: '/sign-in', expected: ['SignInPage'] },
      { path: '/no-such-page', expected: [] },
    ]) {
      const page = await newPage();
      const pages = new Set<string>();
      page.on('request', (r) => {
        const m = /\/assets\/(\w+Page)-[^/]*\.js$/.exec(r.url());
        if (m) pages.add(m[1] as string);
      });
      const main = await holdChunk(page, 'index');
      await page.goto(path, { waitUntil: 'commit' });
      await main.asked();
      // #root comes after <head>: once it is there, the boot script has run.
      await page.waitForSelector('#root', { state: 'attached' });
      const preloads = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')]
          .map((l) => /\/assets\/(\w+Page)-/.exec(l.href)?.[1])
          .filter(Boolean),
      );
      expect(preloads).toEqual(expected);
      await expect.poll(() => [...pages]).toEqual(expected);
      await main.release();
      // Signed out, both end on the sign-in form.
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.close();
    }
    // Six page loads, each with the main bundle held back for a while.
  }, 180_000);

  it('index.html paints a frame before any script has run, except on the sign-in page; React replaces it', async () => {
    for (const { path, frame } of [
      { path: '/customers', frame: true },
      { path: '/portal', frame: true },
      { path: '/sign-in', frame: false },
    ]) {
      const page = await newPage();
      const main = await holdChunk(page, 'index');
      await page.goto(path, { waitUntil: 'commit' });
      await main.asked();
      await page.waitForSelector('#root', { state: 'attached' });
      expect(await page.locator('.boot-frame').isVisible()).toBe(frame);
      if (frame) expect(await page.getByRole('banner').isVisible()).toBe(true);
      await main.release();
      // Signed out: every address ends on the sign-in page, drawn by React, with no trace of the frame.
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('.boot-frame').count()).toBe(0);
      await page.close();
    }
  });

  it('the frame of a page with a fixed header already shows it, drawn as the page draws it', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    for (const [path, title] of [
      ['/customers', 'Customers'],
      ['/tickets', 'Tickets'],
    ] as const) {
      const main = await holdChunk(page, 'index');
      await page.goto(path, { waitUntil: 'commit' });
      await main.asked();
      const frameTitle = page.locator('.boot-frame h1');
      await frameTitle.waitFor();
      expect(await frameTitle.textContent()).toBe(title);
      const framed = await frameTitle.evaluate((h) => h.parentElement?.outerHTML);
      await main.release();
      await page.locator('.boot-frame').waitFor({ state: 'detached' });
      const drawn = page.getByRole('heading', { level: 1, name: title });
      expect(await drawn.evaluate((h) => h.parentElement?.outerHTML)).toBe(framed);
      await page.unrouteAll();
    }
    // Addresses without a fixed header keep the plain frame.
    const main = await holdChunk(page, 'index');
    await page.goto('/customers/new', { waitUntil: 'commit' });
    await main.asked();
    await page.locator('.boot-frame').waitFor();
    expect(await page.locator('.boot-frame h1').count()).toBe(0);
    await main.release();
    await page.close();
  });

  it('the header the frame showed stays on screen, through the session check and the page’s loading, to the page', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    // Every painted frame's <h1> texts, from the first frame on.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { seenHeadings: seen });
      const tick = () => {
        const now = [...document.querySelectorAll('h1')].map((h) => h.textContent).join('|');
        if (seen.at(-1) !== now) seen.push(now);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const session = await holdSessionCheck(page);
    await page.goto('/customers', { waitUntil: 'commit' });
    await session.asked();
    await page.getByRole('banner').waitFor();
    await session.release();
    await page.getByTestId('customer-total').waitFor();
    const seen = await page.evaluate(() => (window as unknown as { seenHeadings: string[] }).seenHeadings);
    const first = seen.indexOf('Customers');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(seen.slice(first)).toEqual(['Customers']);
    await page.close();
  });

  it('the list’s early queries reach a client too, who is refused and sent to the portal without seeing any', async () => {
    const page = await newPage();
    await signIn(page, 'client');
    const early = page.waitForResponse((r) => new URL(r.url()).pathname.includes('customers.list'));
    await page.goto('/customers');
    expect((await early).status()).toBe(403);
    await page.waitForURL('**/portal');
    await page.getByRole('heading', { name: 'Your KYC documents' }).waitFor();
    expect(await page.getByTestId('customer-total').count()).toBe(0);
  });
});
