#!/usr/bin/env node
// The CLI entry. npm scripts run on the Node 24 from the `node` dev dependency, which
// strips TypeScript types natively, so the sources run without a build step.
await import('../src/cli/main.ts');
