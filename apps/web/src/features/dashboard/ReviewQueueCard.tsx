import { useQuery } from '@tanstack/react-query';
import { ClipboardCheck } from 'lucide-react';
import { Link } from 'react-router';
import { buttonClass } from '../../components/Button';
import { Card } from '../../components/Card';
import { Skeleton } from '../../components/Skeleton';
import { formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';

/** How many KYC documents wait for review, linking to the review queue. */
export function ReviewQueueCard() {
  const queue = useQuery(trpc.kyc.reviewQueue.queryOptions({ limit: 1 }));
  const total = queue.data?.total;
  return (
    <Card className="flex flex-wrap items-center justify-between gap-4 p-5">
      <div className="flex items-center gap-3">
        <span className="rounded-full bg-indigo-50 p-2.5 text-indigo-700" aria-hidden="true">
          <ClipboardCheck className="size-5" />
        </span>
        <div>
          <h2 className="text-sm font-semibold text-slate-900">KYC review queue</h2>
          <div className="text-sm text-slate-600" data-testid="review-pending">
            {queue.isPending ? (
              <Skeleton className="h-4 w-40" />
            ) : queue.isError ? (
              'The pending count could not be loaded.'
            ) : total === 0 ? (
              'Nothing waits for review.'
            ) : (
              `${formatNumber(total ?? 0)} document${total === 1 ? '' : 's'} waiting for review`
            )}
          </div>
        </div>
      </div>
      <Link to="/kyc/review" className={buttonClass('primary', 'sm')}>
        Open the review queue
      </Link>
    </Card>
  );
}
