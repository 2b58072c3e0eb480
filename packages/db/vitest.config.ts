import { defineConfig } from 'vitest/config';
import { databaseProjects } from './src/vitest-projects.ts';

export default defineConfig({
  test: { projects: databaseProjects(['test/**/*.test.ts']), testTimeout: 30000, hookTimeout: 60000 },
});
