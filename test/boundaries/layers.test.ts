/**
 * The layer rules (.dependency-cruiser.cjs, run by `npm run lint`) catch a forbidden import: on a
 * fixture tree where core imports HTTP and node:fs and a provider imports the worker, the checker
 * fails naming each rule; the clean file of the fixture passes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fixture = join(import.meta.dirname, 'fixture');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

function cruise(...paths: string[]) {
  const result = spawnSync(
    depcruise,
    [...paths, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'],
    { cwd: fixture, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('layer rules', () => {
  it('fail on forbidden imports, naming the rule and the edge', () => {
    const { status, output } = cruise('src');
    expect(status).not.toBe(0);
    expect(output).toContain('core-is-pure: src/core/forbidden.ts → src/http/app.ts');
    expect(output).toMatch(/core-is-pure: src\/core\/forbidden\.ts → (node:)?fs/);
    expect(output).toContain('providers-are-adapters: src/providers/forbidden.ts → src/worker/port.ts');
  });

  it('pass once the forbidden imports are gone', () => {
    const { status, output } = cruise('src/core/allowed.ts', 'src/http', 'src/worker');
    expect(output).not.toContain('error');
    expect(status).toBe(0);
  });
});
