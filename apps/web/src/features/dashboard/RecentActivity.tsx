import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Card, CardHeader } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { formatDateTime, formatRelative, humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { actionTitle } from '../activity/describeEvent';
import { CustomerName } from '../customers/CustomerName';

/** The latest events across the system (audit.list is admin-only). */
export function RecentActivity() {
  const events = useQuery(trpc.audit.list.queryOptions({ limit: 8 }, { staleTime: 0 }));
  return (
    <Card>
      <CardHeader
        title="Recent activity"
        description="The latest changes and sign-ins."
        actions={
          <Link to="/audit" className="shrink-0 text-sm font-medium text-indigo-700 hover:underline">
            View the audit log
          </Link>
        }
      />
      {events.isPending ? (
        <LoadingBlock label="Loading activity…" />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <EmptyState title="No activity yet" />
      ) : (
        <ul className="divide-y divide-slate-100">
          {events.data.items.map((e) => (
            <li key={e.id} className="flex items-start justify-between gap-4 px-5 py-3 text-sm">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  {e.customerId && e.action.startsWith('customer.') && e.action !== 'customer.deleted' ? (
                    <Link
                      to={`/customers/${e.customerId}?tab=activity`}
                      className="hover:text-indigo-700 hover:underline"
                    >
                      {actionTitle(e.action)}
                    </Link>
                  ) : (
                    actionTitle(e.action)
                  )}
                </p>
                <p className="truncate text-slate-600">
                  {e.customerId && (
                    <>
                      <CustomerName id={e.customerId} />
                      {' · '}
                    </>
                  )}
                  {e.actorName ?? 'System'}
                  {e.actorRole ? ` · ${humanize(e.actorRole)}` : ''}
                </p>
              </div>
              <time
                dateTime={e.occurredAt}
                title={formatDateTime(e.occurredAt)}
                className="shrink-0 text-xs text-slate-500"
              >
                {formatRelative(e.occurredAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
