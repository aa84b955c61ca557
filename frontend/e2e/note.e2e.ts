// The therapist's note, end to end against the real API: start from today's booking, rate
// pain and add techniques on the body map, survive a reload, a closed tab and a dropped
// connection, sign, amend. Then the front desk on the same browser reaches none of it.
import type { Browser, BrowserContext, Dialog, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, bookedClient, call, rawStorage, type Caller, type Scenario } from './clinic';
import { BASE_URL, expectAccessible, launch, signIn, snap } from './support';

let browser: Browser;
let context: BrowserContext;
let maya: Caller;
let scenario: Scenario;
let notePath = '';
const family = `Okoro-${Date.now().toString(36)}`;
const SOAP = {
  Subjective: 'Heel better on first steps, calf still tight after long runs',
  Objective: 'Taut band in medial gastrocnemius',
  Assessment: 'Plantar fasciopathy settling',
  Plan: 'Continue ball release; reassess in two weeks',
};
let taps = 0;

/** A click or tap the therapist makes: counted for the note's click budget. */
async function tap(target: Locator): Promise<void> {
  taps += 1;
  await target.click();
}

beforeAll(async () => {
  browser = await launch();
  maya = await apiLogin('maya@stride.example');
  scenario = await bookedClient(maya, family);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser.close();
});

const status = (page: Page) => page.getByRole('status').filter({ hasText: /Saved|Saving|Offline|Not saved/ });
const painRow = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

async function rate(page: Page, region: string, when: 'Before' | 'After', value: number): Promise<void> {
  const group = painRow(page, region).getByRole('radiogroup', { name: new RegExp(`^${when}:`) });
  await tap(group.getByRole('radio', { name: String(value), exact: true }));
}

