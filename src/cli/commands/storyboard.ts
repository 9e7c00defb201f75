/**
 * `reelgate storyboard`: ordered shots (from a JSON/YAML file or repeated `--shot "prompt:seconds"`)
 * made into one stitched video through a running gateway; shows progress per shot, then
 * downloads the result like `reelgate generate`.
 *
 * File format: `{"shots": [{"prompt": "...", "duration": 8, "continue_previous": false, "assets": ["asset_..."]}], "model": "...",
 * "resolution": "720p", "size": "1280x720", "crossfade": 0}` (or just the array of shots).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { GenerationFailedError } from '../../client/errors.ts';
import type {
  CreateStoryboardParams,
  Generation,
  Resolution,
  SegmentedGeneration,
  StoryboardShotParams,
} from '../../client/types.ts';
import {
  formatBytes,
  formatDuration,
  type GatewayOptions,
  gatewayClient,
  pollIntervalMs,
  saveDownload,
} from '../gateway-client.ts';

export interface StoryboardFileOptions {
  file?: string;
  shot?: string[];
}

interface StoryboardOptions extends GatewayOptions, StoryboardFileOptions {
  model?: string;
  resolution?: string;
  size?: string;
  crossfade?: string;
  output?: string;
  download: boolean;
  json?: boolean;
}

export interface StoryboardSpec {
  shots: StoryboardShotParams[];
  model?: string;
  resolution?: string;
  size?: string;
  crossfade?: number;
}

/** `"a fox in snow:8"` -> { prompt: 'a fox in snow', duration: 8 } (the last colon splits). */
export function parseShot(text: string): StoryboardShotParams {
  const at = text.lastIndexOf(':');
  const duration = at > 0 ? Number(text.slice(at + 1).trim()) : Number.NaN;
  const prompt = at > 0 ? text.slice(0, at).trim() : '';
  if (!prompt || !(Number.isFinite(duration) && duration > 0)) {
    throw new Error(`--shot must look like "prompt:seconds" (got "${text}").`);
  }
  return { prompt, duration };
}

async function parseFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  if (/\.ya?ml$/i.test(path)) {
    let yaml: { parse(text: string): unknown };
    try {
      yaml = (await import('yaml')) as unknown as { parse(text: string): unknown };
    } catch {
      throw new Error('Reading YAML needs the `yaml` package (npm install yaml), or give a JSON file.');
    }
    return yaml.parse(text);
  }
  return JSON.parse(text);
}

/** Shots from `--file` and/or repeated `--shot`, validated. */
export async function readShots(options: StoryboardFileOptions): Promise<StoryboardSpec> {
  const spec: StoryboardSpec = { shots: [] };
  if (options.file) {
    const parsed = await parseFile(options.file);
    const body = (Array.isArray(parsed) ? { shots: parsed } : parsed) as Record<string, unknown>;
    if (!body || !Array.isArray(body.shots)) throw new Error(`${options.file}: expected a list of shots.`);
    for (const [index, item] of (body.shots as unknown[]).entries()) {
      const shot = item as Record<string, unknown>;
      const duration = Number(shot?.duration ?? shot?.seconds);
      if (typeof shot?.prompt !== 'string' || !shot.prompt.trim() || !(duration > 0)) {
        throw new Error(`${options.file}: shot ${index + 1} needs a prompt and a duration in seconds.`);
      }
      spec.shots.push({
        prompt: shot.prompt,
        duration,
        ...(shot.continue_previous === true || shot.continuePrevious === true
          ? { continuePrevious: true }
          : {}),
        ...(Array.isArray(shot.assets) ? { assets: shot.assets.map(String) } : {}),
      });
    }
    if (typeof body.model === 'string') spec.model = body.model;
    if (typeof body.resolution === 'string') spec.resolution = body.resolution;
    if (typeof body.size === 'string') spec.size = body.size;
    if (typeof body.crossfade === 'number') spec.crossfade = body.crossfade;
  }
  for (const text of options.shot ?? []) spec.shots.push(parseShot(text));
  if (spec.shots.length === 0) throw new Error('A storyboard needs at least one shot (--file or --shot).');
  return spec;
}

