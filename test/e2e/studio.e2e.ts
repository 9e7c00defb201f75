/**
 * The web studio end to end, create and video screens: a real chromium against a real
 * `reelgate serve` on the emulator (one server for the file). Every test fails on any console
 * error or uncaught exception in the page; every screen is checked with axe-core in both colour
 * schemes and photographed at 1440x900 and 390x844.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditScreen } from './support/audit.ts';
import { launchBrowser, openPage, viewports, type WatchedPage } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { cardFor, fillCreate, focused, goTo, idOf, signIn } from './support/studio.ts';

let server: RunningServer;
let browser: Browser;
const pages: WatchedPage[] = [];
let videoId = '';
const videoPrompt =
  'A red fox trotting through fresh snow in a birch forest, slow tracking shot, soft morning light, cinematic 35mm film';

async function open(viewport: { width: number; height: number } = viewports.desktop): Promise<WatchedPage> {
  const watched = await openPage(browser, server.url, viewport);
  pages.push(watched);
  return watched;
}

function api(path: string, key: string, init: RequestInit = {}) {
  return fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...init.headers },
  });
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
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

describe('create and watch', () => {
  it('offers only what the model makes, shows the cost first with public sources, makes the video live, shows the API', async () => {
    const { page } = await open();
    await page.goto('/');
    await page.getByLabel('API key').waitFor();
    await auditScreen(page, 'sign-in');
    await signIn(page, server.keys[0]);
    await auditScreen(page, 'create-empty');

    // Only the model's sizes and whole-second durations, then longer stitched ones.
    const sizes = await page.getByLabel('Size').locator('option').allTextContents();
    expect(sizes.join('|')).not.toMatch(/480p/);
    expect(sizes.length).toBeGreaterThan(0);
    const durations = await page
      .getByLabel('Duration')
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(durations).toContain('8');
    expect(durations.every((value) => Number.isInteger(Number(value)))).toBe(true);
    expect(
      await page.getByLabel('Duration').locator('option', { hasText: 'long (stitched' }).count(),
    ).toBeGreaterThan(0);

    // The estimate updates live, names its public source and says the emulator charges nothing.
    await fillCreate(page, videoPrompt, { seconds: 4, size: '1280x720' });
    const cost = page.getByTestId('estimate-cost');
    await cost.filter({ hasText: '$0.40' }).waitFor();
    await page.getByLabel('Duration').selectOption('8');
    await cost.filter({ hasText: '$0.80' }).waitFor();
    const notes = page.getByRole('list', { name: 'About this estimate' });
    await expect.poll(() => notes.textContent()).toMatch(/provider's published price/);
    expect(await notes.textContent()).not.toMatch(/shared\/|section \d|reference/);
    expect(await notes.getByRole('link').first().getAttribute('href')).toMatch(
      /^https:\/\/openai\.com\/api\/pricing/,
    );
    await page.getByText('Emulated — not charged').first().waitFor();
    await page.getByLabel('Duration').selectOption('4');
    await cost.filter({ hasText: '$0.40' }).waitFor();

    // The API tab shows this exact request as code before anything is sent.
    const apiPanel = page.getByRole('region', { name: 'API' });
    expect(await apiPanel.getByRole('tabpanel').textContent()).toContain(
      `curl -X POST ${server.url}/v1/generations`,
    );
    await apiPanel.getByRole('tab', { name: 'reelgate/client' }).click();
    expect(await apiPanel.getByRole('tabpanel').textContent()).toContain('await client.create({');
    await apiPanel.getByRole('tab', { name: 'reelgate/client' }).press('ArrowRight');
    expect(await apiPanel.getByRole('tab', { name: 'openai SDK' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(await apiPanel.getByRole('tabpanel').textContent()).toContain('openai.videos.create({');

    // Advanced options go into the request; what the model ignores is said before paying.
    await page.getByText('Advanced options').click();
    await page.getByText('Sora 2 ignores this.').first().waitFor();
    await page.getByLabel('Seed').fill('42');
    await page
      .getByRole('list', { name: 'How your request will be adjusted' })
      .getByText(/seed is ignored/)
      .waitFor();
    await apiPanel.getByRole('tab', { name: 'curl' }).click();
    expect(await apiPanel.getByRole('tabpanel').textContent()).toContain('"seed": 42');
    await auditScreen(page, 'create-advanced');
    await page.getByLabel('Seed').fill('');
    await page
      .getByRole('list', { name: 'How your request will be adjusted' })
      .waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Generate video' }).click();
    await page.getByRole('status').filter({ hasText: 'It appears under Recent' }).waitFor();
    const card = cardFor(page, videoPrompt);
    await card.waitFor();
    videoId = await idOf(card);
    await card.locator('.badge-completed').waitFor({ timeout: 60_000 });
    await apiPanel.getByRole('tab', { name: 'Response' }).click();
    expect(await apiPanel.getByRole('tabpanel').textContent()).toContain(`"id": "${videoId}"`);
    await apiPanel.getByRole('tab', { name: 'Timings' }).click();
    await apiPanel.getByRole('row', { name: /Total/ }).waitFor();
    await auditScreen(page, 'create-done');
  });

  it('opens the video at the top with focus on its title; plays, seeks, downloads under a readable name', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    // Scroll the list to its end, then open the video from there (one step, so nothing moves between).
    await cardFor(page, videoPrompt)
      .locator('.gen-prompt a')
      .evaluate((link: HTMLAnchorElement) => {
        window.scrollTo(0, document.body.scrollHeight);
        link.click();
      });
    await page.getByRole('heading', { name: videoPrompt }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', text: videoPrompt });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    await page.waitForFunction(
      () => document.querySelector<HTMLVideoElement>('video.player')?.readyState === 4,
      null,
      {
        timeout: 30_000,
      },
    );
    const start = await page.evaluate(async () => {
      const video = document.querySelector<HTMLVideoElement>('video.player')!;
      video.muted = true;
      await video.play();
      return video.currentTime;
    });
    await page.waitForFunction(
      (from) => (document.querySelector<HTMLVideoElement>('video.player')?.currentTime ?? 0) > from + 0.3,
      start,
    );
    const seeked = await page.evaluate(async () => {
      const video = document.querySelector<HTMLVideoElement>('video.player')!;
      video.pause();
      const done = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
      video.currentTime = 1.5;
      await done;
      return video.currentTime;
    });
    expect(seeked).toBeCloseTo(1.5, 0);
    const href = await page.getByRole('link', { name: 'Download' }).getAttribute('href');
    const whole = await fetch(href!);
    expect(whole.headers.get('content-disposition')).toBe(
      'attachment; filename="a-red-fox-trotting-through-fresh-snow-in.mp4"',
    );
    await whole.body?.cancel();
    const ranged = await fetch(href!, { headers: { range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    await page.getByRole('region', { name: 'API' }).getByRole('tab', { name: 'Response' }).click();
    await auditScreen(page, 'video');
  });

  it('iterates with the cost first: generate again, remix, 3 variations side by side', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    await page.goto(`/#/video/${videoId}`);
    await page.getByRole('button', { name: 'Generate again' }).click();
    const again = page.getByRole('region', { name: 'Generate again with the same settings' });
    await again.getByText('This will cost').waitFor();
    await auditScreen(page, 'video-generate-again');
    await again.getByRole('button', { name: /^Generate again · \$0\.40$/ }).click();
    await page.waitForFunction(
      (id) => /^#\/video\//.test(location.hash) && !location.hash.endsWith(id),
      videoId,
    );
    const againId = decodeURIComponent(await page.evaluate(() => location.hash.slice('#/video/'.length)));
    await page.locator('.video-side .badge-completed').waitFor({ timeout: 60_000 });
    const againBody = (await (await api(`/v1/generations/${againId}`, server.keys[0])).json()) as Record<
      string,
      unknown
    >;
    expect(againBody).toMatchObject({ prompt: videoPrompt, size: '1280x720', duration: 4 });

    await page.getByLabel('Remix: describe the change').fill('The same fox at night under neon lighting');
    await page.getByRole('button', { name: 'Remix…' }).click();
    const remix = page.getByRole('region', { name: 'Remix this video' });
    await remix.getByText('This will cost').waitFor();
    await remix.getByRole('button', { name: /^Remix · \$/ }).click();
    await page.waitForFunction((id) => !location.hash.endsWith(id), againId);
    await page.getByRole('link', { name: againId }).waitFor();

    await goTo(page, 'Create');
    await fillCreate(
      page,
      'A paper boat on a rainy street, slow dolly in, neon reflections, cinematic film',
      { seconds: 4 },
    );
    await page.getByLabel('Videos').selectOption('3');
    await page.getByText(/3 × \$0\.40/).waitFor();
    expect(await page.getByTestId('estimate-cost').textContent()).toBe('$1.20');
    await page.getByRole('button', { name: 'Generate 3 variations' }).click();
    const variations = page.getByRole('region', { name: 'Variations' });
    await expect.poll(() => variations.locator('article.gen-card').count()).toBe(3);
    await expect.poll(() => variations.locator('.badge-completed').count(), { timeout: 60_000 }).toBe(3);
    await variations.scrollIntoViewIfNeeded();
    await auditScreen(page, 'create-variations');
  });

  it('refuses before paying: one message, every term marked, Generate off until the prompt changes', async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    const prompt =
      'Taylor Swift on a stage full of gore and a decapitation, slow dolly in, warm spotlight, concert film';
    await fillCreate(page, prompt, { seconds: 4 });
    const notice = page.locator('.policy-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /would be refused: it names a real person and describes graphic violence/,
    );
    expect(await notice.locator('mark').allTextContents()).toEqual(['Taylor Swift', 'gore', 'decapitation']);
    expect(await notice.textContent()).not.toMatch(/graphic_violence|real_person\./);
    const hints = page.getByRole('complementary', { name: 'Prompt hints' });
    expect(await hints.textContent()).toMatch(/Would be refused/);
    expect(await hints.textContent()).not.toMatch(/Looks good/);
    const generate = page.getByRole('button', { name: 'Generate video' });
    expect(await generate.isDisabled()).toBe(true);
    expect(await page.locator('.error-notice.refusal').count()).toBe(1);
    await auditScreen(page, 'create-refused');

    await page
      .getByLabel('Prompt', { exact: true })
      .fill('A singer on a stage, slow dolly in, warm spotlight, concert film');
    await expect.poll(() => generate.isDisabled()).toBe(false);
    await expect.poll(() => notice.count()).toBe(0);
  });

  it("calls the user's own cancel neutral, keeps settings on 'edit and try again', explains a failure", async () => {
    const { page } = await open();
    await signIn(page, server.keys[0]);
    // A refused result (the emulator's output check) and a canceled long video, made by the API.
    const failed = (await (
      await api('/v1/generations', server.keys[0], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          prompt: 'A quiet harbour at dawn, wide shot, soft light, film [[fault:output-refusal:always]]',
          size: '1280x720',
          duration: 8,
        }),
      })
    ).json()) as { id: string };
    const long = (await (
      await api('/v1/generations', server.keys[0], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          prompt: 'A long walk along a cliff path, wide shot, golden light, film',
          duration: 60,
        }),
      })
    ).json()) as { id: string };
    await api(`/v1/generations/${long.id}/cancel`, server.keys[0], { method: 'POST' });

    await page.goto(`/#/video/${long.id}`);
    await page.getByText('You canceled this video.').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.error-notice').count()).toBe(0);
    const parts = page.getByRole('list', { name: 'Parts' }).first();
    if ((await parts.count()) > 0) {
      const labels = await parts.locator('.segment-status').allTextContents();
      expect(labels).not.toContain('Generating');
      expect(labels.join(' ')).not.toMatch(/pending/);
    }

    await page.goto(`/#/video/${failed.id}`);
    const notice = page.locator('.player .error-notice.refusal');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toMatch(/What to change/);
    await auditScreen(page, 'video-failed');
    await page.getByRole('button', { name: 'Edit prompt and try again' }).click();
    await page.getByRole('heading', { name: 'Create a video' }).waitFor();
    expect(await page.getByLabel('Prompt', { exact: true }).inputValue()).toContain(
      'A quiet harbour at dawn',
    );
    expect(await page.getByLabel('Size').inputValue()).toBe('1280x720');
    expect(await page.getByLabel('Duration').inputValue()).toBe('8');
  });

  it('works at phone size: screens fit, routes start at the top with focus on the heading', async () => {
    const { page } = await open(viewports.phone);
    await page.goto('/');
    await page.getByLabel('API key').waitFor();
    await auditScreen(page, 'sign-in');
    await signIn(page, server.keys[0]);
    await page.getByLabel('Prompt', { exact: true }).fill('a fox in snow');
    await auditScreen(page, 'create');
    await expectNoSidewaysScroll(page);
    // Scroll the list to its end, then open the video from there (one step, so nothing moves between).
    await cardFor(page, videoPrompt)
      .locator('.gen-prompt a')
      .evaluate((link: HTMLAnchorElement) => {
        window.scrollTo(0, document.body.scrollHeight);
        link.click();
      });
    await page.getByRole('heading', { name: videoPrompt }).waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1' });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await auditScreen(page, 'video');
    await expectNoSidewaysScroll(page);
  });
});
