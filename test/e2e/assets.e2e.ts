/**
 * Assets in the studio end to end: a real chromium against a real `reelgate serve` on the
 * emulator. Upload an asset, pick it per storyboard shot (the estimate says before paying that
 * the emulator's model takes no reference images), generate, and delete it — at desktop size
 * and at phone width 390x844, with axe-core in both colour schemes and no console errors.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { imageFixture } from '../emulator/helpers.ts';
import { auditScreen } from './support/audit.ts';
import { launchBrowser, openPage, viewports, type WatchedPage } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { signIn } from './support/studio.ts';

let server: RunningServer;
let browser: Browser;
const pages: WatchedPage[] = [];

async function open(viewport: { width: number; height: number } = viewports.desktop): Promise<WatchedPage> {
  const watched = await openPage(browser, server.url, viewport);
  pages.push(watched);
  return watched;
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function goToAssets(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Assets', exact: true })
    .click();
  await page.getByRole('heading', { name: 'Assets', level: 1 }).waitFor();
}

async function uploadAsset(page: Page, name: string, kind = 'character'): Promise<void> {
  await page.getByLabel(/^Image/).setInputFiles({
    name: `${name}.png`,
    mimeType: 'image/png',
    buffer: imageFixture(320, 180, 'png'),
  });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Kind').selectOption(kind);
  await page.getByRole('button', { name: 'Add asset' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Added ${name}.` })
    .waitFor();
  await page.getByRole('article', { name }).waitFor();
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterEach(async () => {
  const errors = pages.flatMap((watched) => watched.errors);
  for (const watched of pages.splice(0)) await watched.close();
  expect(errors, 'console errors in the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('assets in the studio', () => {
  it('uploads an asset, picks it per storyboard shot (warned before paying), generates, deletes it', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    await goToAssets(page);
    await auditScreen(page, 'assets-empty');
    const name = `Mira ${randomBytes(3).toString('hex')}`;
    await uploadAsset(page, name);
    await expect.poll(() => page.getByRole('article', { name }).locator('img').count()).toBe(1);
    await auditScreen(page, 'assets');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Storyboard' }).click();
    await page.getByRole('button', { name: 'Start over' }).click();
    await page
      .getByLabel('Prompt for shot 1')
      .fill(`${name} opens the lighthouse door at dusk, slow dolly in`);
    await page
      .getByLabel('Prompt for shot 2')
      .fill(`${name} climbs the spiral stairs, handheld, warm lamp light`);
    const shot1 = page.getByRole('group', { name: 'Assets in shot 1' });
    const shot2 = page.getByRole('group', { name: 'Assets in shot 2' });
    await shot1.getByRole('checkbox', { name: new RegExp(name) }).check();
    await shot2.getByRole('checkbox', { name: new RegExp(name) }).check();
    const adjusted = page.getByRole('list', { name: 'How your request will be adjusted' });
    await adjusted.getByText(/assets are not sent to/).waitFor();
    await auditScreen(page, 'storyboard-assets');

    // The draft keeps the picks across navigation.
    await goToAssets(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Storyboard' }).click();
    await expect
      .poll(() => page.getByRole('group', { name: 'Assets in shot 2' }).getByRole('checkbox').isChecked())
      .toBe(true);

    await page.getByRole('button', { name: 'Generate storyboard' }).click();
    await page.getByRole('heading', { name: 'Your storyboard video' }).waitFor();

    await goToAssets(page);
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('button', { name: 'Delete asset' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Deleted ${name}.` })
      .waitFor();
    expect(await page.getByRole('article', { name }).count()).toBe(0);
  });

  it('works at phone width: upload, pick in Create, no sideways scrolling', async () => {
    const { page } = await open(viewports.phone);
    await signIn(page, server.keys[1]);
    await goToAssets(page);
    await expectNoSidewaysScroll(page);
    const name = `Lamp ${randomBytes(3).toString('hex')}`;
    await uploadAsset(page, name, 'object');
    await expectNoSidewaysScroll(page);
    await auditScreen(page, 'assets');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Create' }).click();
    await page
      .getByLabel('Prompt', { exact: true })
      .fill(`${name} swinging in the wind on a pier, slow pan, dusk`);
    const picker = page.getByRole('group', { name: 'Assets (reference images)' });
    await picker.getByRole('checkbox', { name: new RegExp(name) }).check();
    await page
      .getByRole('list', { name: 'How your request will be adjusted' })
      .getByText(/assets are not sent to/)
      .waitFor();
    await expectNoSidewaysScroll(page);
    await auditScreen(page, 'create-assets');

    // The storyboard editor's per-shot picker fits the phone too.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Storyboard' }).click();
    await page.getByLabel('Prompt for shot 1').fill(`${name} on the pier at dusk, slow pan, warm light`);
    await page
      .getByRole('group', { name: 'Assets in shot 1' })
      .getByRole('checkbox', { name: new RegExp(name) })
      .check();
    await expect
      .poll(() => page.getByRole('group', { name: 'Assets in shot 2' }).getByRole('checkbox').isChecked())
      .toBe(false);
    await expectNoSidewaysScroll(page);
    await auditScreen(page, 'storyboard-assets');
  });
});
