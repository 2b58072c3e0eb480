import { kycRejectionReason } from '@cm/domain';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Field, TextArea } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';

const SUGGESTIONS = [
  'The document is not legible.',
  'The document is cut off; all four corners must be visible.',
  'The name does not match the customer.',
  'The document is older than three months.',
];

/** Asks for the rejection reason (the domain's rule: 3–1000 characters); the customer sees it. */
export function RejectDialog({
  open,
  onOpenChange,
  documentLabel,
  onSubmit,
  busy,
  serverError,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  documentLabel: string;
  onSubmit: (reason: string) => void;
  busy?: boolean;
  serverError?: string;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (open) {
      setReason('');
      setError(undefined);
    }
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = kycRejectionReason.safeParse(reason);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    onSubmit(parsed.data);
  };

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title={`Reject ${documentLabel}?`}
      description="The customer is asked for a replacement and sees your reason, so say what is wrong."
    >
      <form onSubmit={submit} noValidate>
        <Field
          id={`${id}-reason`}
          label="Reason"
          required
          error={error ?? serverError}
          hint="Shown to the customer and kept in the activity timeline."
        >
          {(control) => (
            <TextArea
              {...control}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={1000}
              autoFocus
            />
          )}
        </Field>
        <fieldset className="mt-3 flex flex-wrap gap-1.5">
          <legend className="sr-only">Common reasons</legend>
          {SUGGESTIONS.map((s) => (
            <button
              key={s}
              type="button"
              onClick={() => setReason(s)}
              className="rounded-full bg-slate-100 px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-200"
            >
              {s}
            </button>
          ))}
        </fieldset>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy}>
            Reject document
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
