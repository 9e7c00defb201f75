/**
 * An S3-compatible server for tests: s3rver (npm) on 127.0.0.1, a free port, a temp directory,
 * with the buckets asked for. Used in-process by test files and as a child process by `.ci/run`'s
 * multi-process tests:
 *
 *   node test/support/s3rver.ts --bucket reelgate [--port 0]
 *
 * prints one JSON line `{"endpoint","bucket","accessKeyId","secretAccessKey","region","directory"}`
 * (plus the matching REELGATE_S3_* variables) and serves until SIGTERM/SIGINT, then deletes its
 * directory.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);

export interface RunningS3rver {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  directory: string;
  /** The `REELGATE_S3_*` settings that point reelgate at this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface StartS3rverOptions {
  bucket?: string;
  /** Extra buckets to create. */
  buckets?: string[];
  port?: number;
}

/** s3rver accepts any credentials but the SDK must sign; these are its documented defaults. */
const accessKeyId = 'S3RVER';
const secretAccessKey = 'S3RVER';

export async function startS3rver(options: StartS3rverOptions = {}): Promise<RunningS3rver> {
  const S3rver = require('s3rver') as S3rverConstructor;
  const bucket = options.bucket ?? 'reelgate-test';
  const directory = await mkdtemp(join(tmpdir(), 'reelgate-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [bucket, ...(options.buckets ?? [])].map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    bucket,
    region: 'us-east-1',
    accessKeyId,
    secretAccessKey,
    directory,
    env: {
      REELGATE_S3_BUCKET: bucket,
      REELGATE_S3_REGION: 'us-east-1',
      REELGATE_S3_ENDPOINT: endpoint,
      REELGATE_S3_FORCE_PATH_STYLE: 'true',
      REELGATE_S3_ACCESS_KEY_ID: accessKeyId,
      REELGATE_S3_SECRET_ACCESS_KEY: secretAccessKey,
    },
    stop() {
      stopped ??= (async () => {
        await server.close().catch(() => {});
        await rm(directory, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * The same server in a child process (so a test can measure its own memory without s3rver's,
 * or share one server between processes). Stopped with SIGTERM.
 */
export async function spawnS3rver(options: { bucket?: string } = {}): Promise<RunningS3rver> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--bucket', options.bucket ?? 'reelgate-test'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(buffered.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`s3rver child exited early (${code})`)));
    child.once('error', reject);
  });
  const info = JSON.parse(line) as Omit<RunningS3rver, 'stop'>;
  let stopped: Promise<void> | undefined;
  return {
    ...info,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}

async function main(argv: string[]): Promise<void> {
  const value = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const running = await startS3rver({
    bucket: value('--bucket') ?? 'reelgate',
    port: Number(value('--port') ?? 0),
  });
  process.stdout.write(
    `${JSON.stringify({
      endpoint: running.endpoint,
      bucket: running.bucket,
      region: running.region,
      accessKeyId: running.accessKeyId,
      secretAccessKey: running.secretAccessKey,
      directory: running.directory,
      env: running.env,
    })}\n`,
  );
  const shutdown = () => {
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