function progressLine(generation: Generation): string {
  const segmented = generation as SegmentedGeneration;
  const segments = segmented.segments ?? [];
  const parts = segments.map((segment) =>
    segment.status === 'completed'
      ? 'done'
      : segment.status === 'running'
        ? `${segment.progress}%`
        : segment.status,
  );
  const eta = generation.eta === null ? '--' : formatDuration(generation.eta - Date.now() / 1000);
  return `${generation.status} ${generation.progress}% ETA ${eta}${parts.length ? ` | shots: ${parts.join(' ')}` : ''}`;
}

export async function runStoryboard(options: StoryboardOptions): Promise<void> {
  const spec = await readShots(options);
  const crossfade = options.crossfade === undefined ? spec.crossfade : Number(options.crossfade);
  const client = gatewayClient(options);
  const params: CreateStoryboardParams = { shots: spec.shots };
  const model = options.model ?? spec.model;
  const resolution = options.resolution ?? spec.resolution;
  const size = options.size ?? spec.size;
  if (model) params.model = model;
  if (resolution) params.resolution = resolution as Resolution;
  if (size) params.size = size;
  if (crossfade !== undefined) params.crossfade = crossfade;
  const created = await client.createStoryboard(params);
  process.stderr.write(
    `Storyboard ${created.id} accepted (${created.model}, ${created.size}, ${created.duration} s in ${created.plan?.count ?? spec.shots.length} segments${created.estimate ? `, estimated $${created.estimate.total_usd.toFixed(2)}` : ''})${created.emulated ? ' [emulator]' : ''}\n`,
  );
  for (const warning of created.warnings) process.stderr.write(`warning: ${warning}\n`);
  let last = '';
  let done: Generation;
  try {
    done = await client.wait(created.id, {
      pollIntervalMs: pollIntervalMs(),
      onProgress: (generation) => {
        const line = progressLine(generation);
        if (line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
    });
  } catch (error) {
    if (error instanceof GenerationFailedError) {
      const hint = error.hint ? `\nhint: ${error.hint}` : '';
      throw new Error(
        `Storyboard ${created.id} ${error.generation.status} (${error.code}): ${error.message}${hint}`,
      );
    }
    throw error;
  }
  if (options.json) process.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
  if (!options.download) {
    if (!options.json) process.stdout.write(`${done.video?.url ?? ''}\n`);
    return;
  }
  const output = options.output ?? `${done.id}.mp4`;
  const bytes = await saveDownload(await client.download(done.id), output);
  process.stderr.write(
    `Saved ${output} (${formatBytes(bytes)})${done.cost !== null ? `, cost $${done.cost.toFixed(2)}` : ''}\n`,
  );
  if (!options.json) process.stdout.write(`${output}\n`);
}

export function registerStoryboardCommand(program: Command): void {
  program
    .command('storyboard')
    .description('Make one video from ordered shots (each its own prompt and duration) and download it')
    .option('-f, --file <path>', 'shots from a JSON or YAML file')
    .option('-s, --shot <prompt:seconds>', 'a shot, e.g. "a fox in snow:8" (repeat, in order)', collect, [])
    .option('-m, --model <model>', "model name (default: the gateway's)")
    .option('-r, --resolution <resolution>', 'output resolution: 480p, 720p or 1080p')
    .option('--size <WxH>', 'exact size, e.g. 1280x720')
    .option('--crossfade <seconds>', 'crossfade at each joint (re-encodes), 0-2 s')
    .option('-o, --output <file>', 'where to save the video (default: <id>.mp4)')
    .option('--no-download', 'only print the permanent URL')
    .option('--json', 'print the finished generation as JSON')
    .option('--url <url>', 'gateway URL (default: REELGATE_URL or http://127.0.0.1:8787)')
    .option('--api-key <key>', 'API key (default: REELGATE_API_KEY)')
    .action((options: StoryboardOptions) => runStoryboard(options));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
