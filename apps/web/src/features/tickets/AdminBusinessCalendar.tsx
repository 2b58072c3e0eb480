import { type BusinessCalendar, businessCalendar, WEEKDAY_LABELS } from '@cm/domain';
import { type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { CalendarPlus, Plus, RefreshCw, X } from 'lucide-react';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { controlClass, Field, TextInput } from '../../components/Field';
import { LoadingBlock } from '../../components/Skeleton';
import { Alert, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { cn } from '../../lib/cn';
import { apiError } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useUnsavedChangesGuard } from '../../lib/useUnsavedChangesGuard';

type Calendar = BusinessCalendar & { version: number };
type PathErrors = Record<string, string>;

/** Every IANA zone this browser knows, with the current one kept even when the list lacks it. */
function timeZones(current: string): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? [];
  const list = all.includes('UTC') ? all : [...all, 'UTC'];
  return list.includes(current) || !current ? list : [current, ...list];
}

function pathErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): PathErrors {
  const out: PathErrors = {};
  for (const issue of issues) out[issue.path.map(String).join('.') || 'form'] ??= issue.message;
  return out;
}

const sameCalendar = (a: BusinessCalendar, b: BusinessCalendar) =>
  a.timeZone === b.timeZone &&
  JSON.stringify(a.weeklyHours) === JSON.stringify(b.weeklyHours) &&
  JSON.stringify([...a.holidays].sort()) === JSON.stringify([...b.holidays].sort());

export function BusinessCalendarCard({ query }: { query: UseQueryResult<Calendar, unknown> }) {
  return (
    <Card>
      <CardHeader
        title="Business calendar"
        description="When the service-level clocks run: the time zone, working hours per weekday, and holidays."
      />
      {query.isPending ? (
        <LoadingBlock label="Loading the calendar…" lines={5} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} title="The calendar could not be loaded" />
      ) : (
        <CalendarForm saved={query.data} />
      )}
    </Card>
  );
}

