/**
 * App-side Idempotency-Key on billable creates: same key and body -> the same generation and
 * answer, no second row and no second provider start; another body -> 409
 * idempotency_key_reused; concurrent duplicates -> one generation; keys are per account; the
 * typed client and a retried CLI create send one key per logical create.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runGenerate } from '../../src/cli/commands/generate.ts';
import { ReelgateClient } from '../../src/client/index.ts';
import { type Gateway, jsonBody, keyA, keyB, startGateway } from '../security/helpers/gateway.ts';

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway();
});

afterAll(async () => {
  await gateway?.close();
});

async function rowsWithPrompt(prompt: string): Promise<number> {
  const result = await gateway.reelgate.db.query<{ n: string | number }>(
    'SELECT COUNT(*) AS n FROM generations WHERE prompt = $1',
    [prompt],
  );
  return Number(result.rows[0]?.n ?? 0);
}

const routes: Array<{ name: string; path: string; body: Record<string, unknown> }> = [
  { name: 'seed create', path: '/v1/videos/generations', body: { prompt: 'seed idem fox', duration: 4 } },
  { name: 'native create', path: '/v1/generations', body: { prompt: 'native idem fox', duration: 4 } },
  { name: 'videos create', path: '/v1/videos', body: { prompt: 'videos idem fox', seconds: '4' } },
  {
    name: 'storyboard',
    path: '/v1/storyboards',
    body: {
      shots: [
        { prompt: 'storyboard idem one', duration: 4 },
        { prompt: 'storyboard idem two', duration: 4 },
      ],
    },
  },
];

test.each(routes)(
  '$name: same key and body answer the same generation once; another body is 409',
  async (route) => {
    const headers = { ...gateway.auth(keyA), 'idempotency-key': `key-${route.path}` };
    const first = await gateway.app.request(route.path, jsonBody(route.body, headers));
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as { id: string };
    const again = await gateway.app.request(route.path, jsonBody(route.body, headers));
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const againBody = (await again.json()) as { id: string };
    expect(againBody).toEqual(firstBody);
    const prompt = (route.body.prompt as string | undefined) ?? 'storyboard idem one\n\nstoryboard idem two';
    expect(await rowsWithPrompt(prompt)).toBe(1);

    const other = await gateway.app.request(
      route.path,
      jsonBody({ ...route.body, model: 'sora-2-pro' }, headers),
    );
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
  },
);

test('the OpenAPI document lists the Idempotency-Key header on every billable create', async () => {
  const document = (await (await gateway.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
  };
  for (const path of [
    '/v1/videos/generations',
    '/v1/generations',
    '/v1/videos',
    '/v1/videos/{video_id}/remix',
    '/v1/storyboards',
  ]) {
    const names = (document.paths[path]?.post?.parameters ?? []).map((parameter) =>
      parameter.name.toLowerCase(),
    );
    expect(names, path).toContain('idempotency-key');
  }
});

test('concurrent duplicates make one generation and one provider start', async () => {
  const headers = { ...gateway.auth(keyA), 'idempotency-key': 'concurrent-1' };
  const body = { prompt: 'concurrent idem fox', duration: 4 };
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => gateway.app.request('/v1/generations', jsonBody(body, headers))),
  );
  const ids = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { id: string }).id));
  expect(answers.every((answer) => answer.status === 200)).toBe(true);
  expect(new Set(ids).size).toBe(1);
  expect(await rowsWithPrompt('concurrent idem fox')).toBe(1);
  await gateway.finished(ids[0]!);
  expect(gateway.provider.prompts.filter((prompt) => prompt === 'concurrent idem fox')).toHaveLength(1);
});

test('keys belong to the account; a failed request frees its key; bad keys are a 400', async () => {
  const body = { prompt: 'per account idem', duration: 4 };
  const a = await gateway.app.request(
    '/v1/generations',
    jsonBody(body, { ...gateway.auth(keyA), 'idempotency-key': 'shared' }),
  );
  const b = await gateway.app.request(
    '/v1/generations',
    jsonBody(body, { ...gateway.auth(keyB), 'idempotency-key': 'shared' }),
  );
  expect(((await a.json()) as { id: string }).id).not.toBe(((await b.json()) as { id: string }).id);

  const headers = { ...gateway.auth(keyA), 'idempotency-key': 'after-error' };
  const bad = await gateway.app.request('/v1/generations', jsonBody({ prompt: '', duration: 4 }, headers));
  expect(bad.status).toBe(400);
  const fixed = await gateway.app.request('/v1/generations', jsonBody({ prompt: '', duration: 4 }, headers));
  expect(fixed.status).toBe(400);
  expect(((await fixed.json()) as { error: { code: string } }).error.code).toBe('invalid_request');

  const tooLong = await gateway.app.request(
    '/v1/generations',
    jsonBody(body, { ...gateway.auth(keyA), 'idempotency-key': 'x'.repeat(300) }),
  );
  expect(tooLong.status).toBe(400);
});

test('the typed client retries a create with one key, and a retried CLI create makes one video', async () => {
  // A gateway that drops the first answer of every create: the client retries with the same key.
  let dropped = 0;
  const server = serve(
    {
      hostname: '127.0.0.1',
      port: 0,
      fetch: async (request) => {
        const answer = await gateway.app.fetch(request);
        if (request.method === 'POST' && dropped++ % 2 === 0)
          return new Response('upstream reset', { status: 502 });
        return answer;
      },
    },
    () => undefined,
  );
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const client = new ReelgateClient({ baseUrl: url, apiKey: keyA });
    const created = await client.create({ prompt: 'client retry idem', duration: 4 });
    expect(await rowsWithPrompt('client retry idem')).toBe(1);
    expect(created.id).toBeTruthy();

    // The CLI run twice with the same --idempotency-key (a script retrying after a timeout).
    const options = {
      url,
      apiKey: keyA,
      download: false,
      json: true,
      idempotencyKey: 'cli-retry-1',
      duration: '4',
    };
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await runGenerate('cli retry idem', options);
      await runGenerate('cli retry idem', options);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
    expect(await rowsWithPrompt('cli retry idem')).toBe(1);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
