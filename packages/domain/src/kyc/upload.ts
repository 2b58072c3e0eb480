import { PayloadTooLarge, UnsupportedMediaType } from '../errors';

export const KYC_ALLOWED_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png'] as const;
export type KycExtension = (typeof KYC_ALLOWED_EXTENSIONS)[number];

/** The content type each extension must really have (jpg and jpeg are the same format). */
export const KYC_MIME_BY_EXTENSION = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
} as const satisfies Record<KycExtension, string>;
export type KycMimeType = (typeof KYC_MIME_BY_EXTENSION)[KycExtension];

/** `KYC_MAX_FILE_MB` when the environment does not set it. */
export const DEFAULT_KYC_MAX_FILE_MB = 10;

const ALLOWED_LIST = KYC_ALLOWED_EXTENSIONS.join(', ');

/** Whether a (lower-case) extension is accepted for KYC documents. */
export function isKycExtension(ext: string): ext is KycExtension {
  return (KYC_ALLOWED_EXTENSIONS as readonly string[]).includes(ext);
}

/**
 * The accepted extension of an uploaded file name: the last one, lower-cased. A name without one
 * (`README`, `.pdf`, `scan.`) or with another one is refused as UNSUPPORTED_MEDIA_TYPE.
 */
export function kycExtensionOf(fileName: string): KycExtension {
  const base = (fileName.split(/[/\\]/).pop() ?? '').trim();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (ext === '') throw new UnsupportedMediaType(`The file needs an extension: one of ${ALLOWED_LIST}.`);
  if (!isKycExtension(ext)) {
    throw new UnsupportedMediaType(`Files of type .${ext} are not accepted. Use one of ${ALLOWED_LIST}.`);
  }
  return ext;
}

/**
 * The content (as sniffed from its magic bytes) must be what the extension says; returns the MIME
 * type to store and serve. Unknown content (`null`) is refused like a mismatch.
 */
export function checkSniffedType(extension: string, sniffedMime: string | null | undefined): KycMimeType {
  const ext = extension.toLowerCase().replace(/^\./, '');
  if (!isKycExtension(ext)) {
    throw new UnsupportedMediaType(`Files of type .${ext} are not accepted. Use one of ${ALLOWED_LIST}.`);
  }
  const expected = KYC_MIME_BY_EXTENSION[ext];
  const actual = sniffedMime?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (actual !== expected) {
    throw new UnsupportedMediaType(
      `The file content does not match its .${ext} extension${actual ? ` (it looks like ${actual})` : ''}.`,
    );
  }
  return expected;
}

/** The byte limit for a limit in megabytes (1 MB = 1024 × 1024 bytes). */
export function maxFileBytes(maxMb: number): number {
  return Math.floor(maxMb * 1024 * 1024);
}

/** A file may be at most `maxMb` megabytes (exactly the limit is accepted); larger is PAYLOAD_TOO_LARGE. */
export function checkFileSize(sizeBytes: number, maxMb: number = DEFAULT_KYC_MAX_FILE_MB): void {
  if (sizeBytes > maxFileBytes(maxMb)) {
    throw new PayloadTooLarge(`The file is larger than the ${maxMb} MB limit.`);
  }
}
