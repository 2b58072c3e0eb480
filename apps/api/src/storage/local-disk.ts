import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, type FileStorage, STORAGE_PREFIXES, type StoredObject } from './file-storage';

async function fsyncPath(path: string) {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Files under `root`: written to `tmp/<uuid>.part`, fsynced, then renamed into place, so a crash
 * leaves at most a `.part` file (removed by the orphan sweep), never a truncated document.
 */
export function localDiskStorage(root: string): FileStorage {
  const tmpDir = join(root, 'tmp');
  const pathOf = (key: string) => {
    assertValidKey(key);
    return join(root, key);
  };
  return {
    async put(key, body: Readable) {
      const target = pathOf(key);
      await mkdir(tmpDir, { recursive: true });
      await mkdir(dirname(target), { recursive: true });
      const tmp = join(tmpDir, `${randomUUID()}.part`);
      try {
        await pipeline(body, createWriteStream(tmp, { flags: 'wx' }));
        await fsyncPath(tmp);
        await rename(tmp, target);
        await fsyncPath(dirname(target));
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(key, range) {
      const path = pathOf(key);
      try {
        const s = await stat(path);
        if (range && range.end <= range.start) return { body: Readable.from([]), size: s.size };
        const body = range
          ? createReadStream(path, { start: range.start, end: range.end - 1 })
          : createReadStream(path);
        return { body, size: s.size };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async *list(): AsyncIterable<StoredObject> {
      for (const dir of [...STORAGE_PREFIXES, 'tmp']) {
        let names: string[];
        try {
          names = await readdir(join(root, dir));
        } catch {
          continue;
        }
        for (const name of names) {
          const s = await stat(join(root, dir, name)).catch(() => null);
          if (s?.isFile()) yield { key: `${dir}/${name}`, modifiedAt: s.mtime };
        }
      }
    },
  };
}
