import { KYC_DOCUMENT_TYPE_LABELS } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { MessageSquareText } from 'lucide-react';
import { Link } from 'react-router';
import { trpc } from '../../lib/trpc';

/**
 * On the client's checklist: the documents our team asked for in a request (a ticket waiting for
 * the customer with an awaited KYC type), each linking to its request. Uploading one of that type
 * answers the request by itself.
 */
export function AwaitedDocumentsNotice() {
  const waiting = useQuery(trpc.tickets.list.queryOptions({ status: 'pending_customer', limit: 20 }));
  const asks = (waiting.data?.items ?? []).filter((t) => t.awaiting?.kind === 'kyc_document');
  if (asks.length === 0) return null;
  return (
    <div className="mb-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-200">
      <p className="flex items-center gap-2 font-medium">
        <MessageSquareText className="size-4 text-amber-700" aria-hidden="true" />
        Our team asked you for:
      </p>
      <ul className="mt-2 space-y-1 pl-6">
        {asks.map((t) => (
          <li key={t.id}>
            {KYC_DOCUMENT_TYPE_LABELS[t.awaiting!.documentType]} —{' '}
            <Link to={`/portal/requests/${t.id}`} className="font-medium text-indigo-700 underline">
              request {t.ticketNumber}
            </Link>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-amber-900">Upload it below; the request is answered as soon as it arrives.</p>
    </div>
  );
}
