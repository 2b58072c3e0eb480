import { cn } from '../../lib/cn';
import { lazily } from '../../lib/format';

const sizeFormat = lazily(() => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }));

/** 1 MB = 1024 × 1024 bytes, as the API counts its limits. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat().format(bytes / 1024)} KB`;
  return `${sizeFormat().format(bytes / (1024 * 1024))} MB`;
}

/** The lower-case extension of a file name ('' when it has none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** A file name without its extension: a sensible default title. */
export function baseName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

export type PreviewKind = 'image' | 'pdf' | 'text';

/** What the browser can show inline, from the stored (sniffed) MIME type. Office files: download only. */
export function previewKindOf(mimeType: string): PreviewKind | null {
  const mime = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === 'image/png' || mime === 'image/jpeg' || mime === 'image/gif') return 'image';
  if (mime === 'application/pdf') return 'pdf';
  if (mime === 'text/plain' || mime === 'text/csv') return 'text';
  return null;
}

const FAMILY: Record<string, string> = {
  pdf: 'bg-rose-50 text-rose-700 ring-rose-600/20',
  doc: 'bg-blue-50 text-blue-700 ring-blue-600/20',
  docx: 'bg-blue-50 text-blue-700 ring-blue-600/20',
  xls: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  xlsx: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  csv: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  png: 'bg-violet-50 text-violet-700 ring-violet-600/20',
  jpg: 'bg-violet-50 text-violet-700 ring-violet-600/20',
  jpeg: 'bg-violet-50 text-violet-700 ring-violet-600/20',
  gif: 'bg-violet-50 text-violet-700 ring-violet-600/20',
  txt: 'bg-slate-100 text-slate-700 ring-slate-500/20',
};

/** A small file-type tile: the extension in the colour of its family (PDF red, Word blue, sheets green, images violet). */
export function FileTypeIcon({ fileName, className }: { fileName: string; className?: string }) {
  const ext = extensionOf(fileName);
  const label = (ext === 'jpeg' ? 'jpg' : ext).toUpperCase().slice(0, 4) || 'FILE';
  return (
    <span
      className={cn(
        'relative inline-flex size-10 shrink-0 items-end justify-center rounded-md pb-1.5 text-[10px] font-bold tracking-wide ring-1 ring-inset',
        FAMILY[ext] ?? 'bg-slate-100 text-slate-600 ring-slate-500/20',
        className,
      )}
      aria-hidden="true"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 16 16"
        className="absolute top-1.5 size-3.5 opacity-70"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      >
        <path d="M4 1.75h5l3 3v9.5H4z" strokeLinejoin="round" />
        <path d="M9 1.75v3h3" strokeLinejoin="round" />
      </svg>
      {label}
    </span>
  );
}

/** "PDF, JPG or PNG" from a list of extensions. */
export function listExtensions(extensions: readonly string[]): string {
  const names = [...new Set(extensions.map((e) => (e === 'jpeg' ? 'jpg' : e).toUpperCase()))];
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
