import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_LENGTH, sanitizeFileName } from '../../src/kyc';

const codePoints = (s: string) => Array.from(s).length;

describe('sanitizeFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(sanitizeFileName('passport scan.pdf')).toBe('passport scan.pdf');
    expect(sanitizeFileName('Übersicht 2025 (final).PDF')).toBe('Übersicht 2025 (final).PDF');
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\x.pdf', 'x.pdf'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Users\\alice\\Documents\\scan.pdf', 'scan.pdf'],
    ['a/b\\c/d.png', 'd.png'],
    ['..', 'file'],
    ['../', 'file'],
    ['folder/', 'file'],
    ['....//....//x.pdf', 'x.pdf'],
  ])('strips directory parts: %j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it.each([
    ['.htaccess', 'htaccess'],
    ['...hidden.pdf', 'hidden.pdf'],
    ['. . .pdf', 'pdf'],
    ['.', 'file'],
  ])('strips leading dots: %j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('removes control characters, including NUL', () => {
    expect(sanitizeFileName('evil\u0000.pdf')).toBe('evil.pdf');
    expect(sanitizeFileName('a\u0007b\u001bc\u007fd\u0085e.pdf')).toBe('abcde.pdf');
  });

  it('turns tabs and newlines into single spaces and trims', () => {
    expect(sanitizeFileName('  my\t\tpassport\r\nscan .pdf  ')).toBe('my passport scan .pdf');
    expect(sanitizeFileName('a\u00a0\u2003b\u2028c.pdf')).toBe('a b c.pdf');
  });

  it('removes invisible bidi overrides that disguise the extension', () => {
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('\u200Bscan\u200E\u2066.pdf\uFEFF')).toBe('scan.pdf');
  });

  it('keeps unicode letters, marks and emoji, normalised to NFC', () => {
    expect(sanitizeFileName('Pasaporte de José 🇪🇸.pdf')).toBe('Pasaporte de José 🇪🇸.pdf');
    expect(sanitizeFileName('Jose\u0301.pdf')).toBe('Jos\u00e9.pdf');
    expect(sanitizeFileName('护照扫描件.jpg')).toBe('护照扫描件.jpg');
    expect(sanitizeFileName('جواز سفر.png')).toBe('جواز سفر.png');
  });

  it('drops unpaired surrogates so the name can always be URI-encoded', () => {
    expect(sanitizeFileName('a\ud800b.pdf')).toBe('ab.pdf');
    expect(sanitizeFileName('a\udc00.pdf')).toBe('a.pdf');
    expect(sanitizeFileName('\ud83d\ude00.pdf')).toBe('😀.pdf');
  });

  it('falls back to "file" when nothing usable is left', () => {
    for (const input of ['', '   ', '\u0000\u0001', '/', '\\', '...', '\u202E', '.\t.']) {
      expect(sanitizeFileName(input)).toBe('file');
    }
  });

  it('limits to 200 characters and keeps the extension', () => {
    const long = `${'a'.repeat(300)}.pdf`;
    const out = sanitizeFileName(long);
    expect(out).toBe(`${'a'.repeat(196)}.pdf`);
    expect(out.length).toBe(MAX_FILE_NAME_LENGTH);
  });

  it('leaves a name of exactly 200 characters alone', () => {
    const name = `${'b'.repeat(196)}.png`;
    expect(sanitizeFileName(name)).toBe(name);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    const out = sanitizeFileName(`${'😀'.repeat(250)}.jpg`);
    expect(codePoints(out)).toBe(200);
    expect(out.endsWith('.jpg')).toBe(true);
    expect(out).toBe(`${'😀'.repeat(196)}.jpg`);
  });

  it('does not leave a trailing space before the kept extension', () => {
    const out = sanitizeFileName(`${'a'.repeat(195)} ${'b'.repeat(100)}.pdf`);
    expect(out).toBe(`${'a'.repeat(195)}.pdf`);
  });

  it('truncates plainly when there is no sensible extension', () => {
    expect(sanitizeFileName('x'.repeat(500))).toBe('x'.repeat(200));
    const weird = `${'x'.repeat(150)}.${'y'.repeat(100)}`;
    expect(sanitizeFileName(weird)).toBe(weird.slice(0, 200));
    const spaced = `${'x'.repeat(150)}.some words ${'y'.repeat(100)}`;
    expect(codePoints(sanitizeFileName(spaced))).toBeLessThanOrEqual(200);
  });

  describe('properties', () => {
    const anyName = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({
        unit: fc.constantFrom('.', '/', '\\', ' ', '\t', '\u0000', '\u202e', 'a', 'é', '😀'),
        maxLength: 400,
      }),
      fc.array(fc.string({ unit: 'grapheme', maxLength: 80 }), { maxLength: 6 }).map((parts) => parts.join('/')),
    );

    it('never returns a path separator, a leading dot or an empty name', () => {
      fc.assert(
        fc.property(anyName, (name) => {
          const out = sanitizeFileName(name);
          expect(out).not.toMatch(/[/\\]/);
          expect(out.startsWith('.')).toBe(false);
          expect(out.length).toBeGreaterThan(0);
        }),
        { numRuns: 500 },
      );
    });

    it('never returns control characters, bidi overrides, leading/trailing or doubled whitespace', () => {
      fc.assert(
        fc.property(anyName, (name) => {
          const out = sanitizeFileName(name);
          expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
          expect(out).toBe(out.trim());
          expect(out).not.toMatch(/\s\s/);
          expect(out).not.toMatch(/[\t\n\r]/);
        }),
        { numRuns: 500 },
      );
    });

    it('is at most 200 characters, URI-encodable and idempotent', () => {
      fc.assert(
        fc.property(anyName, (name) => {
          const out = sanitizeFileName(name);
          expect(codePoints(out)).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
          expect(() => encodeURIComponent(out)).not.toThrow();
          expect(sanitizeFileName(out)).toBe(out);
        }),
        { numRuns: 500 },
      );
    });

    it('keeps a short extension when it truncates', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: fc.constantFrom('a', 'b', 'é', '😀', '-'), minLength: 201, maxLength: 400 }),
          fc.constantFrom('.pdf', '.jpeg', '.png'),
          (base, ext) => {
            const out = sanitizeFileName(base + ext);
            expect(out.endsWith(ext)).toBe(true);
            expect(codePoints(out)).toBe(MAX_FILE_NAME_LENGTH);
          },
        ),
      );
    });
  });
});
