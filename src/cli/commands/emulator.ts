import type { Command } from 'commander';

export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run the local provider emulator (OpenAI Videos API and other provider faces).')
    .action(() => {
      throw new Error('not built yet');
    });
}