function CalendarForm({ saved }: { saved: Calendar }) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<BusinessCalendar>(saved);
  const [version, setVersion] = useState(saved.version);
  const [errors, setErrors] = useState<PathErrors>({});
  const [stale, setStale] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [holiday, setHoliday] = useState('');
  const [holidayError, setHolidayError] = useState<string | undefined>();
  const zones = useMemo(() => timeZones(draft.timeZone), [draft.timeZone]);
  const dirty = !sameCalendar(draft, saved);
  const guard = useUnsavedChangesGuard(
    dirty,
    'Your calendar changes have not been saved. If you leave now they are lost.',
  );

  // A newer saved calendar (after a save, or a reload) replaces the form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the saved version moves on
  useEffect(() => {
    setDraft(saved);
    setVersion(saved.version);
    setErrors({});
    setStale(false);
    setFailure(null);
  }, [saved.version]);

  const save = useMutation(
    trpc.sla.updateCalendar.mutationOptions({
      onSuccess: async () => {
        toast.success('Calendar saved', 'Due times of open tickets follow the new calendar.');
        await queryClient.invalidateQueries({ queryKey: trpc.sla.calendar.queryKey() });
      },
      onError: (err) => {
        const info = apiError(err);
        if (info.code === 'CONFLICT') {
          setStale(true);
          return;
        }
        const fields = Object.entries(info.fieldErrors);
        if (fields.length > 0) setErrors(Object.fromEntries(fields.map(([k, v]) => [k, v[0] ?? ''])));
        setFailure(info.message);
      },
    }),
  );

  const setDay = (day: number, intervals: BusinessCalendar['weeklyHours'][number]) =>
    setDraft((d) => ({ ...d, weeklyHours: d.weeklyHours.map((x, i) => (i === day ? intervals : x)) }));

  const addInterval = (day: number) => {
    const current = draft.weeklyHours[day] ?? [];
    const last = current.at(-1);
    const next = last
      ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' }
      : { start: '09:00', end: '17:00' };
    setDay(day, [...current, next]);
  };

  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) {
      setHolidayError('Choose a date.');
      return;
    }
    if (draft.holidays.includes(holiday)) {
      setHolidayError('This date is already a holiday.');
      return;
    }
    setHolidayError(undefined);
    setDraft((d) => ({ ...d, holidays: [...d.holidays, holiday].sort() }));
    setHoliday('');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const parsed = businessCalendar.safeParse(draft);
    if (!parsed.success) {
      setErrors(pathErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    save.mutate({ ...parsed.data, version });
  };

  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.sla.calendar.queryKey() });
    setStale(false);
  };

  const hasErrors = Object.keys(errors).length > 0;

  return (
    <form onSubmit={submit} noValidate className="space-y-6 p-5" aria-label="Business calendar">
      {stale && (
        <Alert tone="amber" title="Changed by someone else">
          The calendar was saved by someone else while you were editing. Reload to see their version; your changes here
          are not saved.
          <div className="mt-2">
            <Button size="sm" onClick={() => void reload()}>
              <RefreshCw className="size-4" aria-hidden="true" /> Reload
            </Button>
          </div>
        </Alert>
      )}
      {failure && <Alert title="The calendar was not saved">{failure}</Alert>}
      {hasErrors && !failure && (
        <Alert title="Check the highlighted fields">
          {errors.weeklyHours ?? errors.form ?? 'Some values are not valid yet.'}
        </Alert>
      )}

      <Field
        id={`${id}-tz`}
        label="Time zone"
        required
        error={errors.timeZone}
        hint="Working hours and holidays are read in this zone, with its daylight-saving changes."
        className="max-w-md"
      >
        {(control) => (
          <select
            {...control}
            className={cn(controlClass, 'h-9 py-1.5')}
            value={draft.timeZone}
            onChange={(e) => setDraft((d) => ({ ...d, timeZone: e.target.value }))}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>

      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Working hours</legend>
        <p className="mt-0.5 text-xs text-slate-500">
          Times as HH:MM; use 24:00 for the end of the day. A day without hours is closed.
        </p>
        <ul className="mt-3 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
          {WEEKDAY_LABELS.map((dayLabel, day) => {
            const intervals = draft.weeklyHours[day] ?? [];
            const dayError = errors[`weeklyHours.${day}`];
            return (
              <li
                key={dayLabel}
                className="flex flex-wrap items-start gap-x-4 gap-y-2 px-3 py-3 sm:flex-nowrap sm:px-4"
              >
                <span className="w-full shrink-0 text-sm font-medium text-slate-900 sm:w-24 sm:pt-2">{dayLabel}</span>
                <div className="min-w-0 flex-1 basis-full space-y-2 sm:basis-auto">
                  {intervals.length === 0 && <p className="pt-2 text-sm text-slate-500">Closed</p>}
                  {intervals.map((interval, i) => {
                    const startErr = errors[`weeklyHours.${day}.${i}.start`];
                    const endErr = errors[`weeklyHours.${day}.${i}.end`];
                    const errId = `${id}-wh-${day}-${i}-error`;
                    const n = intervals.length > 1 ? ` (${i + 1})` : '';
                    return (
                      // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity; the inputs are controlled by position
                      <div key={`${day}-${i}`} className="space-y-1">
                        <div className="flex items-center gap-2">
                          <TextInput
                            aria-label={`${dayLabel}${n} start`}
                            value={interval.start}
                            inputMode="numeric"
                            placeholder="09:00"
                            maxLength={5}
                            className="w-20!"
                            aria-invalid={startErr ? true : undefined}
                            aria-describedby={startErr || endErr ? errId : undefined}
                            onChange={(e) =>
                              setDay(
                                day,
                                intervals.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)),
                              )
                            }
                          />
                          <span className="text-sm text-slate-500" aria-hidden="true">
                            to
                          </span>
                          <TextInput
                            aria-label={`${dayLabel}${n} end`}
                            value={interval.end}
                            inputMode="numeric"
                            placeholder="17:00"
                            maxLength={5}
                            className="w-20!"
                            aria-invalid={endErr ? true : undefined}
                            aria-describedby={startErr || endErr ? errId : undefined}
                            onChange={(e) =>
                              setDay(
                                day,
                                intervals.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)),
                              )
                            }
                          />
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label={`Remove ${dayLabel} hours ${interval.start}–${interval.end}`}
                            onClick={() =>
                              setDay(
                                day,
                                intervals.filter((_, j) => j !== i),
                              )
                            }
                          >
                            <X className="size-4" aria-hidden="true" />
                          </Button>
                        </div>
                        {(startErr || endErr) && (
                          <p id={errId} className="text-sm text-rose-700">
                            {startErr ?? endErr}
                          </p>
                        )}
                      </div>
                    );
                  })}
                  {dayError && <p className="text-sm text-rose-700">{dayError}</p>}
                </div>
                <Button size="sm" onClick={() => addInterval(day)} aria-label={`Add hours on ${dayLabel}`}>
                  <Plus className="size-4" aria-hidden="true" /> Add hours
                </Button>
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Holidays</legend>
        <p className="mt-0.5 text-xs text-slate-500">Whole days off in the calendar's time zone; the clocks stop.</p>
        <div className="mt-3 flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor={`${id}-holiday`} className="block text-sm text-slate-700">
              Date
            </label>
            <TextInput
              id={`${id}-holiday`}
              type="date"
              value={holiday}
              className="w-44!"
              aria-invalid={holidayError ? true : undefined}
              aria-describedby={holidayError ? `${id}-holiday-error` : undefined}
              onChange={(e) => {
                setHoliday(e.target.value);
                setHolidayError(undefined);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addHoliday();
                }
              }}
            />
          </div>
          <Button onClick={addHoliday}>
            <CalendarPlus className="size-4" aria-hidden="true" /> Add holiday
          </Button>
        </div>
        {holidayError && (
          <p id={`${id}-holiday-error`} className="mt-1 text-sm text-rose-700">
            {holidayError}
          </p>
        )}
        {draft.holidays.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">No holidays.</p>
        ) : (
          <ul className="mt-3 flex flex-wrap gap-2" aria-label="Holidays">
            {draft.holidays.map((h, i) => (
              <li
                key={h}
                className={cn(
                  'inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-3 text-sm text-slate-800 ring-1 ring-slate-200',
                  errors[`holidays.${i}`] && 'ring-rose-500',
                )}
              >
                <time dateTime={h}>{formatDate(h)}</time>
                <button
                  type="button"
                  className="rounded-full p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
                  aria-label={`Remove holiday ${formatDate(h)}`}
                  onClick={() => setDraft((d) => ({ ...d, holidays: d.holidays.filter((x) => x !== h) }))}
                >
                  <X className="size-3.5" aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <div className="flex flex-wrap justify-end gap-2 border-t border-slate-100 pt-4">
        <Button
          disabled={!dirty || save.isPending}
          onClick={() => {
            setDraft(saved);
            setErrors({});
            setFailure(null);
          }}
        >
          Discard changes
        </Button>
        <Button type="submit" variant="primary" busy={save.isPending} disabled={!dirty || stale}>
          Save calendar
        </Button>
      </div>
      {guard.dialog}
    </form>
  );
}
