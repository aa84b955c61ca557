// The calendar against the real API: the front desk's week and day in the practice's zone, a
// phone's list, a therapist's own week (another therapist's booking is read-only), and a
// week of 200 bookings over five therapists (the time to paint it is logged, not asserted).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_DEMO_SERIES, apiAs, demoIds, denver, mondayIn, newClient, plusDays } from './api';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
const tag = Date.now().toString(36);
// A week far enough ahead to be free, different on each run so reruns do not clash.
const week = mondayIn(AFTER_DEMO_SERIES + Math.floor(Math.random() * 190));
let caseyBooking = '';

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

async function open(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, timezoneId: 'Europe/London' });
  return context.newPage();
}

describe('calendar', () => {
  it('lands the front desk on the week, in the practice’s zone, with hours, bookings and alerts', async () => {
    const desk = await apiAs('sam@stride.example');
    const ids = await demoIds(desk);
    const client = await newClient(desk, 'Casey', `Week-${tag}`);
    const created = await desk.ok<{ id: string }>('POST', '/v1/bookings', {
      client_id: client,
      therapist_id: ids.maya,
      service_id: ids.sports60,
      room_id: ids.room1,
      starts_at: denver(plusDays(week, 2), '10:00'),
    });
    caseyBooking = created.id;

    const page = await open(1280, 900);
    await signIn(page, 'sam@stride.example', 'Calendar');
    expect(new URL(page.url()).pathname).toBe('/calendar');
    await page.getByText(/Times are in the practice’s time zone, America\/Denver/).waitFor();
    await page.goto(`${BASE_URL}/calendar?date=${week}`);
    const booking = page.getByRole('button', { name: new RegExp(`^10:00–11:00, Casey Week-${tag}, Sports massage 60`) });
    await booking.waitFor();
    await snap(page, 'calendar-week-desktop');
    await expectAccessible(page, 'calendar week');

    // Keyboard: the slots are one tab stop; arrows move, Enter on a booked slot opens it.
    await page.locator('.cal-slot[tabindex="0"]').focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(focused).toMatch(/10:00/);

    await page.getByRole('button', { name: 'Day', exact: true }).click();
    await page.getByRole('button', { name: 'Next day' }).waitFor();
    await page.goto(`${BASE_URL}/calendar?view=day&date=${plusDays(week, 2)}`);
    await page.locator('.cal-head', { hasText: 'Maya Chen' }).waitFor();
    await page.locator('.cal-head', { hasText: 'Jordan Diaz' }).waitFor();
    await snap(page, 'calendar-day-desktop');
    await expectAccessible(page, 'calendar day');
    await page.context().close();
  });

  it('shows a list of the days on a phone', async () => {
    const page = await open(390, 844);
    await signIn(page, 'sam@stride.example', 'Calendar');
    await page.goto(`${BASE_URL}/calendar?date=${week}`);
    await page.locator('button.booking-row', { hasText: `Casey Week-${tag}` }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, 'calendar-week-phone', true);
    await expectAccessible(page, 'calendar phone');
    await page.context().close();
  });

  it('starts a therapist on their own week and keeps another therapist’s booking read-only', async () => {
    const desk = await apiAs('sam@stride.example');
    const ids = await demoIds(desk);
    const client = await newClient(desk, 'Jo', `Other-${tag}`);
    await desk.ok('POST', '/v1/bookings', {
      client_id: client,
      therapist_id: ids.jordan,
      service_id: ids.flush30,
      starts_at: denver(plusDays(week, 3), '11:00'),
    });
    const page = await open(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    await page.goto(`${BASE_URL}/calendar?date=${week}`);
    await page.locator('button.booking', { hasText: `Casey Week-${tag}` }).waitFor();
    expect(await page.getByLabel('Therapist').inputValue()).toBe(ids.maya);
    expect(await page.locator('button.booking', { hasText: `Jo Other-${tag}` }).count()).toBe(0);

    await page.getByLabel('Therapist').selectOption('all');
    await page.locator('button.booking', { hasText: `Jo Other-${tag}` }).click();
    const panel = page.getByRole('dialog', { name: 'Booking' });
    await panel.getByText(/only they, the front desk or the owner can change it/).waitFor();
    expect(await panel.getByRole('button', { name: /Move|Cancel booking|Confirm/ }).count()).toBe(0);
    await snap(page, 'calendar-therapist-readonly');
    await expectAccessible(page, 'booking panel read-only');
    await page.context().close();
  });

  it('moves a booking by dragging it to another day on desktop', async () => {
    const page = await open(1280, 900);
    await signIn(page, 'sam@stride.example', 'Calendar');
    await page.goto(`${BASE_URL}/calendar?date=${week}&who=all`);
    const casey = page.locator('button.booking', { hasText: `Casey Week-${tag}` });
    await casey.waitFor();
    // Thursday (the fourth column), 14:00: six hours below the grid's 08:00 start.
    await casey.dragTo(page.locator('[data-slot="3-12"]'));
    await page.getByRole('status').filter({ hasText: 'Moved.' }).waitFor({ state: 'attached' });
    const desk = await apiAs('sam@stride.example');
    const moved = await desk.ok<{ starts_at: string }>('GET', `/v1/bookings/${caseyBooking}`);
    expect(new Date(moved.starts_at).toISOString()).toBe(denver(plusDays(week, 3), '14:00'));
    await page.locator('.cal-column').nth(3).locator('button.booking', { hasText: `Casey Week-${tag}` }).waitFor();
    await page.context().close();
  });

  it('paints a week of 200 bookings over five therapists', { timeout: 240_000 }, async () => {
    const owner = await apiAs('owner@stride.example');
    const busy = mondayIn(40 + Math.floor(Math.random() * 30));
    const therapists: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await owner.ok<{ id: string }>('POST', '/v1/staff', {
        email: `load${i}.${tag}@stride.example`,
        display_name: `Load ${i} ${tag}`,
        role: 'therapist',
      });
      const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
      await owner.ok('PUT', `/v1/staff/${t.id}/working-hours`, {
        intervals: days.map((weekday) => ({ weekday, starts: '08:00', ends: '18:00' })),
      });
      therapists.push(t.id);
    }
    const ids = await demoIds(owner);
    const clients: string[] = [];
    for (let i = 0; i < 5; i++) clients.push(await newClient(owner, 'Load', `Client ${i} ${tag}`));
    const jobs: (() => Promise<unknown>)[] = [];
    for (let day = 0; day < 5; day++) {
      // Every 75 minutes: the hour's session and the service's buffer after it.
      for (let slot = 0; slot < 8; slot++) {
        const minutes = 8 * 60 + slot * 75;
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        therapists.forEach((therapist, i) => {
          jobs.push(() =>
            owner.ok('POST', '/v1/bookings', {
              client_id: clients[(i + slot) % 5],
              therapist_id: therapist,
              service_id: ids.sports60,
              starts_at: denver(plusDays(busy, day), time),
            }),
          );
        });
      }
    }
    for (let i = 0; i < jobs.length; i += 4) await Promise.all(jobs.slice(i, i + 4).map((job) => job()));
    expect(jobs.length).toBe(200);

    const page = await open(1280, 900);
    await signIn(page, 'sam@stride.example', 'Calendar');
    const started = Date.now();
    await page.goto(`${BASE_URL}/calendar?date=${busy}&who=all`);
    await page.waitForFunction(() => document.querySelectorAll('.booking').length >= 200, undefined, { timeout: 60_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    console.log(`calendar: 200 bookings over 5 therapists painted ${Date.now() - started} ms after navigation`);
    await snap(page, 'calendar-week-200');
    await page.context().close();
  });
});
