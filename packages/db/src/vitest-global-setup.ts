import type { TestProject } from 'vitest/node';
import { prepareTestDatabases } from './testing';

export default async function setup(project: TestProject) {
  const kind = project.config.provide.testDbKind ?? 'pglite';
  const { ctx, teardown } = await prepareTestDatabases(kind, project.config.provide.testDatabaseUrl || undefined);
  project.provide('testDb', ctx);
  return teardown;
}
