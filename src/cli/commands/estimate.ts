/**
 * `reelgate estimate "<prompt>"`: what a generation (or a storyboard file) would cost before
 * submitting it, with the segment plan, mapping warnings, prompt hints and policy findings.
 */
import type { Command } from 'commander';
import type { Estimate, EstimateParams, Resolution } from '../../client/types.ts';
import { type GatewayOptions, gatewayClient } from '../gateway-client.ts';
import { readShots, type StoryboardFileOptions } from './storyboard.ts';

interface EstimateOptions extends GatewayOptions, StoryboardFileOptions {
  duration?: string;
  model?: string;
  resolution?: string;
  size?: string;
  json?: boolean;
}

const resolutions = ['480p', '720p', '1080p'];

export function formatEstimate(estimate: Estimate): string {
  const lines = [
    `Estimated cost: $${estimate.total_usd.toFixed(2)} ${estimate.currency} (${estimate.model}, ${estimate.size}, ${estimate.duration} s; $${estimate.per_second_usd.toFixed(2)}/s)`,
  ];
  if (estimate.plan) {
    lines.push(
      `Made of ${estimate.plan.count} segments (${estimate.plan.waves.length} step${estimate.plan.waves.length === 1 ? '' : 's'} in order; segments of a step run together):`,
    );
    for (const segment of estimate.segments) {
      const joint = segment.continuity ? `, ${segment.continuity.replace('_', ' ')}` : '';
      lines.push(`  ${segment.index + 1}. ${segment.duration} s${joint}, $${segment.cost_usd.toFixed(2)}`);
    }
    if (estimate.plan.continuity) lines.push(`Continuity: ${estimate.plan.continuity.reason}`);
  }
  lines.push(`Typical time: about ${Math.max(1, Math.round(estimate.typical_seconds / 60))} min`);
  for (const warning of estimate.warnings) lines.push(`warning: ${warning}`);
  for (const note of estimate.notes) lines.push(`note: ${note}`);
  for (const hint of estimate.lint) lines.push(`hint: ${hint.message} ${hint.suggestion}`);
  if (!estimate.policy.allowed) {
    for (const violation of estimate.policy.violations) {
      lines.push(`policy: would be refused: ${violation.message} ${violation.hint}`);
    }
  }
  if (!estimate.budget.allowed) lines.push(`budget: ${estimate.budget.message ?? 'over budget'}`);
  return `${lines.join('\n')}\n`;
}

export async function runEstimate(prompt: string | undefined, options: EstimateOptions): Promise<void> {
  if (options.resolution !== undefined && !resolutions.includes(options.resolution)) {
    throw new Error(`--resolution must be one of ${resolutions.join(', ')}.`);
  }
  const duration = options.duration === undefined ? undefined : Number(options.duration);
  if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) {
    throw new Error('--duration must be a positive number of seconds.');
  }
  const file = options.file || (options.shot?.length ?? 0) > 0 ? await readShots(options) : undefined;
  if (!file && !prompt) throw new Error('Give a prompt, --file or --shot.');
  const client = gatewayClient(options);
  const params: EstimateParams = file ? { shots: file.shots } : { prompt: prompt! };
  const model = options.model ?? file?.model;
  const resolution = options.resolution ?? file?.resolution;
  const size = options.size ?? file?.size;
  if (model) params.model = model;
  if (resolution) params.resolution = resolution as Resolution;
  if (size) params.size = size;
  if (duration !== undefined && !file) params.duration = duration;
  const estimate = await client.estimate(params);
  process.stdout.write(options.json ? `${JSON.stringify(estimate, null, 2)}\n` : formatEstimate(estimate));
}

export function registerEstimateCommand(program: Command): void {
  program
    .command('estimate')
    .description('Estimate the cost of a generation or storyboard before submitting it')
    .argument('[prompt]', 'what the video should show')
    .option('-d, --duration <seconds>', 'length in seconds (longer than one call is made of segments)')
    .option('-m, --model <model>', "model name (default: the gateway's)")
    .option('-r, --resolution <resolution>', 'output resolution: 480p, 720p or 1080p')
    .option('--size <WxH>', 'exact size, e.g. 1280x720')
    .option('-f, --file <path>', 'a storyboard file (JSON or YAML) instead of a prompt')
    .option('-s, --shot <prompt:seconds>', 'a storyboard shot (repeat in order)', collect, [])
    .option('--json', 'print the estimate as JSON')
    .option('--url <url>', 'gateway URL (default: REELGATE_URL or http://127.0.0.1:8787)')
    .option('--api-key <key>', 'API key (default: REELGATE_API_KEY)')
    .action((prompt: string | undefined, options: EstimateOptions) => runEstimate(prompt, options));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
