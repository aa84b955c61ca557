// Reports and the audit log against the real API: the outcome table's numbers are the API's,
// the client's pain chart shows a new signed session, and owners page through the audit log.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, bookedClient, call, type Caller, type Scenario } from './clinic';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
let maya: Caller;
let scenario: Scenario;

interface Outcome { technique: string; sessions: number; clients: number; mean_pain_before: number; mean_pain_after: number; mean_change: number }

beforeAll(async () => {
  browser = await launch();
  maya = await apiLogin('maya@stride.example');
  // Booked with Jordan: the therapist's day (Maya's) has room for the tests that need it.
  scenario = await bookedClient(maya, `Castillo-${Date.now().toString(36)}`, await apiLogin('jordan@stride.example'));
  // Today's session, signed: a before → after pair on the left calf.
  const note = await call<{ id: string }>(maya, 'POST', '/v1/session-notes', {
    client_id: scenario.clientId, booking_id: scenario.bookingId, session_date: new Date().toISOString().slice(0, 10),
    duration_minutes: 60, subjective: 'Calf easing',
    techniques: [{ technique: 'cupping', regions: [{ region: 'calf', side: 'left' }], minutes: 15, pressure: 'medium' }],
    pain: [{ region: 'calf', side: 'left', before: 5, after: 2 }],
  });
  await call(maya, 'POST', `/v1/session-notes/${note.id}/sign`);
});

afterAll(async () => {
  await browser.close();
});

async function at(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  return context.newPage();
}

describe('clinical reports', () => {
  it('charts the client’s pain per region with the new session, the race, and a table of the same points', async () => {
    const page = await at(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    await page.goto(`${BASE_URL}/clients/${scenario.clientId}`);
    await page.getByRole('heading', { name: 'Pain trend' }).waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const pair = page.locator(`.session-pair[data-date="${today}"]`);
    await pair.waitFor();
    expect(await pair.getAttribute('data-before')).toBe('5');
    expect(await pair.getAttribute('data-after')).toBe('2');
    expect(await page.locator('.pain-chart svg .race').count()).toBe(1);
    const table = page.getByRole('table', { name: /Left calf: scores by date/ });
    expect(await table.getByRole('row').count()).toBe(1 + 4); // intake, last week's session, today's, the race
    const timeline = page.getByRole('region', { name: 'Session notes' });
    expect(await timeline.getByText('Signed').count()).toBe(2);
    await snap(page, 'client-pain-trend');
    await expectAccessible(page, 'client page with notes and pain trend');
  });

  it('shows outcomes by technique for a region with the API’s numbers, on desktop, tablet and phone', async () => {
    const expected = await call<Outcome[]>(maya, 'GET', '/v1/reports/technique-outcomes?region=calf');
    expect(expected.length).toBeGreaterThan(0);
    for (const [name, w, h] of [['desktop', 1280, 900], ['tablet', 820, 1180], ['phone', 390, 844]] as const) {
      const page = await at(w, h);
      await signIn(page, 'maya@stride.example', 'Today');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      await page.getByLabel('Region', { exact: true }).selectOption('calf');
      const table = page.getByRole('table', { name: /Outcomes by technique, Calf/ });
      await table.waitFor();
      for (const o of expected) {
        const row = table.locator(`tr[data-technique="${o.technique}"]`);
        const cells = await row.locator('td').allTextContents();
        expect(cells).toEqual([
          String(o.sessions), String(o.clients),
          `${o.mean_pain_before.toFixed(1)} → ${o.mean_pain_after.toFixed(1)}`,
          `${o.mean_change > 0 ? '+' : ''}${o.mean_change.toFixed(1)}`,
        ]);
      }
      await expectNoSidewaysScroll(page);
      await snap(page, `reports-${name}`, name === 'phone');
      await expectAccessible(page, `reports (${name})`);
    }
  });
});

describe('audit log', () => {
  it('lets the owner filter by client and staff and page through events', async () => {
    const page = await at(1280, 900);
    await signIn(page, 'owner@stride.example', 'Today');
    // Enough audited reads for more than one page, whatever ran before this file.
    await page.evaluate(async () => {
      const session = JSON.parse(localStorage.getItem('knead.session') ?? '{}') as { accessToken?: string };
      for (let i = 0; i < 55; i += 1) {
        await fetch('/v1/session-notes?limit=1', { headers: { Authorization: `Bearer ${session.accessToken ?? ''}` } });
      }
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const rows = page.getByRole('table', { name: /Audit events/ }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    const firstPage = await rows.first().locator('td').first().textContent();
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(async () => rows.first().locator('td').first().textContent()).not.toBe(firstPage);
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(async () => rows.first().locator('td').first().textContent()).toBe(firstPage);
    await page.getByLabel('Find a client').fill(scenario.clientName.split(' ')[1] ?? '');
    await page.getByLabel('Client', { exact: true }).selectOption({ label: scenario.clientName });
    await page.getByLabel('Staff member').selectOption({ label: 'Maya Chen' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(async () => (await rows.allTextContents()).every((r) => r.includes('Maya Chen'))).toBe(true);
    const expected = await call<{ items: unknown[] }>(await apiLogin('owner@stride.example'), 'GET',
      `/v1/audit-events?client_id=${scenario.clientId}&actor_id=${maya.staffId}&limit=50`);
    await expect.poll(() => rows.count()).toBe(expected.items.length);
    await snap(page, 'audit-log');
    await expectAccessible(page, 'audit log');
    const phone = await at(390, 844);
    await signIn(phone, 'owner@stride.example', 'Today');
    await phone.goto(`${BASE_URL}/audit`);
    await phone.getByRole('table', { name: /Audit events/ }).waitFor();
    await expectNoSidewaysScroll(phone);
    await snap(phone, 'audit-log-phone', true);
    await expectAccessible(phone, 'audit log (phone)');
  });

  it('is not open to therapists', async () => {
    const page = await at(1280, 900);
    await signIn(page, 'maya@stride.example', 'Today');
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto(`${BASE_URL}/audit`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
  });
});
