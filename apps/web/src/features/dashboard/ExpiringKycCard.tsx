import { KYC_DOCUMENT_TYPE_LABELS, KYC_EXPIRING_SOON_DAYS } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { CalendarClock } from 'lucide-react';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { trpc } from '../../lib/trpc';

const LIMIT = 8;
const DAY = 86_400_000;

/** Whole days from today (UTC) to an ISO date. */
function daysLeft(isoDate: string, now: Date): number {
  const target = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((target - today) / DAY);
}

function daysText(days: number): string {
  if (days <= 0) return 'Today';
  if (days === 1) return 'Tomorrow';
  return `${days} days`;
}

/** KYC documents expiring within `KYC_EXPIRING_SOON_DAYS`, soonest first, each linking to its customer's KYC tab. */
export function ExpiringKycCard() {
  const expiring = useQuery(trpc.kyc.expiring.queryOptions({ withinDays: KYC_EXPIRING_SOON_DAYS, limit: LIMIT }));
  const now = new Date();
  return (
    <Card>
      <CardHeader
        title="KYC documents expiring soon"
        description={`In the next ${KYC_EXPIRING_SOON_DAYS} days, soonest first.`}
      />
      {expiring.isPending ? (
        <LoadingBlock label="Loading expiring documents…" />
      ) : expiring.isError ? (
        <ErrorState
          error={expiring.error}
          onRetry={() => void expiring.refetch()}
          title="Expiring documents could not be loaded"
        />
      ) : expiring.data.items.length === 0 ? (
        <EmptyState
          icon={<CalendarClock className="size-6" />}
          title={`Nothing expires in the next ${KYC_EXPIRING_SOON_DAYS} days`}
        >
          Identity documents close to their expiry date will show here so renewals can be asked for in time.
        </EmptyState>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" aria-label="Expiring KYC documents">
            {expiring.data.items.map((doc) => {
              const days = doc.expiresAt ? daysLeft(doc.expiresAt, now) : 0;
              return (
                <li
                  key={doc.id}
                  className="flex items-center justify-between gap-4 px-5 py-3 text-sm"
                  data-testid="expiring-kyc"
                >
                  <div className="min-w-0">
                    <Link
                      to={`/customers/${doc.customerId}?tab=kyc`}
                      className="font-medium text-slate-900 hover:text-indigo-700 hover:underline"
                    >
                      {doc.customerName}
                    </Link>
                    <p className="truncate text-xs text-slate-500">
                      <span className="font-mono">{doc.customerNumber}</span> ·{' '}
                      {KYC_DOCUMENT_TYPE_LABELS[doc.documentType]} · expires {formatDate(doc.expiresAt)}
                    </p>
                  </div>
                  <Badge tone={days <= 7 ? 'red' : days <= 14 ? 'orange' : 'amber'}>
                    <span className="sr-only">Time left: </span>
                    {daysText(days)}
                  </Badge>
                </li>
              );
            })}
          </ul>
          {expiring.data.nextCursor && (
            <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
              Showing the {LIMIT} soonest. More documents expire within {KYC_EXPIRING_SOON_DAYS} days.
            </p>
          )}
        </>
      )}
    </Card>
  );
}
