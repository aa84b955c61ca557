// Settings against the real API: the owner adds a service and a room, invites a therapist
// (the invitation link to copy), gives them weekly hours and time off, issues their calendar
// feed (fetched and parsed as iCalendar), adds a closed day; a therapist sees only their own
// schedule and the front desk only the password form.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
const tag = Date.now().toString(36);

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

async function as(email: string, width = 1280, height = 900): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  await signIn(page, email);
  await page.goto(`${BASE_URL}/settings`);
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  return page;
}

/** The unfolded properties of each VEVENT in an iCalendar text. */
function events(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split(/\r\n/);
  const out: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      out.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon).split(';')[0] ?? ''] = line.slice(colon + 1);
    }
  }
  return out;
}

describe('settings', () => {
  it('lets the owner add a service and a room', async () => {
    const page = await as('owner@stride.example');
    await snap(page, 'settings-desktop');
    await expectAccessible(page, 'settings');
    await page.getByRole('button', { name: 'Add service' }).click();
    const form = page.getByRole('group', { name: 'New service' });
    await form.getByLabel('Service name').fill(`Race-week flush ${tag}`);
    await form.getByLabel('Length (minutes)').fill('45');
    await form.getByLabel('Price').fill('75.50');
    await form.getByLabel('Buffer after (minutes)').fill('10');
    await form.getByLabel('Preparation instructions').fill('Wear shorts; no oil needed.');
    await form.getByRole('button', { name: 'Save service' }).click();
    await page.getByText(`Race-week flush ${tag}`).waitFor();
    await page.getByText('45 min · 75.50 · buffer 10 min').first().waitFor();

    await page.getByLabel('New room').fill(`Studio ${tag}`);
    await page.getByRole('button', { name: 'Add room' }).click();
    await page.getByText(`Studio ${tag}`, { exact: true }).waitFor();
    await page.getByRole('button', { name: `Take Studio ${tag} out of use` }).click();
    await page.getByRole('button', { name: `Use Studio ${tag} again` }).waitFor();
    const owner = await apiAs('owner@stride.example');
    const services = await owner.ok<{ name: string; price_cents: number }[]>('GET', '/v1/services');
    expect(services.find((s) => s.name === `Race-week flush ${tag}`)?.price_cents).toBe(7550);
    await page.context().close();
  });

  it('invites a therapist, sets their hours and time off, and issues a feed that serves iCalendar', async () => {
    const page = await as('owner@stride.example');
    const name = `Quinn ${tag}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Email', { exact: true }).fill(`quinn.${tag}@stride.example`);
    await page.getByRole('radio', { name: 'Show me a link to hand over' }).check();
    await page.getByRole('button', { name: 'Invite' }).click();
    const link = await page.getByLabel(`Invitation link for ${name}`).inputValue();
    expect(link).toMatch(/\/set-password#purpose=invitation&token=/);

    await page.getByLabel('Therapist', { exact: true }).selectOption({ label: name });
    const hours = page.getByRole('group', { name: `Weekly hours of ${name}` });
    await hours.getByRole('button', { name: 'Add hours on Monday' }).click();
    await hours.getByRole('button', { name: 'Add hours on Monday' }).click();
    await hours.getByLabel('Monday from').nth(0).fill('08:00');
    await hours.getByLabel('Monday until').nth(0).fill('12:00');
    await hours.getByLabel('Monday from').nth(1).fill('13:00');
    await hours.getByLabel('Monday until').nth(1).fill('17:30');
    await hours.getByRole('button', { name: 'Add hours on Wednesday' }).click();
    await hours.getByRole('button', { name: 'Save hours' }).click();
    await hours.getByText('Hours saved.').waitFor();

    const timeOff = page.getByRole('group', { name: 'Time off' });
    await timeOff.getByLabel('First day off').fill('2027-03-01');
    await timeOff.getByLabel('Last day off').fill('2027-03-05');
    await timeOff.getByLabel('Reason').fill('Course');
    await timeOff.getByRole('button', { name: 'Add time off' }).click();
    await timeOff.getByText(/: Course$/).waitFor();

    await page.getByRole('button', { name: 'Create feed link' }).click();
    const url = await page.getByLabel(`Calendar feed for ${name}`).inputValue();
    await snap(page, 'settings-staff-desktop');
    await expectAccessible(page, 'settings after invite');

    const owner = await apiAs('owner@stride.example');
    const staff = await owner.ok<{ items: { id: string; display_name: string }[] }>('GET', '/v1/staff?limit=100');
    const quinn = staff.items.find((s) => s.display_name === name);
    expect(quinn).toBeDefined();
    const stored = await owner.ok<{ intervals: { weekday: string; starts: string }[] }>('GET', `/v1/staff/${quinn?.id ?? ''}/working-hours`);
    expect(stored.intervals.map((i) => `${i.weekday} ${i.starts.slice(0, 5)}`).sort()).toEqual(['monday 08:00', 'monday 13:00', 'wednesday 09:00']);

    // The feed: book Quinn once, then read it back as a calendar app would.
    const desk = await apiAs('sam@stride.example');
    const service = (await desk.ok<{ id: string; name: string }[]>('GET', '/v1/services')).find((s) => s.name === 'Recovery flush 30');
    const client = await desk.ok<{ id: string }>('POST', '/v1/clients', { given_name: 'Feed', family_name: `Reader ${tag}` });
    await desk.ok('POST', '/v1/bookings', {
      client_id: client.id,
      therapist_id: quinn?.id,
      service_id: service?.id,
      starts_at: '2027-02-01T16:00:00Z',
    });
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
    const vevents = events(ics);
    expect(vevents.some((e) => e.DTSTART?.startsWith('20270201T'))).toBe(true);
    await page.getByRole('button', { name: 'Revoke feed' }).click();
    await page.getByText('The feed link is revoked.').waitFor();
    expect((await fetch(url)).status).toBe(404);
    await page.context().close();
  });

  it('emails an invitation without showing its link', async () => {
    const page = await as('owner@stride.example');
    const name = `Rowan ${tag}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Email', { exact: true }).fill(`rowan.${tag}@stride.example`);
    expect(await page.getByRole('radio', { name: 'By email to their address' }).isChecked(), 'email is the default').toBe(true);
    const emailed = page.waitForResponse((r) => r.url().endsWith('/invitation-emails'));
    await page.getByRole('button', { name: 'Invite' }).click();
    expect((await emailed).status()).toBe(202);
    await page.getByText(`${name} is invited. The invitation is on its way to rowan.${tag}@stride.example.`).waitFor();
    expect(await page.getByLabel(`Invitation link for ${name}`).count(), 'no link shown').toBe(0);
    await snap(page, 'settings-invite-email-desktop');
    await expectAccessible(page, 'settings after an emailed invitation');

    const owner = await apiAs('owner@stride.example');
    const staff = await owner.ok<{ items: { display_name: string; invitation_pending: boolean }[] }>('GET', '/v1/staff?limit=100');
    expect(staff.items.find((s) => s.display_name === name)?.invitation_pending).toBe(true);
    await page.context().close();
  });

  it('adds a closed day, which the calendar blocks', async () => {
    const page = await as('owner@stride.example');
    const section = page.getByRole('region', { name: 'Closed days' });
    await section.getByLabel('Closed on').fill('2027-01-01');
    await section.getByLabel('Why').fill(`New Year ${tag}`);
    await section.getByRole('button', { name: 'Add closed day' }).click();
    await section.getByText(`New Year ${tag}`).waitFor();
    await page.goto(`${BASE_URL}/calendar?date=2027-01-01&view=day`);
    await page.getByText(`Closed: New Year ${tag}`).first().waitFor();
    await page.context().close();
  });

  it('shows a therapist their own schedule and the front desk only their password', async () => {
    const therapist = await as('maya@stride.example');
    await therapist.getByRole('heading', { name: 'My hours, time off and feed' }).waitFor();
    expect(await therapist.getByRole('heading', { name: 'Services' }).count()).toBe(0);
    await therapist.getByRole('group', { name: 'Weekly hours of Maya Chen' }).waitFor();
    await therapist.context().close();

    const desk = await as('sam@stride.example', 390, 844);
    await desk.getByRole('heading', { name: 'Change my password' }).waitFor();
    expect(await desk.getByRole('heading', { name: 'Staff' }).count()).toBe(0);
    await expectNoSidewaysScroll(desk);
    await snap(desk, 'settings-phone', true);
    await expectAccessible(desk, 'settings phone');
    await desk.context().close();
  });
});
