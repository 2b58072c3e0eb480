import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldErrors } from '../../lib/errors';
import { onDiscardUnsavedWork, useUnsavedWork } from '../../lib/unsavedWork';
import { sessionLost } from '../auth/session';
import { newIdempotencyKey, UploadError } from './xhrUpload';

export type UploadStatus = 'ready' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface QueuedFile<M> {
  id: string;
  file: File;
  /** Created when the file is added and kept for every retry: the server answers a repeat with the first result. */
  idempotencyKey: string;
  meta: M;
  status: UploadStatus;
  loaded: number;
  total: number;
  /** Per-field problems, found before sending (domain rules) or given back by the server. */
  fieldErrors: FieldErrors;
  /** A problem with the file itself (type, size) that no metadata change can fix. */
  fileError?: string;
  /** The last failure from the server or the network. */
  error?: UploadError;
}

export interface UploadQueueOptions<M, R> {
  /** Metadata a newly added file starts with. */
  initialMeta: (file: File) => M;
  /** Checks the file itself before anything is sent (extension, size); a message refuses it. */
  checkFile: (file: File) => string | undefined;
  /** The domain rules for the metadata, run before sending; per-field messages. */
  validate: (meta: M, file: File) => FieldErrors;
  send: (args: {
    file: File;
    meta: M;
    idempotencyKey: string;
    onProgress: (loaded: number, total: number) => void;
    signal: AbortSignal;
  }) => Promise<R>;
  onUploaded?: (result: R, item: QueuedFile<M>) => void;
  /** Once no upload is in flight: everything stored since the last call (one toast per batch, not per file). */
  onBatchUploaded?: (results: R[]) => void;
  onFailed?: (error: UploadError, item: QueuedFile<M>) => void;
}

let nextId = 1;

/**
 * Files waiting to be uploaded, each with its own metadata, progress, cancel and retry. State lives
 * here; the UI (KYC or documents) decides which fields each file has.
 */
