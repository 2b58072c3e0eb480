import type { KycStatus } from '@cm/domain';
import { Link } from 'react-router';
import type { ApiErrorInfo } from '../../lib/errors';
import { humanize } from '../../lib/format';

/** The API sends readable labels; a bare key (e.g. `proof_of_address`) still reads as words. */
function requirementText(r: string): string {
  return /^[a-z_]+$/.test(r) ? humanize(r) : r;
}

/** Why activation was refused: the KYC requirements still missing, as the API reported them. */
export function ActivationRefused({ error, onDismiss }: { error: ApiErrorInfo; onDismiss: () => void }) {
  const missing = error.missingRequirements ?? [];
  const kycStatus = typeof error.data.kycStatus === 'string' ? (error.data.kycStatus as KycStatus) : undefined;
  return (
    <div
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-4 text-sm text-amber-950"
      data-testid="activation-refused"
    >
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="font-semibold">This customer cannot be activated yet</p>
          <p className="mt-1">{error.message}</p>
        </div>
        <button
          type="button"
          onClick={onDismiss}
          className="text-sm font-medium text-amber-900 underline underline-offset-2"
        >
          Dismiss
        </button>
      </div>
      {missing.length > 0 ? (
        <>
          <p className="mt-3 font-medium">Missing KYC requirements:</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {missing.map((r) => (
              <li key={r}>{requirementText(r)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="mt-3">
          Missing KYC requirements: every required KYC document must be uploaded and verified
          {kycStatus ? ` (KYC status now: ${humanize(kycStatus)})` : ''}.
        </p>
      )}
      <p className="mt-3">
        <Link to="?tab=kyc" className="font-medium underline underline-offset-2">
          Open the KYC tab
        </Link>
      </p>
    </div>
  );
}
