// The client page against the real API: the phone number and preferences edited, a race added,
// edited and removed, bookings with "book again", archive and unarchive, and the client's
// calendar feed created (it serves iCalendar) and revoked.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_DEMO_SERIES, apiAs, demoIds, denver, mondayIn, newClient, plusDays } from './api';
import { BASE_URL, expectAccessible, launch, signIn, snap } from './support';

let browser: Browser;
const tag = Date.now().toString(36);
const family = `Edit-${tag}`;
let clientId = '';

beforeAll(async () => {
  browser = await launch();
  const desk = await apiAs('sam@stride.example');
  const ids = await demoIds(desk);
  clientId = await newClient(desk, 'Harper', family);
  await desk.ok('POST', '/v1/bookings', {
    client_id: clientId,
    therapist_id: ids.jordan,
    service_id: ids.sports60,
    starts_at: denver(plusDays(mondayIn(AFTER_DEMO_SERIES + Math.floor(Math.random() * 30)), 2), '15:00'),
  });
});

afterAll(async () => {
  await browser.close();
});

async function deskPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await signIn(page, 'sam@stride.example', 'Calendar');
  return page;
}

describe('client page', () => {
  it('edits the phone number and preferences, and a race', async () => {
    const page = await deskPage();
    await page.goto(`${BASE_URL}/clients/${clientId}`);
    await page.getByRole('heading', { name: `Harper ${family}` }).waitFor();
    await page.getByText('Sports massage 60').first().waitFor();
    await snap(page, 'client-page-desktop');
    await expectAccessible(page, 'client page');

    await page.getByRole('link', { name: 'Edit details' }).click();
    await page.getByRole('heading', { name: 'Edit client' }).waitFor();
    await page.locator('#f-phone').fill('+1 303 555 0199');
    await page.getByLabel('Pressure preference').selectOption({ index: 1 });
    await page.getByRole('checkbox', { name: 'Left calf' }).or(page.getByRole('checkbox', { name: 'Calf' })).first().check();
    await page.getByRole('checkbox', { name: 'No reminder emails' }).check();
    await snap(page, 'client-edit-desktop');
    await expectAccessible(page, 'client edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: `Harper ${family}` }).waitFor();
    await page.getByText('+1 303 555 0199').waitFor();

    await page.getByRole('button', { name: 'Add race' }).click();
    await page.getByLabel('Race name').fill('Bolder Boulder');
    await page.getByLabel('Race day').fill('2027-05-31');
    await page.getByLabel('Distance (km)').fill('10');
    await page.getByRole('button', { name: 'Save race' }).click();
    await page.getByText('Bolder Boulder').waitFor();
    await page.getByRole('button', { name: 'Edit Bolder Boulder' }).click();
    await page.getByLabel('Race name').fill('Bolder Boulder 10K');
    await page.getByRole('button', { name: 'Save race' }).click();
    await page.getByText('Bolder Boulder 10K').waitFor();
    await page.getByRole('button', { name: 'Remove Bolder Boulder 10K' }).click();
    await page.getByText('No races planned.').waitFor();

    const desk = await apiAs('sam@stride.example');
    const stored = await desk.ok<{ phone: string; areas_to_avoid: string[]; reminders_opt_out: boolean }>('GET', `/v1/clients/${clientId}`);
    expect(stored.phone).toBe('+1 303 555 0199');
    expect(stored.areas_to_avoid.length).toBe(1);
    expect(stored.reminders_opt_out).toBe(true);
    await page.context().close();
  });

  it('refuses an edit over someone else’s and reloads their version', async () => {
    const page = await deskPage();
    await page.goto(`${BASE_URL}/clients/${clientId}/edit`);
    await page.locator('#f-phone').waitFor();
    const desk = await apiAs('sam@stride.example');
    const current = await desk.call('GET', `/v1/clients/${clientId}`);
    await desk.ok('PATCH', `/v1/clients/${clientId}`, { notes: 'Prefers mornings' }, { 'If-Match': current.etag ?? '' });
    await page.locator('#f-phone').fill('+1 303 555 0100');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changed by someone else').waitFor();
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByLabel('Practical notes').inputValue()).toBe('Prefers mornings');
    await page.context().close();
  });

  it('creates a feed link that serves iCalendar, revokes it, and archives the client', async () => {
    const page = await deskPage();
    await page.goto(`${BASE_URL}/clients/${clientId}`);
    await page.getByRole('button', { name: 'Create feed link' }).click();
    const url = await page.getByLabel('Calendar feed for this client').inputValue();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
    const ics = await feed.text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics.match(/BEGIN:VEVENT/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Revoke feed' }).click();
    await page.getByText('The feed link is revoked.').waitFor();
    expect((await fetch(url)).status).toBe(404);

    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.locator('.badge', { hasText: 'Archived' }).waitFor();
    await page.getByRole('button', { name: 'Unarchive' }).click();
    await page.getByRole('button', { name: 'Archive', exact: true }).waitFor();
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await deskPage(390, 844);
    await page.goto(`${BASE_URL}/clients/${clientId}`);
    await page.getByRole('heading', { name: `Harper ${family}` }).waitFor();
    await snap(page, 'client-page-phone', true);
    await expectAccessible(page, 'client page phone');
    await page.context().close();
  });
});
