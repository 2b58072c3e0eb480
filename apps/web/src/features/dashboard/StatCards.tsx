import type { CustomerStats } from '@cm/domain';
import { CalendarClock, CheckCircle2, Clock, UserPlus, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatNumber } from '../../lib/format';

function StatCard({
  label,
  value,
  icon,
  hint,
  to,
}: {
  label: string;
  value: number;
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
      <p className="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{formatNumber(value)}</p>
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

export function StatCards({ stats }: { stats: CustomerStats }) {
  const total = Object.values(stats.byStatus).reduce((a, b) => a + b, 0);
  return (
    <section aria-label="Key figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
      <StatCard
        label="Customers"
        value={total}
        icon={<Users className="size-4" />}
        hint={`${formatNumber(stats.byType.individual ?? 0)} individuals · ${formatNumber(stats.byType.business ?? 0)} businesses`}
        to="/customers"
      />
      <StatCard
        label="Active"
        value={stats.byStatus.active ?? 0}
        icon={<CheckCircle2 className="size-4" />}
        hint="Activated, KYC verified"
        to="/customers?status=active"
      />
      <StatCard
        label="Pending"
        value={stats.byStatus.pending ?? 0}
        icon={<Clock className="size-4" />}
        hint="Awaiting activation"
        to="/customers?status=pending"
      />
      <StatCard
        label="New in 30 days"
        value={stats.newLast30Days}
        icon={<UserPlus className="size-4" />}
        hint="Customers added"
        to="/customers?sort=createdAt"
      />
      <StatCard
        label="KYC expiring soon"
        value={stats.kycExpiringNext30Days}
        icon={<CalendarClock className="size-4" />}
        hint="Documents expiring in 30 days"
      />
    </section>
  );
}