export function useUploadQueue<M, R>(options: UploadQueueOptions<M, R>) {
  const [items, setItems] = useState<QueuedFile<M>[]>([]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const controllers = useRef(new Map<string, AbortController>());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const batch = useRef<R[]>([]);

  useEffect(() => {
    const pending = timers.current;
    const sending = controllers.current;
    // Uploads already on their way finish when the user moves to another page, but stop when the
    // user chose to discard unsaved work (signing out over it).
    const stopOnDiscard = onDiscardUnsavedWork(() => {
      for (const c of sending.values()) c.abort();
    });
    return () => {
      stopOnDiscard();
      for (const t of pending) clearTimeout(t);
    };
  }, []);

  const patch = useCallback((id: string, change: Partial<QueuedFile<M>>) => {
    setItems((all) => all.map((it) => (it.id === id ? { ...it, ...change } : it)));
  }, []);

  const add = useCallback((files: Iterable<File>, metaOverride?: Partial<M>) => {
    const added: QueuedFile<M>[] = [];
    for (const file of files) {
      const { initialMeta, checkFile } = optionsRef.current;
      added.push({
        id: `upload-${nextId++}`,
        file,
        idempotencyKey: newIdempotencyKey(),
        meta: { ...initialMeta(file), ...metaOverride },
        status: 'ready',
        loaded: 0,
        total: file.size,
        fieldErrors: {},
        fileError: checkFile(file),
      });
    }
    if (added.length > 0) setItems((all) => [...all, ...added]);
    return added.length;
  }, []);

  const setMeta = useCallback((id: string, change: Partial<M>) => {
    setItems((all) =>
      all.map((it) => {
        if (it.id !== id) return it;
        // A field the user just changed no longer shows its old message.
        const fieldErrors = { ...it.fieldErrors };
        for (const key of Object.keys(change)) delete fieldErrors[key];
        return { ...it, meta: { ...it.meta, ...change }, fieldErrors };
      }),
    );
  }, []);

  const remove = useCallback((id: string) => {
    controllers.current.get(id)?.abort();
    setItems((all) => all.filter((it) => it.id !== id));
  }, []);

  const cancel = useCallback((id: string) => {
    controllers.current.get(id)?.abort();
  }, []);

  /** Sends one file (or re-sends it, with the same idempotency key). Returns false when checks stop it. */
  const upload = useCallback(
    (id: string): boolean => {
      const item = itemsRef.current.find((it) => it.id === id);
      if (!item || item.fileError || item.status === 'uploading' || item.status === 'done') return false;
      if (controllers.current.has(id)) return false; // already on its way (double click)
      const { validate, send } = optionsRef.current;
      const problems = validate(item.meta, item.file);
      if (Object.keys(problems).length > 0) {
        patch(id, { fieldErrors: problems });
        return false;
      }
      const controller = new AbortController();
      controllers.current.set(id, controller);
      patch(id, { status: 'uploading', loaded: 0, total: item.file.size, error: undefined, fieldErrors: {} });
      send({
        file: item.file,
        meta: item.meta,
        idempotencyKey: item.idempotencyKey,
        onProgress: (loaded, total) => patch(id, { loaded, total }),
        signal: controller.signal,
      })
        .then((result) => {
          patch(id, { status: 'done', loaded: item.file.size, total: item.file.size });
          batch.current.push(result);
          optionsRef.current.onUploaded?.(result, item);
          // The new record shows in the list; the finished row leaves the queue shortly after.
          const timer = setTimeout(() => {
            timers.current.delete(timer);
            setItems((all) => all.filter((it) => it.id !== id));
          }, 1500);
          timers.current.add(timer);
        })
        .catch((err: unknown) => {
          const error = err instanceof UploadError ? err : new UploadError(0, 'UNKNOWN', String(err));
          if (error.code === 'ABORTED') {
            patch(id, { status: 'cancelled', loaded: 0 });
            return;
          }
          // A lost session: the queue stays, and the session layer asks the user to sign in again.
          if (error.code === 'UNAUTHORIZED') sessionLost();
          // Too large or not an accepted type: sending the same bytes again cannot succeed.
          const final = error.code === 'PAYLOAD_TOO_LARGE' || error.code === 'UNSUPPORTED_MEDIA_TYPE';
          patch(id, {
            status: 'failed',
            error,
            fieldErrors: error.fieldErrors,
            ...(final ? { fileError: error.message } : {}),
          });
          optionsRef.current.onFailed?.(error, item);
        })
        .finally(() => {
          controllers.current.delete(id);
          if (controllers.current.size > 0 || batch.current.length === 0) return;
          const done = batch.current;
          batch.current = [];
          optionsRef.current.onBatchUploaded?.(done);
        });
      return true;
    },
    [patch],
  );

  /** Sends every file that is ready (or failed/cancelled); returns how many started. */
  const uploadAll = useCallback(() => {
    let started = 0;
    for (const it of itemsRef.current) {
      if (it.status === 'ready' || it.status === 'failed' || it.status === 'cancelled') {
        if (upload(it.id)) started += 1;
      }
    }
    return started;
  }, [upload]);

  const clear = useCallback(() => {
    for (const c of controllers.current.values()) c.abort();
    setItems([]);
  }, []);

  const waiting = items.filter((it) => it.status !== 'done' && it.status !== 'uploading' && !it.fileError).length;
  const uploading = items.filter((it) => it.status === 'uploading').length;
  // Files chosen but not yet stored are work a reload or a redirect would lose.
  useUnsavedWork(waiting + uploading > 0);
  useEffect(() => {
    if (waiting + uploading === 0) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [waiting, uploading]);

  return { items, add, setMeta, remove, cancel, upload, uploadAll, clear, waiting, uploading };
}

export type UploadQueue<M, R> = ReturnType<typeof useUploadQueue<M, R>>;
