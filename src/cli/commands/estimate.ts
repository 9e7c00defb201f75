import type { Command } from 'commander';

// Placeholder until the command is built; replaced by its owner.
export function registerEstimateCommand(_program: Command): void {}
