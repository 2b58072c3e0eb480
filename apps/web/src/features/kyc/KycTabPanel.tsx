import { type Customer, can } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { FileText } from 'lucide-react';
import { useRef } from 'react';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';
import { KycBadge } from '../customers/CustomerBadges';
import { KycChecklist } from './KycChecklist';
import { KycDocumentList } from './KycDocumentList';
import { KycUploader, type KycUploaderHandle } from './KycUploader';
import { buildChecklist } from './kycModel';

/** The staff KYC tab: checklist, uploads, and the documents with review actions. */
export function KycTabPanel({ customer }: { customer: Customer }) {
  const user = useSessionUser();
  const customerId = customer.id;
  const list = useQuery(trpc.kyc.list.queryOptions({ customerId }, { staleTime: 0 }));
  const status = useQuery(trpc.kyc.status.queryOptions({ customerId }, { staleTime: 0 }));
  const uploader = useRef<KycUploaderHandle>(null);
  const mayUpload = can(user.role, 'kyc:upload');
  const docs = list.data?.items ?? [];

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="KYC checklist"
          description={
            customer.type === 'business'
              ? 'A business needs its registration, tax certificate, proof of address and a representative’s identity document.'
              : 'An individual needs an identity document and a proof of address, each verified by a second person.'
          }
          actions={<KycBadge status={status.data?.kycStatus ?? customer.kycStatus} withLabel />}
        />
        <div className="p-5">
          {status.isPending || list.isPending ? (
            <LoadingBlock label="Loading KYC checklist…" lines={3} />
          ) : status.isError ? (
            <ErrorState
              error={status.error}
              onRetry={() => void status.refetch()}
              title="The checklist could not be loaded"
            />
          ) : (
            <KycChecklist
              rows={buildChecklist(customer.type, status.data, docs)}
              audience="staff"
              onUpload={mayUpload ? (types) => uploader.current?.pick(types) : undefined}
            />
          )}
        </div>
      </Card>

      {mayUpload && (
        <Card>
          <CardHeader
            title="Upload KYC documents"
            description="Give each file its type and dates; identity documents need an expiry date."
          />
          <div className="p-5">
            <KycUploader customerId={customerId} customerType={customer.type} ref={uploader} />
          </div>
        </Card>
      )}

      <Card>
        <CardHeader
          title="Documents"
          description="Newest first. Reviews follow the four-eyes rule: whoever uploaded a document cannot verify it."
        />
        {list.isPending ? (
          <LoadingBlock label="Loading KYC documents…" />
        ) : list.isError ? (
          <ErrorState
            error={list.error}
            onRetry={() => void list.refetch()}
            title="KYC documents could not be loaded"
          />
        ) : docs.length === 0 ? (
          <EmptyState icon={<FileText className="size-6" />} title="No KYC documents yet">
            {mayUpload
              ? 'Upload the documents above to start the KYC review.'
              : 'Nothing has been uploaded for this customer.'}
          </EmptyState>
        ) : (
          <KycDocumentList
            customerId={customerId}
            documents={docs}
            role={user.role}
            userId={user.id}
            audience="staff"
          />
        )}
      </Card>
    </div>
  );
}
