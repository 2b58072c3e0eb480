import {
  type BusinessCalendar,
  SLA_DEFAULT_POLICIES,
  slaPolicy,
  TICKET_PRIORITIES,
  TICKET_PRIORITY_LABELS,
  type TicketPriority,
} from '@cm/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { TextInput } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError, type FieldErrors } from '../../lib/errors';
import { lazily } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { issuesToFieldErrors } from '../notes/noteModel';
import { BusinessCalendarCard } from './AdminBusinessCalendar';

export const STALE_SETTINGS = 'This was changed by someone else. Reload to see their changes, then try again.';

type PolicyRow = { priority: TicketPriority; firstResponseMinutes: number; resolutionMinutes: number; version: number };

const hoursFormat = lazily(() => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }));

/** The average working day of a calendar, in minutes (a "business day" for reading targets). */
export function businessDayMinutes(calendar: BusinessCalendar | undefined): number {
  if (!calendar) return 480;
  const perDay = calendar.weeklyHours
    .map((day) =>
      day.reduce((sum, i) => {
        const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
        return sum + Math.max(0, m(i.end) - m(i.start));
      }, 0),
    )
    .filter((m) => m > 0);
  if (perDay.length === 0) return 480;
  return perDay.reduce((a, b) => a + b, 0) / perDay.length;
}

/** "8 h · 1 business day": minutes of business time as people read them. */
export function describeBusinessMinutes(minutes: number, dayMinutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return '—';
  const hours = `${hoursFormat().format(minutes / 60)} h`;
  if (minutes < dayMinutes) return `${hours} of business time`;
  const days = hoursFormat().format(minutes / dayMinutes);
  return `${hours} · ${days} business day${days === '1' ? '' : 's'}`;
}

export function AdminServiceLevelsPage() {
  useDocumentTitle('Service levels');
  const policies = useQuery(trpc.sla.policies.queryOptions(undefined, { staleTime: 0 }));
  const calendar = useQuery(trpc.sla.calendar.queryOptions(undefined, { staleTime: 0 }));
  const dayMinutes = businessDayMinutes(calendar.data);

  return (
    <>
      <PageHeader
        title="Service levels"
        description="Targets for the first response and the resolution of tickets, counted in business time on the calendar below."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Targets per priority"
            description={`In business minutes. A business day here is ${hoursFormat().format(dayMinutes / 60)} working hours (the calendar's average working day).`}
          />
          {policies.isPending ? (
            <LoadingBlock label="Loading targets…" lines={4} />
          ) : policies.isError ? (
            <ErrorState
              error={policies.error}
              onRetry={() => void policies.refetch()}
              title="Targets could not be loaded"
            />
          ) : (
            <div className="divide-y divide-slate-100">
              <div
                className="hidden grid-cols-[8rem_1fr_1fr_auto] gap-4 bg-slate-50/80 px-5 py-2.5 text-xs font-medium tracking-wide text-slate-500 uppercase lg:grid"
                aria-hidden="true"
              >
                <span>Priority</span>
                <span>First response</span>
                <span>Resolution</span>
                <span className="w-16" />
              </div>
              {TICKET_PRIORITIES.slice()
                .reverse()
                .map((p) => {
                  const row = policies.data.find((x) => x.priority === p);
                  return row ? (
                    <PolicyForm key={p} policy={row} dayMinutes={dayMinutes} />
                  ) : (
                    <p key={p} className="px-5 py-3 text-sm text-slate-600">
                      {TICKET_PRIORITY_LABELS[p]}: no policy stored (default{' '}
                      {SLA_DEFAULT_POLICIES[p].firstResponseMinutes}/{SLA_DEFAULT_POLICIES[p].resolutionMinutes}).
                    </p>
                  );
                })}
            </div>
          )}
        </Card>
        <BusinessCalendarCard query={calendar} />
      </div>
    </>
  );
}

