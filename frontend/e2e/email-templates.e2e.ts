// Email templates against the real API: the owner rewrites the booking confirmation's subject,
// is told at the Subject field that a variable is unknown, previews the draft with example
// values, saves it (the API then reports it as the practice's own), and restores the default
// after a confirmation. Checked with axe on desktop and phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api';
import { expectAccessible, expectNoSidewaysScroll, launch, ownerSettingsPage, snap } from './support';

let browser: Browser;
const tag = Date.now().toString(36);

interface Template {
  intent: string;
  subject: string;
  custom: boolean;
}

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser.close();
});

function ownerSettings(width: number, height: number): Promise<Page> {
  return ownerSettingsPage(browser, width, height, 'Email templates');
}

async function confirmation(): Promise<Template> {
  const owner = await apiAs('owner@stride.example');
  const list = await owner.ok<{ items: Template[] }>('GET', '/v1/email-templates');
  const found = list.items.find((t) => t.intent === 'booking_confirmed');
  if (!found) throw new Error('no booking_confirmed template');
  return found;
}

describe('Email templates', () => {
  it('edits the confirmation subject, refuses an unknown variable at its field, previews, saves and restores', async () => {
    const page = await ownerSettings(1280, 900);
    const section = page.getByRole('region', { name: 'Email templates' });
    expect(await section.getByLabel('Message').inputValue()).toBe('booking_confirmed');
    const subject = section.getByLabel('Subject', { exact: true });
    const original = await subject.inputValue();
    expect(original).toContain('{{');

    await subject.fill(`Booked ${tag}: {{date}}`);
    await section.getByRole('button', { name: 'Save template' }).click();
    await section.locator('#f-subject-error', { hasText: 'not a variable of this message' }).waitFor();
    expect(await subject.getAttribute('aria-invalid')).toBe('true');
    expect(await section.getByLabel('Body', { exact: true }).getAttribute('aria-invalid')).toBeNull();

    await subject.fill(`Booked ${tag}: {{practice_name}} on {{when}}`);
    await section.getByRole('button', { name: 'Preview' }).click();
    const preview = section.getByRole('region', { name: 'Preview' });
    await preview.getByText(`Booked ${tag}: `, { exact: false }).waitFor();
    const shown = await preview.locator('.email-sample').innerText();
    expect(shown).not.toContain('{{');
    expect(shown).toContain('Alex');
    expect(await section.locator('#f-subject-error').count()).toBe(0);

    await section.getByRole('button', { name: 'Save template' }).click();
    await section.getByText('Saved: the next emails use this wording.').waitFor();
    await section.getByRole('option', { name: 'Booking confirmed (your wording)' }).waitFor({ state: 'attached' });
    expect(await confirmation()).toMatchObject({ custom: true, subject: `Booked ${tag}: {{practice_name}} on {{when}}` });

    await expectAccessible(page, 'settings with an edited email template');
    await section.scrollIntoViewIfNeeded();
    await snap(page, 'email-templates-desktop');

    await section.getByRole('button', { name: 'Restore default' }).click();
    await section.getByRole('button', { name: 'Keep mine' }).click();
    expect((await confirmation()).custom).toBe(true);
    await section.getByRole('button', { name: 'Restore default' }).click();
    await section.getByRole('button', { name: 'Restore the default now' }).click();
    await section.getByText('The default wording is back.').waitFor();
    expect(await subject.inputValue()).toBe(original);
    expect(await section.getByRole('button', { name: 'Restore default' }).count()).toBe(0);
    expect(await confirmation()).toMatchObject({ custom: false, subject: original });
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await ownerSettings(390, 844);
    const section = page.getByRole('region', { name: 'Email templates' });
    await section.getByLabel('Message').selectOption('booking_reminder');
    const body = section.getByLabel('Body', { exact: true });
    await body.click();
    await body.press('Control+End');
    await section.getByRole('button', { name: 'Insert {{therapist_name}}' }).click();
    expect(await body.inputValue()).toMatch(/\{\{therapist_name\}\}\s*$/);
    await section.getByRole('button', { name: 'Preview' }).click();
    await section.getByRole('region', { name: 'Preview' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'email templates on a phone');
    await section.getByRole('heading', { name: 'Variables' }).scrollIntoViewIfNeeded();
    await snap(page, 'email-templates-phone', true);
    expect((await confirmation()).custom).toBe(false);
    await page.context().close();
  });
});
