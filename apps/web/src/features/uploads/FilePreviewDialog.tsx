import * as Dialog from '@radix-ui/react-dialog';
import { Download, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { buttonClass, Spinner } from '../../components/Button';
import { overlayClass } from '../../components/Modal';
import { cn } from '../../lib/cn';
import { useReturnFocus } from '../../lib/useReturnFocus';
import { FileTypeIcon, formatBytes, type PreviewKind, previewKindOf } from './fileKinds';

const TEXT_PREVIEW_BYTES = 256 * 1024;

type Loaded =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; kind: 'image'; url: string }
  | { state: 'ready'; kind: 'pdf'; url: string }
  | { state: 'ready'; kind: 'text'; text: string; truncated: boolean };

export interface PreviewFile {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  downloadUrl: string;
  /** Shown under the name, e.g. the document type or title. */
  subtitle?: string;
}

/** The same file asked for as a preview: the API records it as a view, not a download. */
function previewUrlOf(downloadUrl: string): string {
  return `${downloadUrl}${downloadUrl.includes('?') ? '&' : '?'}disposition=inline`;
}

/** Fetches the file into memory (same-origin, with the session) and makes it showable; URLs are revoked after. */
export function usePreview(file: PreviewFile | null, kind: PreviewKind | null): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!file || !kind) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    setLoaded({ state: 'loading' });
    (async () => {
      const res = await fetch(previewUrlOf(file.downloadUrl), {
        signal: controller.signal,
        credentials: 'same-origin',
      });
      if (!res.ok) {
        let message = `The file could not be loaded (HTTP ${res.status}).`;
        try {
          const body = (await res.json()) as { error?: { message?: string } };
          if (body.error?.message) message = body.error.message;
        } catch {
          // not JSON: keep the generic message
        }
        throw new Error(message);
      }
      const blob = await res.blob();
      if (kind === 'text') {
        const text = await blob.slice(0, TEXT_PREVIEW_BYTES).text();
        setLoaded({ state: 'ready', kind, text, truncated: blob.size > TEXT_PREVIEW_BYTES });
        return;
      }
      // The stored (sniffed) type, not whatever the response said, decides how it is shown.
      objectUrl = URL.createObjectURL(new Blob([blob], { type: file.mimeType.split(';')[0] }));
      setLoaded(kind === 'pdf' ? { state: 'ready', kind, url: objectUrl } : { state: 'ready', kind, url: objectUrl });
    })().catch((err: unknown) => {
      if (controller.signal.aborted) return;
      setLoaded({ state: 'error', message: err instanceof Error ? err.message : 'The file could not be loaded.' });
    });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [file, kind]);
  return loaded;
}

/** Shows an image, PDF or text file inside a dialog, with a download button. Office files have no preview. */
export function FilePreviewDialog({ file, onClose }: { file: PreviewFile | null; onClose: () => void }) {
  const kind = file ? previewKindOf(file.mimeType) : null;
  const loaded = usePreview(file, kind);
  // Opened from state (no Trigger), so focus goes back to whatever opened it, e.g. the Preview button.
  const returnFocus = useReturnFocus(file !== null);
  return (
    <Dialog.Root open={file !== null} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClass} />
        <Dialog.Content
          className="fixed top-1/2 left-1/2 z-50 flex max-h-[92vh] w-[calc(100vw-2rem)] max-w-5xl -translate-x-1/2 -translate-y-1/2 flex-col overflow-hidden rounded-xl bg-white shadow-2xl focus:outline-none"
          aria-describedby={undefined}
          data-testid="file-preview"
          onCloseAutoFocus={returnFocus}
        >
          {file && (
            <>
              <div className="flex items-center gap-3 border-b border-slate-200 px-5 py-3">
                <FileTypeIcon fileName={file.fileName} />
                <div className="min-w-0 flex-1">
                  <Dialog.Title className="truncate text-sm font-semibold text-slate-900" title={file.fileName}>
                    {file.fileName}
                  </Dialog.Title>
                  <p className="text-xs text-slate-500">
                    {file.subtitle ? `${file.subtitle} · ` : ''}
                    {formatBytes(file.sizeBytes)}
                  </p>
                </div>
                <a href={file.downloadUrl} download className={buttonClass('secondary', 'sm')}>
                  <Download className="size-4" aria-hidden="true" /> Download
                </a>
                <Dialog.Close
                  className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
                  aria-label="Close preview"
                >
                  <X className="size-4" aria-hidden="true" />
                </Dialog.Close>
              </div>
              <div
                className={cn(
                  'min-h-0 flex-1 overflow-auto bg-slate-100',
                  loaded.state === 'ready' && loaded.kind === 'text' && 'bg-white',
                )}
              >
                {!kind ? (
                  <p className="p-10 text-center text-sm text-slate-600">
                    This kind of file cannot be shown here. Download it to open it.
                  </p>
                ) : loaded.state === 'loading' ? (
                  <div role="status" className="flex h-[60vh] items-center justify-center gap-2 text-sm text-slate-500">
                    <Spinner /> Loading preview…
                  </div>
                ) : loaded.state === 'error' ? (
                  <p role="alert" className="p-10 text-center text-sm text-rose-700">
                    {loaded.message}
                  </p>
                ) : loaded.kind === 'image' ? (
                  <div className="flex min-h-[50vh] items-center justify-center p-6">
                    <img
                      src={loaded.url}
                      alt={`Preview of ${file.fileName}`}
                      className="max-h-[72vh] max-w-full rounded shadow-md ring-1 ring-slate-900/10"
                    />
                  </div>
                ) : loaded.kind === 'pdf' ? (
                  <iframe
                    src={`${loaded.url}#navpanes=0&view=FitH`}
                    title={`Preview of ${file.fileName}`}
                    className="block h-[75vh] w-full border-0 bg-white"
                  />
                ) : (
                  <div>
                    <pre
                      className="max-h-[75vh] overflow-auto p-5 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-800"
                      data-testid="text-preview"
                    >
                      {loaded.text}
                    </pre>
                    {loaded.truncated && (
                      <p className="border-t border-slate-200 px-5 py-2 text-xs text-slate-500">
                        Showing the first {formatBytes(TEXT_PREVIEW_BYTES)}. Download the file to see all of it.
                      </p>
                    )}
                  </div>
                )}
              </div>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
