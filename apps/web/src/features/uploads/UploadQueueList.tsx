import { Upload } from 'lucide-react';
import type { ReactNode, RefObject } from 'react';
import { Button } from '../../components/Button';
import { UploadItemCard } from './UploadItemCard';
import type { QueuedFile, UploadQueue } from './useUploadQueue';

/**
 * The files of an upload queue, one card each with the caller's metadata fields, then the footer.
 * Renders nothing while the queue is empty (the drop zone alone is shown).
 */
export function UploadQueueList<M, R>({
  queue,
  listRef,
  renderFields,
}: {
  queue: UploadQueue<M, R>;
  /** The caller keeps it to reveal the newest row after adding files (`revealLastRow`). */
  listRef: RefObject<HTMLUListElement | null>;
  renderFields: (item: QueuedFile<M>, onChange: (change: Partial<M>) => void) => ReactNode;
}) {
  if (queue.items.length === 0) return null;
  return (
    <>
      <ul ref={listRef} className="space-y-3" aria-label="Files to upload">
        {queue.items.map((item) => (
          <UploadItemCard
            key={item.id}
            item={item}
            onUpload={() => queue.upload(item.id)}
            onCancel={() => queue.cancel(item.id)}
            onRemove={() => queue.remove(item.id)}
          >
            {renderFields(item, (change) => queue.setMeta(item.id, change))}
          </UploadItemCard>
        ))}
      </ul>
      <UploadQueueFooter
        uploading={queue.uploading}
        waiting={queue.waiting}
        onClear={queue.clear}
        onUploadAll={() => queue.uploadAll()}
      />
    </>
  );
}

/** Under a queue: what is going on, "Clear list" and "Upload all". */
export function UploadQueueFooter({
  uploading,
  waiting,
  onClear,
  onUploadAll,
}: {
  uploading: number;
  waiting: number;
  onClear: () => void;
  onUploadAll: () => void;
}) {
  const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      <p className="mr-auto text-sm text-slate-500" aria-live="polite">
        {uploading > 0 ? `Uploading ${plural(uploading)}…` : waiting > 0 ? `${plural(waiting)} waiting` : ''}
      </p>
      <Button onClick={onClear} disabled={uploading > 0}>
        Clear list
      </Button>
      <Button variant="primary" onClick={onUploadAll} disabled={waiting === 0}>
        <Upload className="size-4" aria-hidden="true" />
        {waiting > 1 ? `Upload ${waiting} files` : 'Upload'}
      </Button>
    </div>
  );
}

/** After files are added (maybe from a button far above), bring the newest row into view. */
export function revealLastRow(list: RefObject<HTMLElement | null>) {
  setTimeout(() => {
    const last = list.current?.lastElementChild;
    if (last instanceof HTMLElement) last.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, 50);
}
