/**
 * `reelgate models [--all] [--json]`: prints the model catalog for the providers this
 * environment enables (by credential, see docs/providers.md), with durations, sizes, price
 * and typical time. With no provider configured the gateway runs the built-in emulator's
 * OpenAI face, so its models are listed.
 */
import type { Command } from 'commander';
import { createRoutedCatalog } from '../../core/catalog/routing.ts';
import { listModels, type PresentedModel } from '../../http/routes/models.ts';
import { providersFromSettings } from '../../providers/registry.ts';
import { cliConfig } from '../cli-config.ts';

export function registerModelsCommand(program: Command): void {
  program
    .command('models')
    .description('List the video models the configured providers offer (catalog, prices, limits).')
    .option('--all', 'include models of providers that are not configured')
    .option('--json', 'print JSON (the same shape as GET /v1/models)')
    .action((options: { all?: boolean; json?: boolean }) => {
      const config = cliConfig();
      const registry = providersFromSettings({ settings: config.providers });
      const enabled = registry.names().size > 0 ? registry.names() : new Set(['openai']);
      const catalog = createRoutedCatalog({
        enabledProviders: enabled,
        openaiCompatibleProviders: registry.ofKind('openai-compatible'),
        retiredModelTarget: config.models.retiredModelTarget,
        defaultModel: config.models.defaultModel,
      });
      const listing = listModels(catalog, enabled, options.all === true);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
        return;
      }
      if (registry.names().size === 0)
        process.stdout.write('No provider configured: listing the built-in emulator (OpenAI face).\n');
      process.stdout.write(formatModels(listing.data, listing.default_model));
    });
}

/** A plain-text table of models. */
export function formatModels(models: readonly PresentedModel[], defaultModel: string | null): string {
  const rows = models.map((model) => [
    `${model.id}${model.id === defaultModel ? ' (default)' : ''}${model.enabled ? '' : ' [not configured]'}`,
    durationText(model),
    [...new Set(model.sizes.map((size) => size.resolution))].join('/'),
    [...new Set(model.sizes.map((size) => size.aspect_ratio))].join(' '),
    [model.audio ? 'audio' : '', model.image_to_video ? 'i2v' : '', model.extension.supported ? 'extend' : '']
      .filter(Boolean)
      .join(','),
    `$${model.pricing.per_second_usd.toFixed(3)}/s`,
    `~${model.typical_generation_seconds}s`,
  ]);
  const header = ['MODEL', 'DURATIONS', 'RES', 'ASPECT', 'FEATURES', 'PRICE', 'TYPICAL'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()}\n`;
  return line(header) + rows.map(line).join('');
}

function durationText(model: PresentedModel): string {
  const durations = model.durations as {
    kind: string;
    seconds?: number[];
    min_seconds?: number;
    max_seconds?: number;
  };
  return durations.kind === 'list'
    ? `${durations.seconds!.join(',')}s`
    : `${durations.min_seconds}-${durations.max_seconds}s`;
}
