// Automatic logoff in a real browser against the real API: the page's clock is Playwright's,
// so fifteen minutes pass in a moment while everything else (the API, the tokens) is real.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, expectAccessible, launch, signIn, snap } from './support';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

async function signedIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.clock.install();
  await signIn(page, email);
  return page;
}

const idleDialog = (page: Page) => page.getByRole('alertdialog', { name: 'Still there?' });

describe('automatic logoff', () => {
  it('warns a minute before the practice’s idle time, then signs out', async () => {
    const page = await signedIn('maya@stride.example');
    const practice = (await page.evaluate(async (base) => {
      const session = JSON.parse(localStorage.getItem('knead.session') ?? '{}') as { accessToken?: string };
      const answer = await fetch(`${base}/v1/practice`, { headers: { Authorization: `Bearer ${session.accessToken ?? ''}` } });
      return (await answer.json()) as unknown;
    }, BASE_URL)) as { idle_logoff_minutes: number };
    expect(practice.idle_logoff_minutes).toBe(15);

    await page.clock.runFor('13:30');
    expect(await idleDialog(page).count()).toBe(0);
    await page.clock.runFor('00:45');
    await idleDialog(page).waitFor();
    await expect.poll(() => idleDialog(page).getByText(/signed out in \d+ seconds/).count()).toBe(1);
    await expectAccessible(page, 'automatic logoff warning');
    await snap(page, 'idle-warning-desktop');

    // Staying resets the count; the login is untouched.
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await idleDialog(page).waitFor({ state: 'detached' });
    await page.clock.runFor('10:00');
    expect(new URL(page.url()).pathname).not.toBe('/login');

    await page.clock.runFor('05:05');
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByText('You were signed out after 15 minutes without activity.').waitFor();
    const stored = await page.evaluate(() => localStorage.getItem('knead.session'));
    expect(stored).toBeNull();
    await page.context().close();
  });

  it('counts typing and clicks as activity', async () => {
    const page = await signedIn('sam@stride.example');
    for (let i = 0; i < 3; i += 1) {
      await page.clock.runFor('10:00');
      await page.keyboard.press('Tab');
    }
    expect(new URL(page.url()).pathname).not.toBe('/login');
    expect(await idleDialog(page).count()).toBe(0);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await signedIn('sam@stride.example', { width: 390, height: 844 });
    await page.clock.runFor('14:05');
    await idleDialog(page).waitFor();
    await expectAccessible(page, 'automatic logoff warning on a phone');
    await snap(page, 'idle-warning-phone');
    await page.context().close();
  });
});
