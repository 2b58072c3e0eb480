import { TICKET_PRIORITIES, TICKET_PRIORITY_LABELS } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { AlarmClock, AlertTriangle, Inbox, Timer } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card } from '../../components/Card';
import { Skeleton } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { cn } from '../../lib/cn';
import { formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { formatDuration } from '../tickets/ticketModel';

const PRIORITY_BAR: Record<(typeof TICKET_PRIORITIES)[number], string> = {
  urgent: 'bg-rose-500',
  high: 'bg-orange-500',
  normal: 'bg-sky-500',
  low: 'bg-slate-400',
};

function Figure({
  label,
  value,
  hint,
  icon,
  to,
  tone,
}: {
  label: string;
  value: string;
  hint: string;
  icon: ReactNode;
  to: string;
  tone: 'indigo' | 'amber' | 'red';
}) {
  const tones = {
    indigo: 'bg-indigo-50 text-indigo-600',
    amber: 'bg-amber-50 text-amber-700',
    red: 'bg-rose-50 text-rose-600',
  };
  return (
    <Link
      to={to}
      className="block rounded-xl border border-slate-200 bg-white p-5 shadow-xs transition-shadow hover:shadow-md"
    >
      <div className="flex items-start justify-between gap-2">
        <p className="text-sm font-medium text-slate-600">{label}</p>
        <span className={cn('rounded-lg p-2', tones[tone])} aria-hidden="true">
          {icon}
        </span>
      </div>
      <p className="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</p>
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
    </Link>
  );
}

/** Helpdesk figures from tickets.stats, each card opening the matching inbox view. */
export function TicketCards() {
  const stats = useQuery(trpc.tickets.stats.queryOptions());
  if (stats.isPending) {
    return (
      <div role="status" className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <span className="sr-only">Loading ticket figures…</span>
        {Array.from({ length: 4 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <Skeleton key={i} className="h-32 rounded-xl" />
        ))}
      </div>
    );
  }
  if (stats.isError) {
    return (
      <Card className="mt-6">
        <ErrorState
          error={stats.error}
          onRetry={() => void stats.refetch()}
          title="Ticket figures could not be loaded"
        />
      </Card>
    );
  }
  const s = stats.data;
  const open = TICKET_PRIORITIES.reduce((n, p) => n + s.byPriority[p], 0);
  const median = s.medianFirstResponseMinutes30d;
  return (
    <section aria-label="Tickets" className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
        <div className="flex items-start justify-between gap-2">
          <Link to="/tickets?view=open" className="text-sm font-medium text-slate-600 hover:text-indigo-700">
            Open tickets
          </Link>
          <span className="rounded-lg bg-indigo-50 p-2 text-indigo-600" aria-hidden="true">
            <Inbox className="size-4" />
          </span>
        </div>
        <p className="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{formatNumber(open)}</p>
        <ul className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-xs" aria-label="Open tickets by priority">
          {[...TICKET_PRIORITIES].reverse().map((p) => (
            <li key={p}>
              <Link
                to={`/tickets?view=open&priority=${p}`}
                className="flex items-center gap-1.5 text-slate-600 hover:text-indigo-700"
              >
                <span className={cn('size-2 rounded-full', PRIORITY_BAR[p])} aria-hidden="true" />
                {TICKET_PRIORITY_LABELS[p]}
                <span className="ml-auto font-medium text-slate-900 tabular-nums">{formatNumber(s.byPriority[p])}</span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <Figure
        label="Due soon"
        value={formatNumber(s.dueSoon)}
        hint="Under a quarter of the target left"
        icon={<AlarmClock className="size-4" />}
        to="/tickets?view=due_soon"
        tone="amber"
      />
      <Figure
        label="Breached"
        value={formatNumber(s.breached)}
        hint="Open tickets past a due time"
        icon={<AlertTriangle className="size-4" />}
        to="/tickets?view=breached"
        tone="red"
      />
      <Figure
        label="Median first response"
        value={median === null ? '—' : formatDuration(median * 60_000)}
        hint={median === null ? 'No first responses in 30 days' : 'Last 30 days'}
        icon={<Timer className="size-4" />}
        to="/tickets?view=solved"
        tone="indigo"
      />
    </section>
  );
}
