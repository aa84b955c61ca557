// Forgot password, against the real API and PostgreSQL: from the sign-in page's link to the
// request's answer, which reads the same for a known and an unknown address. (The email it
// queues, its link and the new password are the API tests' part: tests/tests/password_reset_email.rs.)
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, snap } from './support';

const SENT = "If an account exists for that address, we've sent a link to choose a new password.";
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

async function desktop(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

async function phone(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  return context.newPage();
}

/** Opens sign-in with `email` typed in, follows "Forgot password?", and asks for a link. */
async function askForLink(page: Page, email: string): Promise<string> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByRole('heading', { name: 'Forgot password', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/forgot-password');
  expect(await page.title()).toBe('Forgot password · Knead');
  expect(await page.getByLabel('Email').inputValue(), 'the address typed at sign-in is kept').toBe(email);
  const answered = page.waitForResponse((r) => r.url().endsWith('/v1/auth/password-reset-requests'));
  await page.getByRole('button', { name: 'Send reset link' }).click();
  expect((await answered).status()).toBe(202);
  const status = page.getByRole('status');
  await status.waitFor();
  return status.innerText();
}

describe('forgot password', () => {
  it('sends a link from the sign-in page and says the same for an unknown address', async () => {
    const page = await desktop();
    await page.goto(`${BASE_URL}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).waitFor();
    await snap(page, 'forgot-password-link-desktop');
    await expectAccessible(page, 'sign in with the forgot-password link');

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot password', level: 1 }).waitFor();
    await snap(page, 'forgot-password-desktop');
    await expectAccessible(page, 'forgot password');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('alert').waitFor();
    await expect.poll(() => page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'forgot password with the API’s error');

    const known = await askForLink(page, 'maya@stride.example');
    expect(known).toBe(SENT);
    await snap(page, 'forgot-password-sent-desktop');
    await expectAccessible(page, 'forgot password, sent');
    const unknown = await askForLink(page, `nobody.${Date.now().toString(36)}@stride.example`);
    expect(unknown).toBe(known);
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await phone();
    await page.goto(`${BASE_URL}/forgot-password`);
    await page.getByRole('heading', { name: 'Forgot password', level: 1 }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, 'forgot-password-phone', true);
    await page.getByLabel('Email').fill('sam@stride.example');
    await page.getByRole('button', { name: 'Send reset link' }).tap();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').innerText()).toBe(SENT);
    await expectNoSidewaysScroll(page);
    await snap(page, 'forgot-password-sent-phone', true);
    await expectAccessible(page, 'forgot password, sent, on a phone');
    await page.context().close();
  });
});