describe('a session note', () => {
  let page: Page;

  it('starts from today’s booking with the intake’s regions, and rates pain and adds techniques on the map', async () => {
    page = await context.newPage();
    await signIn(page, 'maya@stride.example', 'Today');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(scenario.clientName) }) });
    await tap(card.getByRole('link', { name: `Start note for ${scenario.clientName}` }));
    await page.getByRole('heading', { name: `Session note · ${scenario.clientName}` }).waitFor();
    await expect.poll(() => painRow(page, 'Left calf').count()).toBe(1);
    await expect.poll(() => painRow(page, 'Left plantar fascia').count()).toBe(1);
    await rate(page, 'Left calf', 'Before', 6);
    await rate(page, 'Left plantar fascia', 'Before', 5);
    await tap(page.getByRole('button', { name: /^Left calf: pain 6\/10/ }));
    await tap(page.getByRole('group', { name: /Add a technique on left calf/ }).getByRole('button').first());
    await tap(page.getByRole('button', { name: /^Left plantar fascia: pain 5\/10/ }));
    await tap(page.getByRole('group', { name: /Add a technique on left plantar fascia/ }).getByRole('button', { name: '+ Myofascial release' }));
    await expect.poll(() => page.locator('.technique-row').count()).toBe(2);
    await expect.poll(() => page.getByText('40 of 60 min left').count()).toBe(1);
    for (const label of ['Subjective', 'Objective'] as const) {
      await tap(page.getByLabel(label, { exact: true }));
      await page.keyboard.type(SOAP[label]);
    }
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toContain('Saved');
    notePath = new URL(page.url()).pathname;
    expect(notePath).toMatch(/^\/notes\/[0-9a-f-]{36}$/);
    await snap(page, 'note-editor-desktop');
    await expectAccessible(page, 'note editor');
  });

  it('keeps only ciphertext on the device while the draft is open', async () => {
    const raw = await rawStorage(page);
    expect(raw).toContain('knead.draft.');
    for (const text of Object.values(SOAP)) expect(raw).not.toContain(text.slice(0, 20));
  });

  it('shows the API’s refusal next to the field its pointer names, and saves again once fixed', async () => {
    const minutes = page.getByLabel('min for technique 1');
    await minutes.fill('55');
    await page.getByText('technique minutes add up to more than the session’s duration'.replace('’', "'")).first().waitFor();
    expect(await status(page).textContent()).toContain('Not saved: check the marked fields');
    expect(await page.getByText('5 min over the 60-min session').count()).toBe(1);
    await minutes.fill('10');
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toBe(' Saved');
  });

  it('finds the draft after a reload and in a new tab after the tab is closed', async () => {
    await page.reload();
    await expect.poll(() => page.getByLabel('Objective', { exact: true }).inputValue()).toBe(SOAP.Objective);
    // Mid-word, before the pause that sends it: the sealed copy on the device brings it back.
    await page.getByLabel('Objective', { exact: true }).press('Control+End');
    await page.keyboard.type(' on the left');
    await page.waitForTimeout(150);
    await page.reload();
    await expect.poll(() => page.getByLabel('Objective', { exact: true }).inputValue()).toBe(`${SOAP.Objective} on the left`);
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toBe(' Saved');
    await page.getByLabel('Objective', { exact: true }).fill(SOAP.Objective);
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toBe(' Saved');
    await page.close();
    page = await context.newPage();
    await page.goto(`${BASE_URL}${notePath}`);
    await expect.poll(() => page.getByLabel('Subjective', { exact: true }).inputValue()).toBe(SOAP.Subjective);
    await expect.poll(() => painRow(page, 'Left calf').getByRole('radiogroup', { name: /^Before: 6\/10/ }).count()).toBe(1);
  });

  it('goes offline when the API is blocked, keeps the text on the device, and saves it when the API is back', async () => {
    await page.route('**/v1/**', (route) => route.abort('internetdisconnected'));
    await tap(page.getByLabel('Assessment', { exact: true }));
    await page.keyboard.type(SOAP.Assessment);
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toContain('Offline — kept on this device');
    await snap(page, 'note-editor-offline');
    await page.unroute('**/v1/**');
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe(' Saved');
    const saved = await call<{ assessment: string }>(maya, 'GET', `/v1/session-notes/${notePath.split('/')[2] ?? ''}`);
    expect(saved.assessment).toBe(SOAP.Assessment);
  });

  it('meets a save from elsewhere with both versions, and overwrites nothing until the therapist chooses', async () => {
    const url = `${BASE_URL}/v1/session-notes/${notePath.split('/')[2] ?? ''}`;
    const auth = { Authorization: `Bearer ${maya.token}` };
    const read = await fetch(url, { headers: auth });
    const body = (await read.json()) as Record<string, unknown>;
    const input = Object.fromEntries(
      ['client_id', 'booking_id', 'session_date', 'duration_minutes', 'subjective', 'objective', 'assessment', 'techniques', 'pain', 'home_care'].map((k) => [k, body[k]]),
    );
    const put = await fetch(url, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': read.headers.get('ETag') ?? '' },
      body: JSON.stringify({ ...input, plan: 'Written on the tablet' }),
    });
    expect(put.status).toBe(200);
    await page.getByLabel('Objective', { exact: true }).press('Control+End');
    await page.keyboard.type(' (edited)');
    const conflict = page.getByRole('alert').filter({ hasText: 'This note was changed elsewhere' });
    await conflict.waitFor({ timeout: 10_000 });
    expect(await conflict.textContent()).toContain('Written on the tablet');
    expect(await status(page).textContent()).toContain('changed elsewhere');
    const server = await call<{ objective: string; plan: string }>(maya, 'GET', url.slice(BASE_URL.length));
    expect(server).toMatchObject({ objective: SOAP.Objective, plan: 'Written on the tablet' });
    await snap(page, 'note-conflict');
    await page.getByRole('button', { name: 'Keep this version' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toBe(' Saved');
    const kept = await call<{ objective: string; plan: string | null }>(maya, 'GET', url.slice(BASE_URL.length));
    expect(kept).toMatchObject({ objective: `${SOAP.Objective} (edited)`, plan: null });
  });

  it('signs after pain after is rated, with a summary, then takes an amendment', async () => {
    await tap(page.getByLabel('Plan', { exact: true }));
    await page.keyboard.type(SOAP.Plan);
    await rate(page, 'Left calf', 'After', 3);
    await rate(page, 'Left plantar fascia', 'After', 2);
    await tap(page.getByRole('button', { name: 'Sign…' }));
    const dialog = page.getByRole('dialog', { name: 'Sign this note?' });
    await dialog.getByText('Left calf 6 → 3').waitFor();
    await snap(page, 'note-sign-dialog');
    await expectAccessible(page, 'sign dialog');
    await tap(dialog.getByRole('button', { name: 'Sign note' }));
    await page.getByText('This note is read-only.').waitFor();
    console.log(`A typical note took ${taps} clicks or taps besides typing.`);
    expect(taps).toBeLessThanOrEqual(25);
    expect(await page.getByRole('textbox', { name: 'Subjective' }).count()).toBe(0);
    await page.getByLabel('Reason').fill('Wrong side recorded');
    await page.getByLabel('Correction').fill('Plantar fascia pain was right-sided.');
    await page.getByRole('button', { name: 'Add amendment' }).click();
    const amendment = page.locator('.amendment');
    await amendment.getByText('Plantar fascia pain was right-sided.').waitFor();
    expect(await amendment.textContent()).toContain('Maya Chen');
    await snap(page, 'note-signed');
    await expectAccessible(page, 'signed note');
    const verify = await call<{ valid: boolean }>(maya, 'GET', `/v1/session-notes/${notePath.split('/')[2] ?? ''}/verify`);
    expect(verify.valid).toBe(true);
  });

  it('shows the signed note and its amendment read-only on a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const p = await phone.newPage();
    await signIn(p, 'maya@stride.example', 'Today');
    await snap(p, 'today-phone', true);
    await p.goto(`${BASE_URL}${notePath}`);
    await p.getByText('This note is read-only.').waitFor();
    await snap(p, 'note-signed-phone', true);
    await phone.close();
  });
});

