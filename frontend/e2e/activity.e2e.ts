// The activity log against the real API: the front desk books and cancels, and the owner sees
// who did it, filters by action and resource, and never sees the cancellation's note.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, call, type Caller } from './clinic';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
let owner: Caller;
let bookingId: string;
let clientId: string;
const NOTE = 'Flight delayed out of Denver';

interface Entry { action: string; resource_id: string; actor: { kind: string; id: string | null; display_name: string | null } }

beforeAll(async () => {
  browser = await launch();
  owner = await apiLogin('owner@stride.example');
  const sam = await apiLogin('sam@stride.example');
  const maya = await apiLogin('maya@stride.example');
  const client = await call<{ id: string }>(sam, 'POST', '/v1/clients', {
    given_name: 'Robin', family_name: `Activity-${Date.now().toString(36)}`,
  });
  clientId = client.id;
  const services = await call<{ id: string }[]>(sam, 'GET', '/v1/services');
  // Earlier runs on the same server hold some slots: take the first free one, a week ahead.
  for (let slot = 0; slot < 40 && !bookingId; slot += 1) {
    const start = new Date(Date.now() + 7 * 86_400_000);
    start.setUTCHours(0, 10 + slot * 70, 0, 0);
    try {
      const booking = await call<{ id: string }>(sam, 'POST', '/v1/bookings', {
        client_id: client.id, therapist_id: maya.staffId, service_id: services[0]?.id,
        starts_at: start.toISOString(), outside_hours: true, override_reason: { code: 'client_request' },
      });
      bookingId = booking.id;
    } catch (error) {
      if (!String(error).includes('409')) throw error;
    }
  }
  await call(sam, 'POST', `/v1/bookings/${bookingId}/cancel`, { reason: 'weather', note: NOTE });
});

afterAll(async () => {
  await browser.close();
});

async function at(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  return context.newPage();
}

describe('activity log', () => {
  it('shows the owner who cancelled a booking, filters by action and resource, and holds no text', async () => {
    const page = await at(1280, 900);
    await signIn(page, 'owner@stride.example', 'Today');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: /Activity, newest first/ });
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    // Newest first: the cancellation is among the first rows, named as Sam's.
    const cancelled = table.locator(`tr[data-action="booking.cancelled"]`).first();
    await cancelled.waitFor();
    expect(await cancelled.textContent()).toContain('Sam Patel (front desk)');
    expect(await page.content()).not.toContain(NOTE);

    await page.getByLabel('Action').selectOption('booking.cancelled');
    await page.getByRole('button', { name: 'Show' }).click();
    const expected = await call<{ items: Entry[] }>(owner, 'GET', '/v1/activity?action=booking.cancelled&limit=50');
    expect(expected.items.some((e) => e.resource_id === bookingId && e.actor.display_name === 'Sam Patel')).toBe(true);
    await expect.poll(() => rows.count()).toBe(expected.items.length);
    expect(await rows.evaluateAll((trs) => trs.every((tr) => tr.getAttribute('data-action') === 'booking.cancelled'))).toBe(true);
    await snap(page, 'activity-cancelled');

    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('Resource').selectOption({ label: 'Client' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(async () => rows.evaluateAll((trs) => trs.every((tr) => tr.getAttribute('data-action')?.startsWith('client.')))).toBe(true);
    const clients = await call<{ items: Entry[] }>(owner, 'GET', '/v1/activity?resource_type=client&limit=50');
    expect(clients.items.find((e) => e.resource_id === clientId)?.action).toBe('client.created');
    await expect.poll(() => rows.count()).toBe(clients.items.length);
    await snap(page, 'activity');
    await expectAccessible(page, 'activity log');

    const phone = await at(390, 844);
    await signIn(phone, 'owner@stride.example', 'Today');
    await phone.goto(`${BASE_URL}/activity`);
    await phone.getByRole('table', { name: /Activity, newest first/ }).waitFor();
    await expectNoSidewaysScroll(phone);
    await snap(phone, 'activity-phone', true);
    await expectAccessible(phone, 'activity log (phone)');
  });

  it('is not open to the front desk', async () => {
    const page = await at(1280, 900);
    await signIn(page, 'sam@stride.example');
    expect(await page.getByRole('link', { name: 'Activity' }).count()).toBe(0);
    await page.goto(`${BASE_URL}/activity`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(await page.getByText('The activity log is open to owners only.').count()).toBe(1);
  });
});
