import { type AuditEvent, formatPhone } from '@cm/domain';
import { ArrowRight } from 'lucide-react';
import { cn } from '../../lib/cn';
import { formatDateTime, formatRelative, humanize } from '../../lib/format';
import { type ActionTone, actionTitle, actionTone, type EventDetails, eventDetails } from './describeEvent';

const DOT: Record<ActionTone, string> = {
  green: 'bg-emerald-500 ring-emerald-100',
  amber: 'bg-amber-500 ring-amber-100',
  red: 'bg-rose-500 ring-rose-100',
  slate: 'bg-slate-400 ring-slate-100',
  indigo: 'bg-indigo-500 ring-indigo-100',
};

/** Who did what and when, what changed (before → after), and why: a customer's history. */
export function ActivityTimeline({ events }: { events: readonly AuditEvent[] }) {
  return (
    <ol className="relative space-y-6" aria-label="Activity">
      {events.map((event, i) => (
        <li key={event.id} className="relative pl-8" data-testid="timeline-event" data-action={event.action}>
          {i < events.length - 1 && (
            <span className="absolute top-4 bottom-[-1.5rem] left-[5px] w-px bg-slate-200" aria-hidden="true" />
          )}
          <span
            className={cn('absolute top-1.5 left-0 size-[11px] rounded-full ring-4', DOT[actionTone(event.action)])}
            aria-hidden="true"
          />
          <TimelineEntry event={event} />
        </li>
      ))}
    </ol>
  );
}

/** Who acted: the user and their role, or the API token used, or the system. */
export function eventActor(event: AuditEvent): string {
  return `${event.actorName ?? 'System'}${event.actorRole ? ` (${humanize(event.actorRole)})` : ''}${
    event.apiTokenId ? ` via API token ${event.apiTokenName ?? ''}`.trimEnd() : ''
  }`;
}

function TimelineEntry({ event }: { event: AuditEvent }) {
  return (
    <div className="min-w-0">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <h3 className="text-sm font-semibold text-slate-900">{actionTitle(event.action)}</h3>
        <span className="text-sm text-slate-600">by {eventActor(event)}</span>
        <time dateTime={event.occurredAt} title={formatDateTime(event.occurredAt)} className="text-xs text-slate-500">
          {formatRelative(event.occurredAt)} · {formatDateTime(event.occurredAt)}
        </time>
      </div>
      <EventDetailsView event={event} />
    </div>
  );
}

/** What the event did: facts, the reason given, changes as before → after, and technical details folded away. */
export function EventDetailsView({ event }: { event: AuditEvent }) {
  const details = eventDetails(event);
  return (
    <>
      {details.facts.length > 0 && (
        <p className="mt-1 text-sm break-words text-slate-600" data-testid="timeline-facts">
          {details.facts
            .map((x) => `${x.label}: ${x.field === 'phone' ? formatPhone(x.value).text : x.value}`)
            .join(' · ')}
        </p>
      )}
      {details.reason && (
        <p className="mt-2 rounded-md border-l-2 border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          <span className="font-medium">Reason:</span> {details.reason}
        </p>
      )}
      {details.changes.length > 0 && <ChangeList changes={details.changes} />}
      {details.kycStatusSentence && (
        <p className="mt-2 text-sm text-slate-700" data-testid="timeline-kyc-status">
          {details.kycStatusSentence}
        </p>
      )}
      <details className="mt-1.5 text-xs text-slate-500">
        <summary className="cursor-pointer hover:text-slate-800">Technical details</summary>
        <dl className="mt-1 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5 rounded-md bg-slate-50 px-3 py-2">
          {details.technical.map((t) => (
            <div key={t.label} className="contents">
              <dt className="font-medium text-slate-600">{t.label}</dt>
              <dd className="font-mono break-all text-slate-700">{t.value}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}

/**
 * Phone numbers in international format. Done here rather than in describeEvent, which the dashboard
 * also loads: the phone metadata comes only with the pages that show a timeline. Placeholders such as
 * "(empty)" or "Erased" cannot be read as a number and stay as they are.
 */
const phoneShown = (c: EventDetails['changes'][number]) =>
  c.field === 'phone' ? { ...c, before: formatPhone(c.before).text, after: formatPhone(c.after).text } : c;

function ChangeList({ changes }: { changes: EventDetails['changes'] }) {
  return (
    <dl className="mt-2 space-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm">
      {changes.map(phoneShown).map((c) => (
        <div key={c.field} className="flex flex-wrap items-center gap-x-2" data-testid="timeline-change">
          <dt className="font-medium text-slate-700">{c.label}:</dt>
          <dd className="flex min-w-0 flex-wrap items-center gap-1.5 break-words text-slate-700">
            {c.hasBefore && (
              <>
                <span className="text-slate-500 line-through decoration-slate-300">{c.before}</span>
                <ArrowRight className="size-3.5 text-slate-400" aria-label="changed to" />
              </>
            )}
            <span>{c.after}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
