/**
 * The studio's gallery, storyboard and usage screens end to end (one `reelgate serve` on the
 * emulator for the file): uniform tiles, hover/tap previews, search and filters in the URL,
 * favourites kept by the server, error chips; the visual storyboard (drag and keyboard reorder,
 * timeline, cost and policy check first, drafts kept across navigation and reloads); usage
 * charts from the spend ledger, with emulated spend labelled. axe-core and screenshots on each.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditScreen } from './support/audit.ts';
import { launchBrowser, openPage, viewports, type WatchedPage } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { focused, goTo, signIn } from './support/studio.ts';

let server: RunningServer;
let browser: Browser;
const pages: WatchedPage[] = [];
const made: Record<'fox' | 'lighthouse' | 'tall' | 'failed', string> = {
  fox: '',
  lighthouse: '',
  tall: '',
  failed: '',
};

async function open(viewport: { width: number; height: number } = viewports.desktop): Promise<WatchedPage> {
  const watched = await openPage(browser, server.url, viewport);
  pages.push(watched);
  return watched;
}

async function call(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${server.keys[0]}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  return (await response.json()) as Record<string, unknown>;
}

async function create(prompt: string, size: string): Promise<string> {
  const body = await call('/v1/generations', {
    method: 'POST',
    body: JSON.stringify({ prompt, size, duration: 4 }),
  });
  return body.id as string;
}

async function settled(id: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const body = await call(`/v1/generations/${id}`);
    if (['completed', 'failed', 'canceled', 'expired'].includes(body.status as string)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${id} did not finish`);
}

const tile = (page: Page, id: string) => page.locator(`article.tile[data-id="${id}"]`);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  made.fox = await create(
    'A red fox in fresh snow, slow tracking shot, soft morning light, cinematic film',
    '1280x720',
  );
  made.lighthouse = await create(
    'A lighthouse at dusk, aerial shot, golden light, cinematic film',
    '1280x720',
  );
  made.tall = await create('A waterfall in a narrow canyon, tilt up, soft light, documentary', '720x1280');
  made.failed = await create(
    'A quiet harbour at dawn, wide shot, soft light, film [[fault:output-refusal:always]]',
    '1280x720',
  );
  for (const id of Object.values(made)) await settled(id);
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

describe('gallery', () => {
  it('shows uniform tiles (portrait letterboxed), plays on hover, compact error chips', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    await goTo(page, 'Library');
    for (const id of Object.values(made)) await tile(page, id).waitFor();
    const boxes = await page.locator('article.tile .tile-media').evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return [Math.round(box.width), Math.round(box.height)];
      }),
    );
    expect(new Set(boxes.map((box) => box.join('x'))).size).toBe(1);
    expect(
      await tile(page, made.tall)
        .locator('img')
        .evaluate((img) => getComputedStyle(img).objectFit),
    ).toBe('contain');

    await tile(page, made.fox).hover();
    await page.waitForFunction((id) => {
      const video = document.querySelector<HTMLVideoElement>(`article[data-id="${id}"] video.tile-video`);
      return !!video && !video.paused && video.currentTime > 0;
    }, made.fox);
    await page.mouse.move(0, 0);

    const failed = tile(page, made.failed);
    expect(await failed.locator('.error-chip').textContent()).toBe('Blocked');
    expect(await failed.textContent()).not.toMatch(/What to change/);
    await auditScreen(page, 'library');
  });

  it('searches by prompt and filters by status, all in the URL; clears filters; keeps favourites', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    await goTo(page, 'Library');
    await tile(page, made.fox).waitFor();
    await page.getByLabel('Search prompts').fill('lighthouse');
    await page.waitForFunction(() => location.hash.includes('q=lighthouse'));
    await tile(page, made.fox).waitFor({ state: 'detached' });
    await tile(page, made.lighthouse).waitFor();

    await page.getByLabel('Search prompts').fill('');
    await page.getByLabel('Status').selectOption('failed');
    await page.waitForFunction(() => location.hash.includes('status=failed'));
    await page.reload();
    await tile(page, made.failed).waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('failed');
    expect(await tile(page, made.fox).count()).toBe(0);

    await page.getByLabel('Search prompts').fill('no such video anywhere');
    await page.getByText('No videos match these filters.').waitFor();
    await auditScreen(page, 'library-empty-filter');
    await page.locator('.empty').getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForFunction(() => location.hash === '#/library');
    await tile(page, made.fox).waitFor();

    const star = tile(page, made.lighthouse).getByRole('button', { name: /^Favourite:/ });
    const saved = page.waitForResponse(
      (response) => response.url().includes('/v1/favorites/') && response.request().method() === 'PUT',
    );
    await star.click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await expect.poll(() => star.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    await page.getByLabel('Favourites only').check();
    await page.waitForFunction(() => location.hash.includes('favorites=1'));
    await tile(page, made.fox).waitFor({ state: 'detached' });
    expect(await page.locator('article.tile').count()).toBe(1);
    // The back button undoes a filter like any other navigation.
    await page.goBack();
    await page.waitForFunction(() => !location.hash.includes('favorites=1'));
    await tile(page, made.fox).waitFor();
    expect(await page.getByLabel('Favourites only').isChecked()).toBe(false);
  });
});

describe('storyboard', () => {
  it('reorders by drag and keyboard keeping focus, shows the timeline and the cost first, keeps the draft', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    await goTo(page, 'Storyboard');
    await page
      .getByLabel('Prompt for shot 1')
      .fill('Wide aerial shot of a lighthouse at dawn, golden light, cinematic');
    await page
      .getByLabel('Prompt for shot 2')
      .fill('Close-up of waves hitting the rocks, slow motion, overcast light, film');
    await page.getByRole('button', { name: '+ Add shot' }).click();
    await page
      .getByLabel('Prompt for shot 3')
      .fill('A seagull lands on the railing, handheld shot, soft light, documentary');
    const seconds = await page.getByLabel('Seconds').first().locator('option').allTextContents();
    expect(seconds).toEqual(['4 s', '8 s', '12 s', '16 s', '20 s']);
    await page.getByLabel('Seconds').nth(1).selectOption('8');
    await page.getByText('16 s in total').waitFor();

    // Drag the third card by its handle onto the first.
    await page.getByRole('button', { name: /^Shot 3: drag/ }).dragTo(page.locator('li.shot[data-shot="1"]'));
    expect(await page.getByLabel('Prompt for shot 1').inputValue()).toMatch(/seagull/);
    expect(await page.getByLabel('Prompt for shot 2').inputValue()).toMatch(/lighthouse/);
    // Keyboard: arrow down on the first shot's handle; focus follows the moved shot.
    await page.getByRole('button', { name: /^Shot 1: drag/ }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Prompt for shot 2').inputValue()).toMatch(/seagull/);
    await expect
      .poll(async () => (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '')
      .toMatch(/^Shot 2: drag/);
    await page.getByRole('button', { name: 'Move shot 3 up' }).click();
    expect(await page.getByLabel('Prompt for shot 2').inputValue()).toMatch(/waves/);
    await expect.poll(() => focused(page)).toMatchObject({ text: '↑' });

    // The cost and the policy check come before Generate.
    await page.getByTestId('estimate-cost').filter({ hasText: '$1.60' }).waitFor();
    await page
      .getByLabel('Prompt for shot 3')
      .fill('A seagull that looks like Batman lands on the railing, handheld shot, soft light');
    await page.locator('.policy-notice mark').filter({ hasText: 'Batman' }).waitFor();
    expect(await page.getByRole('button', { name: 'Generate storyboard' }).isDisabled()).toBe(true);
    await page
      .getByLabel('Prompt for shot 3')
      .fill('A seagull lands on the railing, handheld shot, soft light, documentary');
    await expect
      .poll(() => page.getByRole('button', { name: 'Generate storyboard' }).isDisabled())
      .toBe(false);
    await auditScreen(page, 'storyboard');

    // The draft survives navigation and a reload.
    await goTo(page, 'Library');
    await goTo(page, 'Storyboard');
    expect(await page.getByLabel('Prompt for shot 1').inputValue()).toMatch(/lighthouse/);
    await page.reload();
    expect(await page.getByLabel('Prompt for shot 3').inputValue()).toMatch(/seagull/);
    expect(await page.getByLabel('Seconds').nth(1).inputValue()).toBe('8');

    await page.getByRole('button', { name: 'Generate storyboard' }).click();
    const result = page.locator('.storyboard-result article.gen-card');
    await result.locator('.badge-completed').waitFor({ timeout: 90_000 });
    expect(await result.locator('.gen-prompt').textContent()).toMatch(
      /^Storyboard · 3 shots: Wide aerial shot of a lighthouse/,
    );
    await expect.poll(() => page.locator('.shot-thumb video').count()).toBe(3);
    await auditScreen(page, 'storyboard-done');
  });
});

describe('usage', () => {
  it('charts spend per day and per model from the ledger, labels emulated spend, and deleting keeps spend', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    await goTo(page, 'Usage');
    const month = page.getByTestId('spent-month');
    await month.waitFor();
    await page.getByRole('note').filter({ hasText: 'Emulated spend.' }).waitFor();
    await page
      .getByTestId('spend-per-model')
      .getByRole('row', { name: /openai:sora-2/ })
      .waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await page
      .getByTestId('spend-per-day')
      .getByRole('row', { name: new RegExp(today) })
      .waitFor();
    const before = await month.textContent();
    await auditScreen(page, 'usage');

    await page.goto(`/#/video/${made.fox}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this video?' })
      .getByRole('button', { name: 'Delete video' })
      .click();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await goTo(page, 'Usage');
    await month.waitFor();
    expect(await month.textContent()).toBe(before);
  });
});

describe('phone', () => {
  it('fits library, storyboard and usage on a phone; tap plays a preview', async () => {
    const { page } = await open(viewports.phone);
    await signIn(page, server.keys[0]);
    const fits = async () =>
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
    await goTo(page, 'Library');
    await tile(page, made.lighthouse).waitFor();
    const play = tile(page, made.lighthouse).getByRole('button', { name: /^Play preview/ });
    await play.tap();
    await expect.poll(() => play.getAttribute('aria-pressed')).toBe('true');
    await play.tap();
    await auditScreen(page, 'library');
    await fits();
    await goTo(page, 'Storyboard');
    await page.getByRole('heading', { name: 'Storyboard' }).waitFor();
    await auditScreen(page, 'storyboard');
    await fits();
    await goTo(page, 'Usage');
    await page.getByTestId('spent-month').waitFor();
    await auditScreen(page, 'usage');
    await fits();
  });
});
