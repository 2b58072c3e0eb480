import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { Invalid, PayloadTooLarge } from '@cm/domain';
import busboy from 'busboy';
import type { FileStorage, StoragePrefix } from '../storage/file-storage';

export interface ReceivedFile {
  key: string;
  /** The name the client sent, unsanitised: only for extension checks and sanitised display. */
  clientName: string;
  sizeBytes: number;
  sha256: string;
  /** The first bytes, for content sniffing. */
  head: Buffer;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: ReceivedFile;
}

export interface ReceivedFiles {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

export interface ReceiveOptions {
  keyPrefix: StoragePrefix;
  /** Largest single file. */
  maxBytes: number;
  checkName?: (name: string) => void;
  /** How many `file` parts may come (default 1). */
  maxFiles?: number;
  /** Largest text field, in bytes (default 4 KiB; a ticket message body needs more). */
  maxFieldBytes?: number;
}

const HEAD_BYTES = 4100;
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Streams one multipart upload straight into storage while hashing it, so memory stays flat
 * whatever the file size. Exactly one `file` part; see `receiveFiles`.
 */
export async function receiveUpload(
  request: Request,
  storage: FileStorage,
  opts: ReceiveOptions,
): Promise<ReceivedUpload> {
  const { fields, files } = await receiveFiles(request, storage, { ...opts, maxFiles: 1 });
  const [file] = files;
  if (!file) throw Invalid.field('file', 'Choose a file to upload.');
  return { fields, file };
}

/**
 * Streams a multipart body with up to `maxFiles` `file` parts straight into storage while hashing
 * each, so memory stays flat whatever the sizes. The size limit holds while streaming (chunked
 * bodies included), per file and for the whole body; anything but `file` parts and a few small
 * fields is refused at once, without reading the rest. On any failure every stored file is removed
 * before the error is rethrown.
 */
export async function receiveFiles(
  request: Request,
  storage: FileStorage,
  opts: ReceiveOptions,
): Promise<ReceivedFiles> {
  const maxFiles = opts.maxFiles ?? 1;
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw Invalid.field('file', 'Send the file as multipart/form-data with a "file" part.');
  }
  const maxMb = Math.round(opts.maxBytes / 1024 / 1024);
  const tooLarge = () => new PayloadTooLarge(`The file is larger than the ${maxMb} MB limit.`);
  const maxFieldBytes = opts.maxFieldBytes ?? 4096;
  const maxBody = opts.maxBytes * maxFiles + MULTIPART_OVERHEAD + maxFieldBytes;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBody) throw tooLarge();
  if (!request.body) throw Invalid.field('file', 'Choose a file to upload.');

  const fields: Record<string, string> = {};
  const files: ReceivedFile[] = [];
  const stored: Promise<void>[] = [];
  const streams: { destroy: (err?: Error) => void }[] = [];
  let failure: unknown = null;

  const bb = busboy({
    headers: { 'content-type': type },
    defParamCharset: 'utf8',
    // busboy reports its limit once a file *reaches* `fileSize`: one byte more lets a file of exactly
    // the limit through, and only a larger one trips it.
    limits: {
      files: maxFiles,
      fileSize: opts.maxBytes + 1,
      fields: 20,
      fieldSize: maxFieldBytes,
      parts: 20 + maxFiles + 4,
    },
  });
  const body = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream);
  const oneFile = maxFiles === 1;

  try {
    await new Promise<void>((resolve, reject) => {
      // Any refusal stops reading at once: the rest of the body is never pulled (see below).
      const fail = (err: unknown) => {
        failure ??= err;
        reject(failure);
      };
      // Every byte of the raw body counts, whatever busboy would skip (preamble, epilogue, part headers).
      let total = 0;
      body.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBody) fail(tooLarge());
      });
      bb.on('field', (name, value, info) => {
        if (info.valueTruncated) fail(Invalid.field(name, 'This field is too long.'));
        fields[name] = value;
      });
      bb.on('file', (name, stream, info) => {
        if (failure) {
          stream.resume();
          return;
        }
        if (name !== 'file' || files.length >= maxFiles) {
          stream.resume();
          fail(
            Invalid.field(
              'file',
              oneFile ? 'Send one file per upload, in the "file" part.' : `Send at most ${maxFiles} files.`,
            ),
          );
          return;
        }
        try {
          opts.checkName?.(info.filename ?? '');
        } catch (err) {
          stream.resume();
          fail(err);
          return;
        }
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let size = 0;
        let headSize = 0;
        const meter = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            size += chunk.length;
            if (headSize < HEAD_BYTES) {
              chunks.push(chunk.subarray(0, HEAD_BYTES - headSize));
              headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
            }
            cb(null, chunk);
          },
        });
        // Past the limit, stop reading at once (a chunked body has no length to refuse up front);
        // the partial file is removed below.
        stream.on('limit', () => fail(tooLarge()));
        streams.push(stream, meter);
        // Failures surface through the storage write and `failure`; the streams only need to be quiet
        // (the storage write may not have attached its own listeners yet when a limit strikes).
        stream.on('error', () => {});
        meter.on('error', () => {});
        const current: ReceivedFile = {
          key: `${opts.keyPrefix}/${randomUUID()}`,
          clientName: info.filename ?? '',
          sizeBytes: 0,
          sha256: '',
          head: Buffer.alloc(0),
        };
        files.push(current);
        const write = storage.put(current.key, stream.pipe(meter)).then(() => {
          current.sizeBytes = size;
          current.sha256 = hash.digest('hex');
          current.head = Buffer.concat(chunks);
        });
        // A storage that refuses the write (full disk, object store down) ends the upload at once.
        write.catch(fail);
        stored.push(write);
      });
      bb.on('partsLimit', () => fail(Invalid.field('file', 'Too many form fields.')));
      bb.on('fieldsLimit', () => fail(Invalid.field('file', 'Too many form fields.')));
      bb.on('filesLimit', () =>
        fail(Invalid.field('file', oneFile ? 'Send one file per upload.' : `Send at most ${maxFiles} files.`)),
      );
      // A body busboy cannot read is the client's mistake (or an aborted request), not ours.
      const malformed = () => reject(Invalid.field('file', 'The upload could not be read; please send it again.'));
      bb.on('error', malformed);
      bb.on('close', resolve);
      body.on('error', malformed);
      body.pipe(bb);
    });
    await Promise.all(stored);
  } catch (err) {
    failure ??= err;
  }
  if (failure) {
    // A body that broke off mid-file leaves the storage write waiting for data: end it.
    for (const s of streams) s.destroy(new Error('upload aborted'));
    body.destroy();
    await Promise.all(stored.map((p) => p.catch(() => {})));
    await removeAll(storage, files);
    throw failure;
  }
  return { fields, files };
}

/** Removes stored files (a refused or failed upload leaves none behind). */
export async function removeAll(storage: FileStorage, files: readonly { key: string }[]): Promise<void> {
  for (const f of files) await storage.delete(f.key);
}
