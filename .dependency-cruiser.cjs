/**
 * The layer rules of src/ (docs/architecture.md), checked by `npm run lint` (lint:layers).
 * Each rule names the layer, what it must not import, and why.
 */
const layer = (name) => `^src/${name}/`;
const anyOf = (...names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is pure logic: no I/O (no Node built-ins) and nothing outside core.',
      severity: 'error',
      from: { path: layer('core') },
      to: { pathNot: [layer('core'), '^node_modules/'] },
    },
    {
      name: 'providers-are-adapters',
      comment:
        'Providers implement the provider port (src/providers/provider-port.ts) on core types; they never reach the engine, storage, database, HTTP, assembly or the emulator.',
      severity: 'error',
      from: { path: layer('providers') },
      to: {
        path: anyOf(
          'worker',
          'app',
          'http',
          'gateway',
          'cli',
          'config',
          'db',
          'storage',
          'webhooks',
          'emulator',
          'auth',
          'contract',
        ),
      },
    },
    {
      name: 'db-and-storage-are-low',
      comment: 'Database queries and storage drivers know nothing of HTTP, the worker, the app or webhooks.',
      severity: 'error',
      from: { path: anyOf('db', 'storage') },
      to: {
        path: anyOf('http', 'worker', 'app', 'gateway', 'cli', 'webhooks', 'config', 'providers', 'contract'),
      },
    },
    {
      name: 'worker-below-app',
      comment:
        'The worker drives generations through the provider port; it does not call up into the app, HTTP or configuration.',
      severity: 'error',
      from: { path: layer('worker') },
      to: { path: anyOf('app', 'http', 'gateway', 'cli', 'config', 'webhooks', 'contract') },
    },
    {
      name: 'app-below-http',
      comment: 'The engine services (src/app) know nothing of HTTP; src/gateway composes the two.',
      severity: 'error',
      from: { path: layer('app') },
      to: { path: anyOf('http', 'gateway', 'cli') },
    },
    {
      name: 'http-not-worker',
      comment: 'HTTP talks to the services and the wire contract, never to worker internals or the assembly.',
      severity: 'error',
      from: { path: layer('http') },
      to: { path: anyOf('worker', 'app', 'gateway', 'cli', 'config', 'providers') },
    },
    {
      name: 'webhooks-not-http',
      comment: 'Outgoing webhooks are an engine concern; their routes live in src/http/routes/webhooks.ts.',
      severity: 'error',
      from: { path: layer('webhooks') },
      to: { path: anyOf('http', 'app', 'gateway', 'cli', 'worker', 'config') },
    },
    {
      name: 'contract-is-wire-shapes',
      comment:
        'The API contract (wire schemas, presenters) depends on core only, so the client and webhooks can share it.',
      severity: 'error',
      from: { path: layer('contract') },
      to: {
        path: anyOf(
          'app',
          'http',
          'worker',
          'db',
          'storage',
          'providers',
          'gateway',
          'cli',
          'config',
          'webhooks',
          'emulator',
        ),
      },
    },
    {
      name: 'client-stands-alone',
      comment:
        'reelgate/client ships to other apps: it may use the wire contract and core types, nothing of the server.',
      severity: 'error',
      from: { path: layer('client') },
      to: { path: '^src/', pathNot: anyOf('client', 'contract', 'core') },
    },
    {
      name: 'emulator-is-independent',
      comment:
        'The emulator fakes providers from their public documentation; it shares no code with what it fakes.',
      severity: 'error',
      from: { path: layer('emulator') },
      to: {
        path: anyOf(
          'providers',
          'worker',
          'app',
          'http',
          'gateway',
          'cli',
          'db',
          'webhooks',
          'config',
          'contract',
        ),
      },
    },
    {
      name: 'config-is-low',
      comment: 'Configuration parses the environment into settings; it does not start or call the engine.',
      severity: 'error',
      from: { path: layer('config') },
      to: { path: anyOf('app', 'http', 'gateway', 'cli', 'worker', 'db') },
    },
    {
      name: 'only-entry-points-assemble',
      comment: 'src/gateway (the assembly) is used by the command line and the package entry only.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(cli|gateway)/', '^src/index\\.ts$'] },
      to: { path: anyOf('gateway', 'cli') },
    },
    {
      name: 'shared-and-net-are-low',
      comment: 'Small shared helpers and the outbound guard depend on core only.',
      severity: 'error',
      from: { path: anyOf('shared', 'net', 'media') },
      to: { path: '^src/', pathNot: anyOf('shared', 'net', 'media', 'core') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['reelgate-source', 'import', 'default'],
    },
  },
};
