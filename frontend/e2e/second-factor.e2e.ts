// Two-factor sign-in in a real browser against the real API: a therapist sets it up in the
// settings (QR code, a code computed here as an authenticator app would), signs out, signs in
// with a code, is refused the same code again, and signs in once with a recovery code. Then
// the owner requires it for the practice and another therapist, not set up, is led through
// enrolment at their next sign-in. The requirement and the owner's factor are undone at the
// end, so the other browser tests find the demo practice as it was.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, PASSWORD, expectAccessible, expectNoSidewaysScroll, launch, snap } from './support';
import { totp } from './totp';

let browser: Browser;
const suffix = Date.now().toString(36);
let ownerToken = '';
let ownerId = '';

beforeAll(async () => {
  browser = await launch();
  const login = await call('POST', '/v1/auth/login', { email: 'owner@stride.example', password: PASSWORD });
  expect(login.status).toBe(200);
  ownerToken = login.body.access_token as string;
  ownerId = login.body.staff_id as string;
});

afterAll(async () => {
  await browser.close();
});

type Body = Record<string, unknown>;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Body, etag: response.headers.get('ETag') };
}

const asOwner = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(method, path, body, { Authorization: `Bearer ${ownerToken}`, ...headers });

/** A new therapist of the demo practice with the demo password, through an invitation link. */
async function newTherapist(name: string): Promise<string> {
  const email = `${name.toLowerCase()}.${suffix}@stride.example`;
  const created = await asOwner('POST', '/v1/staff', { email, display_name: `${name} Test`, role: 'therapist' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const link = await asOwner('POST', `/v1/staff/${created.body.id as string}/links`, { purpose: 'invitation' });
  expect(link.status).toBe(201);
  const set = await call('POST', '/v1/auth/password', { token: link.body.token, password: PASSWORD });
  expect(set.status).toBe(204);
  return email;
}

async function page(viewport: { width: number; height: number }, mobile = false): Promise<Page> {
  const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1 });
  return context.newPage();
}

async function password(p: Page, email: string): Promise<void> {
  await p.goto(`${BASE_URL}/login`);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill(PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

async function landed(p: Page): Promise<void> {
  await p.waitForURL((url) => url.pathname !== '/login');
  await p.getByRole('heading', { level: 1 }).first().waitFor();
}

async function signOut(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Sign out' }).click();
  await p.waitForURL((url) => url.pathname === '/login');
}

describe('two-factor sign-in', () => {
  it('is set up in the settings; a code signs in once, a recovery code once', async () => {
    const email = await newTherapist('Dana');
    const p = await page({ width: 1280, height: 900 });
    await password(p, email);
    await landed(p);
    await p.goto(`${BASE_URL}/settings`);
    await p.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await p.getByRole('img', { name: /QR code/ }).waitFor();
    const secret = (await p.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(p, 'two-factor enrolment (settings)');
    await snap(p, 'second-factor-enrol-desktop');
    await p.getByLabel('Code from the app').fill(totp(secret));
    await p.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const list = p.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    const codes = await list.locator('code').allTextContents();
    expect(codes).toHaveLength(10);
    await snap(p, 'second-factor-recovery-codes-desktop');
    await p.getByRole('button', { name: 'I have saved them' }).click();
    await p.getByText(/^On: signing in asks for a code/).waitFor();
    await signOut(p);

    // The next step's code: the one that confirmed the set-up is used up.
    const code = totp(secret, Date.now() + 30_000);
    await password(p, email);
    await p.getByRole('heading', { name: 'Two-factor sign-in', level: 1 }).waitFor();
    await expectAccessible(p, 'two-factor sign-in');
    await p.getByLabel('Code from your authenticator app').fill(code);
    await p.getByRole('button', { name: 'Verify' }).click();
    await landed(p);
    await signOut(p);

    await password(p, email);
    await p.getByLabel('Code from your authenticator app').fill(code);
    await p.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => p.locator('.field-error').first().textContent()).toMatch(/already used/);
    expect(new URL(p.url()).pathname).toBe('/login');
    await snap(p, 'second-factor-code-refused-desktop');

    await p.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await p.getByLabel('Recovery code').fill(codes[0] ?? '');
    await p.getByRole('button', { name: 'Verify' }).click();
    await landed(p);
    await signOut(p);
    // Each recovery code works once.
    await password(p, email);
    await p.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await p.getByLabel('Recovery code').fill(codes[0] ?? '');
    await p.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => p.locator('.field-error').first().textContent()).toMatch(/already used/);
    await p.context().close();
  });

  it('an owner requiring it leads a therapist without it through enrolment at sign-in', async () => {
    const email = await newTherapist('Eli');
    // The owner sets up their own second factor first (through the API), and requires it
    // with the login that passed it.
    const started = await asOwner('POST', '/v1/me/second-factor');
    expect(started.status).toBe(200);
    const confirmed = await asOwner('POST', '/v1/me/second-factor/confirm', { code: totp(started.body.secret as string) });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    ownerToken = (confirmed.body.tokens as Body).access_token as string;
    try {
      const read = await asOwner('GET', '/v1/practice');
      const required = await asOwner('PATCH', '/v1/practice', { require_second_factor: true }, { 'If-Match': read.etag ?? '*' });
      expect(required.status, JSON.stringify(required.body)).toBe(200);

      const p = await page({ width: 390, height: 844 }, true);
      await password(p, email);
      await p.getByRole('heading', { name: 'Set up two-factor sign-in', level: 1 }).waitFor();
      await p.getByRole('img', { name: /QR code/ }).waitFor();
      await expectAccessible(p, 'two-factor enrolment (sign-in)');
      await expectNoSidewaysScroll(p);
      await snap(p, 'second-factor-enrol-phone', true);
      const secret = (await p.getByTestId('totp-secret').textContent()) ?? '';
      await p.getByLabel('Code from the app').fill(totp(secret));
      await p.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await p.getByRole('list', { name: 'Recovery codes' }).waitFor();
      await expectNoSidewaysScroll(p);
      await snap(p, 'second-factor-recovery-codes-phone', true);
      await p.getByRole('button', { name: 'Continue' }).click();
      await landed(p);
      await p.context().close();
    } finally {
      const read = await asOwner('GET', '/v1/practice');
      const off = await asOwner('PATCH', '/v1/practice', { require_second_factor: false }, { 'If-Match': read.etag ?? '*' });
      expect(off.status).toBe(200);
      expect((await asOwner('DELETE', `/v1/staff/${ownerId}/second-factor`)).status).toBe(204);
    }
  });
});
