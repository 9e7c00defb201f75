/** Steps through the studio's UI the way a person would (labels and roles, not CSS classes). */
import type { Page } from 'playwright-core';

export async function signIn(page: Page, key: string): Promise<void> {
  await page.goto('/');
  const form = page.getByLabel('API key');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await Promise.race([form.waitFor(), signOut.waitFor()]);
  // A local install may sign the browser in automatically: sign out to use this key.
  if (await signOut.isVisible()) await signOut.click();
  await form.fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Create a video' }).waitFor();
}

export async function goTo(page: Page, tab: 'Create' | 'Library' | 'Storyboard' | 'Usage'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: tab, exact: true }).click();
}

/** The card of the generation whose prompt starts with `prompt` (first match, newest first). */
export function cardFor(page: Page, prompt: string) {
  return page
    .locator('article.gen-card')
    .filter({ hasText: prompt.slice(0, 40) })
    .first();
}

export async function submitPrompt(page: Page, prompt: string, seconds = 4): Promise<void> {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByLabel('Duration (seconds)').fill(String(seconds));
  await page.getByRole('button', { name: 'Generate video' }).click();
}

export async function idOf(card: ReturnType<typeof cardFor>): Promise<string> {
  const id = await card.getAttribute('data-id');
  if (!id) throw new Error('card without data-id');
  return id;
}
