// Booking from the calendar against the real API: a weekly series of 8 with one clash skipped,
// one occurrence moved, "this and following" moved to another weekday, a late cancellation,
// a status move and a stale write refused, and a booking made with the keyboard alone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_DEMO_SERIES, apiAs, bookSoon, demoIds, denver, mondayIn, newClient, plusDays, type ApiUser } from './api';
import { BASE_URL, expectAccessible, launch, signIn, snap } from './support';

let browser: Browser;
let desk: ApiUser;
let ids: Awaited<ReturnType<typeof demoIds>>;
const tag = Date.now().toString(36);
// Series are booked a year ahead: the whole series stays inside that.
const week = mondayIn(AFTER_DEMO_SERIES + Math.floor(Math.random() * 27));
const family = `Series-${tag}`;

beforeAll(async () => {
  browser = await launch();
  desk = await apiAs('sam@stride.example');
  ids = await demoIds(desk);
});

afterAll(async () => {
  await browser.close();
});

async function deskPage(width = 1280, height = 900): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  await signIn(page, 'sam@stride.example', 'Calendar');
  return page;
}

const block = (page: Page, text: string) => page.locator('button.booking', { hasText: text });

async function clientBookings(clientId: string) {
  const page = await desk.ok<{ items: { starts_at: string; status: string; id: string }[] }>(
    'GET',
    `/v1/bookings?client_id=${clientId}&from=${denver(week, '00:00')}&to=${denver(plusDays(week, 70), '00:00')}&limit=200`,
  );
  return page.items.filter((b) => b.status !== 'cancelled');
}

