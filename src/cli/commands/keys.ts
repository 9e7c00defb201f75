import type { Command } from 'commander';

// Placeholder until the command is built; replaced by its owner.
export function registerKeysCommand(_program: Command): void {}
