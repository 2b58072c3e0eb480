import { type CustomerStats, KYC_EXPIRING_SOON_DAYS } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { CalendarClock, CheckCircle2, Clock, UserPlus, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { customerListHref } from '../customers/useCustomerFilters';

const NEW_DAYS = 30;

function StatCard({
  label,
  value,
  icon,
  hint,
  to,
  more = false,
}: {
  label: string;
  /** undefined while loading, null when it could not be loaded. */
  value: number | null | undefined;
  /** The value is a cap: there are more. */
  more?: boolean;
  icon: ReactNode;
  hint?: string;
  to?: string;
}) {
  const body = (
    <>
      <div className="flex items-start justify-between gap-2">
        <p className="min-h-10 text-sm font-medium text-slate-600">{label}</p>
        <span className="rounded-lg bg-indigo-50 p-2 text-indigo-600" aria-hidden="true">
          {icon}
        </span>
      </div>
      <p className="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid="stat-value">
        {value === undefined ? '…' : value === null ? '—' : `${formatNumber(value)}${more ? '+' : ''}`}
      </p>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </>
  );
  const className = 'block rounded-xl border border-slate-200 bg-white p-5 shadow-xs';
  return to ? (
    <Link to={to} className={`${className} transition-shadow hover:shadow-md`}>
      {body}
    </Link>
  ) : (
    <div className={className}>{body}</div>
  );
}

/**
 * Each card opens the customer list filtered to what it counts, and shows the number that list totals.
 * The expiring figure counts customers (the list's own count): the statistics count documents, and a
 * customer can have several expiring, so the documents are the card's hint.
 */
export function StatCards({ stats }: { stats: CustomerStats }) {
  const total = Object.values(stats.byStatus).reduce((a, b) => a + b, 0);
  const expiring = useQuery(trpc.customers.count.queryOptions({ kycExpiringWithinDays: KYC_EXPIRING_SOON_DAYS }));
  const documents = stats.kycExpiringNext30Days;
  return (
    <section aria-label="Key figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
      <StatCard
        label="Customers"
        value={total}
        icon={<Users className="size-4" />}
        hint={`${formatNumber(stats.byType.individual ?? 0)} individuals · ${formatNumber(stats.byType.business ?? 0)} businesses`}
        to={customerListHref()}
      />
      <StatCard
        label="Active"
        value={stats.byStatus.active ?? 0}
        icon={<CheckCircle2 className="size-4" />}
        hint="Activated, KYC verified"
        to={customerListHref({ status: ['active'] })}
      />
      <StatCard
        label="Pending"
        value={stats.byStatus.pending ?? 0}
        icon={<Clock className="size-4" />}
        hint="Awaiting activation"
        to={customerListHref({ status: ['pending'] })}
      />
      <StatCard
        label={`New in ${NEW_DAYS} days`}
        value={stats.newLast30Days}
        icon={<UserPlus className="size-4" />}
        hint="Customers added"
        to={customerListHref({ createdWithinDays: NEW_DAYS })}
      />
      <StatCard
        label="KYC expiring soon"
        value={expiring.isError ? null : expiring.data?.total}
        more={expiring.data ? !expiring.data.exact : false}
        icon={<CalendarClock className="size-4" />}
        hint={`Customers with ${formatNumber(documents)} ${documents === 1 ? 'document' : 'documents'} expiring in ${KYC_EXPIRING_SOON_DAYS} days`}
        to={customerListHref({ kycExpiringWithinDays: KYC_EXPIRING_SOON_DAYS })}
      />
    </section>
  );
}
