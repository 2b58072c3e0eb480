import { type TicketGroup, ticketGroupCreateInput, type User } from '@cm/domain';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Inbox, Pencil, Plus, RefreshCw, Search, Users } from 'lucide-react';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field, TextArea, TextInput } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { Alert, EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError, type FieldErrors } from '../../lib/errors';
import { humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { issuesToFieldErrors } from '../notes/noteModel';

const STALE_MESSAGE = 'This queue was changed by someone else. Reload to see their changes, then try again.';

/** Every user, all pages: queues draw their members from enabled staff. */
function useAllUsers() {
  const users = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions({ limit: 100 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = users;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const all = useMemo(() => users.data?.pages.flatMap((p) => p.items) ?? [], [users.data]);
  return { ...users, all };
}

const isStaff = (u: User) => u.role !== 'client';

export function AdminQueuesPage() {
  useDocumentTitle('Queues');
  const groups = useQuery(trpc.ticketGroups.list.queryOptions(undefined, { staleTime: 0 }));
  const users = useAllUsers();
  const byId = useMemo(() => new Map(users.all.map((u) => [u.id, u])), [users.all]);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<TicketGroup | null>(null);
  const [staffing, setStaffing] = useState<TicketGroup | null>(null);
  const list = [...(groups.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <PageHeader
        title="Queues"
        description="Teams that tickets are routed to, and who works in each."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden="true" /> New queue
          </Button>
        }
      />
      <Card>
        {groups.isPending ? (
          <LoadingBlock label="Loading queues…" lines={4} />
        ) : groups.isError ? (
          <ErrorState error={groups.error} onRetry={() => void groups.refetch()} title="Queues could not be loaded" />
        ) : list.length === 0 ? (
          <EmptyState
            icon={<Inbox className="size-6" />}
            title="No queues yet"
            action={
              <Button variant="primary" onClick={() => setCreating(true)}>
                <Plus className="size-4" aria-hidden="true" /> New queue
              </Button>
            }
          >
            Create a queue for each team that handles tickets, then add its members.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Queues">
            {list.map((g) => {
              const members = g.memberIds.map((id) => byId.get(id)?.name ?? 'Unknown user');
              return (
                <li
                  key={g.id}
                  data-testid="queue-row"
                  className="flex flex-wrap items-start justify-between gap-3 px-5 py-4"
                >
                  <div className="min-w-0 flex-1">
                    <h2 className="text-sm font-semibold text-slate-900">{g.name}</h2>
                    {g.description && (
                      <p className="mt-0.5 text-sm whitespace-pre-wrap text-slate-600">{g.description}</p>
                    )}
                    <p className="mt-2 text-sm text-slate-600">
                      <Badge tone={members.length ? 'indigo' : 'slate'}>
                        {members.length === 1 ? '1 member' : `${members.length} members`}
                      </Badge>{' '}
                      {members.length > 0 && <span className="text-slate-500">{members.join(', ')}</span>}
                    </p>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Button size="sm" onClick={() => setEditing(g)}>
                      <Pencil className="size-4" aria-hidden="true" /> Edit<span className="sr-only"> {g.name}</span>
                    </Button>
                    <Button size="sm" onClick={() => setStaffing(g)}>
                      <Users className="size-4" aria-hidden="true" /> Members
                      <span className="sr-only"> of {g.name}</span>
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
      <QueueDialog open={creating} onOpenChange={setCreating} group={null} />
      <QueueDialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)} group={editing} />
      <MembersDialog
        group={staffing}
        onOpenChange={(o) => !o && setStaffing(null)}
        staff={users.all.filter((u) => isStaff(u) && (!u.disabledAt || staffing?.memberIds.includes(u.id)))}
        loadingStaff={users.isPending || users.hasNextPage}
      />
    </>
  );
}

/** Create a queue (group null) or rename/describe one. */
function QueueDialog({
  open,
  onOpenChange,
  group,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  group: TicketGroup | null;
}) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [version, setVersion] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; stale: boolean } | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form each time the dialog opens
  useEffect(() => {
    if (!open) return;
    setName(group?.name ?? '');
    setDescription(group?.description ?? '');
    setVersion(group?.version ?? 0);
    setErrors({});
    setFailure(null);
  }, [open]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ticketGroups.pathKey() });
  const onError = (err: unknown) => {
    const info = apiError(err);
    if (Object.keys(info.fieldErrors).length > 0) {
      setErrors(info.fieldErrors);
      return;
    }
    setFailure({ message: info.code === 'CONFLICT' ? STALE_MESSAGE : info.message, stale: info.code === 'CONFLICT' });
  };
  const create = useMutation(
    trpc.ticketGroups.create.mutationOptions({
      onSuccess: async (g) => {
        toast.success('Queue created', `Add members to ${g.name} so tickets can be worked there.`);
        await refresh();
        onOpenChange(false);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.ticketGroups.update.mutationOptions({
      onSuccess: async (g) => {
        toast.success('Queue saved', g.name);
        await refresh();
        onOpenChange(false);
      },
      onError,
    }),
  );

  const reload = async () => {
    const fresh = await queryClient.fetchQuery(trpc.ticketGroups.list.queryOptions(undefined, { staleTime: 0 }));
    const latest = fresh.find((g) => g.id === group?.id);
    if (!latest) {
      setFailure({ message: 'This queue no longer exists.', stale: false });
      return;
    }
    // What was typed stays; only the version moves on, so saving again applies it over the latest.
    setVersion(latest.version);
    setFailure(null);
    toast.info('Latest version loaded', `Saved now: “${latest.name}”. Your typed values are kept.`);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { name, description: description.trim() === '' ? null : description };
    const parsed = ticketGroupCreateInput.safeParse(input);
    if (!parsed.success) {
      setErrors(issuesToFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setFailure(null);
    if (group) update.mutate({ id: group.id, version, ...input });
    else create.mutate(input);
  };

  const dirty = group ? name !== group.name || description !== (group.description ?? '') : Boolean(name || description);

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      dirty={dirty}
      title={group ? `Edit queue ${group.name}` : 'New queue'}
      description={group ? 'Rename the queue or change its description.' : 'A team that tickets can be routed to.'}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {failure && (
          <Alert tone={failure.stale ? 'amber' : 'red'} title="Not saved">
            {failure.message}
            {failure.stale && (
              <div className="mt-2">
                <Button size="sm" onClick={() => void reload()}>
                  <RefreshCw className="size-4" aria-hidden="true" /> Reload
                </Button>
              </div>
            )}
          </Alert>
        )}
        <Field id={`${id}-name`} label="Name" required error={errors.name}>
          {(control) => (
            <TextInput
              {...control}
              value={name}
              maxLength={100}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field id={`${id}-description`} label="Description" error={errors.description}>
          {(control) => (
            <TextArea
              {...control}
              rows={3}
              maxLength={500}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={create.isPending || update.isPending}>
            {group ? 'Save' : 'Create queue'}
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}

/** Who works in a queue: enabled admins and corporate users, picked with checkboxes and a filter. */
function MembersDialog({
  group,
  onOpenChange,
  staff,
  loadingStaff,
}: {
  group: TicketGroup | null;
  onOpenChange: (open: boolean) => void;
  staff: User[];
  loadingStaff: boolean;
}) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const open = group !== null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another queue's dialog opens
  useEffect(() => {
    if (!group) return;
    setSelected(new Set(group.memberIds));
    setFilter('');
    save.reset();
  }, [group?.id]);

  const save = useMutation(
    trpc.ticketGroups.setMembers.mutationOptions({
      onSuccess: async (g) => {
        toast.success(
          'Members saved',
          `${g.name}: ${g.memberIds.length} member${g.memberIds.length === 1 ? '' : 's'}.`,
        );
        await queryClient.invalidateQueries({ queryKey: trpc.ticketGroups.pathKey() });
        onOpenChange(false);
      },
    }),
  );

  const needle = filter.trim().toLowerCase();
  const shown = [...staff]
    .sort((a, b) => a.name.localeCompare(b.name))
    .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle));
  const toggle = (userId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(userId);
      else next.delete(userId);
      return next;
    });
  const initial = new Set(group?.memberIds ?? []);
  const dirty = selected.size !== initial.size || [...selected].some((x) => !initial.has(x));

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      dirty={dirty}
      title={`Members of ${group?.name ?? 'queue'}`}
      description="Admins and corporate users who work on this queue's tickets."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (group) save.mutate({ id: group.id, userIds: [...selected] });
        }}
        className="space-y-4"
      >
        {save.error && <Alert title="Members not saved">{apiError(save.error).message}</Alert>}
        <div className="relative">
          <label htmlFor={`${id}-filter`} className="sr-only">
            Filter staff
          </label>
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden="true" />
          <TextInput
            id={`${id}-filter`}
            type="search"
            placeholder="Filter by name or email"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="pl-9"
            autoComplete="off"
          />
        </div>
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">Staff ({selected.size} selected)</legend>
          {loadingStaff ? (
            <LoadingBlock label="Loading staff…" lines={3} />
          ) : shown.length === 0 ? (
            <p className="text-sm text-slate-600">No staff match.</p>
          ) : (
            <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-lg ring-1 ring-slate-200">
              {shown.map((u) => (
                <li key={u.id}>
                  <label className="flex cursor-pointer items-center gap-3 px-3 py-2 hover:bg-slate-50">
                    <input
                      type="checkbox"
                      className="size-4 rounded border-slate-300 accent-indigo-600"
                      checked={selected.has(u.id)}
                      onChange={(e) => toggle(u.id, e.target.checked)}
                    />
                    <span className="min-w-0 flex-1 text-sm">
                      <span className="block truncate font-medium text-slate-900">{u.name}</span>
                      <span className="block truncate text-xs text-slate-500">{u.email}</span>
                    </span>
                    <Badge tone={u.role === 'admin' ? 'indigo' : 'sky'}>{humanize(u.role)}</Badge>
                    {u.disabledAt && <Badge tone="red">Disabled</Badge>}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={save.isPending} disabled={loadingStaff}>
            Save members
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
