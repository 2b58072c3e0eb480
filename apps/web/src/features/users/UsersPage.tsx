import type { User } from '@cm/domain';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, UserX } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { formatDate, humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { LinkedCustomer } from './LinkedCustomer';
import { UserCreateDialog } from './UserCreateDialog';

const ROLE_TONE = { admin: 'indigo', corporate: 'sky', client: 'slate' } as const;

export function UsersPage() {
  useDocumentTitle('Users');
  const me = useSessionUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [toDisable, setToDisable] = useState<User | null>(null);
  const users = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const disable = useMutation(
    trpc.users.disable.mutationOptions({
      onSuccess: async (u) => {
        toast.success('User disabled', `${u.name} can no longer sign in; their sessions have ended.`);
        setToDisable(null);
        await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      },
      onError: (err) => toast.error('User not disabled', apiError(err).message),
    }),
  );
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in to Customer Manager, and as what."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden="true" /> New user
          </Button>
        }
      />
      <Card>
        {users.isPending ? (
          <LoadingBlock label="Loading users…" lines={6} />
        ) : users.isError ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} title="Users could not be loaded" />
        ) : items.length === 0 ? (
          <EmptyState title="No users" />
        ) : (
          <div className="relative overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">
                    User
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Role
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Linked customer
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Status
                  </th>
                  <th scope="col" className="px-3 py-2.5 font-medium">
                    Created
                  </th>
                  <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((u) => (
                  <tr key={u.id} data-testid="user-row" className={u.disabledAt ? 'text-slate-500' : undefined}>
                    <td className="py-3 pr-3 pl-5">
                      <div className="font-medium text-slate-900">{u.name}</div>
                      <div className="text-xs text-slate-500">{u.email}</div>
                    </td>
                    <td className="px-3 py-3">
                      <Badge tone={ROLE_TONE[u.role]}>{humanize(u.role)}</Badge>
                    </td>
                    <td className="px-3 py-3">{u.customerId ? <LinkedCustomer id={u.customerId} /> : '—'}</td>
                    <td className="px-3 py-3">
                      {u.disabledAt ? (
                        <Badge tone="red">Disabled</Badge>
                      ) : (
                        <Badge tone="green" dot>
                          Active
                        </Badge>
                      )}
                    </td>
                    <td className="px-3 py-3 whitespace-nowrap text-slate-600">{formatDate(u.createdAt)}</td>
                    <td className="py-3 pr-5 pl-3 text-right">
                      {!u.disabledAt && u.id !== me.id && (
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => setToDisable(u)}
                          aria-label={`Disable ${u.name}`}
                        >
                          <UserX className="size-4" aria-hidden="true" /> Disable
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {users.hasNextPage && (
          <div className="flex justify-center border-t border-slate-200 p-3">
            <Button size="sm" onClick={() => void users.fetchNextPage()} busy={users.isFetchingNextPage}>
              Load more
            </Button>
          </div>
        )}
      </Card>
      <UserCreateDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={toDisable !== null}
        onOpenChange={(open) => !open && setToDisable(null)}
        title={`Disable ${toDisable?.name ?? 'user'}?`}
        description={`${toDisable?.email ?? 'This user'} will be signed out everywhere and can no longer sign in.`}
        confirmLabel="Disable user"
        busy={disable.isPending}
        onConfirm={() => toDisable && disable.mutate({ id: toDisable.id })}
      />
    </>
  );
}
