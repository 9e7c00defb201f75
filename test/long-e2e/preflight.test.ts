/**
 * Issue 5 acceptance, before any paid call: the content-policy check (per-account switch),
 * budgets per day/month with the remaining budget in the refusal, concurrency limits, the
 * estimate endpoint (cost, plan, warnings, lint and policy findings in a 200), usage, prompt
 * lint/build, admin limits, and the CLI's `estimate` and `storyboard`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runEstimate } from '../../src/cli/commands/estimate.ts';
import { parseShot, runStoryboard } from '../../src/cli/commands/storyboard.ts';
import { type LongHarness, startLongHarness } from './harness.ts';

let h: LongHarness;
let userId: string;
let otherId: string;

beforeAll(async () => {
  h = await startLongHarness();
  userId = (await h.account(h.keys.user)).id;
  otherId = (await h.account(h.keys.other)).id;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

function createCalls(): number {
  return (h.emulator.stats() as unknown as { createCalls: { total: number } }).createCalls.total;
}

async function setLimits(accountId: string, body: Record<string, unknown>) {
  return h.api('PATCH', `/v1/admin/accounts/${accountId}/limits`, body, h.keys.admin);
}

describe('pre-flight content policy', () => {
  it('refuses a listed prompt before any provider call, naming the rule, on every create surface', async () => {
    const before = createCalls();
    const seed = await h.api('POST', '/v1/videos/generations', {
      prompt: 'Pikachu surfing a huge wave',
      duration: 8,
    });
    // The simple contract's clients wait for `failed`: the refusal is a generation that ended
    // failed at once (never submitted), carrying the same error and hint (docs/api.md).
    expect(seed.status).toBe(200);
    expect(seed.body.status).toBe('failed');
    expect(seed.body.error.code).toBe('input_refused');
    expect(seed.body.error.type).toBe('content_policy_violation');
    expect(seed.body.error.message).toContain('copyrighted_character.well_known');
    expect(seed.body.error.hint).toBeTruthy();

    const storyboard = await h.api('POST', '/v1/storyboards', {
      shots: [
        { prompt: 'a quiet beach at dawn, wide shot', duration: 4 },
        { prompt: 'Taylor Swift walks along the shore', duration: 4 },
      ],
    });
    expect(storyboard.status).toBe(400);
    expect(storyboard.body.error.code).toBe('input_refused');
    expect(storyboard.body.error.param).toBe('shots[1].prompt');
    expect(storyboard.body.error.details.rule).toBe('real_person.public_figure');

    const long = await h.api('POST', '/v1/generations', {
      prompt: 'a gory battlefield, dismembered soldiers',
      duration: 40,
    });
    expect(long.status).toBe(400);
    expect(long.body.error.details.rule).toBe('graphic_violence.gore');

    // Nothing reached the provider; only the simple contract's refusal was recorded, as failed.
    expect(createCalls()).toBe(before);
    const list = await h.api('GET', '/v1/generations?limit=100');
    expect(list.body.data.map((item: { id: string; status: string }) => [item.id, item.status])).toEqual([
      [seed.body.id, 'failed'],
    ]);
  });

  it('can be turned off per account by an admin (the provider then decides)', async () => {
    const off = await setLimits(otherId, { policy_check: false });
    expect(off.status).toBe(200);
    expect(off.body.policy_check).toBe(false);
    const before = createCalls();
    const created = await h.api(
      'POST',
      '/v1/videos/generations',
      { prompt: 'Pikachu surfing a huge wave', duration: 4 },
      h.keys.other,
    );
    expect(created.status).toBe(200);
    const done = await h.finished(otherId, created.body.id);
    // The emulator's own moderation refuses it: one provider call was made.
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('input_refused');
    expect(createCalls()).toBe(before + 1);
    // Still on for the other account.
    expect((await h.api('POST', '/v1/generations', { prompt: 'Pikachu surfing' })).status).toBe(400);
    // Only admins change limits.
    expect(
      (await h.api('PATCH', `/v1/admin/accounts/${userId}/limits`, { policy_check: false })).status,
    ).toBe(403);
  });
});

describe('estimates', () => {
  it('gives cost, plan, mapping warnings and prompt hints for a long request without submitting it', async () => {
    const before = createCalls();
    const estimate = await h.api('POST', '/v1/estimates', {
      prompt: 'a cat',
      duration: 60,
      resolution: '720p',
    });
    expect(estimate.status).toBe(200);
    expect(estimate.body.object).toBe('estimate');
    expect(estimate.body.total_usd).toBeCloseTo(6, 6);
    expect(estimate.body.segmented).toBe(true);
    expect(estimate.body.plan.count).toBe(estimate.body.segments.length);
    expect(estimate.body.segments.reduce((sum: number, s: { duration: number }) => sum + s.duration, 0)).toBe(
      60,
    );
    expect(estimate.body.lint.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(['too_vague', 'missing_camera', 'missing_lighting', 'missing_style']),
    );
    expect(estimate.body.policy.allowed).toBe(true);
    expect(estimate.body.typical_seconds).toBeGreaterThan(0);

    const mapped = await h.api('POST', '/v1/estimates', { prompt: 'a paper boat on a pond', duration: 6 });
    expect(mapped.body.segmented).toBe(false);
    expect(mapped.body.duration).toBe(8);
    expect(mapped.body.total_usd).toBeCloseTo(0.8, 6);
    expect(mapped.body.warnings.join(' ')).toMatch(/duration 6 s/);

    const overshoot = await h.api('POST', '/v1/estimates', {
      prompt: 'a paper boat on a pond',
      duration: 42,
    });
    expect(overshoot.body.trimmed_seconds).toBeGreaterThan(0);
    expect(overshoot.body.warnings.join(' ')).toMatch(/trimmed/);

    const storyboard = await h.api('POST', '/v1/estimates', {
      shots: [
        { prompt: 'a quiet beach at dawn, wide shot', duration: 4 },
        { prompt: 'waves at noon, close-up', duration: 8 },
      ],
    });
    expect(storyboard.body.total_usd).toBeCloseTo(1.2, 6);
    expect(storyboard.body.plan.count).toBe(2);
    expect(createCalls()).toBe(before);
  });

  it('reports policy problems in a 200, and refuses unknown models with a 400', async () => {
    const refused = await h.api('POST', '/v1/estimates', {
      prompt: 'Darth Vader cooking pasta',
      duration: 8,
    });
    expect(refused.status).toBe(200);
    expect(refused.body.policy.allowed).toBe(false);
    expect(refused.body.policy.violations[0].rule).toBe('copyrighted_character.well_known');
    expect(refused.body.policy.violations[0].hint).toBeTruthy();
    const unknown = await h.api('POST', '/v1/estimates', { prompt: 'a boat', model: 'no-such-model' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.param).toBe('model');
  });
});

describe('budgets and concurrency', () => {
  it('refuses a request over the daily budget before any provider call, with the remaining budget', async () => {
    const limits = await setLimits(userId, { daily_budget_usd: 1, monthly_budget_usd: 50 });
    expect(limits.body).toMatchObject({
      daily_budget_usd: 1,
      monthly_budget_usd: 50,
      concurrency_limit: null,
    });
    const before = createCalls();
    const first = await h.api('POST', '/v1/generations', {
      prompt: 'a paper boat on a pond, slow pan',
      duration: 4,
    });
    expect(first.status).toBe(200);
    expect(first.body.estimate.total_usd).toBeCloseTo(0.4, 6);
    // $0.40 reserved by the first (counted while it runs); $0.80 more does not fit in $1.
    const second = await h.api('POST', '/v1/generations', {
      prompt: 'a paper boat on a pond, wide shot',
      duration: 8,
    });
    expect(second.status).toBe(402);
    expect(second.body.error.code).toBe('budget_exceeded');
    expect(second.body.error.details.remaining.dailyUsd).toBeCloseTo(0.6, 6);
    expect(second.body.error.details.remaining.monthlyUsd).toBeCloseTo(49.6, 6);
    expect(second.body.error.details.exceeded).toBe('daily');
    expect(second.body.error.message).toMatch(/\$0\.60/);
    const long = await h.api('POST', '/v1/videos/generations', {
      prompt: 'a long paper boat trip',
      duration: 60,
    });
    expect(long.status).toBe(402);
    const estimate = await h.api('POST', '/v1/estimates', { prompt: 'a paper boat', duration: 8 });
    expect(estimate.body.budget.allowed).toBe(false);
    expect(estimate.body.budget.remaining.daily_usd).toBeCloseTo(0.6, 6);
    expect((await h.finished(userId, first.body.id)).state).toBe('completed');
    expect(createCalls()).toBe(before + 1);

    const usage = await h.api('GET', '/v1/usage');
    expect(usage.status).toBe(200);
    expect(usage.body.day.spent).toBeCloseTo(0.4, 6);
    expect(usage.body.day.budget).toBe(1);
    expect(usage.body.day.remaining).toBeCloseTo(0.6, 6);
    expect(usage.body.month.budget).toBe(50);
    expect(usage.body.per_model).toEqual([{ model: 'openai:sora-2', count: 1, cost: 0.4 }]);
    await setLimits(userId, { daily_budget_usd: null, monthly_budget_usd: null });
  });

  it('refuses a request when the account already runs as many jobs as its concurrency limit', async () => {
    await setLimits(userId, { concurrency_limit: 0 });
    const refused = await h.api('POST', '/v1/generations', {
      prompt: 'a paper boat on a pond, slow pan',
      duration: 4,
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('concurrency_limit');
    await setLimits(userId, { concurrency_limit: null });
  });
});

describe('prompt help and the CLI', () => {
  it('lints and builds prompts', async () => {
    const lint = await h.api('POST', '/v1/prompts/lint', { prompt: 'a cat' });
    expect(lint.status).toBe(200);
    expect(lint.body.warnings.map((w: { code: string }) => w.code)).toContain('too_vague');
    expect(lint.body.warnings[0].suggestion).toBeTruthy();
    const built = await h.api('POST', '/v1/prompts/build', {
      subject: 'a red fox',
      action: 'trots through fresh snow',
      setting: 'in a birch forest at dawn',
      camera: 'slow tracking shot at ground level',
      lighting: 'soft golden backlight',
      style: '35mm film',
    });
    expect(built.body.prompt).toMatch(
      /^A red fox trots through fresh snow in a birch forest at dawn\. Camera: /,
    );
    expect(built.body.warnings.map((w: { code: string }) => w.code)).not.toContain('missing_camera');
    const openapi = (await (await fetch(`${h.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/v1/storyboards',
      '/v1/estimates',
      '/v1/prompts/lint',
      '/v1/prompts/build',
      '/v1/usage',
    ]) {
      expect(openapi.paths[path]).toBeDefined();
    }
    // Enhancement is off unless a language model is configured.
    expect(openapi.paths['/v1/prompts/enhance']).toBeUndefined();
  });

  it('reelgate estimate and reelgate storyboard', async () => {
    expect(parseShot('a fox: running in snow:8')).toEqual({ prompt: 'a fox: running in snow', duration: 8 });
    expect(() => parseShot('no seconds')).toThrow(/prompt:seconds/);
    const out: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = await mkdtemp(join(tmpdir(), 'rg-long-cli-'));
    try {
      await runEstimate('a lighthouse at dusk', { duration: '60', url: h.url, apiKey: h.keys.user });
      expect(out.join('')).toMatch(/Estimated cost: \$6\.00 USD/);
      expect(out.join('')).toMatch(/Made of \d+ segments/);
      expect(out.join('')).toContain('Continuity: ');
      const file = join(dir, 'shots.json');
      await writeFile(
        file,
        JSON.stringify({
          shots: [
            { prompt: 'A paper lantern rising at night, wide shot, warm glow', duration: 4 },
            { prompt: 'Lanterns over a lake, slow pan, reflections, cinematic', duration: 4 },
          ],
        }),
      );
      out.length = 0;
      const output = join(dir, 'lanterns.mp4');
      await runStoryboard({
        file,
        shot: ['Dawn over the lake, static shot, mist, soft light:4'],
        output,
        download: true,
        url: h.url,
        apiKey: h.keys.user,
      });
      expect(out.join('')).toContain(output);
      const bytes = await readFile(output);
      expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
