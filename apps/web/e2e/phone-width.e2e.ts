import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/a11y';
import { connectBrowser, newPage, screenshot } from './support/browser';
import { arrangeTicketScreens, horizontalOverflow, type Screen, screensOf } from './support/screens';
import { signIn } from './support/users';

connectBrowser();

/** A common phone (iPhone 12–15): the narrowest width the console is designed for. */
const PHONE = { width: 390, height: 844 };

let screens: Screen[] = [];
beforeAll(async () => {
  screens = screensOf(await arrangeTicketScreens());
});

/**
 * Every screen (the list in support/screens.ts) at 390 px: nothing reaches past the viewport (no sideways scrolling; wide content
 * such as tables scrolls inside its own box), and axe still passes in the phone layout.
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
      for (const screen of screens.filter((s) => s.who === role)) {
        await screen.open(page).catch(async (err) => {
          await screenshot(page, `phone-failed-${screen.name.replace(/[^a-z]+/g, '-')}`);
          throw err;
        });
        const report = await horizontalOverflow(page);
        if (
          report.scrollingWidth > report.scrollingClientWidth ||
          report.scrollWidth > report.innerWidth ||
          report.offenders.length > 0
        ) {
          problems.push(
            `${screen.name}: scrolls ${report.scrollingWidth} px in ${report.scrollingClientWidth} px (document ${report.scrollWidth} px, viewport ${report.innerWidth} px)\n${report.offenders
              .map((o) => `    ${o}`)
              .join('\n')}`,
          );
        }
        await screenshot(page, `phone-${screen.name.replace(/[^a-z]+/g, '-')}`);
        await expectNoSeriousA11yViolations(page, `${screen.name} at 390 px`);
      }
      expect(problems, `Horizontal overflow at 390 px:\n${problems.join('\n')}`).toEqual([]);
    });
  }
});
