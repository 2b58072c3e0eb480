import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { FileStorage } from '../storage/file-storage';

/** Small reads are served from one cached window of this size: directories are read sequentially. */
const WINDOW = 64 * 1024;

/**
 * A stored file read in pieces (ranged reads from storage), so a container's directory can be
 * inspected without holding the file in memory: at most one window is kept.
 */
export class RangedFile {
  private window: { start: number; bytes: Buffer } | null = null;

  private constructor(
    private readonly storage: FileStorage,
    private readonly key: string,
    readonly size: number,
  ) {}

  static async open(storage: FileStorage, key: string): Promise<RangedFile> {
    const head = await storage.get(key, { start: 0, end: 0 });
    if (!head) throw new Error(`stored file ${key} vanished`);
    head.body.destroy();
    return new RangedFile(storage, key, head.size);
  }

  /** The bytes [start, end), streamed from storage. */
  stream(start: number, end: number): Readable {
    const out = new PassThrough();
    this.storage.get(this.key, { start, end }).then(
      (got) => {
        if (!got) return out.destroy(new Error(`stored file ${this.key} vanished`));
        got.body.on('error', (err) => out.destroy(err));
        got.body.pipe(out);
      },
      (err) => out.destroy(err),
    );
    return out;
  }

  /** `length` bytes at `start` (fewer at the end of the file); large reads bypass the window. */
  async read(start: number, length: number): Promise<Buffer> {
    const end = Math.min(start + length, this.size);
    if (start < 0 || start > end) throw new Error('read outside the file');
    const w = this.window;
    if (w && start >= w.start && end <= w.start + w.bytes.length) {
      return w.bytes.subarray(start - w.start, end - w.start);
    }
    if (end - start > WINDOW) return collect(this.stream(start, end));
    const bytes = await collect(this.stream(start, Math.min(start + WINDOW, this.size)));
    this.window = { start, bytes };
    return bytes.subarray(0, end - start);
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** yauzl over a RangedFile: the central directory through the window, entry data as streams. */
export class RangedZipReader extends yauzl.RandomAccessReader {
  constructor(private readonly file: RangedFile) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return this.file.stream(start, end);
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    this.file.read(position, length).then(
      (bytes) => {
        if (bytes.length < length) return callback(new Error('unexpected end of file'));
        bytes.copy(buffer, offset);
        callback(null);
      },
      (err: Error) => callback(err),
    );
  }
}
