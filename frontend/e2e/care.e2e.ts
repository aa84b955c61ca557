// Runner-aware care in the browser: a therapist starts a plan from a runner's races, asks for
// proposals and books them (then finds them on the calendar); the front desk's rebooking list
// books a due client's slot and shows nothing of a plan; progress flags on the client page and
// on Today for a therapist, and neither they nor their calls for the front desk.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, call, type Caller } from './clinic';
import { join } from 'node:path';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, SCREENSHOTS, signIn, snap } from './support';

let browser: Browser;
let maya: Caller;

beforeAll(async () => {
  browser = await launch();
  maya = await apiLogin('maya@stride.example');
});

afterAll(async () => {
  await browser.close();
});

async function at(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, hasTouch: width < 900, isMobile: width < 500 });
  return context.newPage();
}

async function clientId(who: Caller, q: string): Promise<string> {
  const page = await call<{ items: { id: string }[] }>(who, 'GET', `/v1/clients?q=${encodeURIComponent(q)}`);
  const id = page.items[0]?.id;
  if (!id) throw new Error(`no client ${q}`);
  return id;
}

/** Books a client with the therapist today, in the first slot earlier runs left free. */
async function bookToday(who: Caller, client: string): Promise<void> {
  const services = await call<{ id: string; duration_minutes: number }[]>(who, 'GET', '/v1/services');
  const service = services.find((s) => s.duration_minutes === 60) ?? services[0];
  const today = new Date().toISOString().slice(0, 10);
  for (let slot = 0; slot < 17; slot += 1) {
    const start = new Date(`${today}T00:00:00Z`);
    start.setUTCMinutes(40 + slot * 80);
    try {
      await call(who, 'POST', '/v1/bookings', {
        client_id: client, therapist_id: who.staffId, service_id: service?.id,
        starts_at: start.toISOString(), outside_hours: true, override_reason: { code: 'client_request' },
      });
      return;
    } catch (error) {
      if (!String(error).includes('409')) throw error;
    }
  }
  throw new Error('no free slot today');
}

