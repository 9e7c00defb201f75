/**
 * The configuration reference (docs/configuration.md), rendered from the variable table, the
 * name patterns and the emulator's settings: `npm run docs:config` writes it, and a test fails
 * when the file and this rendering differ.
 */
import { EMULATOR_SETTINGS, envNameOf } from '../emulator/config.ts';
import {
  type ConfigGroup,
  type VariablePattern,
  type VariableSpec,
  variablePatterns,
  variables,
} from './variables.ts';

const groupTitles: Record<ConfigGroup, string> = {
  server: 'Server',
  database: 'Database and data directory',
  auth: 'Authentication and signed links',
  http: 'HTTP API',
  providers: 'Providers (each enabled by its credential)',
  routing: 'Model fallback and circuit breaking',
  planning: 'Planning: prompt enhancement and policy',
  outbound: 'Outbound guard (URLs from outside)',
  webhooks: 'Outgoing webhooks',
  storage: 'Storage',
  worker: 'Worker, deadlines and provider rate limits',
  emulator: 'Built-in emulator',
  observability: 'Tracing (OpenTelemetry)',
  media: 'Media tools',
  cli: 'Command line (client commands)',
};

/** Every documented name: declared variables, emulator settings, and pattern prefixes. */
export function documentedNames(): { names: Set<string>; prefixes: string[] } {
  const names = new Set<string>(Object.keys(variables));
  for (const setting of EMULATOR_SETTINGS) names.add(envNameOf(setting.flag));
  return { names, prefixes: variablePatterns.map((pattern) => pattern.prefix) };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

interface Row {
  name: string;
  default: string | undefined;
  description: string;
  secret: boolean;
}

export function renderConfigurationReference(): string {
  const rows = new Map<ConfigGroup, Row[]>();
  const add = (group: ConfigGroup, row: Row) => rows.set(group, [...(rows.get(group) ?? []), row]);
  for (const [name, spec] of Object.entries(variables) as Array<[string, VariableSpec]>) {
    add(spec.group, {
      name,
      default: spec.default,
      description: spec.description,
      secret: spec.secret ?? false,
    });
  }
  for (const pattern of variablePatterns as VariablePattern[]) {
    add(pattern.group, {
      name: pattern.pattern,
      default: undefined,
      description: pattern.description,
      secret: pattern.secret ?? false,
    });
  }
  for (const setting of EMULATOR_SETTINGS) {
    add('emulator', {
      name: envNameOf(setting.flag),
      default: undefined,
      description: `\`--${setting.flag}\` of \`reelgate emulator\`: ${setting.description}.`,
      secret: false,
    });
  }
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/variables.ts by `npm run docs:config`; edit the table there. -->',
    '',
    'reelgate is configured by environment variables, read once at start-up by `loadConfig(env)`',
    '(src/config/load-config.ts), which validates them and returns the configuration tree the rest of',
    'the code takes; nothing else reads the environment. A malformed value stops start-up with a',
    'message naming the variable. Variables marked **secret** are credentials: they are never logged',
    'or shown. Empty values count as unset.',
    '',
  ];
  for (const [group, title] of Object.entries(groupTitles) as Array<[ConfigGroup, string]>) {
    const groupRows = rows.get(group);
    if (!groupRows?.length) continue;
    lines.push(`## ${title}`, '', '| variable | default | meaning |', '| --- | --- | --- |');
    for (const row of groupRows) {
      const name = `\`${row.name}\`${row.secret ? ' (secret)' : ''}`;
      const fallback = row.default === undefined ? '' : `\`${row.default}\``;
      lines.push(`| ${cell(name)} | ${cell(fallback)} | ${cell(row.description)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The reference with table padding removed, to compare a formatted file with a fresh rendering. */
export function normalizeReference(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((part) => part.trim().replace(/^-{3,}$/, '---'))
            .join('|')
        : line.trimEnd(),
    )
    .join('\n')
    .trim();
}
