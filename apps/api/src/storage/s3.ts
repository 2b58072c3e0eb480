import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertValidKey, type FileStorage, STORAGE_PREFIXES, type StoredObject } from './file-storage';

export interface S3StorageConfig {
  bucket: string;
  region: string;
  /** For S3-compatible stores (MinIO, Ceph, R2…); omitted for AWS itself. */
  endpoint?: string;
  /** Omitted: the SDK's default chain (AWS_* variables, instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Most self-hosted stores serve `endpoint/bucket/key`, not `bucket.endpoint/key`. */
  forcePathStyle?: boolean;
}

// S3's smallest allowed part. With two parts in flight an upload holds about 10 MB in memory
// whatever the file size; more concurrency buys little for files of tens of megabytes.
const PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

const PREFIXES = STORAGE_PREFIXES.map((p) => `${p}/`);

function isMissing(err: unknown): boolean {
  return err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404);
}

function isOurKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Files in an S3 bucket. A put streams straight to the final key: S3 makes an object visible only
 * once it is complete, and an aborted multipart upload leaves no object, so there is no temporary
 * key to clean up (a bucket lifecycle rule should still expire incomplete multipart uploads that a
 * crashed process never aborted).
 */
export function s3Storage(config: S3StorageConfig): FileStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    forcePathStyle: config.forcePathStyle ?? false,
    // The SDK's default CRC32 checksums are rejected by several S3-compatible stores.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const { bucket } = config;

  return {
    async put(key, body: Readable) {
      assertValidKey(key);
      // The upload reports its own failure (e.g. a refused abort) over the source's; callers
      // need the source's, which says why the upload really stopped (size limit, client gone).
      // The listener stays after put settles: a caller destroying the source with an error later
      // must not become an uncaught 'error' event.
      let sourceError: unknown = null;
      body.on('error', (err) => {
        sourceError ??= err;
      });
      try {
        await new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: body },
          partSize: PART_SIZE,
          queueSize: PARTS_IN_FLIGHT,
        }).done();
      } catch (err) {
        // Like stream.pipeline: a failed write releases the source rather than leave it paused.
        if (!body.destroyed) body.destroy();
        throw sourceError ?? err;
      }
    },

    async get(key, range) {
      assertValidKey(key);
      try {
        if (range && range.end <= range.start) {
          const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
          if (head.ContentLength === undefined) throw new Error(`object store sent no length for ${key}`);
          return { body: Readable.from([]), size: head.ContentLength };
        }
        const res = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}),
          }),
        );
        // A ranged answer carries the whole object's size in Content-Range ("bytes 0-9/1234").
        const total = range ? Number(res.ContentRange?.split('/')[1]) : res.ContentLength;
        if (total === undefined || !Number.isFinite(total)) throw new Error(`object store sent no length for ${key}`);
        return { body: res.Body as Readable, size: total };
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },

    async delete(key) {
      assertValidKey(key);
      // S3 answers 204 for a missing key too, which is exactly the idempotence we promise.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async *list(): AsyncIterable<StoredObject> {
      for (const prefix of PREFIXES) {
        for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
          for (const obj of page.Contents ?? []) {
            // The sweep deletes what we yield: never hand it an object someone else put there.
            if (!obj.Key || !isOurKey(obj.Key)) continue;
            // An unknown age counts as new, so the sweep can never race an upload still being committed.
            yield { key: obj.Key, modifiedAt: obj.LastModified ?? new Date() };
          }
        }
      }
    },
  };
}
