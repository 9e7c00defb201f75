// The gateway inside a plain Node `http` server: requests your code does not answer go to it.
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createGateway, loadConfig } from 'reelgate';

export async function start(env: Record<string, string | undefined>) {
  const gateway = await createGateway(loadConfig(env));
  const toGateway = getRequestListener(gateway.http.fetch);
  const server = createServer((request, response) => {
    if (request.url === '/hello') {
      response.end('my app');
      return;
    }
    void toGateway(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
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
