// Shared by the browser tests: Debian's Chromium through playwright-core, screenshots, an
// axe-core check that fails on serious or critical violations, and signing in.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const BASE_URL = process.env.KNEAD_E2E_URL ?? '';
if (!BASE_URL) throw new Error('KNEAD_E2E_URL must name the running server (scripts/frontend-test sets it)');

export const SCREENSHOTS = resolve(process.env.KNEAD_SCREENSHOTS ?? join(import.meta.dirname, 'screenshots'));
mkdirSync(SCREENSHOTS, { recursive: true });

export const PASSWORD = 'stride-demo-2026';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Saves the whole page; `screenful` also saves what the viewport shows (phones). */
export async function snap(page: Page, name: string, screenful = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (screenful) await page.screenshot({ path: join(SCREENSHOTS, `${name}-screen.png`) });
}

/** Runs axe-core on the page as it is; fails on any serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) => `${v.impact ?? ''} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(report, `axe violations on ${screen}`).toEqual([]);
}

/**
 * Signs in through the login page and waits for the landing screen, whose heading depends on
 * the role (the front desk's calendar, a therapist's day); tests then navigate where they need.
 */
export async function signIn(page: Page, email: string, landing: string | RegExp = /.+/): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('heading', { name: landing, level: 1 }).first().waitFor();
}

/**
 * A new page of `browser` at `width`×`height`, signed in as the demo owner, at the settings once
 * the section headed `section` is shown; `clipboard` grants the page the clipboard.
 */
export async function ownerSettingsPage(
  browser: Browser,
  width: number,
  height: number,
  section: string,
  clipboard = false,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  const page = await context.newPage();
  await signIn(page, 'owner@stride.example');
  await page.goto(`${BASE_URL}/settings`);
  await page.getByRole('heading', { name: section, level: 2 }).waitFor();
  return page;
}

/** The page must not scroll sideways: the layout fits the viewport. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
