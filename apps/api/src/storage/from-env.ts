import { join } from 'node:path';
import type { Env } from '../env';
import type { FileStorage } from './file-storage';
import { localDiskStorage } from './local-disk';

/**
 * An S3 bucket when `S3_BUCKET` is set (needed by several instances), else files under `DATA_DIR`.
 * The AWS SDK is imported only then: loading it costs a noticeable share of every start.
 */
export async function storageFromEnv(env: Env): Promise<FileStorage> {
  if (!env.S3_BUCKET) return localDiskStorage(join(env.DATA_DIR, 'files'));
  const { s3Storage } = await import('./s3');
  return s3Storage({
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  });
}
