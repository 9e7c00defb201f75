import type { Command } from 'commander';

// Placeholder until the command is built; replaced by its owner.
export function registerDownloadCommand(_program: Command): void {}
