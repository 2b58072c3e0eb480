import { KYC_DOCUMENT_TYPE_LABELS, type KycDocument } from '@cm/domain';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { controlClass, Field, TextInput } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { countryOptions } from '../../lib/countries';
import { apiError, type FieldErrors } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useKycRefresh } from './kycModel';

interface Draft {
  documentNumber: string;
  issuingCountry: string;
  issuedAt: string;
  expiresAt: string;
}

const draftOf = (d: KycDocument): Draft => ({
  documentNumber: d.documentNumber ?? '',
  issuingCountry: d.issuingCountry ?? '',
  issuedAt: d.issuedAt ?? '',
  expiresAt: d.expiresAt ?? '',
});

/**
 * Corrects a pending KYC document's details (number, dates, issuing country) before review
 * (`kyc.update`); the server keeps reviewed documents frozen and catches stale versions.
 */
export function EditKycDialog({ document, onClose }: { document: KycDocument | null; onClose: () => void }) {
  const id = useId();
  const toast = useToast();
  const refresh = useKycRefresh(document?.customerId ?? '');
  const [draft, setDraft] = useState<Draft>({ documentNumber: '', issuingCountry: '', issuedAt: '', expiresAt: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  useEffect(() => {
    if (document) {
      setDraft(draftOf(document));
      setErrors({});
      setFormError(undefined);
    }
  }, [document]);
  const update = useMutation(
    trpc.kyc.update.mutationOptions({
      onSuccess: async (doc) => {
        toast.success('Document details saved', KYC_DOCUMENT_TYPE_LABELS[doc.documentType]);
        onClose();
        await refresh();
      },
      onError: (err) => {
        const info = apiError(err);
        setErrors(info.fieldErrors);
        setFormError(Object.keys(info.fieldErrors).length ? undefined : info.message);
      },
    }),
  );
  const dirty = document !== null && JSON.stringify(draftOf(document)) !== JSON.stringify(draft);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!document) return;
    update.mutate({
      customerId: document.customerId,
      documentId: document.id,
      version: document.version,
      documentNumber: draft.documentNumber,
      issuingCountry: draft.issuingCountry,
      issuedAt: draft.issuedAt,
      expiresAt: draft.expiresAt,
    });
  };
  return (
    <Modal
      open={document !== null}
      onOpenChange={(o) => !o && onClose()}
      title={`Edit ${document ? KYC_DOCUMENT_TYPE_LABELS[document.documentType] : 'document'} details`}
      description="Correct what was typed at upload. Once the document is verified or rejected, its details are final."
      dirty={dirty}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field id={`${id}-number`} label="Document number" error={errors.documentNumber}>
          {(control) => <TextInput {...control} value={draft.documentNumber} onChange={set('documentNumber')} />}
        </Field>
        <Field id={`${id}-country`} label="Issuing country" error={errors.issuingCountry}>
          {(control) => (
            <select
              {...control}
              className={`${controlClass} h-9 py-1`}
              value={draft.issuingCountry}
              onChange={set('issuingCountry')}
            >
              <option value="">Not given</option>
              {countryOptions().map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={`${id}-issued`} label="Issued on" error={errors.issuedAt}>
            {(control) => <TextInput {...control} type="date" value={draft.issuedAt} onChange={set('issuedAt')} />}
          </Field>
          <Field id={`${id}-expires`} label="Expires on" error={errors.expiresAt}>
            {(control) => <TextInput {...control} type="date" value={draft.expiresAt} onChange={set('expiresAt')} />}
          </Field>
        </div>
        {formError && (
          <p role="alert" className="text-sm text-rose-700">
            {formError}
          </p>
        )}
        <DialogFooter>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={update.isPending} disabled={!dirty}>
            Save details
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
