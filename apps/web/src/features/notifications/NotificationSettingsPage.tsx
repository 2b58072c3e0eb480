import {
  NOTIFICATION_KIND_LABELS,
  type NotificationPreferences,
  STAFF_NOTIFICATION_KINDS,
  type StaffNotificationKind,
} from '@cm/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';

const HINTS: Record<StaffNotificationKind, string> = {
  'ticket.assigned': 'When someone else assigns a ticket to you.',
  'ticket.due_soon': 'When a ticket of yours (or of your queue, while unassigned) is about to miss its service level.',
  'ticket.breached': 'When a ticket of yours (or of your queue, while unassigned) missed its service level.',
};

/** A staff member chooses which notification mail they receive (clients always get theirs). */
export function NotificationSettingsPage() {
  useDocumentTitle('Notifications');
  const me = useSessionUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  const [enabled, setEnabled] = useState<Set<StaffNotificationKind>>(new Set());
  useEffect(() => {
    if (prefs.data) setEnabled(new Set(prefs.data.enabled));
  }, [prefs.data]);
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onSuccess: async (saved: NotificationPreferences) => {
        toast.success('Notifications saved', `Mail goes to ${me.email}.`);
        queryClient.setQueryData(trpc.notifications.preferences.queryKey(), saved);
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.preferences.queryKey() });
      },
      onError: (err) => toast.error('Notifications not saved', apiError(err).message),
    }),
  );
  const dirty =
    prefs.data !== undefined && STAFF_NOTIFICATION_KINDS.some((k) => prefs.data.enabled.includes(k) !== enabled.has(k));

  return (
    <>
      <PageHeader title="Notifications" description={`Which emails you receive at ${me.email}.`} />
      <Card className="max-w-2xl">
        <CardHeader title="Email me" description="Replies to clients and their document reminders always go out." />
        {prefs.isPending ? (
          <LoadingBlock label="Loading your choices…" lines={3} />
        ) : prefs.isError ? (
          <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
        ) : (
          <form
            className="space-y-1 p-5"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ enabled: STAFF_NOTIFICATION_KINDS.filter((k) => enabled.has(k)) });
            }}
          >
            {STAFF_NOTIFICATION_KINDS.map((kind) => (
              <label key={kind} className="flex items-start gap-3 rounded-md px-2 py-2 hover:bg-slate-50">
                <input
                  type="checkbox"
                  name={kind}
                  className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600"
                  checked={enabled.has(kind)}
                  onChange={(e) =>
                    setEnabled((prev) => {
                      const next = new Set(prev);
                      if (e.target.checked) next.add(kind);
                      else next.delete(kind);
                      return next;
                    })
                  }
                />
                <span className="text-sm">
                  <span className="block font-medium text-slate-900">{NOTIFICATION_KIND_LABELS[kind]}</span>
                  <span className="block text-slate-500">{HINTS[kind]}</span>
                </span>
              </label>
            ))}
            <div className="flex justify-end pt-3">
              <Button type="submit" variant="primary" busy={save.isPending} disabled={!dirty}>
                Save
              </Button>
            </div>
          </form>
        )}
      </Card>
    </>
  );
}
