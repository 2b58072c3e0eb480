import { KYC_DOCUMENT_TYPE_LABELS, type KycDocument } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { Check, ChevronRight, Pencil, ShieldAlert, X } from 'lucide-react';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { countryName } from '../../lib/countries';
import { formatDate, formatDateTime, humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { EditKycDialog } from '../kyc/EditKycDialog';
import { KycChecklist } from '../kyc/KycChecklist';
import { buildChecklist, kycDownloadUrl } from '../kyc/kycModel';
import { RejectDialog } from '../kyc/RejectDialog';
import { formatBytes } from '../uploads/fileKinds';
import { DocumentViewer } from './DocumentViewer';

export type ReviewItem = KycDocument & { customerNumber: string; customerName: string };

/** Keys that type into a field are never shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** One document under review: the file, the customer and its checklist, and the decision. */
export function ReviewPanel({
  item,
  mine,
  busy,
  onVerify,
  onReject,
  rejectError,
  onNext,
}: {
  item: ReviewItem;
  mine: boolean;
  busy: boolean;
  onVerify: () => void;
  onReject: (reason: string, done: () => void) => void;
  rejectError?: string;
  onNext: () => void;
}) {
  const [rejecting, setRejecting] = useState(false);
  const [editing, setEditing] = useState<KycDocument | null>(null);
  const label = KYC_DOCUMENT_TYPE_LABELS[item.documentType];
  const file = useMemo(
    () => ({
      fileName: item.fileName,
      mimeType: item.mimeType,
      sizeBytes: item.sizeBytes,
      downloadUrl: kycDownloadUrl(item.customerId, item.id),
    }),
    [item.fileName, item.mimeType, item.sizeBytes, item.customerId, item.id],
  );
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const actions = useRef({ onVerify, onNext, reject: () => setRejecting(true) });
  actions.current = { onVerify, onNext, reject: () => setRejecting(true) };
  const blocked = rejecting || editing !== null || busy;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || blocked) return;
      // A dialog elsewhere on the page (e.g. the command palette) owns the keyboard.
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      const key = e.key.toLowerCase();
      if (key === 'n' || key === 'j') actions.current.onNext();
      else if (key === 'v' && !mine) actions.current.onVerify();
      else if (key === 'r' && !mine) actions.current.reject();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [blocked, mine]);

  return (
    <section aria-labelledby="review-heading" className="space-y-4" data-testid="review-panel">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div className="min-w-0">
            <h2
              id="review-heading"
              ref={heading}
              tabIndex={-1}
              className="text-lg font-semibold text-slate-900 outline-none"
            >
              {label}
            </h2>
            <p className="text-sm break-words text-slate-600">
              <Link
                to={`/customers/${item.customerId}?tab=kyc`}
                className="font-medium text-indigo-700 hover:underline"
              >
                {item.customerName}
              </Link>{' '}
              · {item.customerNumber} · {item.fileName} · {formatBytes(item.sizeBytes)}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={() => setEditing(item)} disabled={busy} size="sm">
              <Pencil className="size-4" aria-hidden="true" /> Edit details
            </Button>
            <Button onClick={onNext} size="sm" aria-keyshortcuts="n j">
              Next <Kbd>N</Kbd> <ChevronRight className="size-4" aria-hidden="true" />
            </Button>
          </div>
        </div>
        {mine ? (
          <p className="flex items-center gap-2 bg-amber-50 px-5 py-3 text-sm text-amber-900" data-testid="four-eyes">
            <ShieldAlert className="size-4 shrink-0" aria-hidden="true" />
            You uploaded this, so someone else must verify or reject it (four-eyes rule).
          </p>
        ) : (
          <div className="flex flex-wrap items-center gap-2 bg-slate-50 px-5 py-3">
            <Button variant="primary" onClick={onVerify} busy={busy} aria-keyshortcuts="v">
              <Check className="size-4" aria-hidden="true" /> Verify <Kbd>V</Kbd>
            </Button>
            <Button variant="danger" onClick={() => setRejecting(true)} disabled={busy} aria-keyshortcuts="r">
              <X className="size-4" aria-hidden="true" /> Reject… <Kbd>R</Kbd>
            </Button>
            <span className="text-xs text-slate-500">Shortcuts work when no field has focus.</span>
          </div>
        )}
      </Card>
      <div className="grid gap-4 *:min-w-0 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="overflow-hidden">
          <DocumentViewer key={item.id} file={file} />
        </Card>
        <div className="space-y-4">
          <DocumentFacts item={item} />
          <CustomerFacts customerId={item.customerId} />
        </div>
      </div>
      <RejectDialog
        open={rejecting}
        onOpenChange={setRejecting}
        documentLabel={label}
        busy={busy}
        serverError={rejectError}
        onSubmit={(reason) => onReject(reason, () => undefined)}
      />
      <EditKycDialog document={editing} onClose={() => setEditing(null)} />
    </section>
  );
}

function Kbd({ children }: { children: ReactNode }) {
  // The shortcut is announced through aria-keyshortcuts on the button; the key cap is for the eye.
  return (
    <span aria-hidden="true">
      <kbd className="ml-1 rounded border border-current/30 px-1 font-sans text-[0.7rem] leading-4 opacity-80">
        {children}
      </kbd>
    </span>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1.5 px-5 py-4 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="break-words text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function DocumentFacts({ item }: { item: ReviewItem }) {
  return (
    <Card>
      <CardHeader title="Document" />
      <Facts
        rows={[
          ['Number', item.documentNumber ?? '—'],
          ['Issuing country', item.issuingCountry ? countryName(item.issuingCountry) : '—'],
          ['Issued on', formatDate(item.issuedAt)],
          ['Expires on', formatDate(item.expiresAt)],
          ['Uploaded', `${formatDateTime(item.uploadedAt)} by ${item.uploadedByName ?? 'the customer'}`],
        ]}
      />
    </Card>
  );
}

function CustomerFacts({ customerId }: { customerId: string }) {
  const customer = useQuery(trpc.customers.byId.queryOptions({ id: customerId }));
  const status = useQuery(trpc.kyc.status.queryOptions({ customerId }));
  const docs = useQuery(trpc.kyc.list.queryOptions({ customerId }));
  return (
    <Card>
      <CardHeader title="Customer" />
      {customer.isPending ? (
        <LoadingBlock label="Loading the customer…" />
      ) : customer.isError ? (
        <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />
      ) : (
        <Facts
          rows={[
            ['Name', customer.data.displayName],
            ['Type', humanize(customer.data.type)],
            ['Date of birth', formatDate(customer.data.dateOfBirth)],
            ['Country', countryName(customer.data.country)],
            ['Email', customer.data.email],
            ['Status', humanize(customer.data.status)],
          ]}
        />
      )}
      <div className="border-t border-slate-100 px-5 py-4">
        {status.data && docs.data && customer.data ? (
          <KycChecklist rows={buildChecklist(customer.data.type, status.data, docs.data.items)} audience="staff" />
        ) : status.isError || docs.isError ? (
          <p className="text-sm text-rose-700">The KYC checklist could not be loaded.</p>
        ) : (
          <LoadingBlock label="Loading the KYC checklist…" />
        )}
      </div>
    </Card>
  );
}
