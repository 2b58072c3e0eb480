import { CheckCircle2, RotateCcw, Upload, X } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import { cn } from '../../lib/cn';
import { FileTypeIcon, formatBytes } from './fileKinds';
import type { QueuedFile } from './useUploadQueue';

/** A determinate progress bar, announced with its percentage. */
export function ProgressBar({
  value,
  label,
  tone = 'indigo',
}: {
  value: number;
  label: string;
  tone?: 'indigo' | 'green';
}) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div
        className={cn(
          'h-full rounded-full transition-[width] duration-200 ease-out',
          tone === 'green' ? 'bg-emerald-500' : 'bg-indigo-600',
        )}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}

function StatusLine<M>({ item }: { item: QueuedFile<M> }) {
  const pct = item.total > 0 ? (item.loaded / item.total) * 100 : 0;
  switch (item.status) {
    case 'uploading':
      return (
        <span className="tabular-nums">{pct >= 100 ? 'Checking the file…' : `Uploading… ${Math.round(pct)}%`}</span>
      );
    case 'done':
      return (
        <span className="inline-flex items-center gap-1 font-medium text-emerald-700">
          <CheckCircle2 className="size-3.5" aria-hidden="true" /> Uploaded
        </span>
      );
    case 'failed':
      return (
        <span className="font-medium text-rose-700">{item.fileError ? 'Refused by the server' : 'Upload failed'}</span>
      );
    case 'cancelled':
      return <span className="font-medium text-slate-600">Cancelled</span>;
    default:
      return item.fileError ? (
        <span className="font-medium text-rose-700">Cannot be uploaded</span>
      ) : (
        <span>Ready to upload</span>
      );
  }
}

/**
 * One file in an upload queue: name, size and type, its own metadata fields (children), a progress
 * bar while sending, the server's message on failure, and Upload / Cancel / Retry / Remove.
 */
export function UploadItemCard<M>({
  item,
  onUpload,
  onCancel,
  onRemove,
  children,
}: {
  item: QueuedFile<M>;
  onUpload: () => void;
  onCancel: () => void;
  onRemove: () => void;
  children?: ReactNode;
}) {
  const name = item.file.name;
  const pct = item.total > 0 ? (item.loaded / item.total) * 100 : 0;
  const locked = item.status === 'uploading' || item.status === 'done';
  return (
    <li
      data-testid="upload-item"
      data-status={item.status}
      aria-label={name}
      className={cn(
        'rounded-lg border bg-white p-4 shadow-xs',
        item.status === 'failed' || item.fileError ? 'border-rose-200' : 'border-slate-200',
        item.status === 'done' && 'border-emerald-200 bg-emerald-50/30',
      )}
    >
      <div className="flex items-start gap-3">
        <FileTypeIcon fileName={name} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900" title={name}>
            {name}
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            {formatBytes(item.file.size)} · <StatusLine item={item} />
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-1.5">
          {item.status === 'uploading' ? (
            <Button size="sm" onClick={onCancel} aria-label={`Cancel upload of ${name}`}>
              Cancel
            </Button>
          ) : (item.status === 'failed' || item.status === 'cancelled') && !item.fileError ? (
            <Button size="sm" variant="primary" onClick={onUpload} aria-label={`Retry upload of ${name}`}>
              <RotateCcw className="size-3.5" aria-hidden="true" /> Retry
            </Button>
          ) : item.status === 'ready' && !item.fileError ? (
            <Button size="sm" onClick={onUpload} aria-label={`Upload ${name}`}>
              <Upload className="size-3.5" aria-hidden="true" /> Upload
            </Button>
          ) : null}
          {item.status !== 'uploading' && item.status !== 'done' && (
            <button
              type="button"
              onClick={onRemove}
              className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
              aria-label={`Remove ${name} from the list`}
            >
              <X className="size-4" aria-hidden="true" />
            </button>
          )}
        </div>
      </div>

      {(item.status === 'uploading' || item.status === 'done') && (
        <div className="mt-3">
          <ProgressBar
            value={item.status === 'done' ? 100 : pct}
            label={`Upload of ${name}`}
            tone={item.status === 'done' ? 'green' : 'indigo'}
          />
        </div>
      )}

      {item.fileError && (
        <p
          role="alert"
          className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800"
          data-testid="upload-file-error"
        >
          {item.fileError}
        </p>
      )}
      {item.status === 'failed' && item.error && !item.fileError && (
        <p
          role="alert"
          className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800"
          data-testid="upload-error"
        >
          {item.error.message}
          {item.error.transient && ' Retrying sends the same upload; it will not be recorded twice.'}
        </p>
      )}

      {children && !item.fileError && (
        <fieldset disabled={locked} className="mt-4 border-t border-slate-100 pt-4">
          <legend className="sr-only">Details of {name}</legend>
          {children}
        </fieldset>
      )}
    </li>
  );
}
