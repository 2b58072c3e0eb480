import { kycRejectionReason } from '@cm/domain';
import { ReasonDialog } from '../../components/ReasonDialog';

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
  return (
    <ReasonDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Reject ${documentLabel}?`}
      description="The customer is asked for a replacement and sees your reason, so say what is wrong."
      confirmLabel="Reject document"
      tone="danger"
      rule={kycRejectionReason}
      hint="Shown to the customer and kept in the activity timeline."
      suggestions={SUGGESTIONS}
      busy={busy}
      serverError={serverError}
      onSubmit={onSubmit}
    />
  );
}
