/** RFC 6266 Content-Disposition: an ASCII fallback plus the exact UTF-8 name in `filename*`. */
export function attachmentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Downloads never run as a page: attachment (inline only for the console's preview), the stored
 * sniffed type, nosniff, and a sandboxing CSP either way.
 */
export function downloadHeaders(file: {
  fileName: string;
  mimeType: string;
  size: number;
  inline?: boolean;
}): Record<string, string> {
  return {
    'Content-Type': file.mimeType,
    'Content-Length': String(file.size),
    'Content-Disposition': attachmentDisposition(file.fileName, file.inline ? 'inline' : 'attachment'),
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
}
