#!/usr/bin/env node
// The CLI entry. In a clone, npm scripts run on the Node 24 from the `node` dev dependency, which
// strips TypeScript types natively, so the sources run without a build step; an installed package
// has no sources and runs the compiled JavaScript in dist/. An older system Node cannot load the
// .ts sources: it is told what is needed instead of a loader stack trace.
import { existsSync } from 'node:fs';
import { unsupportedNodeMessage } from './node-check.js';

const source = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const problem = unsupportedNodeMessage(process.version);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  await import(source.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
