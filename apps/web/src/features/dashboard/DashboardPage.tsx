import { can, mayCall } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Card, CardHeader } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock, Skeleton } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { ExpiringKycCard } from './ExpiringKycCard';
import { NewestCustomers } from './NewestCustomers';
import { RecentActivity } from './RecentActivity';
import { ReviewQueueCard } from './ReviewQueueCard';
import { StatCards } from './StatCards';
import { TicketCards } from './TicketCards';

// recharts is the heaviest dependency: it loads only when the charts are about to show.
const StatsCharts = lazy(() => import('./StatsCharts'));

export function DashboardPage() {
  useDocumentTitle('Dashboard');
  const user = useSessionUser();
  const stats = useQuery(trpc.customers.stats.queryOptions());
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome back, ${user.name.split(' ')[0]}. Here is where things stand.`}
      />
      {stats.isPending ? (
        <div role="status" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <span className="sr-only">Loading statistics…</span>
          {Array.from({ length: 5 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <Skeleton key={i} className="h-28 rounded-xl" />
          ))}
        </div>
      ) : stats.isError ? (
        <Card>
          <ErrorState error={stats.error} onRetry={() => void stats.refetch()} title="Statistics could not be loaded" />
        </Card>
      ) : (
        <>
          <StatCards stats={stats.data} />
          <Suspense
            fallback={
              <div className="mt-6 grid gap-6 lg:grid-cols-2">
                <Card>
                  <CardHeader title="Customers by status" />
                  <LoadingBlock label="Loading chart…" lines={6} />
                </Card>
                <Card>
                  <CardHeader title="Customers by KYC status" />
                  <LoadingBlock label="Loading chart…" lines={6} />
                </Card>
              </div>
            }
          >
            <StatsCharts stats={stats.data} />
          </Suspense>
        </>
      )}
      {can(user.role, 'kyc:verify') && (
        <div className="mt-6">
          <ReviewQueueCard />
        </div>
      )}
      {mayCall(user.role, 'tickets.stats') && <TicketCards />}
      {/* min-w-0: a long name or a row of badges never widens a card past the screen. */}
      <div className="mt-6 grid gap-6 *:min-w-0 lg:grid-cols-2">
        <NewestCustomers />
        <ExpiringKycCard />
        {mayCall(user.role, 'audit.list') && <RecentActivity />}
      </div>
    </>
  );
}