describe('booking', () => {
  let seriesClient = '';
  let seriesTherapist = '';

  it('books a weekly series of 8 from the calendar, skipping the one that clashes', async () => {
    // A therapist of this run's own, so reruns against the same server never collide.
    const owner = await apiAs('owner@stride.example');
    const therapist = await owner.ok<{ id: string }>('POST', '/v1/staff', {
      email: `series.${tag}@stride.example`,
      display_name: `Sasha ${tag}`,
      role: 'therapist',
    });
    seriesTherapist = therapist.id;
    await owner.ok('PUT', `/v1/staff/${seriesTherapist}/working-hours`, {
      intervals: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, starts: '09:00', ends: '18:00' })),
    });
    seriesClient = await newClient(desk, 'Avery', family);
    const other = await newClient(desk, 'Blake', `Clash-${tag}`);
    await desk.ok('POST', '/v1/bookings', {
      client_id: other,
      therapist_id: seriesTherapist,
      service_id: ids.sports60,
      starts_at: denver(plusDays(week, 15), '14:00'),
    });
    const page = await deskPage();
    await page.goto(`${BASE_URL}/calendar?date=${week}`);
    await page.getByRole('button', { name: 'New booking', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New booking' });
    await dialog.getByLabel('Client').fill(family);
    await dialog.getByRole('button', { name: new RegExp(`Avery ${family}`) }).click();
    await dialog.getByLabel('Service').selectOption({ label: 'Sports massage 60 (60 min)' });
    await dialog.getByLabel('Therapist').selectOption(seriesTherapist);
    await dialog.getByLabel('Day', { exact: true }).fill(plusDays(week, 1));
    await dialog.getByLabel('Time', { exact: true }).fill('14:00');
    await dialog.getByRole('checkbox', { name: 'Repeat' }).check();
    await dialog.getByRole('checkbox', { name: 'Tuesday' }).isChecked();
    await snap(page, 'booking-dialog-desktop');
    await expectAccessible(page, 'booking dialog');
    await dialog.getByRole('button', { name: 'Preview sessions' }).click();
    // The preview is the API's (POST /v1/booking-series/preview): nothing is booked yet.
    await dialog.getByRole('heading', { name: '8 sessions, 1 with a clash' }).waitFor();
    expect(await dialog.locator('li.clash').count()).toBe(1);
    expect(await dialog.locator('li.clash').innerText()).toMatch(/Clash: therapist already booked/);
    expect((await clientBookings(seriesClient)).length).toBe(0);
    await dialog.locator('.series-preview').scrollIntoViewIfNeeded();
    await snap(page, 'booking-series-preview');
    await dialog.getByRole('button', { name: 'Book 7 sessions' }).click();
    await dialog.getByRole('button', { name: 'Done' }).waitFor();
    expect(await dialog.getByRole('status').locator('p').innerText()).toBe('7 sessions booked, 1 skipped (clashes).');
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect((await clientBookings(seriesClient)).length).toBe(7);
    await page.goto(`${BASE_URL}/calendar?date=${plusDays(week, 7)}`);
    await block(page, family).waitFor();
    await page.context().close();
  });

  it('moves one occurrence by the form, this and following to another weekday, then all upcoming to another time', async () => {
    const page = await deskPage();
    await page.goto(`${BASE_URL}/calendar?date=${plusDays(week, 7)}`);
    await block(page, family).click();
    const panel = page.getByRole('dialog', { name: 'Booking' });
    await panel.getByRole('button', { name: 'Move…' }).click();
    await panel.getByRole('radio', { name: 'This session only' }).check();
    await panel.getByLabel('New time').fill('15:00');
    await snap(page, 'booking-move-desktop');
    await expectAccessible(page, 'move form');
    await panel.getByRole('button', { name: 'Move', exact: true }).click();
    await panel.getByText('1 session changed.').waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    await block(page, family).filter({ hasText: '15:00' }).waitFor();

    // From the fifth week on, Thursdays instead of Tuesdays.
    await page.goto(`${BASE_URL}/calendar?date=${plusDays(week, 28)}`);
    await block(page, family).click();
    await panel.getByRole('button', { name: 'Move…' }).click();
    await panel.getByRole('radio', { name: 'This and following sessions' }).check();
    await panel.getByLabel('New day').fill(plusDays(week, 31));
    await panel.getByRole('button', { name: 'Move', exact: true }).click();
    await panel.getByText(/^\d+ sessions changed/).waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    const thursday = page.locator('.cal-column').nth(3);
    await thursday.locator('button.booking', { hasText: family }).waitFor();
    expect(await page.locator('.cal-column').nth(1).locator('button.booking', { hasText: family }).count()).toBe(0);

    // All upcoming sessions of the (new) Thursday series move to 16:00.
    await page.goto(`${BASE_URL}/calendar?date=${plusDays(week, 35)}`);
    await block(page, family).click();
    await panel.getByRole('button', { name: 'Move…' }).click();
    await panel.getByRole('radio', { name: 'All upcoming sessions' }).check();
    await panel.getByLabel('New time').fill('16:00');
    await panel.getByRole('button', { name: 'Move', exact: true }).click();
    await panel.getByText(/^\d+ sessions changed/).waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    await block(page, family).filter({ hasText: '16:00' }).waitFor();
    await page.goto(`${BASE_URL}/calendar?date=${plusDays(week, 28)}`);
    await block(page, family).filter({ hasText: '16:00' }).waitFor();
    await page.context().close();
  });

  it('cancels inside the window with a reason and shows it late', async () => {
    const client = await newClient(desk, 'Drew', `Late-${tag}`);
    const booked = await bookSoon(
      desk,
      { client_id: client, therapist_id: ids.jordan, service_id: ids.flush30 },
      new Date(Date.now() + 2 * 3_600_000),
    );
    const page = await deskPage();
    const day = new Date(booked.starts_at).toLocaleDateString('en-CA', { timeZone: 'America/Denver' });
    await page.goto(`${BASE_URL}/calendar?view=day&date=${day}`);
    await block(page, `Late-${tag}`).click();
    const panel = page.getByRole('dialog', { name: 'Booking' });
    await panel.getByRole('button', { name: 'Cancel booking…' }).click();
    await panel.getByText('Late cancellation:').waitFor();
    await panel.getByLabel('Reason').selectOption({ label: 'Client asked to cancel' });
    await panel.getByLabel('Note (optional)').fill('Away at a race');
    await snap(page, 'booking-cancel-late');
    await expectAccessible(page, 'cancel form');
    await panel.getByRole('button', { name: 'Cancel (late)' }).click();
    await panel.getByText('Cancelled (late).').waitFor();
    await panel.locator('.badge', { hasText: 'Late cancellation' }).waitFor();
    await panel.getByText(/Client asked to cancel: Away at a race/).waitFor();
    await page.context().close();
  });

  it('confirms in one click, and refuses a change over someone else’s with a reload', async () => {
    const client = await newClient(desk, 'Emery', `Status-${tag}`);
    const mine = await desk.ok<{ id: string }>('POST', '/v1/bookings', {
      client_id: client,
      therapist_id: seriesTherapist,
      service_id: ids.flush30,
      starts_at: denver(plusDays(week, 4), '14:00'),
    });
    const theirs = await desk.ok<{ id: string }>('POST', '/v1/bookings', {
      client_id: client,
      therapist_id: seriesTherapist,
      service_id: ids.flush30,
      starts_at: denver(plusDays(week, 4), '16:00'),
    });
    const page = await deskPage();
    await page.goto(`${BASE_URL}/calendar?date=${week}`);
    const panel = page.getByRole('dialog', { name: 'Booking' });
    await block(page, `Status-${tag}`).filter({ hasText: '14:00' }).click();
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await panel.getByText('Now confirmed.').waitFor();
    await panel.getByRole('button', { name: 'Check in' }).waitFor();
    await snap(page, 'booking-panel-desktop');
    await expectAccessible(page, 'booking panel');
    await panel.getByRole('button', { name: 'Close' }).click();
    expect((await desk.ok<{ status: string }>('GET', `/v1/bookings/${mine.id}`)).status).toBe('confirmed');

    await block(page, `Status-${tag}`).filter({ hasText: '16:00' }).click();
    await panel.getByRole('button', { name: 'Confirm' }).waitFor();
    const current = await desk.call('GET', `/v1/bookings/${theirs.id}`);
    await desk.ok('PATCH', `/v1/bookings/${theirs.id}`, { status: 'confirmed' }, { 'If-Match': current.etag ?? '' });
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await panel.getByText('Changed by someone else').waitFor();
    await panel.getByRole('button', { name: 'Reload' }).click();
    await panel.locator('.badge', { hasText: 'Confirmed' }).waitFor();
    expect(await panel.getByRole('button', { name: 'Confirm' }).count()).toBe(0);
    await page.context().close();
  });

  it('books with the keyboard alone', async () => {
    await newClient(desk, 'Finley', `Keys-${tag}`);
    const page = await deskPage();
    await page.goto(`${BASE_URL}/calendar?date=${plusDays(week, 14)}&who=${seriesTherapist}`);
    await page.locator('.cal-slot').first().waitFor();
    await tabTo(page, /free: new booking|Calendar slots|, \d\d:\d\d/);
    // Wednesday 13:00: Home is the grid's first slot (08:00), then ten half hours down.
    await page.keyboard.press('Home');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Wednesday.*13:00, free/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New booking' });
    await dialog.waitFor();
    await page.keyboard.type(`Keys-${tag}`);
    await dialog.getByRole('button', { name: new RegExp(`Finley Keys-${tag}`) }).waitFor();
    await tabTo(page, new RegExp(`Finley Keys-${tag}`));
    await page.keyboard.press('Enter');
    await tabTo(page, /^Service/);
    await page.keyboard.press('ArrowDown');
    await tabTo(page, /^Book$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await block(page, `Keys-${tag}`).waitFor();
  });
});

