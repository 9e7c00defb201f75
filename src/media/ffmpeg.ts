/**
 * Locating the ffmpeg and ffprobe binaries. Order: an explicitly configured path
 * (REELGATE_FFMPEG / REELGATE_FFPROBE), then the system binary on PATH (Debian's build is
 * 3-4x faster), then the binaries shipped inside npm packages so `npm install` is enough.
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

export interface FindBinaryOptions {
  /** Environment to read REELGATE_FFMPEG / REELGATE_FFPROBE and PATH from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** Absolute path of an ffmpeg binary. Throws when none can be found. */
export function findFfmpeg(options: FindBinaryOptions = {}): string {
  return findBinary('ffmpeg', 'REELGATE_FFMPEG', '@ffmpeg-installer/ffmpeg', options);
}

/** Absolute path of an ffprobe binary. Throws when none can be found. */
export function findFfprobe(options: FindBinaryOptions = {}): string {
  return findBinary('ffprobe', 'REELGATE_FFPROBE', '@ffprobe-installer/ffprobe', options);
}

function findBinary(name: string, envName: string, npmPackage: string, options: FindBinaryOptions): string {
  const env = options.env ?? process.env;
  const configured = env[envName];
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`${envName}=${configured} is not an executable file`);
    return configured;
  }
  const cacheKey = `${name}|${env.PATH ?? ''}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const found = searchPath(name, env.PATH ?? '') ?? fromNpmPackage(npmPackage);
  if (!found) throw new Error(`${name} not found: install it, or set ${envName} to its path`);
  cache.set(cacheKey, found);
  return found;
}

function searchPath(name: string, pathValue: string): string | undefined {
  for (const dir of pathValue.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function fromNpmPackage(packageName: string): string | undefined {
  try {
    const path = (require(packageName) as { path?: string }).path;
    return path && isExecutable(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
