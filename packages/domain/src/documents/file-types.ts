import { UnsupportedMediaType } from '../errors';

/** What each accepted extension must really contain, and the MIME type stored and served. */
export const DOCUMENT_FILE_KINDS = {
  pdf: { kind: 'pdf', mime: 'application/pdf' },
  doc: { kind: 'ole-word', mime: 'application/msword' },
  xls: { kind: 'ole-excel', mime: 'application/vnd.ms-excel' },
  docx: { kind: 'ooxml-word', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { kind: 'ooxml-excel', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  png: { kind: 'image', mime: 'image/png' },
  jpg: { kind: 'image', mime: 'image/jpeg' },
  jpeg: { kind: 'image', mime: 'image/jpeg' },
  gif: { kind: 'image', mime: 'image/gif' },
  txt: { kind: 'text', mime: 'text/plain; charset=utf-8' },
  csv: { kind: 'text', mime: 'text/csv; charset=utf-8' },
} as const;

export type DocumentExtension = keyof typeof DOCUMENT_FILE_KINDS;
export const DOCUMENT_ALLOWED_EXTENSIONS = Object.keys(DOCUMENT_FILE_KINDS) as DocumentExtension[];
export const DEFAULT_DOCUMENT_MAX_FILE_MB = 20;

const LIST = DOCUMENT_ALLOWED_EXTENSIONS.join(', ');

/** The accepted extension of a file name (last one, lower-cased), or UNSUPPORTED_MEDIA_TYPE. */
export function documentExtensionOf(fileName: string): DocumentExtension {
  const base = (fileName.split(/[/\\]/).pop() ?? '').trim();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (!ext) throw new UnsupportedMediaType(`The file needs an extension: one of ${LIST}.`);
  if (!(ext in DOCUMENT_FILE_KINDS))
    throw new UnsupportedMediaType(`Files of type .${ext} are not accepted. Use one of ${LIST}.`);
  return ext as DocumentExtension;
}

/** Limits for zip containers (OOXML): beyond them the file is refused as a likely zip bomb. */
export const ZIP_LIMITS = { maxEntries: 2000, maxUncompressedBytes: 200 * 1024 * 1024, maxRatio: 200 } as const;

/** What inspecting a file's bytes found (done by the API, which can read files). */
export type InspectedContent =
  | { kind: 'sniffed'; mime: string | null }
  | { kind: 'ole'; streams: string[] }
  | { kind: 'zip'; entries: number; uncompressedBytes: number; compressedBytes: number; names: string[] }
  | { kind: 'text'; validUtf8: boolean; hasNul: boolean };

/**
 * SPEC §5: the content must really be of the extension's kind. Office files must be real
 * containers (OLE with a Word/Excel stream, OOXML with the right main part, within zip limits);
 * text must be UTF-8 without NUL bytes. Returns the MIME type to store.
 */
export function checkDocumentContent(ext: DocumentExtension, found: InspectedContent): string {
  const expected = DOCUMENT_FILE_KINDS[ext];
  const refuse = (why: string): never => {
    throw new UnsupportedMediaType(`This is not a valid .${ext} file: ${why}.`);
  };
  switch (expected.kind) {
    case 'pdf':
    case 'image':
      if (found.kind !== 'sniffed' || found.mime !== expected.mime) {
        refuse(found.kind === 'sniffed' && found.mime ? `it looks like ${found.mime}` : 'unrecognised content');
      }
      return expected.mime;
    case 'ole-word':
    case 'ole-excel': {
      if (found.kind !== 'ole') return refuse('it is not an OLE compound document');
      const wanted = expected.kind === 'ole-word' ? ['WordDocument'] : ['Workbook', 'Book'];
      if (!found.streams.some((s) => wanted.includes(s))) refuse(`it has no ${wanted[0]} stream`);
      return expected.mime;
    }
    case 'ooxml-word':
    case 'ooxml-excel': {
      if (found.kind !== 'zip') return refuse('it is not an Office Open XML package');
      if (found.entries > ZIP_LIMITS.maxEntries) refuse('it has too many parts');
      if (found.uncompressedBytes > ZIP_LIMITS.maxUncompressedBytes) refuse('it expands to too much data');
      if (found.compressedBytes > 0 && found.uncompressedBytes / found.compressedBytes > ZIP_LIMITS.maxRatio) {
        refuse('it is compressed suspiciously well');
      }
      if (!found.names.includes('[Content_Types].xml')) refuse('it has no [Content_Types].xml');
      const main = expected.kind === 'ooxml-word' ? 'word/document.xml' : 'xl/workbook.xml';
      if (!found.names.includes(main)) refuse(`it has no ${main}`);
      return expected.mime;
    }
    case 'text':
      if (found.kind !== 'text' || !found.validUtf8) refuse('it is not UTF-8 text');
      if (found.kind === 'text' && found.hasNul) refuse('it contains NUL bytes');
      return expected.mime;
  }
}
