import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { localDiskStorage } from '../src/storage/local-disk';
import { describeFileStorage } from './storage-contract';

let root: string | undefined;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describeFileStorage('local disk', async () => {
  root = await mkdtemp(join(tmpdir(), 'cm-storage-'));
  return localDiskStorage(root);
});
