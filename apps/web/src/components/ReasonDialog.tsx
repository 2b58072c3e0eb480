import { customerReasonInput } from '@cm/domain';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { Button } from './Button';
import { Field, TextArea } from './Field';
import { DialogFooter, Modal } from './Modal';

/** Collects the reason a lifecycle change needs (stored and shown in the timeline). */
export function ReasonDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onSubmit,
  busy,
  serverError,
  tone = 'primary',
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onSubmit: (reason: string) => void;
  busy?: boolean;
  serverError?: string;
  tone?: 'primary' | 'danger';
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
    // Only the reason's own rule matters here; the id is checked by the server.
    const parsed = customerReasonInput.shape.reason.safeParse(reason);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    onSubmit(parsed.data);
  };

  return (
    <Modal open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <form onSubmit={submit} noValidate>
        <Field
          id={`${id}-reason`}
          label="Reason"
          required
          error={error ?? serverError}
          hint="Stored with the change and shown in the activity timeline."
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
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant={tone} busy={busy}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