describe('booking on a phone, and outside hours', () => {
  it('opens the dialog and the panel on a phone', async () => {
    const page = await deskPage(390, 844);
    await page.goto(`${BASE_URL}/calendar?date=${week}`);
    await page.getByRole('button', { name: 'New booking', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New booking' });
    await dialog.getByLabel('Client').waitFor();
    await snap(page, 'booking-dialog-phone', true);
    await expectAccessible(page, 'booking dialog phone');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.locator('button.booking-row', { hasText: `Status-${tag}` }).first().click();
    await page.getByRole('dialog', { name: 'Booking' }).getByText('Sports massage 60').or(page.getByRole('dialog', { name: 'Booking' }).getByText('Recovery flush 30')).first().waitFor();
    await snap(page, 'booking-panel-phone', true);
    await expectAccessible(page, 'booking panel phone');
    await page.context().close();
  });

  it('books outside working hours with a reason and shows who overrode and why', async () => {
    // The override reason is part of the API contract being added; until the spec's NewBooking
    // takes it (and api/pending.ts sends it), this step waits for it.
    const spec = (await (await fetch(`${BASE_URL}/openapi.json`)).json()) as {
      components: { schemas: { NewBooking: { properties: Record<string, unknown> } } };
    };
    if (!('override_reason' in spec.components.schemas.NewBooking.properties)) {
      console.log('booking: NewBooking takes no override_reason yet; the override step waits for it');
      return;
    }
    const client = await newClient(desk, 'Gray', `Override-${tag}`);
    const page = await deskPage();
    await page.goto(`${BASE_URL}/calendar?date=${week}&who=${ids.jordan}`);
    await page.getByRole('button', { name: 'New booking', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New booking' });
    await dialog.getByLabel('Client').fill(`Override-${tag}`);
    await dialog.getByRole('button', { name: new RegExp(`Gray Override-${tag}`) }).click();
    await dialog.getByLabel('Service').selectOption({ label: 'Recovery flush 30 (30 min)' });
    await dialog.getByLabel('Therapist').selectOption(ids.jordan);
    await dialog.getByLabel('Day', { exact: true }).fill(plusDays(week, 2));
    await dialog.getByLabel('Time', { exact: true }).fill('19:30');
    await dialog.getByRole('checkbox', { name: /Book outside working hours/ }).check();
    await dialog.getByLabel('Reason').selectOption({ index: 1 });
    await dialog.getByLabel('Note (optional)').fill('Only evening free this week');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await block(page, `Override-${tag}`).click();
    await page.getByRole('dialog', { name: 'Booking' }).getByText(/Only evening free this week \(Sam Patel/).waitFor();
    expect(client).not.toBe('');
    await page.context().close();
  });
});

/** Presses Tab until the focused element's name (label or text) matches; fails after 60. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const byFor = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return el.getAttribute('aria-label') ?? byFor ?? el.textContent;
    });
    if (name.test(label.trim())) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`no focusable element named ${name.source}`);
}
