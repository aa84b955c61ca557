// An invitation followed from the owner to the new therapist's first screen, against the real
// API and PostgreSQL. The owner signs in through the app; the app has no staff screen yet, so
// the test adds the therapist and mints the link through the API with the owner's own token.
// The therapist opens the link in a browser of their own, as they would from an email.
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../src/api/schema';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

type LinkView = components['schemas']['LinkView'];
type StaffView = components['schemas']['StaffView'];
type NewStaffRequest = components['schemas']['NewStaffRequest'];
type NewLinkRequest = components['schemas']['NewLinkRequest'];

let browser: Browser;
const suffix = Date.now().toString(36);
const newcomer = { name: 'Casey Moreno', email: `casey.${suffix}@stride.example` };
const firstPassword = 'calf raises every evening';
let staffId = '';
let invitation: LinkView | null = null;
let ownerToken = '';

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

/** A call as the signed-in owner; anything but 201 fails the test with the API's answer. */
async function ownerPost<T>(path: string, body: NewStaffRequest | NewLinkRequest): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ownerToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json();
  expect(response.status, `POST ${path}: ${JSON.stringify(answer)}`).toBe(201);
  return answer as T;
}

/**
 * What the page sent: every origin it called, and each request that carried `secret` in its
 * URL or a header (a Referer, say). Fragments are never sent, so they are left out. Bodies
 * are not visible here (the app's fetch streams them); that the token reached
 * `POST /v1/auth/password` shows in the password being set and the link then being spent.
 */
function watchFor(page: Page, secret: string): { origins: Set<string>; leaks: string[] } {
  const seen = { origins: new Set<string>(), leaks: [] as string[] };
  page.on('request', (request: Request) => {
    const sent = new URL(request.url());
    sent.hash = '';
    seen.origins.add(sent.origin);
    if (sent.href.includes(secret) || Object.values(request.headers()).some((v) => v.includes(secret))) {
      seen.leaks.push(`${request.method()} ${sent.pathname}`);
    }
  });
  return seen;
}

/** Opens a link as the person it was sent to: the set-password page, with the token out of sight. */
async function openLink(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(new URL(page.url()).pathname, 'where the link lands').toBe('/set-password');
  expect(new URL(page.url()).hash, 'the token is taken out of the address bar').toBe('');
}

async function fillForm(page: Page, email: string, password: string, confirmation = password): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Confirm new password').fill(confirmation);
}

describe('invitation link', () => {
  it('takes a new therapist from the owner’s link to their first screen, signed in', async () => {
    const owner = await desktop();
    await signIn(owner, 'owner@stride.example');
    ownerToken = await owner.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('knead.session') ?? '{}') as { accessToken?: string };
      return stored.accessToken ?? '';
    });
    expect(ownerToken).not.toBe('');
    const staff = await ownerPost<StaffView>('/v1/staff', {
      email: newcomer.email,
      display_name: newcomer.name,
      role: 'therapist',
      credentials: 'LMT',
      techniques: [],
    });
    staffId = staff.id;
    expect(staff.invitation_pending).toBe(true);
    invitation = await ownerPost<LinkView>(`/v1/staff/${staffId}/links`, { purpose: 'invitation' });
    expect(invitation.url.startsWith(`${BASE_URL}/set-password#`)).toBe(true);
    await owner.context().close();

    const page = await desktop();
    const sent = watchFor(page, invitation.token);
    await openLink(page, invitation.url);
    await page.getByRole('heading', { name: 'Welcome to Knead' }).waitFor();
    expect(await page.title()).toBe('Welcome to Knead · Knead');
    await snap(page, '11-set-password');
    await expectAccessible(page, 'set password');

    // The API's own rule, next to the field it names; the confirmation is checked here.
    await fillForm(page, newcomer.email, 'too short', 'too short');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('alert').waitFor();
    const password = page.getByLabel('New password', { exact: true });
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-password-error').innerText()).toContain('at least 12 characters');
    await snap(page, '12-set-password-api-error');
    await expectAccessible(page, 'set password with the API’s error');
    await fillForm(page, newcomer.email, firstPassword, `${firstPassword}!`);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByText('does not match the new password').first().waitFor();
    await snap(page, '12-set-password-mismatch');

    await fillForm(page, newcomer.email, firstPassword);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    const who = page.locator('.who');
    await who.getByText(newcomer.name).waitFor();
    expect(await who.innerText()).toContain('Therapist');
    expect(sent.leaks).toEqual([]);
    expect([...sent.origins]).toEqual([new URL(BASE_URL).origin]);
    await snap(page, '13-invited-therapist-first-screen');
    await expectAccessible(page, 'first screen after the invitation');
    await page.context().close();
  });

  it('says a used link is used, on a phone', async () => {
    expect(invitation).not.toBeNull();
    const page = await phone();
    await openLink(page, invitation?.url ?? '');
    await expectNoSidewaysScroll(page);
    await snap(page, '14-set-password-phone', true);
    await fillForm(page, newcomer.email, 'another long passphrase');
    await page.getByRole('button', { name: 'Set password and sign in' }).tap();
    await page.getByRole('heading', { name: 'This link has already been used or has expired' }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, '15-set-password-used-phone', true);
    await expectAccessible(page, 'used set-password link');
    await page.getByRole('link', { name: 'Go to sign in' }).tap();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('resets a password on a phone and signs in with the new one', async () => {
    expect(staffId).not.toBe('');
    const reset = await ownerPost<LinkView>(`/v1/staff/${staffId}/links`, { purpose: 'password_reset' });
    const page = await phone();
    await openLink(page, reset.url);
    await fillForm(page, newcomer.email, 'a brand new passphrase');
    await page.getByRole('button', { name: /sign in$/ }).tap();
    await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    await page.locator('.who').getByText(newcomer.name).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, '16-password-reset-signed-in-phone', true);
    await page.context().close();
  });
});
