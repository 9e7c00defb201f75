/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose names contain the arguments),
 * prints one table, and writes bench/results/latest.json. Each bench file exports
 * `run(): Promise<BenchResult[]>` and reports its figures against a baseline measured in the
 * same run, so the numbers compare on any machine.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = (await readdir(here))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

const all: Array<BenchResult & { file: string }> = [];
for (const file of files) {
  console.log(`\n# ${file}`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as {
    run?: () => Promise<BenchResult[]>;
  };
  if (typeof module.run !== 'function') {
    console.log('  (no run() export, skipped)');
    continue;
  }
  const started = performance.now();
  try {
    const results = await module.run();
    for (const result of results) {
      all.push({ ...result, file });
      console.log(
        `  ${result.name.padEnd(64)} ${formatValue(result.value).padStart(12)} ${result.unit}${result.note ? `  (${result.note})` : ''}`,
      );
    }
  } catch (error) {
    console.log(`  FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

await mkdir(join(here, 'results'), { recursive: true });
await writeFile(join(here, 'results', 'latest.json'), `${JSON.stringify(all, null, 2)}\n`);

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}
