/**
 * Each screen, checked the same way: axe-core (WCAG 2.1 A/AA) in the light and the dark colour
 * scheme with no serious or critical violation, and a screenshot of each scheme at the page's
 * size into test-output/screenshots/ (`<size>-<screen>-<scheme>.png`).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.ts';

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Every serious or critical axe finding on the page as it is now. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Off by default in axe (experimental): a control's name must contain its visible text.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** axe in both schemes plus screenshots; leaves the page in the light scheme. */
export async function auditScreen(page: Page, name: string): Promise<void> {
  const size = (page.viewportSize()?.width ?? 1440) < 600 ? 'phone' : 'desktop';
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await screenshot(page, `${size}-${name}-${scheme}`);
    expect(await axeFindings(page), `axe on ${name} (${size}, ${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
