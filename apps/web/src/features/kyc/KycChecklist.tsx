import {
  isExpiringWithin,
  KYC_DOCUMENT_TYPE_LABELS,
  KYC_EXPIRING_SOON_DAYS,
  type KycDocumentType,
  type KycRequirementState,
} from '@cm/domain';
import { AlertTriangle, CheckCircle2, CircleDashed, Clock, Upload, XCircle } from 'lucide-react';
import type { ReactNode } from 'react';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { cn } from '../../lib/cn';
import { formatDate, formatRelative } from '../../lib/format';
import { ProgressBar } from '../uploads/UploadItemCard';
import { type ChecklistRow, daysUntil, expiresInText } from './kycModel';

const STATE: Record<KycRequirementState, { label: string; tone: Tone; icon: ReactNode; ring: string }> = {
  verified: {
    label: 'Verified',
    tone: 'green',
    icon: <CheckCircle2 className="size-5 text-emerald-600" aria-hidden="true" />,
    ring: 'border-slate-200',
  },
  pending: {
    label: 'Pending review',
    tone: 'sky',
    icon: <Clock className="size-5 text-sky-600" aria-hidden="true" />,
    ring: 'border-slate-200',
  },
  rejected: {
    label: 'Rejected',
    tone: 'red',
    icon: <XCircle className="size-5 text-rose-600" aria-hidden="true" />,
    ring: 'border-rose-200 bg-rose-50/40',
  },
  expired: {
    label: 'Expired',
    tone: 'orange',
    icon: <AlertTriangle className="size-5 text-orange-600" aria-hidden="true" />,
    ring: 'border-orange-200 bg-orange-50/40',
  },
  missing: {
    label: 'Missing',
    tone: 'slate',
    icon: <CircleDashed className="size-5 text-slate-400" aria-hidden="true" />,
    ring: 'border-dashed border-slate-300',
  },
};

const typeList = (types: readonly KycDocumentType[]) => types.map((t) => KYC_DOCUMENT_TYPE_LABELS[t]).join(', ');

function Detail({ row, audience }: { row: ChecklistRow; audience: 'staff' | 'client' }) {
  const doc = row.document;
  const now = new Date();
  const name = doc ? KYC_DOCUMENT_TYPE_LABELS[doc.documentType] : '';
  switch (row.state) {
    case 'verified':
      return (
        <>
          <p>
            {name}
            {doc?.expiresAt ? `, valid until ${formatDate(doc.expiresAt)}` : ''}
            {doc?.verifiedAt && <> · verified {formatRelative(doc.verifiedAt)}</>}
          </p>
          {doc && isExpiringWithin(doc, now, KYC_EXPIRING_SOON_DAYS) && doc.expiresAt && (
            <p className="mt-1 inline-flex items-center gap-1 font-medium text-amber-800">
              <AlertTriangle className="size-3.5" aria-hidden="true" />
              {expiresInText(daysUntil(doc.expiresAt, now))}
              {audience === 'client' ? ' — please upload a renewed one soon.' : ' — ask for a renewal.'}
            </p>
          )}
        </>
      );
    case 'pending':
      return (
        <p>
          {name} {doc ? <>sent {formatRelative(doc.uploadedAt)}</> : 'sent'}, waiting for{' '}
          {audience === 'client' ? 'our review' : 'review by a second person'}.
        </p>
      );
    case 'rejected':
      return (
        <>
          <p>
            {name} was rejected{audience === 'client' ? ' — see our note above and upload a replacement.' : '.'}
          </p>
          {/* Clients read the reason in the banner above the checklist. */}
          {audience === 'staff' && doc?.rejectionReason && (
            <p
              className="mt-1.5 rounded-md bg-white/80 px-2.5 py-1.5 text-rose-900 ring-1 ring-rose-200"
              data-testid="rejection-reason"
            >
              <span className="font-semibold">Reason: </span>
              {doc.rejectionReason}
            </p>
          )}
        </>
      );
    case 'expired':
      return (
        <p>
          {name}
          {doc?.expiresAt ? ` expired on ${formatDate(doc.expiresAt)}` : ' has expired'}. A current document is needed.
        </p>
      );
    default:
      return <p>Not provided yet. Accepted: {typeList(row.documentTypes)}.</p>;
  }
}

/**
 * The customer's KYC requirements, each with its state and what to do next. "Upload" buttons on
 * unmet requirements open the file picker with the document type chosen (when only one fits).
 */
export function KycChecklist({
  rows,
  audience,
  onUpload,
}: {
  rows: ChecklistRow[];
  audience: 'staff' | 'client';
  onUpload?: (types: readonly KycDocumentType[]) => void;
}) {
  const met = rows.filter((r) => r.state === 'verified').length;
  return (
    <div>
      <div className="mb-4 flex items-center gap-3">
        <div className="w-40 shrink-0">
          <ProgressBar
            value={rows.length ? (met / rows.length) * 100 : 0}
            label="Requirements met"
            tone={met === rows.length ? 'green' : 'indigo'}
          />
        </div>
        <p className="text-sm text-slate-600" data-testid="kyc-progress">
          <span className="font-semibold text-slate-900">
            {met} of {rows.length}
          </span>{' '}
          requirements met
        </p>
      </div>
      <ul className="grid gap-3 md:grid-cols-2" aria-label="KYC requirements">
        {rows.map((row) => {
          const s = STATE[row.state];
          const canFix = onUpload && (row.state === 'missing' || row.state === 'rejected' || row.state === 'expired');
          return (
            <li
              key={row.key}
              data-testid="kyc-requirement"
              data-state={row.state}
              className={cn('flex gap-3 rounded-lg border p-4', s.ring)}
            >
              <div className="mt-0.5 shrink-0">{s.icon}</div>
              <div className="min-w-0 flex-1">
                <div className="flex items-start justify-between gap-3">
                  <h3 className="min-w-0 text-sm font-semibold text-slate-900">{row.label}</h3>
                  <span className="shrink-0">
                    <Badge tone={s.tone}>{s.label}</Badge>
                  </span>
                </div>
                <div className="mt-1 text-sm text-slate-600">
                  <Detail row={row} audience={audience} />
                </div>
                {canFix && (
                  <Button
                    size="sm"
                    variant={row.state === 'missing' ? 'secondary' : 'primary'}
                    className="mt-3"
                    onClick={() => onUpload(row.documentTypes)}
                    aria-label={`Upload ${row.state === 'missing' ? '' : 'a replacement for '}${row.label}`}
                  >
                    <Upload className="size-3.5" aria-hidden="true" />
                    {row.state === 'missing' ? 'Upload' : 'Upload replacement'}
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
