// The body map on phones and tablets: every region a target of at least 44×44 CSS px, and a
// tap 7 px off a foot region's centre still picks that region (it used to pick its
// neighbour: the heel was 12×9 px and the plantar fascia 11×9). Checked in the note editor
// and on the intake form, which share the map.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, bookedClient, type Scenario } from './clinic';
import { BASE_URL, expectAccessible, expectNoSidewaysScroll, launch, signIn, snap } from './support';

let browser: Browser;
let scenario: Scenario;
const FOOT = ['achilles_tendon', 'ankle', 'heel', 'arch', 'toes', 'plantar_fascia'];

beforeAll(async () => {
  browser = await launch();
  scenario = await bookedClient(await apiLogin('maya@stride.example'), `Dube-${Date.now().toString(36)}`, await apiLogin('jordan@stride.example'));
});

afterAll(async () => {
  await browser.close();
});

async function device(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, isMobile: width < 500 });
  const page = await context.newPage();
  await signIn(page, 'maya@stride.example', 'Today');
  return page;
}

/** Every region control of the map, with its box. */
async function targets(page: Page) {
  const map = page.getByRole('group', { name: /^Body map/ });
  const buttons = await map.getByRole('button').all();
  return Promise.all(
    buttons.map(async (b) => ({
      name: (await b.getAttribute('aria-label')) ?? '',
      region: (await b.getAttribute('data-region')) ?? '',
      side: (await b.getAttribute('data-side')) ?? '',
      box: await b.boundingBox(),
    })),
  );
}

describe('body map targets', () => {
  for (const [name, width, height] of [['phone', 390, 844], ['tablet', 820, 1180]] as const) {
    it(`gives every region a target of at least 44×44 CSS px in the note editor (${name})`, async () => {
      const page = await device(width, height);
      await page.goto(`${BASE_URL}/notes/new?booking=${scenario.bookingId}`);
      await page.getByRole('group', { name: /^Body map/ }).waitFor();
      const all = await targets(page);
      const regions = new Set(all.map((t) => t.region));
      expect(regions.size).toBeGreaterThanOrEqual(20);
      const small = all.filter((t) => !t.box || t.box.width < 44 || t.box.height < 44).map((t) => `${t.name} ${JSON.stringify(t.box)}`);
      expect(small).toEqual([]);
      await expectNoSidewaysScroll(page);
      await snap(page, `bodymap-note-${name}`, true);
      await expectAccessible(page, `note editor (${name})`);
    });
  }

  it('picks each foot region when tapped 7 px off its centre, on a phone', async () => {
    const page = await device(390, 844);
    await page.goto(`${BASE_URL}/notes/new?booking=${scenario.bookingId}`);
    await page.getByRole('group', { name: /^Body map/ }).waitFor();
    const misses: string[] = [];
    for (const side of ['left', 'right']) {
      for (const region of FOOT) {
        const button = page.locator(`svg[data-foot="${side}"] [data-region="${region}"]`);
        await button.scrollIntoViewIfNeeded();
        for (const [dx, dy] of [[7, 0], [-7, 0], [0, 7], [0, -7]] as const) {
          const box = await button.boundingBox();
          if (!box) throw new Error(`${side} ${region} is not drawn`);
          await page.touchscreen.tap(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
          const picked = page.locator('[aria-pressed="true"]');
          const got = `${(await picked.first().getAttribute('data-side')) ?? ''} ${(await picked.first().getAttribute('data-region')) ?? ''}`;
          if (got !== `${side} ${region}`) misses.push(`${side} ${region} tapped at (${dx},${dy}) picked ${got}`);
        }
      }
    }
    expect(misses).toEqual([]);
    await snap(page, 'bodymap-foot-picked-phone', true);
  });

  it('keeps the intake form working on a phone: a tapped region starts unrated and is rated by a tap', async () => {
    const page = await device(390, 844);
    await page.goto(`${BASE_URL}/clients/${scenario.clientId}/intake/new`);
    await page.getByRole('heading', { name: 'New intake' }).waitFor();
    const small = (await targets(page)).filter((t) => !t.box || t.box.width < 44 || t.box.height < 44);
    expect(small).toEqual([]);
    await page.getByRole('button', { name: 'Right heel: no pain recorded' }).tap();
    const heel = page.getByRole('group', { name: 'Right heel' });
    const scale = heel.getByRole('radiogroup', { name: /^Intensity/ });
    expect(await scale.getAttribute('aria-label') ?? (await scale.textContent())).toMatch(/not rated/);
    await scale.getByRole('radio', { name: '4', exact: true }).tap();
    await page.getByRole('button', { name: 'Right heel: pain 4/10, moderate' }).waitFor();
    await expectNoSidewaysScroll(page);
    await snap(page, 'bodymap-intake-phone', true);
    await expectAccessible(page, 'intake form (phone)');
  });
});
