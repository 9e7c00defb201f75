/**
 * A default local install (no configured keys: the studio signs a loopback browser in) that goes
 * away and comes back: signing out survives a reload; with the server down the studio says
 * "Offline — retrying" with a Retry button instead of a server error; when the server returns,
 * the pill goes live and the library and its thumbnails reload by themselves.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditScreen } from './support/audit.ts';
import { launchBrowser, openPage } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { goTo } from './support/studio.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ local: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('local install, offline and back', () => {
  it('stays signed out after a reload; goes offline with Retry; recovers without a reload', async () => {
    const watched = await openPage(browser, server.url);
    // While the server is down the browser logs each refused connection; nothing else may appear.
    watched.allow(
      /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET|ERR_INCOMPLETE_CHUNKED_ENCODING|Failed to fetch|network error/i,
    );
    const { page } = watched;
    try {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Create a video' }).waitFor();
      expect(await page.locator('.key').textContent()).toBe('Local');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByRole('button', { name: "Continue as this computer's user" }).click();
      await page.getByRole('heading', { name: 'Create a video' }).waitFor();

      await page
        .getByLabel('Prompt', { exact: true })
        .fill('A kite over a windy beach, wide shot, bright light, film');
      await page.getByLabel('Duration').selectOption('4');
      await page.getByTestId('estimate-cost').filter({ hasText: '$' }).waitFor();
      await page.getByRole('button', { name: 'Generate video' }).click();
      await page.locator('.recent .badge-completed').first().waitFor({ timeout: 60_000 });
      await goTo(page, 'Library');
      await page.locator('article.tile img').first().waitFor();

      // The server goes away.
      const { url } = server;
      await server.stop({ keepData: true });
      await page.getByRole('status').filter({ hasText: 'Offline — retrying' }).waitFor({ timeout: 30_000 });
      await goTo(page, 'Create');
      await goTo(page, 'Library');
      const notice = page.locator('.library .error-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/cannot be reached/);
      expect(await notice.textContent()).not.toMatch(/went wrong on the server/);
      await page.locator('.library').getByRole('button', { name: 'Retry' }).waitFor();
      await auditScreen(page, 'library-offline');
      // Retry while the server is still down reconnects at once and fails again: still offline, no crash.
      await page.getByRole('banner').getByRole('button', { name: 'Retry' }).click();
      await page.getByRole('status').filter({ hasText: 'Offline — retrying' }).waitFor();

      // It comes back on the same address: the studio recovers on its own (its retries back off to
      // at most 5 s, so the Retry button may already be gone; nothing here clicks it).
      server = await startServer({ local: true, dataDir: server.dataDir, port: Number(new URL(url).port) });
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole('banner').getByRole('button', { name: 'Retry' }).count()).toBe(0);
      await notice.waitFor({ state: 'detached' });
      await page.waitForFunction(() => {
        const image = document.querySelector<HTMLImageElement>('article.tile img');
        return !!image && image.complete && image.naturalWidth > 0;
      });
      expect(watched.errors).toEqual([]);
    } finally {
      await watched.close();
    }
  });
});
