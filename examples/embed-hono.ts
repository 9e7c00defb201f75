// The gateway inside an existing Hono app: your routes first, then the gateway's.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createGateway, loadConfig } from 'reelgate';

export async function start(env: Record<string, string | undefined>) {
  const gateway = await createGateway(loadConfig(env));
  const app = new Hono();
  app.get('/hello', (c) => c.text('my app'));
  // Everything else (the API under /v1, signed /files links, /openapi.json, the studio) is the gateway's.
  app.route('/', gateway.http);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    gateway,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await gateway.close();
    },
  };
}
