import { DOCUMENT_FILE_KINDS, type DocumentExtension, type InspectedContent, ZIP_LIMITS } from '@cm/domain';
import CFB from 'cfb';
import { fileTypeFromBuffer } from 'file-type';
import yauzl from 'yauzl';
import type { FileStorage } from '../storage/file-storage';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function readAll(storage: FileStorage, key: string): Promise<Buffer> {
  const stored = await storage.get(key);
  if (!stored) throw new Error(`stored file ${key} vanished`);
  const chunks: Buffer[] = [];
  for await (const chunk of stored.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads the zip central directory only (declared sizes); nothing is decompressed. */
function zipDirectory(buffer: Buffer): Promise<InspectedContent> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: false }, (err, zip) => {
      if (err || !zip) return resolve({ kind: 'sniffed', mime: null });
      const names: string[] = [];
      let uncompressed = 0;
      let compressed = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        uncompressed += entry.uncompressedSize;
        compressed += entry.compressedSize;
        if (names.length > ZIP_LIMITS.maxEntries) {
          zip.close();
          return resolve({
            kind: 'zip',
            entries: names.length,
            uncompressedBytes: uncompressed,
            compressedBytes: compressed,
            names,
          });
        }
        zip.readEntry();
      });
      zip.on('end', () =>
        resolve({
          kind: 'zip',
          entries: names.length,
          uncompressedBytes: uncompressed,
          compressedBytes: compressed,
          names,
        }),
      );
      zip.on('error', () => resolve({ kind: 'sniffed', mime: null }));
      zip.readEntry();
    });
  });
}

function oleStreams(buffer: Buffer): InspectedContent {
  try {
    const container = CFB.read(buffer, { type: 'buffer' });
    return { kind: 'ole', streams: container.FileIndex.map((e) => e.name) };
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
 * (≤ DOCUMENT_MAX_FILE_MB) are read into memory to parse their directory; others are not.
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
    return zipDirectory(await readAll(storage, key));
  }
  if (kind === 'ole-word' || kind === 'ole-excel') {
    if (!head.subarray(0, 8).equals(OLE_MAGIC))
      return { kind: 'sniffed', mime: (await fileTypeFromBuffer(head))?.mime ?? null };
    return oleStreams(await readAll(storage, key));
  }
  return { kind: 'sniffed', mime: (await fileTypeFromBuffer(head))?.mime ?? null };
}
