import type { Command } from 'commander';
import { registerAssetsCommand } from './assets.ts';
import { registerDownloadCommand } from './download.ts';
import { registerEmulatorCommand } from './emulator.ts';
import { registerEstimateCommand } from './estimate.ts';
import { registerGenerateCommand } from './generate.ts';
import { registerKeysCommand } from './keys.ts';
import { registerListCommand } from './list.ts';
import { registerModelsCommand } from './models.ts';
import { registerServeCommand } from './serve.ts';
import { registerStatusCommand } from './status.ts';
import { registerStoryboardCommand } from './storyboard.ts';

/** Every subcommand of `reelgate`; each lives in its own file. */
export function registerCommands(program: Command): void {
  registerServeCommand(program);
  registerEmulatorCommand(program);
  registerGenerateCommand(program);
  registerListCommand(program);
  registerStatusCommand(program);
  registerDownloadCommand(program);
  registerKeysCommand(program);
  registerModelsCommand(program);
  registerEstimateCommand(program);
  registerStoryboardCommand(program);
  registerAssetsCommand(program);
}
