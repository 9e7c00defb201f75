import { defineConfig } from 'vitest/config';

// Test files run in parallel worker processes; each file creates its own database
// (a fresh PGlite or a uniquely named PostgreSQL database) and binds ports with 0.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/**', 'test/e2e/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
