import { defineConfig } from 'vitest/config';

// One run covers unit, integration (real sandbox process, real SQLite, real HTTP) and UI tests
// (real Chromium). Heavy harnesses have their own scripts (test:crash, test:faults).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/fixtures/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
  },
});
