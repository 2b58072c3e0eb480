import {
  checkDocumentContent,
  DOCUMENT_FILE_KINDS,
  type DocumentExtension,
  type InspectedContent,
  UnsupportedMediaType,
  ZIP_LIMITS,
} from '@cm/domain';
import { fileTypeFromBuffer } from 'file-type';
import yauzl from 'yauzl';
import type { FileStorage } from '../storage/file-storage';
import { oleEntryNames } from './ole-directory';
import { RangedFile, RangedZipReader } from './ranged-file';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Inflates one entry; rejects unless it yields exactly the declared number of bytes. */
function inflateChecked(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    // yauzl's size validation fails the stream as soon as it passes the declared size, so a lying
    // entry costs at most its declared size to find out.
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('unreadable entry'));
      stream.on('error', reject);
      stream.on('end', () => resolve());
      stream.resume();
    });
  });
}

interface ZipDirectory {
  facts: InspectedContent;
  /** Inflates every entry; false when one is not the size the directory declares. */
  sizesHold: () => Promise<boolean>;
}

/**
 * Reads the zip central directory only (declared sizes); nothing is decompressed yet. The file is
 * read from storage in ranges, never whole.
 */
function zipDirectory(file: RangedFile): Promise<ZipDirectory> {
  const unreadable: ZipDirectory = { facts: { kind: 'sniffed', mime: null }, sizesHold: async () => false };
  return new Promise((resolve) => {
    const reader = new RangedZipReader(file);
    yauzl.fromRandomAccessReader(
      reader,
      file.size,
      // Kept open after the directory is read: the entries are inflated next (zip.close() then).
      { lazyEntries: true, validateEntrySizes: true, autoClose: false },
      (err, zip) => {
        if (err || !zip) return resolve(unreadable);
        const entries: yauzl.Entry[] = [];
        let uncompressed = 0;
        let compressed = 0;
        const done = () => {
          const facts: InspectedContent = {
            kind: 'zip',
            entries: entries.length,
            uncompressedBytes: uncompressed,
            compressedBytes: compressed,
            names: entries.map((e) => e.fileName),
          };
          const sizesHold = async () => {
            try {
              for (const entry of entries) if (!entry.fileName.endsWith('/')) await inflateChecked(zip, entry);
              return true;
            } catch {
              return false;
            } finally {
              zip.close();
            }
          };
          resolve({ facts, sizesHold });
        };
        zip.on('entry', (entry: yauzl.Entry) => {
          entries.push(entry);
          uncompressed += entry.uncompressedSize;
          compressed += entry.compressedSize;
          if (entries.length > ZIP_LIMITS.maxEntries) return done();
          zip.readEntry();
        });
        zip.on('end', done);
        zip.on('error', () => resolve(unreadable));
        zip.readEntry();
      },
    );
  });
}

/**
 * An OOXML package: its directory must be within the zip limits (checked on the declared sizes,
 * before anything is inflated), and then every entry must inflate to exactly its declared size —
 * the limits are only worth something if the directory tells the truth.
 */
async function officePackage(file: RangedFile, ext: DocumentExtension): Promise<InspectedContent> {
  const dir = await zipDirectory(file);
  if (dir.facts.kind !== 'zip') return dir.facts;
  checkDocumentContent(ext, dir.facts);
  if (!(await dir.sizesHold())) {
    throw new UnsupportedMediaType(
      `This is not a valid .${ext} file: a part does not match the size its zip directory declares.`,
    );
  }
  return dir.facts;
}

async function oleStreams(file: RangedFile): Promise<InspectedContent> {
  try {
    const streams = await oleEntryNames(file);
    return streams ? { kind: 'ole', streams } : { kind: 'sniffed', mime: null };
  } catch {
    return { kind: 'sniffed', mime: null };
  }
}

async function textFacts(storage: FileStorage, key: string): Promise<InspectedContent> {
  const stored = await storage.get(key);
  if (!stored) throw new Error(`stored file ${key} vanished`);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let hasNul = false;
  try {
    for await (const chunk of stored.body) {
      const bytes = chunk as Buffer;
      if (bytes.includes(0)) hasNul = true;
      decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
    return { kind: 'text', validUtf8: true, hasNul };
  } catch {
    stored.body.destroy();
    return { kind: 'text', validUtf8: false, hasNul };
  }
}

/**
 * Looks at what a stored upload really is, for `checkDocumentContent`: magic bytes for PDF and
 * images, the container structure for Office files, a streamed UTF-8 decode for text. Office files
 * are read from storage in ranges (directory through a 64 KB window, entries streamed while
 * inflating), so memory stays bounded whatever the file size.
 */
export async function inspectDocument(
  storage: FileStorage,
  key: string,
  ext: DocumentExtension,
  head: Buffer,
): Promise<InspectedContent> {
  const kind = DOCUMENT_FILE_KINDS[ext].kind;
  if (kind === 'text') return textFacts(storage, key);
  if (kind === 'ooxml-word' || kind === 'ooxml-excel') {
    if (!head.subarray(0, 4).equals(ZIP_MAGIC))
      return { kind: 'sniffed', mime: (await fileTypeFromBuffer(head))?.mime ?? null };
    return officePackage(await RangedFile.open(storage, key), ext);
  }
  if (kind === 'ole-word' || kind === 'ole-excel') {
    if (!head.subarray(0, 8).equals(OLE_MAGIC))
      return { kind: 'sniffed', mime: (await fileTypeFromBuffer(head))?.mime ?? null };
    return oleStreams(await RangedFile.open(storage, key));
  }
  return { kind: 'sniffed', mime: (await fileTypeFromBuffer(head))?.mime ?? null };
}