describe('the front desk on the same browser', () => {
  it('reaches no note, chart or local draft, sends no clinical request, and finds no SOAP text in storage', async () => {
    // Maya leaves a draft of another note open and her session ends without signing out.
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/notes/new?client=${scenario.clientId}`);
    await page.getByLabel('Subjective', { exact: true }).fill('Left a draft: ankle stiff after trail run');
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toContain('Saved');
    await page.evaluate(() => localStorage.removeItem('knead.session'));
    const clinical: string[] = [];
    const watch = (request: Request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/v1/') && /session-notes|pain-trend|intake-forms|\/alerts|draft-key|reports|audit-events/.test(path)) clinical.push(path);
    };
    page.on('request', watch);
    await signIn(page, 'sam@stride.example');
    for (const path of ['/today', notePath, `/notes/new?client=${scenario.clientId}`, '/reports']) {
      await page.goto(`${BASE_URL}${path}`);
      await page.getByRole('heading', { name: 'Not available' }).waitFor();
    }
    await page.goto(`${BASE_URL}/clients/${scenario.clientId}`);
    await page.getByRole('heading', { name: scenario.clientName }).waitFor();
    expect(await page.getByText(/Session notes|Pain trend/).count()).toBe(0);
    expect(clinical).toEqual([]);
    const raw = await rawStorage(page);
    expect(raw).toContain('knead.draft.');
    for (const text of [...Object.values(SOAP), 'ankle stiff']) expect(raw).not.toContain(text.slice(0, 20));
    page.off('request', watch);
  });
});

describe('a draft left on the device while offline', () => {
  it('is sent the next time the therapist opens Knead, without reopening the note', async () => {
    const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await own.newPage();
    await signIn(page, 'maya@stride.example', 'Today');
    await page.goto(`${BASE_URL}/notes/new?client=${scenario.clientId}`);
    await page.getByLabel('Subjective', { exact: true }).fill('Started');
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toBe(' Saved');
    const id = new URL(page.url()).pathname.split('/')[2] ?? '';
    await page.route('**/v1/**', (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Objective', { exact: true }).fill('Typed with the connection down, tab closed');
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toContain('Offline — kept on this device');
    await page.close();
    const next = await own.newPage();
    await next.goto(`${BASE_URL}/today`);
    await next.getByText('A note draft kept on this device was saved to Knead.').waitFor({ timeout: 10_000 });
    const saved = await call<{ objective: string }>(maya, 'GET', `/v1/session-notes/${id}`);
    expect(saved.objective).toBe('Typed with the connection down, tab closed');
    await own.close();
  });
});

describe('signing out', () => {
  it('warns when a draft has not reached Knead, and wipes the user’s drafts when confirmed', async () => {
    const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await own.newPage();
    await signIn(page, 'maya@stride.example', 'Today');
    const draftKey = await page.evaluate(async () => {
      const session = JSON.parse(localStorage.getItem('knead.session') ?? '{}') as { accessToken?: string };
      const r = await fetch('/v1/me/draft-key', { headers: { Authorization: `Bearer ${session.accessToken ?? ''}` } });
      return { status: r.status, cache: r.headers.get('Cache-Control') };
    });
    expect(draftKey).toEqual({ status: 200, cache: expect.stringContaining('no-store') as unknown });
    await page.goto(`${BASE_URL}/notes/new?client=${scenario.clientId}`);
    await page.getByLabel('Subjective', { exact: true }).fill('Typed while the server was away');
    await page.route('**/v1/**', (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Objective', { exact: true }).fill('Still offline');
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toContain('Offline — kept on this device');
    const answers: string[] = [];
    const dismiss = (dialog: Dialog) => { answers.push(dialog.message()); void dialog.dismiss(); };
    page.once('dialog', dismiss);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toContain('not been saved to Knead yet');
    expect(await rawStorage(page)).toContain('knead.draft.');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await rawStorage(page)).not.toContain('knead.draft.');
    await own.close();
  });
});
