import { RotateCw, ZoomIn, ZoomOut } from 'lucide-react';
import { useState } from 'react';
import { Button, Spinner } from '../../components/Button';
import { type PreviewFile, usePreview } from '../uploads/FilePreviewDialog';
import { previewKindOf } from '../uploads/fileKinds';

const ZOOMS = [0.25, 0.5, 0.75, 1, 1.5, 2] as const;

/**
 * The document under review, inline: images zoom and rotate; a PDF opens in the browser's own
 * viewer (its toolbar pages through it). Fetched as a preview, so the audit trail records a view.
 */
export function DocumentViewer({ file }: { file: PreviewFile }) {
  const kind = previewKindOf(file.mimeType);
  // `file` is one object per document (the caller memoises it and keys this by document).
  const loaded = usePreview(file, kind);
  const [zoom, setZoom] = useState(2);
  const [turns, setTurns] = useState(0);

  if (!kind) return <p className="p-10 text-center text-sm text-slate-600">This file cannot be shown here.</p>;
  if (loaded.state === 'loading') {
    return (
      <div role="status" className="flex h-96 items-center justify-center gap-2 text-sm text-slate-500">
        <Spinner /> Loading the document…
      </div>
    );
  }
  if (loaded.state === 'error') {
    return (
      <p role="alert" className="p-10 text-center text-sm text-rose-700">
        {loaded.message}
      </p>
    );
  }
  if (loaded.kind === 'pdf') {
    return (
      <iframe
        src={`${loaded.url}#navpanes=0&view=FitH`}
        title={`Document: ${file.fileName}`}
        className="block h-[70vh] w-full border-0 bg-white"
        data-testid="review-pdf"
      />
    );
  }
  if (loaded.kind === 'text') {
    return <pre className="max-h-[70vh] overflow-auto p-4 text-xs whitespace-pre-wrap">{loaded.text}</pre>;
  }
  const scale = ZOOMS[zoom] ?? 1;
  return (
    <div>
      <div
        className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-3 py-2"
        role="toolbar"
        aria-label="Image view"
      >
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setZoom((z) => Math.max(0, z - 1))}
          disabled={zoom === 0}
          aria-label="Zoom out"
        >
          <ZoomOut className="size-4" aria-hidden="true" />
        </Button>
        <span className="w-12 text-center text-xs text-slate-600" aria-live="polite" data-testid="review-zoom">
          {Math.round(scale * 100)}%
        </span>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}
          disabled={zoom === ZOOMS.length - 1}
          aria-label="Zoom in"
        >
          <ZoomIn className="size-4" aria-hidden="true" />
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setTurns((t) => (t + 1) % 4)} aria-label="Rotate right">
          <RotateCw className="size-4" aria-hidden="true" />
        </Button>
      </div>
      <div className="h-[65vh] overflow-auto bg-slate-100 p-4 text-center">
        <img
          src={loaded.url}
          alt={`Document: ${file.fileName}`}
          style={{ width: `${scale * 100}%`, transform: `rotate(${turns * 90}deg)` }}
          className="inline-block max-w-none origin-center shadow-md ring-1 ring-slate-900/10 transition-transform"
          data-testid="review-image"
          data-rotation={turns * 90}
        />
      </div>
    </div>
  );
}
