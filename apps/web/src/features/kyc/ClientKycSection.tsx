import { KYC_DOCUMENT_TYPE_LABELS } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { AlertTriangle, CheckCircle2, FileText, ShieldCheck } from 'lucide-react';
import { useRef } from 'react';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';
import { KycBadge } from '../customers/CustomerBadges';
import { AwaitedDocumentsNotice } from './AwaitedDocumentsNotice';
import { KycChecklist } from './KycChecklist';
import { KycDocumentList } from './KycDocumentList';
import { KycUploader, type KycUploaderHandle } from './KycUploader';
import { buildChecklist, type ChecklistRow } from './kycModel';

function NeedsReplacement({ rows, onUpload }: { rows: ChecklistRow[]; onUpload: (row: ChecklistRow) => void }) {
  const rejected = rows.filter((r) => r.state === 'rejected');
  if (rejected.length === 0) return null;
  return (
    <section
      aria-labelledby="kyc-rejected-title"
      className="rounded-xl border border-rose-200 bg-rose-50 px-5 py-4 text-rose-950"
      data-testid="kyc-rejections"
    >
      <h2 id="kyc-rejected-title" className="flex items-center gap-2 text-sm font-semibold">
        <AlertTriangle className="size-4 text-rose-600" aria-hidden="true" />
        {rejected.length === 1 ? 'A document needs replacing' : `${rejected.length} documents need replacing`}
      </h2>
      <ul className="mt-3 space-y-3">
        {rejected.map((row) => (
          <li
            key={row.key}
            className="flex flex-wrap items-start justify-between gap-3 rounded-lg bg-white px-4 py-3 ring-1 ring-rose-200"
          >
            <div className="min-w-0 text-sm">
              <p className="font-medium">
                {row.document ? KYC_DOCUMENT_TYPE_LABELS[row.document.documentType] : row.label}
                {row.document && <span className="font-normal text-rose-900/70"> · {row.document.fileName}</span>}
              </p>
              {row.document?.rejectionReason && (
                <p className="mt-1 text-rose-900">
                  <span className="font-semibold">Our reviewer’s note: </span>
                  {row.document.rejectionReason}
                </p>
              )}
            </div>
            <Button size="sm" variant="primary" onClick={() => onUpload(row)}>
              Upload a replacement
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The client's own KYC: what is still needed, rejection reasons, uploads, and what they have sent. */
export function ClientKycSection() {
  const user = useSessionUser();
  const customerId = user.customerId ?? user.customer?.id ?? null;
  if (!customerId) {
    return (
      <Card>
        <CardHeader title="Your KYC documents" />
        <EmptyState icon={<FileText className="size-6" />} title="Your login is not linked to an account yet">
          Please contact us so we can link your login to your customer account.
        </EmptyState>
      </Card>
    );
  }
  return <ClientKyc customerId={customerId} />;
}

function ClientKyc({ customerId }: { customerId: string }) {
  const user = useSessionUser();
  const list = useQuery(trpc.kyc.list.queryOptions({ customerId }, { staleTime: 0 }));
  const status = useQuery(trpc.kyc.status.queryOptions({ customerId }, { staleTime: 0 }));
  const uploader = useRef<KycUploaderHandle>(null);
  const docs = list.data?.items ?? [];
  const rows = status.data ? buildChecklist(status.data.customerType, status.data, docs) : [];
  const allMet = rows.length > 0 && rows.every((r) => r.state === 'verified');
  const pick = (row: ChecklistRow) => uploader.current?.pick(row.documentTypes);

  return (
    <div className="space-y-6">
      {status.data && <NeedsReplacement rows={rows} onUpload={pick} />}

      <Card>
        <CardHeader
          title="Your KYC documents"
          description="To open your account we confirm who you are and where you live. Here is what we have and what we still need."
          actions={status.data && <KycBadge status={status.data.kycStatus} withLabel />}
        />
        <div className="p-5">
          {status.isPending || list.isPending ? (
            <LoadingBlock label="Loading your checklist…" lines={3} />
          ) : status.isError ? (
            <ErrorState
              error={status.error}
              onRetry={() => void status.refetch()}
              title="Your checklist could not be loaded"
            />
          ) : (
            <>
              {allMet && (
                <p className="mb-4 flex items-center gap-2 rounded-lg bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900 ring-1 ring-emerald-200">
                  <CheckCircle2 className="size-4 text-emerald-600" aria-hidden="true" />
                  Thank you — all your documents are verified.
                </p>
              )}
              <AwaitedDocumentsNotice />
              <KycChecklist rows={rows} audience="client" onUpload={(types) => uploader.current?.pick(types)} />
            </>
          )}
        </div>
      </Card>

      <Card>
        <CardHeader
          title="Send documents"
          description="Photos or scans are fine, as long as the whole document is sharp and readable."
        />
        <div className="p-5">
          <KycUploader
            customerId={customerId}
            customerType={user.customer?.type}
            ref={uploader}
            title="Drag and drop your documents here"
          />
        </div>
      </Card>

      <Card>
        <CardHeader title="Documents you have sent" description="Newest first, with where each one is in our review." />
        {list.isPending ? (
          <LoadingBlock label="Loading your documents…" />
        ) : list.isError ? (
          <ErrorState
            error={list.error}
            onRetry={() => void list.refetch()}
            title="Your documents could not be loaded"
          />
        ) : docs.length === 0 ? (
          <EmptyState icon={<ShieldCheck className="size-6" />} title="No documents yet">
            Documents you send appear here with their review status.
          </EmptyState>
        ) : (
          <KycDocumentList
            customerId={customerId}
            documents={docs}
            role={user.role}
            userId={user.id}
            audience="client"
          />
        )}
      </Card>
    </div>
  );
}
