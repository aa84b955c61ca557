// Importing clients against the real API: the owner chooses an export with a bad row (sees the
// row's error, cannot import), then a good one (sees a demo client's email as a duplicate,
// imports) and finds the new client in the list. A file without a name column is refused with
// the API's reason, and the front desk is not offered the import.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
const tag = Date.now().toString(36);
const family = `Import-${tag}`;

const BAD = [
  'First Name,Last Name,Email,Mobile,DOB,Member ID',
  `Robin,${family},robin.${tag}@example.com,+1 303 555 0142,1988-07-14,M-100`,
  `Casey,${family},not-an-email,,1991-02-03,M-101`,
].join('\n');

const GOOD = [
  'First Name,Last Name,Email,Mobile,DOB,Member ID',
  `Robin,${family},robin.${tag}@example.com,+1 303 555 0142,1988-07-14,M-100`,
  'Alex,Rivera,alex.rivera@example.com,,,M-102',
  `Robin,${family},robin.${tag}@example.com,,,M-103`,
].join('\n');

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

async function as(email: string, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function choose(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

describe('client import', () => {
  it('refuses a file with a bad row, then imports a good one', async () => {
    const page = await as('owner@stride.example');
    await page.goto(`${BASE_URL}/clients`);
    await page.getByRole('link', { name: 'Import clients' }).click();
    await page.getByRole('heading', { name: 'Import clients', level: 1 }).waitFor();
    await expectAccessible(page, 'import, empty');

    await choose(page, 'no-names.csv', 'email,phone\nsomeone@example.com,1\n');
    await page.getByText('This file cannot be imported').waitFor();
    await page.getByText(/header row names no client/).waitFor();

    await choose(page, 'export-bad.csv', BAD);
    await page.getByRole('heading', { name: 'Preview of export-bad.csv' }).waitFor();
    await page.getByRole('rowheader', { name: 'Row 2 (line 3)' }).waitFor();
    await page.getByText('Email: must be an email address').waitFor();
    await page.getByText('Member ID').waitFor();
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    await snap(page, 'client-import-errors-desktop');
    await expectAccessible(page, 'import with errors');

    await choose(page, 'export.csv', GOOD);
    await page.getByRole('heading', { name: 'Preview of export.csv' }).waitFor();
    expect(await page.getByText('Email: must be an email address').count()).toBe(0);
    await page.getByText('Row 3 (line 4): the same person as row 1').waitFor();
    const existing = page.getByRole('link', { name: 'already a client' });
    expect(await existing.getAttribute('href')).toMatch(/^\/clients\/[0-9a-f-]{36}$/);
    await snap(page, 'client-import-preview-desktop');
    await expectAccessible(page, 'import preview');

    await page.getByRole('button', { name: 'Import 1 client' }).click();
    await page.getByRole('heading', { name: 'Imported 1 client' }).waitFor();
    await page.getByText('2 rows were skipped as already a client.').waitFor();
    await snap(page, 'client-import-done-desktop');
    await expectAccessible(page, 'import result');

    await page.getByRole('link', { name: 'Go to clients' }).click();
    await page.getByLabel('Search clients').fill(family);
    await page.getByRole('link', { name: `Robin ${family}` }).click();
    await page.getByRole('heading', { name: `Robin ${family}` }).waitFor();
    await page.getByText('+1 303 555 0142').waitFor();

    // The same file again imports no one twice.
    await page.goto(`${BASE_URL}/clients/import`);
    await choose(page, 'export.csv', GOOD);
    await page.getByText('There is no one new to import in this file.').waitFor();
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await as('owner@stride.example', 390, 844);
    await page.goto(`${BASE_URL}/clients/import`);
    await choose(page, 'export-bad.csv', BAD);
    await page.getByRole('rowheader', { name: 'Row 2 (line 3)' }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, 'client-import-errors-phone', true);
    await choose(page, 'export.csv', GOOD);
    await page.getByRole('link', { name: 'already a client' }).first().waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, 'client-import-preview-phone', true);
    await expectAccessible(page, 'import on a phone');
    await page.context().close();
  });

  it('is not offered to the front desk', async () => {
    const page = await as('sam@stride.example');
    await page.goto(`${BASE_URL}/clients`);
    await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Import clients' }).count()).toBe(0);
    await page.goto(`${BASE_URL}/clients/import`);
    await page.getByText('Importing clients is open to owners only.').waitFor();
    expect(await page.getByLabel('CSV file').count()).toBe(0);
    await page.context().close();
  });
});
