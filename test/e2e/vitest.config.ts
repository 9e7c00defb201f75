import { defineConfig } from 'vitest/config';

// End-to-end tests of the web studio: a real browser (Debian's chromium through playwright-core)
// against a real `reelgate serve` on the emulator. Run: npx vitest run --config test/e2e/vitest.config.ts
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/support/build-studio.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    // A busy CI machine answers in seconds, not milliseconds: poll patiently (it stops at success).
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
