import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { connectBrowser, newPage, screenshot } from './support/browser';
import {
  arrangeListScreens,
  arrangeTicketScreens,
  horizontalOverflow,
  listLayoutProblems,
  type Screen,
  screensOf,
} from './support/screens';
import { signIn } from './support/users';

connectBrowser();

/** A common phone (iPhone 12–15): the narrowest width the console is designed for. */
const PHONE = { width: 390, height: 844 };
/** A laptop screen: lists are tables from here on. */
const DESKTOP = { width: 1360, height: 900 };

let screens: Screen[] = [];
beforeAll(async () => {
  await arrangeListScreens();
  screens = screensOf(await arrangeTicketScreens());
});

/** Overflow past the viewport: the page scrolls sideways or an element sticks out of it. */
async function overflowProblem(page: Parameters<typeof horizontalOverflow>[0], name: string) {
  const report = await horizontalOverflow(page);
  if (
    report.scrollingWidth <= report.scrollingClientWidth &&
    report.scrollWidth <= report.innerWidth &&
    report.offenders.length === 0
  ) {
    return undefined;
  }
  return `${name}: scrolls ${report.scrollingWidth} px in ${report.scrollingClientWidth} px (document ${report.scrollWidth} px, viewport ${report.innerWidth} px)\n${report.offenders
    .map((o) => `    ${o}`)
    .join('\n')}`;
}

/**
 * Every screen (the list in support/screens.ts) at 390 px: nothing reaches past the viewport (no sideways
 * scrolling), lists of records are cards rather than tables, and axe still passes in the phone layout.
 */
describe('phone width (390 × 844)', () => {
  for (const role of ['admin', 'client'] as const) {
    it(`${role === 'admin' ? 'staff console' : 'client portal'} screens fit the width`, {
      // Every staff screen in one signed-in page: minutes on a busy machine.
      timeout: 420_000,
    }, async () => {
      const page = await newPage({ bypassCSP: true, viewport: PHONE });
      await signIn(page, role);
      const problems: string[] = [];
      const layout: string[] = [];
      for (const screen of screens.filter((s) => s.who === role)) {
        await screen.open(page).catch(async (err) => {
          await screenshot(page, `phone-failed-${screen.name.replace(/[^a-z]+/g, '-')}`);
          throw err;
        });
        const overflow = await overflowProblem(page, screen.name);
        if (overflow) problems.push(overflow);
        if (screen.list) {
          layout.push(...(await listLayoutProblems(page, screen.list, 'cards')).map((p) => `${screen.name}: ${p}`));
        }
        await screenshot(page, `phone-${screen.name.replace(/[^a-z]+/g, '-')}`);
        await expectNoSeriousA11yViolations(page, `${screen.name} at 390 px`);
      }
      expect(problems, `Horizontal overflow at 390 px:\n${problems.join('\n')}`).toEqual([]);
      expect(layout, 'Lists at 390 px').toEqual([]);
    });
  }

  it('the same lists are tables at desktop width, and fit it', { timeout: 240_000 }, async () => {
    const page = await newPage({ bypassCSP: true, viewport: DESKTOP });
    await signIn(page, 'admin');
    const lists = screens.filter((s) => s.who === 'admin' && s.list);
    expect(lists.length).toBeGreaterThanOrEqual(8);
    const problems: string[] = [];
    for (const screen of lists) {
      await screen.open(page);
      const overflow = await overflowProblem(page, screen.name);
      if (overflow) problems.push(overflow);
      problems.push(...(await listLayoutProblems(page, screen.list ?? '', 'table')).map((p) => `${screen.name}: ${p}`));
    }
    expect(problems, `Lists at ${DESKTOP.width} px`).toEqual([]);
  });

  it('the filters of the customer list, the ticket inbox and the audit log fold away behind a button', {
    timeout: 120_000,
  }, async () => {
    const lists = [
      { path: '/customers', filter: (p: Page) => p.getByRole('group', { name: 'Status', exact: true }) },
      { path: '/tickets?view=open', filter: (p: Page) => p.locator('#ticket-filter-priority') },
      { path: '/audit', filter: (p: Page) => p.getByLabel('What', { exact: true }) },
    ];
    const phone = await newPage({ viewport: PHONE });
    await signIn(phone, 'admin');
    for (const { path, filter } of lists) {
      await phone.goto(path);
      const toggle = phone.getByRole('button', { name: /^Filters/ });
      await toggle.waitFor();
      expect([path, await toggle.getAttribute('aria-expanded')]).toEqual([path, 'false']);
      expect([path, await filter(phone).isVisible()]).toEqual([path, false]);
      await toggle.click();
      await filter(phone).waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await toggle.click();
      await filter(phone).waitFor({ state: 'hidden' });
    }
    // From a tablet up there is room: the filters show and the button does not.
    const desktop = await newPage({ viewport: DESKTOP });
    await signIn(desktop, 'admin');
    for (const { path, filter } of lists) {
      await desktop.goto(path);
      await filter(desktop).waitFor();
      expect([path, await desktop.getByRole('button', { name: /^Filters/ }).isVisible()]).toEqual([path, false]);
    }
  });
});