/** The practice's local date of an instant (the calendar's `date` parameter). */
function localDay(instant: string, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

interface Proposal { key: string; starts_at: string; reason: string }

describe('care plan', () => {
  it('a therapist starts a plan from the races, books the proposals and finds them on the calendar', async () => {
    const priya = await clientId(maya, 'Priya');
    const page = await at(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    await page.goto(`${BASE_URL}/clients/${priya}`);
    const section = page.getByRole('region', { name: 'Care plan' });
    await section.waitFor();
    // An earlier run may have left a plan: a new one from the races replaces it.
    const again = section.getByRole('button', { name: 'Start a new plan from races' });
    await section.getByRole('button', { name: /^Start a (new )?plan from races$/ }).first().waitFor();
    if (await again.count()) await again.click();
    await section.getByLabel('Service', { exact: true }).selectOption({ label: 'Sports massage 60' });
    await section.getByLabel('Lighter service before a race').selectOption({ label: 'Pre-race flush 30' });
    await expect.poll(() => section.getByLabel('Therapist').inputValue()).toBe(maya.staffId);
    await section.getByRole('form', { name: 'Start a plan from races' }).getByRole('button', { name: 'Start a plan from races' }).click();
    const phases = section.getByRole('list', { name: 'Phases' });
    await phases.getByText(/Taper/).waitFor();
    await phases.getByText(/Moab Trail 50K/).first().waitFor();
    await phases.getByText(/Build.*weekly/).waitFor();

    const answer = page.waitForResponse((r) => r.url().endsWith('/suggest') && r.request().method() === 'POST');
    await section.getByRole('button', { name: 'Suggest sessions' }).click();
    const { proposals } = (await (await answer).json()) as { proposals: Proposal[] };
    expect(proposals.length).toBeGreaterThan(1);
    await section.getByText(/taper: \d+ days? before Moab Trail 50K/).waitFor();
    for (const p of proposals) await section.getByText(p.reason, { exact: false }).first().waitFor();
    await snap(page, 'care-plan-desktop');
    await expectAccessible(page, 'care plan with proposals');

    await section.getByRole('button', { name: 'Accept all' }).click();
    await section.getByRole('status').getByText(`Booked ${proposals.length} sessions.`).waitFor();
    await expect.poll(() => section.getByRole('checkbox').count()).toBe(0);
    const booked = section.getByRole('heading', { name: 'Booked in this plan' }).locator('xpath=..');
    await expect.poll(() => booked.getByRole('listitem').count()).toBeGreaterThanOrEqual(proposals.length);
    await booked.getByText(/Pre-race flush 30 · Maya Chen/).waitFor();
    await section.screenshot({ path: join(SCREENSHOTS, 'care-plan-booked-desktop.png') });

    const zone = (await call<{ time_zone: string }>(maya, 'GET', '/v1/practice')).time_zone;
    for (const p of [proposals[0], proposals[proposals.length - 1]]) {
      if (!p) continue;
      await page.goto(`${BASE_URL}/calendar?date=${localDay(p.starts_at, zone)}`);
      await page.getByRole('button', { name: /Priya Natarajan/ }).first().waitFor();
    }
  });

  it('shows the plan built from the races on a phone', async () => {
    const alex = await clientId(maya, 'Alex Rivera');
    const page = await at(390, 844);
    await signIn(page, 'maya@stride.example', 'Today');
    await page.goto(`${BASE_URL}/clients/${alex}`);
    const section = page.getByRole('region', { name: 'Care plan' });
    await section.getByRole('list', { name: 'Phases' }).getByText(/Boston Marathon/).first().waitFor();
    await section.getByRole('button', { name: 'Suggest sessions' }).click();
    await section.getByRole('button', { name: 'Accept all' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(page);
    await snap(page, 'care-plan-phone', true);
    await section.screenshot({ path: join(SCREENSHOTS, 'care-plan-phone-section.png') });
    await expectAccessible(page, 'care plan (phone)');
  });

  it('books nothing when one proposal’s time was taken, and marks that one', async () => {
    const alex = await clientId(maya, 'Alex Rivera');
    const tomas = await clientId(maya, 'Tomás');
    const page = await at(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    await page.goto(`${BASE_URL}/clients/${alex}`);
    const section = page.getByRole('region', { name: 'Care plan' });
    const answer = page.waitForResponse((r) => r.url().endsWith('/suggest') && r.request().method() === 'POST');
    await section.getByRole('button', { name: 'Suggest sessions' }).click();
    const { proposals } = (await (await answer).json()) as { proposals: (Proposal & { service_id: string })[] };
    const [taken, other] = proposals;
    if (!taken || !other) throw new Error('expected at least two proposals for Alex');
    await call(maya, 'POST', '/v1/bookings', {
      client_id: tomas, therapist_id: maya.staffId, service_id: taken.service_id, starts_at: taken.starts_at,
      outside_hours: true, override_reason: { code: 'client_request' },
    });
    await section.getByRole('button', { name: 'Accept all' }).click();
    await section.getByRole('alert').waitFor();
    await section.getByRole('listitem').filter({ hasText: taken.reason }).getByText(/no longer free/).waitFor();
    const around = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
    const booked = await call<{ items: unknown[] }>(maya, 'GET',
      `/v1/bookings?client_id=${alex}&from=${encodeURIComponent(around(other.starts_at, -1))}&to=${encodeURIComponent(around(other.starts_at, 1))}`);
    expect(booked.items).toEqual([]);
    await section.screenshot({ path: join(SCREENSHOTS, 'care-plan-clash-desktop.png') });
    await expectAccessible(page, 'care plan with a clash');
    // The refused one is unticked: accepting the selection books the others.
    expect(await section.getByRole('listitem').filter({ hasText: taken.reason }).getByRole('checkbox').isChecked()).toBe(false);
    const rest = proposals.length - 1;
    await section.getByRole('button', { name: `Accept selected (${rest})` }).click();
    await section.getByRole('status').getByText(`Booked ${rest} ${rest === 1 ? 'session' : 'sessions'}.`).waitFor();
    await expect.poll(async () => (await call<{ items: unknown[] }>(maya, 'GET',
      `/v1/bookings?client_id=${alex}&from=${encodeURIComponent(around(other.starts_at, -1))}&to=${encodeURIComponent(around(other.starts_at, 1))}`)).items.length).toBe(1);
  });
});

describe('rebooking', () => {
  it('the front desk sees who is due, overdue first, and books one in one click', async () => {
    const page = await at(1280, 900);
    const calls: string[] = [];
    page.on('request', (r) => calls.push(new URL(r.url()).pathname));
    await signIn(page, 'sam@stride.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Due for rebooking' }).click();
    await page.getByRole('heading', { name: 'Due for rebooking', level: 1 }).waitFor();
    const overdue = page.getByRole('region', { name: /Overdue/ });
    const due = page.getByRole('region', { name: /Due now/ });
    await overdue.getByRole('heading', { name: /Morgan Blake/ }).waitFor();
    const jamie = due.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Jamie Lee/ }) });
    await jamie.getByText('+1 303 555 0188').waitFor();
    await jamie.getByText(/^Due since /).waitFor();
    await jamie.getByText(/with Maya Chen/).first().waitFor();
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.findIndex((h) => h.startsWith('Overdue'))).toBeLessThan(headings.findIndex((h) => h.startsWith('Due now')));
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/build|taper|maintenance|recovery|phase|reason|flag|pain/i);
    await snap(page, 'rebooking-desktop');
    await expectAccessible(page, 'rebooking list');

    const slot = jamie.getByRole('button', { name: /^Book .* for Jamie Lee$/ }).first();
    const label = (await slot.textContent()) ?? '';
    await slot.click();
    await page.getByRole('status').getByText(`Booked Jamie Lee: ${label.replace(/^Book /, '')} with Maya Chen.`).waitFor();
    await expect.poll(() => page.getByRole('heading', { name: /Jamie Lee/ }).count()).toBe(0);
    await page.reload();
    await overdue.getByRole('heading', { name: /Morgan Blake/ }).waitFor();
    expect(await page.getByRole('heading', { name: /Jamie Lee/ }).count()).toBe(0);
    const jamieId = await clientId(maya, 'Jamie Lee');
    await page.goto(`${BASE_URL}/clients/${jamieId}`);
    await page.getByRole('region', { name: 'Bookings' }).getByText(label.replace(/^Book [^,]+, /, '')).first().waitFor();
    expect(calls.filter((p) => /care-plans|\/flags/.test(p))).toEqual([]);
  });

  it('fits a phone', async () => {
    const page = await at(390, 844);
    await signIn(page, 'sam@stride.example');
    await page.goto(`${BASE_URL}/rebooking`);
    await page.getByRole('heading', { name: /Morgan Blake/ }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, 'rebooking-phone', true);
    await expectAccessible(page, 'rebooking list (phone)');
  });
});

