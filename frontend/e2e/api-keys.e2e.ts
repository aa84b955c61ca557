// API keys against the real API: the owner creates a read-only key (the secret shown once, with
// a copy button and a warning), the key reads but may not write, then the owner revokes it
// after confirming and it is refused at once. Checked with axe on desktop and phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, ownerSettingsPage, snap } from './support';

let browser: Browser;
const tag = Date.now().toString(36);

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

function ownerSettings(width: number, height: number): Promise<Page> {
  return ownerSettingsPage(browser, width, height, 'API keys', true);
}

async function callWith(secret: string, method: string, path: string): Promise<number> {
  const body = method === 'POST' ? JSON.stringify({ given_name: 'Key', family_name: `Test ${tag}` }) : undefined;
  const res = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body,
  });
  return res.status;
}

describe('API keys', () => {
  it('creates a key whose secret is shown once, and revokes it after a confirmation', async () => {
    const page = await ownerSettings(1280, 900);
    const section = page.getByRole('region', { name: 'API keys' });

    // A nameless key is refused at its field.
    await section.getByRole('button', { name: 'Create key' }).click();
    await section.getByText('must be 1 to 100 characters').first().waitFor();

    const name = `Booking sync ${tag}`;
    await section.getByLabel('Key name').fill(name);
    await section.getByLabel('Read only').check();
    await section.getByRole('button', { name: 'Create key' }).click();
    const secretField = section.getByLabel(`Secret for “${name}”`);
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^kk1_[0-9a-f]{64}$/);
    await section.getByText('Copy it now: it is shown this once.').waitFor();
    await section.getByRole('button', { name: 'Copy secret' }).click();
    await section.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await section.getByText(name).first().waitFor();
    await expectAccessible(page, 'settings with a new API key');
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'api-keys-desktop');

    // The key reads, and may not write.
    expect(await callWith(secret, 'GET', '/v1/clients')).toBe(200);
    expect(await callWith(secret, 'POST', '/v1/clients')).toBe(403);

    await section.getByRole('button', { name: 'I have stored it' }).click();
    expect(await section.getByLabel(`Secret for “${name}”`).count()).toBe(0);

    // Revoking asks first; keeping it changes nothing.
    await section.getByRole('button', { name: `Revoke ${name}` }).click();
    await section.getByRole('button', { name: 'Keep it' }).click();
    expect(await callWith(secret, 'GET', '/v1/clients')).toBe(200);
    await section.getByRole('button', { name: `Revoke ${name}` }).click();
    await section.getByRole('button', { name: `Revoke “${name}” now` }).click();
    await section.locator('li', { hasText: name }).getByText('Revoked', { exact: true }).waitFor();
    expect(await callWith(secret, 'GET', '/v1/clients')).toBe(401);
    await expectAccessible(page, 'settings with a revoked API key');
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await ownerSettings(390, 844);
    const section = page.getByRole('region', { name: 'API keys' });
    await section.getByLabel('Key name').fill(`Phone key ${tag}`);
    await section.getByLabel('Read and write').check();
    await section.getByLabel(/Clinical records/).check();
    await section.getByRole('button', { name: 'Create key' }).click();
    await section.getByRole('button', { name: 'Copy secret' }).waitFor();
    await section.getByText('Read and write, clinical').first().waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'API keys on a phone');
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'api-keys-phone', true);
    await page.context().close();
  });
});
