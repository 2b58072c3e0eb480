import { defineConfig } from 'vitest/config';
import { databaseProjects } from '../../packages/db/src/vitest-projects.ts';

export default defineConfig({
  test: {
    projects: databaseProjects(['test/**/*.test.ts']),
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
