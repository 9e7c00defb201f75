/** Vitest global setup: build the studio once (web/dist), as `npm start` will serve it. */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({
    configFile: new URL('../../../web/vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
  });
}