function PolicyForm({ policy, dayMinutes }: { policy: PolicyRow; dayMinutes: number }) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [first, setFirst] = useState(String(policy.firstResponseMinutes));
  const [resolution, setResolution] = useState(String(policy.resolutionMinutes));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; stale: boolean } | null>(null);
  const label = TICKET_PRIORITY_LABELS[policy.priority];

  // A saved or reloaded policy replaces the form (a newer version arrived).
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version with the same values still clears the stale notice
  useEffect(() => {
    setFirst(String(policy.firstResponseMinutes));
    setResolution(String(policy.resolutionMinutes));
    setErrors({});
    setFailure(null);
  }, [policy.firstResponseMinutes, policy.resolutionMinutes, policy.version]);

  const save = useMutation(
    trpc.sla.updatePolicy.mutationOptions({
      onSuccess: async (p) => {
        toast.success(`${TICKET_PRIORITY_LABELS[p.priority]} targets saved`);
        await queryClient.invalidateQueries({ queryKey: trpc.sla.policies.queryKey() });
      },
      onError: (err) => {
        const info = apiError(err);
        if (Object.keys(info.fieldErrors).length > 0) setErrors(info.fieldErrors);
        else
          setFailure({
            message: info.code === 'CONFLICT' ? STALE_SETTINGS : info.message,
            stale: info.code === 'CONFLICT',
          });
      },
    }),
  );

  const toNumber = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  const dirty = first !== String(policy.firstResponseMinutes) || resolution !== String(policy.resolutionMinutes);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = {
      priority: policy.priority,
      firstResponseMinutes: toNumber(first),
      resolutionMinutes: toNumber(resolution),
    };
    const parsed = slaPolicy.safeParse(input);
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setFailure(null);
    save.mutate({ ...parsed.data, version: policy.version });
  };

  const minutesField = (
    field: 'firstResponseMinutes' | 'resolutionMinutes',
    text: string,
    value: string,
    set: (v: string) => void,
  ) => {
    const inputId = `${id}-${field}`;
    const error = errors[field]?.[0];
    const readout = `${inputId}-readout`;
    return (
      <div className="min-w-0">
        <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-slate-800 lg:sr-only">
          {text} for {label}
        </label>
        <div className="flex items-center gap-2">
          <TextInput
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={value}
            onChange={(e) => {
              set(e.target.value);
              setErrors(({ [field]: _, ...rest }) => rest);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${readout}${error ? ` ${inputId}-error` : ''}`}
            aria-label={`${text} for ${label}, in minutes`}
            className="w-28!"
          />
          <span className="text-sm text-slate-500">min</span>
        </div>
        <p id={readout} className="mt-1 text-xs text-slate-500">
          {describeBusinessMinutes(toNumber(value), dayMinutes)}
        </p>
        {error && (
          <p id={`${inputId}-error`} className="mt-1 text-sm text-rose-700">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`${label} priority targets`}
      className="grid gap-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-[8rem_1fr_1fr_auto] lg:items-start"
      data-testid="sla-policy-row"
    >
      <h3 className="text-sm font-semibold text-slate-900 sm:col-span-2 lg:col-span-1 lg:pt-2">{label}</h3>
      {minutesField('firstResponseMinutes', 'First response', first, setFirst)}
      {minutesField('resolutionMinutes', 'Resolution', resolution, setResolution)}
      <div className="flex items-start gap-2 sm:col-span-2 lg:col-span-1">
        <Button type="submit" variant={dirty ? 'primary' : 'secondary'} busy={save.isPending} disabled={!dirty}>
          Save<span className="sr-only"> {label} targets</span>
        </Button>
      </div>
      {failure && (
        <div role="alert" className="text-sm text-rose-700 sm:col-span-2 lg:col-span-4">
          {failure.message}{' '}
          {failure.stale && (
            <Button
              size="sm"
              className="ml-1"
              onClick={() => void queryClient.invalidateQueries({ queryKey: trpc.sla.policies.queryKey() })}
            >
              <RefreshCw className="size-4" aria-hidden="true" /> Reload
            </Button>
          )}
        </div>
      )}
    </form>
  );
}
