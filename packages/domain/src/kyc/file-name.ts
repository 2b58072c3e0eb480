export const MAX_FILE_NAME_LENGTH = 200;
const MAX_EXTENSION_LENGTH = 16;

// C0 and C1 controls except the whitespace ones (tab, newlines…), which collapse to a space below.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
// Invisible bidi overrides and marks, zero-width space and BOM: they can disguise "exe.pdf" as "fdp.exe".
const INVISIBLES = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Unpaired UTF-16 halves cannot be encoded (encodeURIComponent throws), so they cannot be shown back.
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A file name safe to show back and to put in a download header: only the last path segment (both
 * `/` and `\` separate), no control or invisible bidi characters, whitespace collapsed, no leading
 * dots, at most 200 characters (code points) keeping the extension, and `file` when nothing is left.
 * Files are stored under generated keys, so this name is never used as a path.
 */
export function sanitizeFileName(name: string): string {
  let s = name.replace(LONE_SURROGATES, '').normalize('NFC');
  s = s.split(/[/\\]/).pop() ?? '';
  s = s.replace(CONTROLS, '').replace(INVISIBLES, '');
  s = s.replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s]+/, '');
  s = truncateKeepingExtension(s).trimEnd();
  return s === '' ? 'file' : s;
}

function truncateKeepingExtension(s: string): string {
  const chars = Array.from(s);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(s.slice(dot)) : [];
  if (ext.length < 2 || ext.length > MAX_EXTENSION_LENGTH || ext.includes(' ')) {
    return chars.slice(0, MAX_FILE_NAME_LENGTH).join('');
  }
  const base = Array.from(s.slice(0, dot))
    .slice(0, MAX_FILE_NAME_LENGTH - ext.length)
    .join('')
    .trimEnd();
  return base + ext.join('');
}
