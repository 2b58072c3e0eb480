import { UploadCloud } from 'lucide-react';
import { type DragEvent, type RefObject, useId, useRef, useState } from 'react';
import { cn } from '../../lib/cn';

/**
 * Drop files here or pick them with the button (several at once). The real file input stays in the
 * page for the button and for tests; it is out of the tab order, the visible button is the control.
 */
export function DropZone({
  extensions,
  onFiles,
  onBrowse,
  title = 'Drag and drop files here',
  hint,
  disabled,
  inputRef,
  compact,
  testId = 'file-input',
}: {
  /** Accepted extensions, without dots; the picker filters on them (the API checks again). */
  extensions: readonly string[];
  onFiles: (files: File[], source: 'picker' | 'drop') => void;
  /** Called when the zone's own button opens the picker. */
  onBrowse?: () => void;
  title?: string;
  hint?: string;
  disabled?: boolean;
  /** Lets a caller open the picker from elsewhere (a checklist's "Upload" button). */
  inputRef?: RefObject<HTMLInputElement | null>;
  compact?: boolean;
  testId?: string;
}) {
  const hintId = useId();
  const ownRef = useRef<HTMLInputElement>(null);
  const ref = inputRef ?? ownRef;
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the button inside is the keyboard control.
    <div
      data-dropzone={testId}
      data-dragging={dragging || undefined}
      className={cn(
        'relative flex flex-col items-center justify-center rounded-xl border-2 border-dashed text-center transition-colors',
        compact ? 'px-4 py-5' : 'px-6 py-8',
        dragging ? 'border-indigo-500 bg-indigo-50/70' : 'border-slate-300 bg-slate-50/60 hover:border-slate-400',
        disabled && 'pointer-events-none opacity-60',
      )}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setDragging(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        if (!disabled && e.dataTransfer.files.length > 0) onFiles(Array.from(e.dataTransfer.files), 'drop');
      }}
    >
      <div
        className={cn(
          'mb-3 grid place-items-center rounded-full ring-1',
          compact ? 'size-9' : 'size-11',
          dragging ? 'bg-indigo-100 text-indigo-700 ring-indigo-200' : 'bg-white text-indigo-600 ring-slate-200',
        )}
        aria-hidden="true"
      >
        <UploadCloud className={compact ? 'size-4' : 'size-5'} />
      </div>
      <p className="text-sm font-medium text-slate-800">
        {dragging ? 'Drop to add the files' : title}
        {!dragging && (
          <>
            {' '}
            or{' '}
            <button
              type="button"
              disabled={disabled}
              onClick={() => {
                onBrowse?.();
                ref.current?.click();
              }}
              aria-describedby={hint ? hintId : undefined}
              className="rounded font-semibold text-indigo-700 underline-offset-2 hover:underline"
            >
              choose files
            </button>
          </>
        )}
      </p>
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      <input
        ref={ref}
        type="file"
        multiple
        tabIndex={-1}
        aria-hidden="true"
        className="sr-only"
        data-testid={testId}
        accept={extensions.map((e) => `.${e}`).join(',')}
        disabled={disabled}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Cleared so that picking the same file again (after removing it) still counts as a change.
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files, 'picker');
        }}
      />
    </div>
  );
}
