import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Test files run in parallel worker processes; each file creates its own database
// (a fresh PGlite or a uniquely named PostgreSQL database) and binds ports with 0.
export default defineConfig({
  // `import 'reelgate'` (the examples, the package's own name) runs the sources.
  resolve: {
    alias: [
      { find: /^reelgate$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      {
        find: /^reelgate\/client$/,
        replacement: fileURLToPath(new URL('./src/client/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/**', 'test/e2e/**'],
    pool: 'forks',
    // Two files at a time: most files wait on child processes, emulators and databases rather
    // than compute, so two overlap well on a 2-core machine (the default would be one).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
