import { mayCall, ticketReportInput } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { useId, useState } from 'react';
import { buttonClass } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { Field, TextInput } from '../../components/Field';
import { ErrorState } from '../../components/States';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Business minutes as the largest whole unit that reads well ("1 h 30 min", "2 d 3 h"). */
function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/**
 * The customer's service report (issue 11): tickets opened in a period, first response and
 * resolution against their targets, breaches — on screen and as CSV.
 */
export function ServiceReportCard({ customerId }: { customerId: string }) {
  const id = useId();
  const user = useSessionUser();
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 90 * 86400_000)));
  const [to, setTo] = useState(() => day(new Date()));
  const parsed = ticketReportInput.safeParse({ customerId, from, to });
  const report = useQuery(
    trpc.tickets.report.queryOptions(
      { customerId, from, to },
      { enabled: parsed.success && mayCall(user.role, 'tickets.stats') },
    ),
  );
  if (!mayCall(user.role, 'tickets.stats')) return null;
  const problem = parsed.success ? null : parsed.error.issues[0]?.message;
  const r = report.data;
  const csvHref = `/api/customers/${encodeURIComponent(customerId)}/tickets/report.csv?from=${from}&to=${to}`;
  return (
    <Card className="mt-6">
      <CardHeader
        title="Service report"
        description="Tickets opened in the period against their service-level targets (business time)."
        actions={
          parsed.success && (
            <a href={csvHref} className={buttonClass('secondary', 'sm')} download>
              <Download className="size-4" aria-hidden="true" /> CSV
            </a>
          )
        }
      />
      <div className="space-y-4 p-5">
        <div className="flex flex-wrap gap-4">
          <Field id={`${id}-from`} label="From">
            {(control) => <TextInput {...control} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field id={`${id}-to`} label="To" error={problem ?? undefined}>
            {(control) => <TextInput {...control} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
          </Field>
        </div>
        {report.isError ? (
          <ErrorState error={report.error} onRetry={() => void report.refetch()} title="The report could not be made" />
        ) : r ? (
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" aria-busy={report.isFetching || undefined}>
            <Stat label="Opened" value={String(r.opened)} />
            <Stat label="Solved" value={String(r.solved)} />
            <Stat
              label="First response in target"
              value={`${r.firstResponse.withinTarget} of ${r.firstResponse.reached}`}
              hint={`median ${duration(r.firstResponse.medianMinutes)}`}
            />
            <Stat
              label="Solved in target"
              value={`${r.resolution.withinTarget} of ${r.resolution.reached}`}
              hint={`median ${duration(r.resolution.medianMinutes)}`}
            />
            <Stat label="Breaches" value={String(r.breaches)} tone={r.breaches ? 'bad' : undefined} />
          </dl>
        ) : null}
        {r?.truncated && <p className="text-xs text-slate-500">Showing the first 1,000 tickets of the period.</p>}
      </div>
    </Card>
  );
}

function Stat({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: 'bad' }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className={tone === 'bad' ? 'text-lg font-semibold text-rose-700' : 'text-lg font-semibold text-slate-900'}>
        {value}
      </dd>
      {hint && <dd className="text-xs text-slate-600">{hint}</dd>}
    </div>
  );
}
