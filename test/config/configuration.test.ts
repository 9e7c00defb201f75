/**
 * The configuration reference stays true: docs/configuration.md is the rendering of the variable
 * table, every variable the code reads is declared there (so documented), only the entry point
 * reads `process.env`, and the README's table names documented variables and links the reference.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import {
  documentedNames,
  normalizeReference,
  renderConfigurationReference,
} from '../../src/config/reference.ts';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry) ? [path] : [];
  });
}

/** Not reelgate's variables: a marker the emulator looks for in prompts; the OS's PATH (tool lookup). */
const notVariables = new Set(['REELGATE_HUMAN_FACE', 'PATH']);

/** Environment variable names a source reads: `env.X`, `env['X']`, `helper(env, 'X')`, any 'REELGATE_*' literal. */
function variablesRead(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\benv\??\.([A-Z][A-Z0-9_]*)\b/g,
    /\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g,
    /\benv\[\s*`([A-Z][A-Z0-9_]*_)\$\{/g,
    /\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    /['"`](REELGATE_[A-Z0-9_]*)['"`$]/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.add(match[1]!);
  return [...found].filter((name) => !notVariables.has(name));
}

function undocumented(names: readonly string[]): string[] {
  const { names: documented, prefixes } = documentedNames();
  return names.filter((name) => {
    if (documented.has(name) || prefixes.some((prefix) => name.startsWith(prefix))) return false;
    // A prefix the code matches on (`REELGATE_S3_`) is fine when documented names carry it.
    return !(name.endsWith('_') && [...documented].some((known) => known.startsWith(name)));
  });
}

describe('configuration reference', () => {
  it('docs/configuration.md is generated from the variable table (npm run docs:config)', () => {
    const written = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
    expect(normalizeReference(written)).toBe(normalizeReference(renderConfigurationReference()));
  });

  it('every variable read in src is declared and documented', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      for (const name of undocumented(variablesRead(readFileSync(file, 'utf8'))))
        missing.push(`${relative(root, file)}: ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('the check catches an undocumented read', () => {
    const fixture = [
      'const key = env.REELGATE_SURELY_UNDOCUMENTED;',
      'const other = process.env.ACME_VIDEO_API_KEY;',
      "const limit = positive(env, 'REELGATE_ALSO_MISSING', 3);",
      'const port = env.PORT; // declared',
    ].join('\n');
    expect(undocumented(variablesRead(fixture)).sort()).toEqual([
      'ACME_VIDEO_API_KEY',
      'REELGATE_ALSO_MISSING',
      'REELGATE_SURELY_UNDOCUMENTED',
    ]);
  });

  it('only the entry point reads process.env', () => {
    const allowed = new Set(['src/cli/main.ts']);
    const readers = sourceFiles(join(root, 'src'))
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8').replace(/^\s*(\*|\/\/).*$/gm, '')))
      .map((file) => relative(root, file));
    expect(readers.filter((file) => !allowed.has(file))).toEqual([]);
  });

  it('the README links the reference and its table names documented variables', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('docs/configuration.md');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
    );
    const names = [...section.matchAll(/`([A-Z][A-Z0-9_]*(?:<[A-Z]+>|\*)?[A-Z0-9_]*)`/g)].map((match) =>
      match[1]!.replace(/<[A-Z]+>.*$/, '').replace(/\*$/, ''),
    );
    expect(names.length).toBeGreaterThan(5);
    expect(undocumented(names)).toEqual([]);
  });

  it('loadConfig names a malformed variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT: must be a number/);
    expect(() => loadConfig({ REELGATE_OUTBOUND_ALLOW_PRIVATE: 'maybe' })).toThrow(
      /REELGATE_OUTBOUND_ALLOW_PRIVATE/,
    );
    expect(
      loadConfig({ REELGATE_OUTBOUND_ALLOW_PRIVATE: 'true', REELGATE_LOCAL_LOGIN: 'false' }),
    ).toMatchObject({
      outbound: { allowPrivate: true, allowedHosts: [] },
      auth: { localLogin: false },
    });
  });
});

describe('start-up with only FAL_KEY', () => {
  it('enables fal alone and never announces an OpenAI endpoint', async () => {
    const { providersFromSettings } = await import('../../src/providers/registry.ts');
    const { describeProviders } = await import('../../src/cli/commands/serve.ts');
    const registry = providersFromSettings({ settings: loadConfig({ FAL_KEY: 'fal-key' }).providers });
    expect([...registry.names()]).toEqual(['fal']);
    const printed = describeProviders({
      engine: {
        emulator: undefined,
        providerDescriptions: registry.describe(),
        providers: registry.bindings(),
      },
    } as unknown as Parameters<typeof describeProviders>[0]);
    expect(printed).toBe('provider: fal (fal) https://queue.fal.run');
    expect(printed).not.toContain('openai');
  });
});
