/** Writes docs/configuration.md from the variable table (src/config/variables.ts), Biome-formatted. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigurationReference } from '../src/config/reference.ts';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
writeFileSync(target, renderConfigurationReference());
execFileSync(
  fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)),
  ['format', '--write', target],
  {
    stdio: 'ignore',
  },
);
console.log(`wrote ${target}`);
