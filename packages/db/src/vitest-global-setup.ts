import type { TestProject } from 'vitest/node';
import { prepareTestDatabases, type TestDbContext } from './testing';

declare module 'vitest' {
  export interface ProvidedContext {
    testDbKind: 'pglite' | 'postgres';
    testDatabaseUrl: string;
    testDb: TestDbContext;
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.provide.testDbKind;
  const { ctx, teardown } = await prepareTestDatabases(kind, project.config.provide.testDatabaseUrl || undefined);
  project.provide('testDb', ctx);
  return teardown;
}
