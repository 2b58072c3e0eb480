import { describe, expect, it } from 'vitest';
import { apiAs, unique } from './support/api';
import { connectBrowser, guideScreenshot, newPage } from './support/browser';
import { download } from './support/files';
import { signIn } from './support/users';

connectBrowser();

const HEADER = 'type,firstName,lastName,companyName,email,phone,country';

function csvFile(rows: string[]) {
  return { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(`${[HEADER, ...rows].join('\n')}\n`) };
}

describe('customer CSV import', () => {
  it('a dry run lists the bad row and writes nothing; the corrected file imports every customer', async () => {
    const tag = unique('imp').toLowerCase();
    const good = [
      `individual,Iris,${tag},,iris.${tag}@import.test,+44 7400 123456,GB`,
      `business,,,${tag} Trading Ltd,office.${tag}@import.test,,DE`,
    ];
    const bad = `individual,Ivo,${tag},,not-an-email,,FR`;

    const page = await newPage();
    await signIn(page, 'corporate');
    await page.goto('/customers');
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.getByRole('heading', { name: 'Import customers' }).waitFor();

    await page.getByLabel('CSV file').setInputFiles(csvFile([...good, bad]));
    await page.getByRole('button', { name: 'Check file' }).click();
    const table = page.getByRole('table', { name: 'Rows that cannot be imported' });
    const errorRow = table.getByRole('row').filter({ hasText: 'Enter a valid email address.' });
    await errorRow.waitFor();
    expect(await errorRow.textContent()).toContain('4');
    expect(await errorRow.textContent()).toContain('email');
    await page.getByText('1 problem in 1 row.').waitFor();
    expect(await page.getByRole('button', { name: /^Import \d+ customers$/ }).count()).toBe(0);
    await guideScreenshot(page, 'customer-import-errors');

    const errors = await download(page, () => page.getByRole('button', { name: 'Errors as CSV' }).click());
    expect(errors.name).toBe('import-errors.csv');
    expect(errors.bytes.toString('utf8')).toContain('4,email,Enter a valid email address.');

    const admin = await apiAs('admin');
    const search = async () => (await admin.customers.list.query({ search: tag, limit: 10 })).items.length;
    expect(await search()).toBe(0);

    await page
      .getByLabel('CSV file')
      .setInputFiles(csvFile([...good, bad.replace('not-an-email', `ivo.${tag}@import.test`)]));
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByText('Every row can be imported.').waitFor();
    await page.getByRole('button', { name: 'Import 3 customers' }).click();
    await page.getByText('3 customers imported').waitFor();
    expect(await search()).toBe(3);

    await page.getByRole('link', { name: 'Go to the customer list' }).click();
    await page.getByLabel('Search customers').fill(tag);
    await page.waitForURL((url) => url.searchParams.get('q') === tag);
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(3);
  });

  it('a file that is not CSV is refused with a clear message', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto('/customers/import');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01]),
    });
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('alert').filter({ hasText: 'not a CSV text file' }).waitFor();
  });
});
