import { defineConfig } from 'vitest/config';

/** Browser tests only: they drive the built console served by a real API (see e2e/global-setup.ts). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
