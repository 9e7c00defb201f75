/**
 * Locating the ffmpeg and ffprobe binaries. Order: an explicitly configured path
 * (REELGATE_FFMPEG / REELGATE_FFPROBE, passed in), then the system binary on the search path
 * (Debian's build is 3-4x faster), then the binaries shipped inside npm packages so
 * `npm install` is enough. Reads no environment: the search path comes from the configuration
 * (`PATH`), else the usual system directories.
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

/** Searched when no search path is given. */
export const standardBinaryDirs = ['/usr/local/bin', '/usr/bin', '/bin', '/opt/homebrew/bin'];

export interface FindBinaryOptions {
  /** A configured path (REELGATE_FFMPEG / REELGATE_FFPROBE): used as is, or an error if not executable. */
  configured?: string | undefined;
  /** Directories to search, `PATH`-style. Default: the usual system directories. */
  searchPath?: string | undefined;
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
  const configured = options.configured;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`${envName}=${configured} is not an executable file`);
    return configured;
  }
  const searchPath = options.searchPath ?? standardBinaryDirs.join(delimiter);
  const cacheKey = `${name}|${searchPath}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const found = searchPathFor(name, searchPath) ?? fromNpmPackage(npmPackage);
  if (!found) throw new Error(`${name} not found: install it, or set ${envName} to its path`);
  cache.set(cacheKey, found);
  return found;
}

function searchPathFor(name: string, pathValue: string): string | undefined {
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
