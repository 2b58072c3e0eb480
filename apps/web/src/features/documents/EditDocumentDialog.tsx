import {
  type CustomerDocument,
  DOCUMENT_CATEGORY_LABELS,
  type DocumentCategory,
  documentUpdateInput,
} from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Field, TextArea, TextInput } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { SelectControl } from '../../components/SelectField';
import { useToast } from '../../components/Toast';
import { apiError, type FieldErrors } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { CATEGORY_OPTIONS, useDocumentsRefresh } from './documentModel';

interface Draft {
  title: string;
  description: string;
  category: DocumentCategory;
}

const draftOf = (d: CustomerDocument): Draft => ({
  title: d.title,
  description: d.description ?? '',
  category: d.category,
});

/** Title, description and category of a document (the file never changes); stale versions are caught. */
export function EditDocumentDialog({ document, onClose }: { document: CustomerDocument | null; onClose: () => void }) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const refresh = useDocumentsRefresh();
  const [draft, setDraft] = useState<Draft>({ title: '', description: '', category: 'other' });
  const [version, setVersion] = useState(1);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<null | 'stale' | { latest: CustomerDocument }>(null);
  const [reloading, setReloading] = useState(false);

  useEffect(() => {
    if (document) {
      setDraft(draftOf(document));
      setVersion(document.version);
      setErrors({});
      setConflict(null);
    }
  }, [document]);

  const update = useMutation(
    trpc.documents.update.mutationOptions({
      onSuccess: async (doc) => {
        toast.success('Document updated', doc.title);
        onClose();
        await refresh();
      },
      onError: (err) => {
        const info = apiError(err);
        if (info.code === 'CONFLICT') setConflict('stale');
        else if (Object.keys(info.fieldErrors).length > 0) setErrors(info.fieldErrors);
        else toast.error('Not saved', info.message);
      },
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!document) return;
    const parsed = documentUpdateInput.safeParse({
      customerId: document.customerId,
      documentId: document.id,
      version,
      ...draft,
    });
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'title');
        next[field] = [...(next[field] ?? []), issue.message];
      }
      setErrors(next);
      return;
    }
    setErrors({});
    update.mutate(parsed.data);
  };

  /** Loads the latest saved version; the typed values stay and the next save carries the new version. */
  const reload = async () => {
    if (!document) return;
    setReloading(true);
    try {
      const latest = await queryClient.fetchQuery(
        trpc.documents.byId.queryOptions(
          { customerId: document.customerId, documentId: document.id },
          { staleTime: 0 },
        ),
      );
      setVersion(latest.version);
      setConflict({ latest });
      void refresh();
    } catch (err) {
      toast.error('Could not reload the document', apiError(err).message);
    } finally {
      setReloading(false);
    }
  };

  const latest = conflict && conflict !== 'stale' ? conflict.latest : null;
  const differences = latest
    ? [
        latest.title !== draft.title.trim() && `Title: “${latest.title}”`,
        (latest.description ?? '') !== draft.description.trim() && `Description: “${latest.description ?? '(empty)'}”`,
        latest.category !== draft.category && `Category: ${DOCUMENT_CATEGORY_LABELS[latest.category]}`,
      ].filter((d): d is string => Boolean(d))
    : [];

  return (
    <Modal
      open={document !== null}
      onOpenChange={(open) => !open && onClose()}
      dirty={document !== null && JSON.stringify(draft) !== JSON.stringify(draftOf(document))}
      title="Edit document details"
      description={document ? `${document.fileName} — the file itself cannot be changed.` : undefined}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {conflict === 'stale' && (
          <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
            <p className="font-semibold">Someone else changed this document while you were editing</p>
            <p className="mt-1">Your changes are kept here. Load the latest version, then save again.</p>
            <Button className="mt-2" size="sm" variant="primary" onClick={() => void reload()} busy={reloading}>
              <RefreshCw className="size-3.5" aria-hidden="true" /> Reload latest
            </Button>
          </div>
        )}
        {latest && (
          <div
            role="status"
            className="rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-950"
          >
            <p className="font-semibold">Latest version loaded — your values are kept</p>
            {differences.length > 0 ? (
              <>
                <p className="mt-1">Saving replaces these saved values with yours:</p>
                <ul className="mt-1 list-disc pl-5">
                  {differences.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="mt-1">Your values now match the latest saved version.</p>
            )}
          </div>
        )}
        <Field id={`${id}-title`} label="Title" required error={errors.title}>
          {(control) => (
            <TextInput
              {...control}
              value={draft.title}
              maxLength={200}
              onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
            />
          )}
        </Field>
        <Field id={`${id}-category`} label="Category" required error={errors.category}>
          {(control) => (
            <SelectControl
              control={control}
              value={draft.category}
              onValueChange={(v) => setDraft((d) => ({ ...d, category: v as DocumentCategory }))}
              options={CATEGORY_OPTIONS}
            />
          )}
        </Field>
        <Field id={`${id}-description`} label="Description" hint="Optional" error={errors.description}>
          {(control) => (
            <TextArea
              {...control}
              value={draft.description}
              maxLength={2000}
              onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
            />
          )}
        </Field>
        <DialogFooter>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={update.isPending} disabled={conflict === 'stale'}>
            Save changes
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
