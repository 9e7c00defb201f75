/**
 * `reelgate generate "<prompt>"`: asks a running gateway for a video, shows live progress with
 * status and ETA, downloads the result. Exits non-zero with the error's message on failure.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { GenerationFailedError } from '../../client/errors.ts';
import type { Generation, Resolution } from '../../client/types.ts';
import {
  formatBytes,
  formatDuration,
  gatewayClient,
  type GatewayOptions,
  pollIntervalMs,
  saveDownload,
} from '../gateway-client.ts';

interface GenerateOptions extends GatewayOptions {
  resolution?: string;
  duration?: string;
  model?: string;
  size?: string;
  /** Asset ids (repeated --asset). */
  asset?: string[];
  output?: string;
  download: boolean;
  json?: boolean;
  idempotencyKey?: string;
  seed?: string;
  audio?: boolean;
  aspectRatio?: string;
  fps?: string;
  negativePrompt?: string;
  providerOption?: string[];
  fallbackOnRefusal?: boolean;
}

/** `--provider-option key=value` (repeatable): true/false and numbers are sent as such, the rest as text. */
export function parseProviderOptions(pairs: readonly string[]): Record<string, string | number | boolean> {
  const options: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--provider-option must look like key=value (got '${pair}').`);
    const key = pair.slice(0, at);
    const text = pair.slice(at + 1);
    options[key] =
      text === 'true' ? true : text === 'false' ? false : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  return options;
}

/** The request options given on the command line, checked like the gateway checks them. */
function requestOptionsOf(options: GenerateOptions) {
  const integer = (value: string | undefined, name: string) => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0) throw new Error(`--${name} must be a whole number.`);
    return number;
  };
  const seed = integer(options.seed, 'seed');
  const fps = integer(options.fps, 'fps');
  const models = options.model
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    ...(models && models.length > 0 ? { model: models.length === 1 ? models[0]! : models } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(options.audio !== undefined ? { generateAudio: options.audio } : {}),
    ...(options.aspectRatio ? { aspectRatio: options.aspectRatio } : {}),
    ...(fps !== undefined ? { fps } : {}),
    ...(options.negativePrompt ? { negativePrompt: options.negativePrompt } : {}),
    ...(options.providerOption?.length
      ? { providerOptions: parseProviderOptions(options.providerOption) }
      : {}),
    ...(options.fallbackOnRefusal ? { fallbackOnRefusal: true } : {}),
  };
}

const resolutions = ['480p', '720p', '1080p'];

/** The status with the queue position while the provider reports one. */
function statusText(generation: Generation): string {
  return generation.status === 'queued' && generation.queue_position !== null
    ? `queued #${generation.queue_position}`
    : generation.status;
}

function etaText(generation: Generation): string {
  if (generation.eta === null) return '--';
  return formatDuration(generation.eta - Date.now() / 1000);
}

/** Live progress: a bar on terminals, one line per change otherwise (logs, CI, tests). */
function progressReporter(stream: NodeJS.WriteStream) {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: ' {bar} {percentage}% | {status} | ETA {eta_text}',
        hideCursor: true,
        stream,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(generation: Generation) {
        const payload = { status: statusText(generation), eta_text: etaText(generation) };
        if (!started) {
          bar.start(100, generation.progress, payload);
          started = true;
        } else bar.update(generation.progress, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = '';
  return {
    update(generation: Generation) {
      const line = `${statusText(generation)} ${generation.progress}% ETA ${etaText(generation)}`;
      if (line !== last) stream.write(`${line}\n`);
      last = line;
    },
    stop() {},
  };
}

export async function runGenerate(prompt: string, options: GenerateOptions): Promise<void> {
  if (options.resolution !== undefined && !resolutions.includes(options.resolution)) {
    throw new Error(`--resolution must be one of ${resolutions.join(', ')}.`);
  }
  const duration = options.duration === undefined ? undefined : Number(options.duration);
  if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) {
    throw new Error('--duration must be a positive number of seconds.');
  }
  const client = gatewayClient(options);
  const created = await client.create(
    {
      prompt,
      ...requestOptionsOf(options),
      ...(options.resolution ? { resolution: options.resolution as Resolution } : {}),
      ...(duration !== undefined ? { duration } : {}),
      ...(options.size ? { size: options.size } : {}),
      ...(options.asset && options.asset.length > 0 ? { assets: options.asset } : {}),
    },
    // One key per logical create (the client's retries reuse it); give your own to retry the command safely.
    options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {},
  );
  process.stderr.write(
    `Generation ${created.id} accepted (${created.model}, ${created.resolution}, ${created.duration}s)${created.emulated ? ' [emulator]' : ''}\n`,
  );
  for (const warning of created.warnings) process.stderr.write(`warning: ${warning}\n`);

  const progress = progressReporter(process.stderr);
  let done: Generation;
  try {
    done = await client.wait(created.id, {
      pollIntervalMs: pollIntervalMs(),
      onProgress: (g) => progress.update(g),
    });
  } catch (error) {
    progress.stop();
    if (error instanceof GenerationFailedError) {
      const hint = error.hint ? `\nhint: ${error.hint}` : '';
      throw new Error(
        `Generation ${created.id} ${error.generation.status} (${error.code}): ${error.message}${hint}`,
      );
    }
    throw error;
  }
  progress.stop();

  if (options.json) {
    process.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
  }
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

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description(
      'Generate a video through a running gateway (REELGATE_URL, REELGATE_API_KEY) and download it',
    )
    .argument('<prompt>', 'what the video should show')
    .option('-r, --resolution <resolution>', 'output resolution: 480p, 720p or 1080p')
    .option('-d, --duration <seconds>', 'length in seconds')
    .option(
      '-m, --model <model>',
      "model name, or a comma-separated fallback list tried in turn (default: the gateway's)",
    )
    .option('--seed <n>', 'seed, for models that take one (repeat a result where the provider allows)')
    .option('--audio', 'ask for audio (models with an audio switch)')
    .option('--no-audio', 'ask for a silent video (models with an audio switch)')
    .option('--aspect-ratio <ratio>', 'aspect ratio such as 16:9 or 9:16')
    .option('--fps <n>', 'frames per second, for models that take a rate')
    .option('--negative-prompt <text>', 'what the video should not show')
    .option(
      '--provider-option <key=value>',
      "a provider-specific input (repeatable); `reelgate models` lists each model's keys",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--fallback-on-refusal', 'with a fallback list: move on when a model refuses the content')
    .option('--size <WxH>', 'exact size, e.g. 1280x720')
    .option(
      '--asset <id>',
      'an asset (reelgate assets add) sent as a reference image (repeat for several)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('-o, --output <file>', 'where to save the video (default: <id>.mp4)')
    .option('--no-download', 'only print the permanent URL')
    .option('--json', 'print the finished generation as JSON')
    .option(
      '--idempotency-key <key>',
      'Idempotency-Key of this create (default: a new one); run the command again with the same key to retry it without a second video',
    )
    .option('--url <url>', 'gateway URL (default: REELGATE_URL or http://127.0.0.1:8787)')
    .option('--api-key <key>', 'API key (default: REELGATE_API_KEY)')
    .action((prompt: string, options: GenerateOptions) => runGenerate(prompt, options));
}
