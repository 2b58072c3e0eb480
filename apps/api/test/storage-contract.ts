import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileStorage } from '../src/storage/file-storage';

const CHUNK = 64 * 1024;
// Past S3's 5 MB part size, so the object store path goes through a real multipart upload.
const LARGE = 12 * 1024 * 1024 + 123;

const newKey = (prefix: 'kyc' | 'documents' = 'documents') => `${prefix}/${randomUUID()}`;

/** Streams `data` in small chunks, as an upload arrives; optionally breaks after `failAfter` bytes. */
function byteStream(data: Buffer, failAfter?: number): Readable {
  let offset = 0;
  const stop = failAfter ?? data.length;
  return new Readable({
    read() {
      if (offset >= stop) {
        if (failAfter === undefined) this.push(null);
        else this.destroy(new Error('source broke off'));
        return;
      }
      const end = Math.min(offset + CHUNK, stop);
      this.push(data.subarray(offset, end));
      offset = end;
    },
  });
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listedKeys(storage: FileStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const obj of storage.list()) keys.push(obj.key);
  return keys;
}

/** The behaviour every FileStorage must share, run against each implementation. */
export function describeFileStorage(name: string, makeStorage: () => FileStorage | Promise<FileStorage>) {
  describe(`FileStorage contract: ${name}`, () => {
    let storage: FileStorage;
    beforeAll(async () => {
      storage = await makeStorage();
    });

    it.each([
      ['empty', 0],
      ['small', 1000],
      ['multi-MB', LARGE],
    ])('round-trips a %s stream byte for byte', async (_label, size) => {
      const data = randomBytes(size);
      const key = newKey('kyc');
      await storage.put(key, byteStream(data));
      const got = await storage.get(key);
      expect(got?.size).toBe(size);
      const back = await readAll(got!.body);
      expect(back.length).toBe(size);
      expect(back.equals(data)).toBe(true);
    });

    it('reads a byte range [start, end) with the whole file size, for inspecting large files in pieces', async () => {
      const data = randomBytes(300_000);
      const key = newKey('documents');
      await storage.put(key, byteStream(data));
      for (const [start, end] of [
        [0, 22],
        [123_456, 200_001],
        [299_990, 300_000],
        [500, 500],
      ] as const) {
        const got = await storage.get(key, { start, end });
        expect(got?.size).toBe(data.length);
        expect((await readAll(got!.body)).equals(data.subarray(start, end))).toBe(true);
      }
      expect(await storage.get(newKey(), { start: 0, end: 10 })).toBeNull();
    });

    it('returns null for a missing key', async () => {
      expect(await storage.get(newKey())).toBeNull();
    });

    it('deletes idempotently', async () => {
      const key = newKey();
      await storage.put(key, byteStream(randomBytes(100)));
      await storage.delete(key);
      expect(await storage.get(key)).toBeNull();
      await expect(storage.delete(key)).resolves.toBeUndefined();
      await expect(storage.delete(newKey())).resolves.toBeUndefined();
    });

    it('lists stored objects with their modification time', async () => {
      const key = newKey();
      const before = Date.now();
      await storage.put(key, byteStream(randomBytes(100)));
      const after = Date.now();
      const listed: { key: string; modifiedAt: Date }[] = [];
      for await (const obj of storage.list()) listed.push(obj);
      const found = listed.find((o) => o.key === key);
      expect(found).toBeDefined();
      // Object stores keep whole seconds; allow for that and a little clock slack.
      expect(found!.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
      expect(found!.modifiedAt.getTime()).toBeLessThanOrEqual(after + 2000);
    });

    it.each(['../etc/passwd', 'kyc/not-a-uuid', `other/${randomUUID()}`, `/kyc/${randomUUID()}`, ''])(
      'refuses the key %j',
      async (key) => {
        await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(/invalid storage key/);
        await expect(storage.get(key)).rejects.toThrow(/invalid storage key/);
        await expect(storage.delete(key)).rejects.toThrow(/invalid storage key/);
      },
    );

    it.each([
      ['early', 100],
      ['after several MB', 6 * 1024 * 1024 + 7],
    ])('leaves nothing behind when the source fails %s', async (_label, failAfter) => {
      const key = newKey();
      await expect(storage.put(key, byteStream(randomBytes(LARGE), failAfter))).rejects.toThrow('source broke off');
      expect(await storage.get(key)).toBeNull();
      const keys = await listedKeys(storage);
      expect(keys).not.toContain(key);
      expect(keys.filter((k) => k.startsWith('tmp/'))).toEqual([]);
    });
  });
}
