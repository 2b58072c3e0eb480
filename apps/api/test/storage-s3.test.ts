import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { s3Storage } from '../src/storage/s3';
import { describeFileStorage } from './storage-contract';

// s3rver ships no type declarations; this is the part of it the test uses.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  allowMismatchedSignatures: boolean;
  configureBuckets: { name: string }[];
}) => S3rverServer;
const S3rver = createRequire(import.meta.url)('@20minutes/s3rver') as S3rverConstructor;

// s3rver accepts only its own fixed credentials.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const bucket = 'cm-test';

let server: S3rverServer | undefined;
let directory: string | undefined;
let endpoint = '';

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cm-s3rver-'));
  server = new S3rver({
    // Port 0: the system picks a free port, so parallel runs (one per vitest project) never clash.
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    // s3rver signs bucket-level paths without the trailing slash current SDKs sign (`/bucket/`),
    // so it would refuse every ListObjectsV2; signing is the SDK's concern, not the contract's.
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describeFileStorage('S3 (s3rver)', () =>
  s3Storage({ bucket, region: 'us-east-1', endpoint, credentials, forcePathStyle: true }),
);
