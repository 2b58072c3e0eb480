import type { Customer } from '@cm/domain';
import { useInfiniteQuery } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { ActivityTimeline } from './ActivityTimeline';

const PAGE = 20;

export function CustomerActivityTab({ customer }: { customer: Customer }) {
  const activity = useInfiniteQuery(
    trpc.audit.forCustomer.infiniteQueryOptions(
      { customerId: customer.id, limit: PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: 0 },
    ),
  );
  const events = activity.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <CardHeader title="Activity" description="Every change to this customer, newest first." />
      {activity.isPending ? (
        <LoadingBlock label="Loading activity…" />
      ) : activity.isError ? (
        <ErrorState
          error={activity.error}
          onRetry={() => void activity.refetch()}
          title="Activity could not be loaded"
        />
      ) : events.length === 0 ? (
        <EmptyState icon={<History className="size-6" />} title="No activity yet" />
      ) : (
        <div className="p-5">
          <ActivityTimeline events={events} />
          {activity.hasNextPage && (
            <div className="mt-6 flex justify-center">
              <Button onClick={() => void activity.fetchNextPage()} busy={activity.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
