// The browser scenarios, in order, against the real API and PostgreSQL (`knead dev --fresh`):
// a therapist records an intake on the body map, the front desk sees the client but no
// clinical content, and the client fills in the public link on a phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
const family = `Okafor-${Date.now().toString(36)}`;
const clientName = `Riley ${family}`;
let clientPath = '';

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

async function desktop(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

describe('therapist', () => {
  it('logs in, creates a client, adds two pain areas on the body map, and sees them on the client page', async () => {
    const page = await desktop();
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await snap(page, '01-login');
    await expectAccessible(page, 'login');

    // Therapists land on their day; the client list is one link away.
    await signIn(page, 'maya@stride.example', 'Today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('table').waitFor();
    await snap(page, '02-clients');
    await expectAccessible(page, 'client list');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New client' }).click();
    await page.getByLabel('Given name').fill('Riley');
    await page.getByLabel('Family name').fill(family);
    await page.getByLabel('Email').fill(`riley.${family.toLowerCase()}@example.com`);
    await page.getByLabel('Weekly distance').fill('48');
    await page.getByRole('checkbox', { name: 'Road' }).check();
    await page.getByRole('checkbox', { name: 'Trail' }).check();
    await page.getByLabel('Goal').fill('Sub-1:40 half marathon');
    await snap(page, '03-new-client');
    await expectAccessible(page, 'new client');
    await page.getByRole('button', { name: 'Save client' }).click();
    await page.getByRole('heading', { name: clientName }).waitFor();
    clientPath = new URL(page.url()).pathname;
    await page.getByText('No intake on file yet.').waitFor();

    await page.getByRole('link', { name: 'New intake' }).click();
    await page.getByRole('heading', { name: 'New intake' }).waitFor();
    await page.getByLabel('Chief complaint').fill('Knee pain on descents; tight calf after long runs');
    // Two regions picked on the map; each opens its editor with the intensity focused.
    await page.getByRole('button', { name: 'Left knee: no pain recorded' }).click();
    const knee = page.getByRole('group', { name: 'Left knee' });
    // A new area has no intensity until one is chosen; focus is on its 0–10 scale, where
    // arrow keys move the choice (6 → 7).
    const kneeScale = knee.getByRole('radiogroup', { name: /^Intensity: not rated/ });
    await expect.poll(() => kneeScale.getByRole('radio', { name: '0', exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await kneeScale.getByRole('radio', { name: '6', exact: true }).check();
    await page.keyboard.press('ArrowRight');
    await knee.getByRole('checkbox', { name: 'Sharp' }).check();
    await knee.getByRole('checkbox', { name: 'Downhill' }).check();
    // The second by keyboard: every region is a focusable button.
    await page.getByRole('button', { name: 'Right calf: no pain recorded' }).focus();
    await page.keyboard.press('Enter');
    const calf = page.getByRole('group', { name: 'Right calf' });
    await calf.getByRole('radio', { name: '3', exact: true }).check();
    await calf.getByRole('checkbox', { name: 'Tight' }).check();
    await page.getByRole('checkbox', { name: /anticoagulants/i }).check();
    await page.getByLabel('Full name of the person consenting').fill(clientName);
    await page.getByLabel('I have read and agree to the above').check();
    await expect.poll(() => page.getByRole('button', { name: 'Left knee: pain 7/10, severe' }).count()).toBe(1);
    await snap(page, '04-intake-form');
    await expectAccessible(page, 'intake form');

    await page.getByRole('button', { name: 'Save intake' }).click();
    await page.getByRole('heading', { name: clientName }).waitFor();
    const summary = page.locator('.pain-area-summary').first();
    await summary.getByText('Left knee').waitFor();
    expect(await summary.locator('li').allInnerTexts()).toEqual([
      expect.stringContaining('Left knee 7/10, severe'),
      expect.stringContaining('Right calf 3/10, mild'),
    ]);
    const spots = page.locator('svg[role="img"] .spot.marked');
    expect(await spots.evaluateAll((els) => els.map((e) => `${e.dataset.region}:${e.dataset.side}:${e.dataset.intensity}`))).toEqual([
      'knee:left:7',
      'calf:right:3',
    ]);
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    await page.getByText('Takes anticoagulants:').waitFor();
    await snap(page, '05-client-page-therapist');
    await expectAccessible(page, 'client page (therapist)');
    await page.context().close();
  });
});

describe('front desk', () => {
  it('sees the client and its handling alert, but no intake or pain areas', async () => {
    expect(clientPath).not.toBe('');
    const page = await desktop();
    const clinical: string[] = [];
    page.on('request', (request) => {
      if (/\/(intake-forms|alerts)$/.test(new URL(request.url()).pathname)) clinical.push(request.url());
    });
    await signIn(page, 'sam@stride.example');
    await page.goto(`${BASE_URL}/clients`);
    await page.getByLabel('Search clients').fill(family);
    await page.getByRole('link', { name: clientName }).click();
    await page.getByRole('heading', { name: clientName }).waitFor();
    await page.getByRole('heading', { name: 'Races' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { name: 'Alerts' }).count()).toBe(1);
    expect(await page.locator('.alerts-banner').innerText()).toContain('no deep pressure');
    expect(await page.locator('.alerts-banner').innerText()).not.toMatch(/anticoagulants/i);
    expect(await page.getByRole('heading', { name: 'Pain areas' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Intake history' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New intake' }).count()).toBe(0);
    await snap(page, '06-client-page-front-desk');
    await expectAccessible(page, 'client page (front desk)');

    await page.goto(`${BASE_URL}${clientPath}/intake/new`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(clinical).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${BASE_URL}/clients`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });
});

describe('public intake link', () => {
  it('opens on a phone, is prefilled from the last intake, submits once and confirms', async () => {
    const staff = await desktop();
    await staff.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
    await signIn(staff, 'maya@stride.example');
    await staff.goto(`${BASE_URL}${clientPath}`);
    await staff.getByRole('button', { name: 'Create intake link' }).click();
    const linkBox = staff.getByLabel(/^Link \(expires/);
    await linkBox.waitFor();
    const url = await linkBox.inputValue();
    expect(url.startsWith(`${BASE_URL}/intake`)).toBe(true);
    await staff.getByRole('button', { name: 'Copy link' }).click();
    await staff.getByText('Copied.').waitFor();
    expect(await staff.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await snap(staff, '07-intake-link-created');

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Hello Riley' }).waitFor();
    expect(await page.getByLabel('What brings you in?').inputValue()).toContain('Knee pain on descents');
    await page.getByRole('button', { name: 'Left knee: pain 7/10, severe' }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, '08-public-intake-phone', true);
    await expectAccessible(page, 'public intake');

    await page.getByRole('button', { name: 'Left shin: no pain recorded' }).tap();
    await page.getByRole('group', { name: 'Left shin' }).getByRole('radio', { name: '4', exact: true }).tap();
    await page.getByLabel('Full name of the person consenting').fill(clientName);
    await page.getByLabel('I have read and agree to the above').check();
    await page.getByRole('button', { name: 'Send my form' }).tap();
    await page.getByRole('heading', { name: 'Thank you, Riley' }).waitFor();
    expect(await page.getByRole('button', { name: 'Send my form' }).count()).toBe(0);
    await snap(page, '09-public-intake-sent', true);
    await expectAccessible(page, 'public intake confirmation');

    await page.reload();
    await page.getByRole('heading', { name: 'This link has already been used or has expired' }).waitFor();
    await snap(page, '10-public-intake-used');
    await expectAccessible(page, 'used link');

    await staff.reload();
    await staff.getByRole('heading', { name: 'Intake history' }).waitFor();
    await staff.getByText(/Version 2 .* by the client \(link\)/).waitFor();
    expect(await staff.locator('.pain-area-summary').first().innerText()).toContain('Left shin 4/10, moderate');
    await phone.close();
    await staff.context().close();
  });
});
