// A client's own session page against the real API. The front desk books a client with an
// email address; the mail worker sends the confirmation (as an .eml file, the server running
// with KNEAD_MAIL_DIR) whose link opens /manage#<token> with no login. A session two hours
// away is cancelled with the late-cancellation warning (desktop); one weeks away without it
// (phone). Checked with axe on both.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, bookSoon, demoIds, denver, mondayIn, type ApiUser } from './api';
import { waitForMail } from './mail';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, snap } from './support';

let browser: Browser;
let desk: ApiUser;
let ids: Awaited<ReturnType<typeof demoIds>>;
const tag = Date.now().toString(36);

beforeAll(async () => {
  browser = await launch();
  desk = await apiAs('sam@stride.example');
  ids = await demoIds(desk);
});

afterAll(async () => {
  await browser.close();
});

/** A new client with an address, booked from `from` on; the manage link from their confirmation. */
async function bookedWithLink(name: string, from: Date): Promise<{ link: string; startsAt: string }> {
  const email = `manage.${name}.${tag}@stride.example`;
  const client = await desk.ok<{ id: string }>('POST', '/v1/clients', { given_name: 'Robin', family_name: `Manage ${tag}`, email });
  const booked = await bookSoon(desk, { client_id: client.id, therapist_id: ids.maya, service_id: ids.sports60 }, from);
  const found = await waitForMail(email, /(https?:\/\/[^\s]+\/manage#[^\s]+)/);
  return { link: found[1] ?? '', startsAt: booked.starts_at };
}

async function open(link: string, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole('heading', { name: /^Your session at /, level: 1 }).waitFor();
  return page;
}

describe('Managing a booking from its email', () => {
  it('cancels a session inside the window as a late cancellation', async () => {
    const { link } = await bookedWithLink('late', new Date(Date.now() + 2 * 3_600_000));
    expect(new URL(link).pathname).toBe('/manage');
    const page = await open(link, 1280, 900);
    await page.getByText('Sports massage 60', { exact: false }).first().waitFor();
    await page.getByText('Maya', { exact: false }).first().waitFor();

    await page.getByRole('button', { name: 'Cancel this session' }).click();
    await page.getByText(/-hour cancellation window, so it will be recorded as a late cancellation/).waitFor();
    await page.getByRole('button', { name: 'Keep it' }).click();
    await page.getByRole('button', { name: 'Cancel this session' }).click();
    await expectAccessible(page, 'the session page, confirming a late cancellation');
    await snap(page, 'manage-booking-desktop');
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText(/is cancelled\./).waitFor();
    await page.getByText('Your other sessions are unchanged.', { exact: false }).waitFor();
    await page.getByText('recorded as a late cancellation', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel this session' }).count()).toBe(0);

    await page.reload();
    await page.getByRole('heading', { name: /^Your session at /, level: 1 }).waitFor();
    await page.getByText('Cancelled', { exact: true }).waitFor();
    await expectAccessible(page, 'a cancelled session');
    await page.context().close();
  });

  it('fits a phone, and cancels a session weeks away without a warning', async () => {
    const { link, startsAt } = await bookedWithLink('phone', new Date(Date.parse(denver(mondayIn(3), '09:00'))));
    const page = await open(link, 390, 844);
    const day = new Date(startsAt).toLocaleDateString('en-US', {
      timeZone: 'America/Denver',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    await page.getByText(day, { exact: false }).first().waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'the session page on a phone');
    await snap(page, 'manage-booking-phone', true);

    await page.getByRole('button', { name: 'Cancel this session' }).click();
    expect(await page.getByText('late cancellation', { exact: false }).count()).toBe(0);
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText('Your other sessions are unchanged.', { exact: false }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, 'manage-booking-phone-cancelled', true);
    await page.context().close();
  });

  it('explains a link that is not valid', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/manage#not-a-real-token`);
    await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
    await context.close();
  });
});
