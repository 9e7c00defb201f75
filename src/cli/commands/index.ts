import type { Command } from 'commander';
import { registerEmulatorCommand } from './emulator.ts';

/** Every subcommand of `reelgate`. */
export function registerCommands(program: Command): void {
  registerEmulatorCommand(program);
}
