/**
 * Builds the studio (web/dist) when it is missing or older than its sources, so `npm start`
 * always serves a current UI with no manual step. Fast when nothing changed (a few stat calls).
 *   node web/ensure-build.ts          (meant for a `prestart` / `prepare` script)
 *   node web/ensure-build.ts --force  (always build)
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const builtIndex = join(webDir, 'dist', 'index.html');

async function newestSourceMs(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestSourceMs(join(path, entry)));
  return newest;
}

async function builtMs(): Promise<number | undefined> {
  try {
    return (await stat(builtIndex)).mtimeMs;
  } catch {
    return undefined;
  }
}

export async function ensureStudioBuilt(force = false): Promise<boolean> {
  const built = await builtMs();
  if (!force && built !== undefined) {
    const sources = await Promise.all(
      ['src', 'index.html', 'vite.config.ts', join('..', 'src', 'client')].map((path) =>
        newestSourceMs(join(webDir, path)).catch(() => 0),
      ),
    );
    if (Math.max(...sources) <= built) return false;
  }
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  ensureStudioBuilt(process.argv.includes('--force')).then(
    (rebuilt) => {
      if (rebuilt) console.log(`studio built into web/dist in ${Date.now() - started} ms`);
    },
    (error: unknown) => {
      // Never block the gateway from starting: without a build, `/` shows the API docs page.
      console.error('studio build failed (the API still works):', error);
    },
  );
}
