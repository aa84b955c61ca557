// Webhooks against the real API: the owner's URL on plain http is refused at its field; an
// https one is added, its signing secret shown once; a client created then owes it an event,
// which the server's worker fails to deliver (the host does not resolve here), and the failed
// attempt in its delivery log is sent again; it is disabled and enabled, then deleted after a
// confirmation. Checked with axe on desktop and phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, newClient } from './api';
import { expectAccessible, expectNoSidewaysScroll, launch, ownerSettingsPage, snap } from './support';

let browser: Browser;
const tag = Date.now().toString(36);

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

function ownerSettings(width: number, height: number): Promise<Page> {
  return ownerSettingsPage(browser, width, height, 'Webhooks');
}

describe('Webhooks', () => {
  it('adds an endpoint whose secret is shown once, disables it and deletes it', async () => {
    const page = await ownerSettings(1280, 900);
    const section = page.getByRole('region', { name: 'Webhooks' });

    await section.getByLabel('Receiver URL').fill('http://localhost:9000/hooks');
    await section.getByRole('button', { name: 'Add webhook' }).click();
    await section.getByText('must use https').first().waitFor();

    // Its own on each run: a run that failed half-way leaves its endpoint behind.
    const url = `https://hooks.example.com/${Date.now().toString(36)}`;
    await section.getByLabel('Receiver URL').fill(url);
    await section.getByRole('checkbox', { name: 'client.created' }).check();
    await section.getByRole('button', { name: 'Add webhook' }).click();
    const secretField = section.getByLabel(`Signing secret for ${url}`);
    await secretField.waitFor();
    expect(await secretField.inputValue()).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await section.getByText('Copy it now: it is shown this once.').waitFor();
    await expectAccessible(page, 'settings with a new webhook');
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'webhooks-desktop');
    await section.getByRole('button', { name: 'I have stored it' }).click();
    expect(await section.getByLabel(`Signing secret for ${url}`).count()).toBe(0);

    const row = section.locator('li', { hasText: url });
    await row.getByText('booking.cancelled, booking.created, client.created').waitFor();

    await newClient(await apiAs('owner@stride.example'), 'Hook', `Test ${tag}`);
    const toggle = row.getByRole('button', { name: `Deliveries to ${url}` });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // The worker makes the attempt within about a second of its poll; the open log follows it.
    const failed = row.locator('tr[data-status="failed"]', { hasText: 'client.created' }).first();
    await failed.waitFor({ timeout: 20_000 });
    await failed.getByText(/cannot resolve hooks\.example\.com|could not connect|did not resolve/).waitFor();
    await expectAccessible(page, 'a webhook delivery log');
    await failed.getByRole('button', { name: /^Send again/ }).click();
    await row.getByText(/Queued again/).waitFor();
    // The event goes out again as a new first attempt, which fails in turn.
    const firstAttempts = row.locator('tr[data-status="failed"]').filter({ has: page.getByRole('cell', { name: '1', exact: true }) });
    await expect.poll(() => firstAttempts.count(), { timeout: 20_000 }).toBe(2);
    await row.scrollIntoViewIfNeeded();
    await snap(page, 'webhooks-deliveries-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'a webhook delivery log on a phone');
    await row.getByRole('table', { name: 'Delivery attempts, newest first' }).scrollIntoViewIfNeeded();
    await snap(page, 'webhooks-deliveries-phone', true);
    await page.setViewportSize({ width: 1280, height: 900 });
    await toggle.click();
    expect(await row.getByRole('table').count()).toBe(0);
    await section.getByRole('button', { name: `Disable ${url}` }).click();
    await row.getByText('Disabled', { exact: true }).waitFor();
    await section.getByRole('button', { name: `Enable ${url}` }).click();
    await section.getByRole('button', { name: `Disable ${url}` }).waitFor();

    await section.getByRole('button', { name: `Delete ${url}` }).click();
    await section.getByRole('button', { name: 'Keep it' }).click();
    await section.getByRole('button', { name: `Delete ${url}` }).click();
    await section.getByRole('button', { name: 'Delete it now' }).click();
    await expect.poll(() => section.locator('li', { hasText: url }).count()).toBe(0);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await ownerSettings(390, 844);
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByLabel('Receiver URL').fill(`https://phone.example.com/${tag}`);
    await section.getByRole('button', { name: 'Add webhook' }).click();
    await section.getByRole('button', { name: 'Copy secret' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'webhooks on a phone');
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'webhooks-phone', true);
    await page.context().close();
  });
});
