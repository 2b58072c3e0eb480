import { customerReasonInput } from '@cm/domain';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { z } from 'zod';
import { Button } from './Button';
import { Field, TextArea } from './Field';
import { DialogFooter, Modal } from './Modal';

// Only the reason's own rule matters here; the id is checked by the server.
const CUSTOMER_REASON = customerReasonInput.shape.reason;

/**
 * Collects the reason a change needs (a lifecycle change by default; a KYC rejection passes its own
 * rule, hint and suggestions). The reason is stored and shown in the timeline.
 */
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
  rule = CUSTOMER_REASON,
  hint = 'Stored with the change and shown in the activity timeline.',
  suggestions,
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
  /** The domain rule the reason must meet; its messages are shown under the field. */
  rule?: z.ZodType<string, string>;
  hint?: string;
  /** Common reasons offered as one-click fills (the reviewer can still edit them). */
  suggestions?: readonly string[];
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  // The server's answer belongs to the attempt that got it: a new reason (typed or suggested) or the
  // dialog opened again (perhaps for another record) hides it until the next answer arrives.
  const [dismissedServerError, setDismissedServerError] = useState<string>();
  const latestServerError = useRef(serverError);
  latestServerError.current = serverError;
  const shownServerError = serverError !== dismissedServerError ? serverError : undefined;
  const changeReason = (next: string) => {
    setReason(next);
    setDismissedServerError(latestServerError.current);
  };

  useEffect(() => {
    if (open) {
      setReason('');
      setError(undefined);
      setDismissedServerError(latestServerError.current);
    }
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = rule.safeParse(reason);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    setDismissedServerError(undefined);
    onSubmit(parsed.data);
  };

  return (
    <Modal open={open} onOpenChange={onOpenChange} title={title} description={description} dirty={reason.trim() !== ''}>
      <form onSubmit={submit} noValidate>
        <Field id={`${id}-reason`} label="Reason" required error={error ?? shownServerError} hint={hint}>
          {(control) => (
            <TextArea
              {...control}
              value={reason}
              onChange={(e) => changeReason(e.target.value)}
              maxLength={1000}
              autoFocus
            />
          )}
        </Field>
        {suggestions && (
          <fieldset className="mt-3 flex flex-wrap gap-1.5">
            <legend className="sr-only">Common reasons</legend>
            {suggestions.map((s) => (
              <button
                key={s}
                type="button"
                onClick={() => {
                  // A suggestion meets the rule, so the message about the old text no longer applies.
                  changeReason(s);
                  setError(undefined);
                }}
                className="rounded-full bg-slate-100 px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-200"
              >
                {s}
              </button>
            ))}
          </fieldset>
        )}
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
