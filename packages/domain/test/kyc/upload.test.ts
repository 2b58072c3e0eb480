import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DomainError, PayloadTooLarge, UnsupportedMediaType } from '../../src/errors';
import {
  checkFileSize,
  checkSniffedType,
  DEFAULT_KYC_MAX_FILE_MB,
  isKycExtension,
  KYC_ALLOWED_EXTENSIONS,
  KYC_MIME_BY_EXTENSION,
  kycExtensionOf,
  maxFileBytes,
} from '../../src/kyc';

const MB = 1024 * 1024;

describe('allowed extensions and their content types', () => {
  it('accepts exactly pdf, jpg, jpeg and png', () => {
    expect([...KYC_ALLOWED_EXTENSIONS]).toEqual(['pdf', 'jpg', 'jpeg', 'png']);
    expect(KYC_MIME_BY_EXTENSION).toEqual({
      pdf: 'application/pdf',
      jpg: 'image/jpeg',
      jpeg: 'image/jpeg',
      png: 'image/png',
    });
    expect(isKycExtension('pdf')).toBe(true);
    expect(isKycExtension('gif')).toBe(false);
    expect(isKycExtension('PDF')).toBe(false);
  });
});

describe('kycExtensionOf', () => {
  it.each([
    ['scan.pdf', 'pdf'],
    ['SCAN.PDF', 'pdf'],
    ['photo.JpG', 'jpg'],
    ['photo.jpeg', 'jpeg'],
    ['image.png', 'png'],
    ['my.passport.scan.pdf', 'pdf'],
    ['folder/sub/scan.pdf', 'pdf'],
    ['C:\\Users\\me\\scan.png', 'png'],
    ['  spaced name.pdf  ', 'pdf'],
  ])('%s → %s', (name, ext) => {
    expect(kycExtensionOf(name)).toBe(ext);
  });

  it.each(['README', '', '.pdf', 'scan.', 'folder.pdf/scan', 'x.pdf\\y'])(
    'refuses %j, which has no extension',
    (name) => {
      expect(() => kycExtensionOf(name)).toThrow(UnsupportedMediaType);
      expect(() => kycExtensionOf(name)).toThrow(/needs an extension/);
    },
  );

  it.each(['malware.exe', 'scan.pdf.exe', 'doc.docx', 'image.gif', 'archive.tar.gz', 'scan.p df'])(
    'refuses %j with an unaccepted extension as UNSUPPORTED_MEDIA_TYPE',
    (name) => {
      let error: unknown;
      try {
        kycExtensionOf(name);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsupportedMediaType);
      expect((error as DomainError).code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect((error as Error).message).toMatch(/pdf, jpg, jpeg, png/);
    },
  );

  it('only ever returns an allowed extension (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        try {
          expect(KYC_ALLOWED_EXTENSIONS).toContain(kycExtensionOf(name));
        } catch (e) {
          expect(e).toBeInstanceOf(UnsupportedMediaType);
        }
      }),
    );
  });
});

describe('checkSniffedType', () => {
  it.each([
    ['pdf', 'application/pdf'],
    ['jpg', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
  ])('.%s with %s content is accepted and returns the type to store', (ext, mime) => {
    expect(checkSniffedType(ext, mime)).toBe(mime);
  });

  it('tolerates case, a leading dot and MIME parameters', () => {
    expect(checkSniffedType('.PDF', 'Application/PDF; charset=binary')).toBe('application/pdf');
  });

  it.each([
    ['pdf', 'image/png'],
    ['png', 'image/jpeg'],
    ['jpg', 'image/png'],
    ['jpeg', 'application/pdf'],
    ['pdf', 'application/x-msdownload'],
    ['png', 'text/html'],
    ['jpg', 'image/jpg'],
  ])('.%s whose content is %s is refused', (ext, mime) => {
    expect(() => checkSniffedType(ext, mime)).toThrow(UnsupportedMediaType);
    expect(() => checkSniffedType(ext, mime)).toThrow(`does not match its .${ext} extension`);
  });

  it.each([null, undefined, ''])('unrecognised content (%j) is refused', (mime) => {
    expect(() => checkSniffedType('pdf', mime)).toThrow(UnsupportedMediaType);
  });

  it('an extension that is not allowed is refused even if content matches what it claims', () => {
    expect(() => checkSniffedType('gif', 'image/gif')).toThrow(UnsupportedMediaType);
    expect(() => checkSniffedType('exe', 'application/pdf')).toThrow(/not accepted/);
  });
});

describe('checkFileSize', () => {
  it('defaults to the 10 MB of KYC_MAX_FILE_MB', () => {
    expect(DEFAULT_KYC_MAX_FILE_MB).toBe(10);
    expect(maxFileBytes(10)).toBe(10 * MB);
    expect(() => checkFileSize(10 * MB)).not.toThrow();
    expect(() => checkFileSize(10 * MB + 1)).toThrow(PayloadTooLarge);
  });

  it('accepts exactly the limit and refuses one byte more', () => {
    expect(() => checkFileSize(5 * MB, 5)).not.toThrow();
    expect(() => checkFileSize(5 * MB + 1, 5)).toThrow(PayloadTooLarge);
    expect(() => checkFileSize(0, 5)).not.toThrow();
  });

  it('names the limit and maps to PAYLOAD_TOO_LARGE', () => {
    try {
      checkFileSize(11 * MB, 10);
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe('PAYLOAD_TOO_LARGE');
      expect((e as Error).message).toBe('The file is larger than the 10 MB limit.');
    }
  });

  it('agrees with maxFileBytes for any limit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 101 * MB }), (mb, size) => {
        const ok = size <= mb * MB;
        if (ok) expect(() => checkFileSize(size, mb)).not.toThrow();
        else expect(() => checkFileSize(size, mb)).toThrow(PayloadTooLarge);
      }),
    );
  });
});
