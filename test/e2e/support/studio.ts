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

/** The card (Recent, variations) or gallery tile of the generation whose prompt starts with `prompt`. */
export function cardFor(page: Page, prompt: string) {
  return page
    .locator('article.gen-card, article.tile')
    .filter({ hasText: prompt.slice(0, 40) })
    .first();
}

/** Fills the create form; `size` and `seconds` pick from the model's own choices. */
export async function fillCreate(
  page: Page,
  prompt: string,
  options: { seconds?: number; size?: string } = {},
) {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  if (options.size) await page.getByLabel('Size').selectOption(options.size);
  await page.getByLabel('Duration').selectOption(String(options.seconds ?? 4));
}

export async function submitPrompt(page: Page, prompt: string, seconds = 4, size?: string): Promise<void> {
  await fillCreate(page, prompt, { seconds, ...(size ? { size } : {}) });
  const generate = page.getByRole('button', { name: 'Generate video' });
  // The estimate (cost and policy check) comes first; Generate follows its answer.
  await page.getByTestId('estimate-cost').filter({ hasText: '$' }).waitFor();
  await generate.click();
}

export async function idOf(card: ReturnType<typeof cardFor>): Promise<string> {
  const id = await card.getAttribute('data-id');
  if (!id) throw new Error('card without data-id');
  return id;
}

/** The element that has keyboard focus, described for assertions. */
export function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      text: element?.textContent?.trim() ?? '',
      id: element?.id ?? '',
    };
  });
}
