// Today: the landing screen of therapists and owners. The signed-in therapist's bookings of
// the day in order, each with alerts (and their conditions), pain areas, the last plan and
// home care, the next race, and Start note / Open note; the front desk keeps its landing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, bookedClient, call, type Scenario } from './clinic';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
let first: Scenario;
let second: Scenario;
const run = Date.now().toString(36);

beforeAll(async () => {
  browser = await launch();
  const maya = await apiLogin('maya@stride.example');
  first = await bookedClient(maya, `Adeyemi-${run}`);
  second = await bookedClient(maya, `Brandt-${run}`);
});

afterAll(async () => {
  await browser.close();
});

async function at(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, hasTouch: width < 900, isMobile: width < 500 });
  return context.newPage();
}

const card = (page: Page, name: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(name) }) });

describe('Today', () => {
  it('is where a therapist lands, with the day in order and what to know about each client', async () => {
    const page = await at(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    expect(new URL(page.url()).pathname).toBe('/today');
    const one = card(page, first.clientName);
    await one.waitFor();
    await one.getByText('Takes anticoagulants: no deep pressure').waitFor();
    await one.getByText(/Left calf 5\/10, Left plantar fascia 6\/10/).waitFor();
    await one.getByText(/Two more sessions, then reassess/).waitFor();
    await one.getByText(/Ball release \(2 minutes every morning\)/).waitFor();
    await one.getByText(/Valley Half/).waitFor();
    // In order of start: the first scenario was booked in an earlier slot than the second.
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    const firstAt = headings.findIndex((h) => h.includes(first.clientName));
    const secondAt = headings.findIndex((h) => h.includes(second.clientName));
    expect(firstAt).toBeGreaterThanOrEqual(0);
    expect(firstAt).toBeLessThan(secondAt);
    await snap(page, 'today-desktop');
    await expectAccessible(page, 'today');
  });

  it('turns Start note into Open note once the booking has a note', async () => {
    const maya = await apiLogin('maya@stride.example');
    const page = await at(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    const link = card(page, second.clientName).getByRole('link', { name: `Start note for ${second.clientName}` });
    await link.click();
    await page.getByRole('heading', { name: `Session note · ${second.clientName}` }).waitFor();
    await page.getByLabel('Subjective', { exact: true }).fill('Short note');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count(), { timeout: 10_000 }).toBe(1);
    const id = new URL(page.url()).pathname.split('/')[2] ?? '';
    const note = await call<{ booking_id: string }>(maya, 'GET', `/v1/session-notes/${id}`);
    expect(note.booking_id).toBe(second.bookingId);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
    const open = card(page, second.clientName).getByRole('link', { name: `Open note for ${second.clientName}` });
    await open.waitFor();
    expect(await open.getAttribute('href')).toBe(`/notes/${id}`);
  });

  it('fits a tablet and a phone', async () => {
    for (const [name, w, h] of [['tablet', 820, 1180], ['phone', 390, 844]] as const) {
      const page = await at(w, h);
      await signIn(page, 'maya@stride.example', 'Today');
      await card(page, first.clientName).waitFor();
      await expectNoSidewaysScroll(page);
      await snap(page, `today-${name}`, true);
      await expectAccessible(page, `today (${name})`);
    }
  });

  it('is also the owner’s landing, while the front desk lands where it did and cannot open it', async () => {
    const owner = await at(1280, 900);
    await signIn(owner, 'owner@stride.example', 'Today');
    expect(new URL(owner.url()).pathname).toBe('/today');
    const desk = await at(1280, 900);
    await signIn(desk, 'sam@stride.example');
    expect(new URL(desk.url()).pathname).not.toBe('/today');
    expect(await desk.getByRole('link', { name: 'Today' }).count()).toBe(0);
    await desk.goto(`${BASE_URL}/today`);
    await desk.getByRole('heading', { name: 'Not available' }).waitFor();
  });
});
