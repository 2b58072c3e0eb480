/** RFC 6266 Content-Disposition: an ASCII fallback plus the exact UTF-8 name in `filename*`. */
export function attachmentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Downloads never run as a page: attachment, the stored sniffed type, nosniff, and a sandboxing CSP. */
export function downloadHeaders(file: { fileName: string; mimeType: string; size: number }): Record<string, string> {
  return {
    'Content-Type': file.mimeType,
    'Content-Length': String(file.size),
    'Content-Disposition': attachmentDisposition(file.fileName),
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
}
