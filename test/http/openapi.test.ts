/** The OpenAPI 3.1 document covers every route served and its schemas compile (JSON Schema 2020-12). */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createHarness } from './fakes/harness.ts';

describe('/openapi.json', async () => {
  const h = await createHarness({ deps: { metrics: { render: () => '' } } });
  const document = (await (await h.app.request('/openapi.json')).json()) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  };

  it('is an OpenAPI 3.1 document with unique operation ids and responses everywhere', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item))
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    }
  });

  it('lists every route the app serves', () => {
    const served = h.app.routes
      .filter((route) => route.method !== 'ALL' && route.path !== '/*')
      .map(
        (route) =>
          `${route.method.toLowerCase()} ${route.path.replace(/:([A-Za-z_]+)(\{[^/]*\})?/g, '{$1}')}`,
      );
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThan(20);
    for (const route of served) expect(documented, route).toContain(route);
  });

  it('has component schemas that compile under JSON Schema 2020-12 and validate real responses', async () => {
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'components', $defs: {} });
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      ajv.addSchema(
        JSON.parse(JSON.stringify(schema).replaceAll('#/components/schemas/', 'urn:reelgate:')) as object,
        `urn:reelgate:${name}`,
      );
    }
    const created = await h.app.request('/v1/videos', {
      method: 'POST',
      headers: { ...h.authA, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'schema check' }),
    });
    const video = await created.json();
    const validateVideo = ajv.getSchema('urn:reelgate:VideoResource')!;
    expect(validateVideo(video), JSON.stringify(validateVideo.errors)).toBe(true);
    const generation = await (
      await h.app.request('/v1/generations', {
        method: 'POST',
        headers: { ...h.authA, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'schema check', seed: 7 }),
      })
    ).json();
    const validateGeneration = ajv.getSchema('urn:reelgate:Generation')!;
    expect(validateGeneration(generation), JSON.stringify(validateGeneration.errors)).toBe(true);
    const validateError = ajv.getSchema('urn:reelgate:ErrorResponse')!;
    const failure = await (await h.app.request('/v1/videos/nope', { headers: h.authA })).json();
    expect(validateError(failure)).toBe(true);
    // Answers of the account, admin, session and health routes match their declared schemas.
    const answers: Array<[string, string, Record<string, string>]> = [
      ['Account', '/v1/account', h.authA],
      ['ApiKeyList', '/v1/admin/keys', { authorization: `Bearer ${h.adminKey}` }],
      ['LocalSession', '/v1/session/local', {}],
      ['Health', '/healthz', {}],
    ];
    for (const [schema, path, headers] of answers) {
      const validate = ajv.getSchema(`urn:reelgate:${schema}`)!;
      const answer = await (await h.app.request(path, { headers })).json();
      expect(validate(answer), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const validateSeedRequest = ajv.getSchema('urn:reelgate:SeedGenerationRequest')!;
    expect(validateSeedRequest({ prompt: 'x', resolution: '720p', duration: 8 })).toBe(true);
    expect(validateSeedRequest({ prompt: 'x', frame_rate: 30 })).toBe(false);
  });

  it('renders a readable docs page', async () => {
    const page = await h.app.request('/docs');
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/v1/videos/generations');
    expect(html).toContain('VideoResource');
  });
});