describe('progress flags', () => {
  it('shows a therapist the flags on the client page and on Today, and the front desk neither', async () => {
    const grace = await clientId(maya, 'Grace Okafor');
    await bookToday(maya, grace);
    const page = await at(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Grace Okafor/ }) }).first();
    const flags = card.getByRole('list', { name: 'Progress flags for Grace Okafor' });
    await flags.getByText(/Rising pain/).waitFor();
    await flags.getByText(/rose over the last three sessions/).waitFor();
    await snap(page, 'today-flags-desktop');
    await expectAccessible(page, 'today with flags');

    await page.goto(`${BASE_URL}/clients/${grace}`);
    const progress = page.getByRole('region', { name: 'Progress and flags' });
    await progress.getByText(/not diagnoses/).waitFor();
    await progress.getByText(/rose over the last three sessions \(3 → 5 → 7\)/).waitFor();
    const row = progress.getByRole('row', { name: /Right plantar fascia/ });
    await row.getByText('3 → 7').waitFor();
    await row.getByText('+4 (worse)').waitFor();
    await progress.scrollIntoViewIfNeeded();
    await snap(page, 'client-flags-desktop');
    await expectAccessible(page, 'client page with flags');

    const phone = await at(390, 844);
    await signIn(phone, 'maya@stride.example', 'Today');
    await phone.goto(`${BASE_URL}/clients/${grace}`);
    const onPhone = phone.getByRole('region', { name: 'Progress and flags' });
    await onPhone.getByText(/Rising pain/).waitFor();
    await onPhone.scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(phone);
    await snap(phone, 'client-flags-phone', true);
    await expectAccessible(phone, 'client page with flags (phone)');

    const desk = await at(1280, 900);
    const calls: string[] = [];
    desk.on('request', (r) => calls.push(new URL(r.url()).pathname));
    await signIn(desk, 'sam@stride.example');
    await desk.goto(`${BASE_URL}/clients/${grace}`);
    await desk.getByRole('heading', { name: 'Grace Okafor', level: 1 }).waitFor();
    await desk.getByRole('region', { name: 'Bookings' }).waitFor();
    expect(await desk.getByRole('region', { name: /Progress and flags|Care plan/ }).count()).toBe(0);
    expect(await desk.getByText(/Rising pain|rose over/).count()).toBe(0);
    await desk.goto(`${BASE_URL}/calendar`);
    await desk.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await desk.getByText(/Rising pain|rose over/).count()).toBe(0);
    await desk.goto(`${BASE_URL}/today`);
    await desk.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(calls.filter((p) => /care-plans|\/flags/.test(p))).toEqual([]);
  });
});
