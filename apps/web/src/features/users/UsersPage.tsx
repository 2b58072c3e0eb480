import type { User } from '@cm/domain';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { KeyRound, MoreHorizontal, Plus, Search, ShieldCheck, UserCheck, UserX } from 'lucide-react';
import { useState } from 'react';
import { STATIC_PAGE_HEADERS } from '../../app/pageHeaders';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable, LoadMore } from '../../components/DataTable';
import { TextInput } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { formatDate, formatDateTime, formatRelative, humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { LinkedCustomer } from './LinkedCustomer';
import { ResetPasswordDialogs, RoleDialog } from './UserAccountDialogs';
import { UserCreateDialog } from './UserCreateDialog';

const ROLE_TONE = { admin: 'indigo', corporate: 'sky', client: 'slate' } as const;
const COLUMNS: Column<User>[] = [
  {
    header: 'User',
    cell: (u) => (
      <>
        <div className="font-medium text-slate-900">{u.name}</div>
        <div className="text-xs text-slate-500">{u.email}</div>
      </>
    ),
  },
  { header: 'Role', cell: (u) => <Badge tone={ROLE_TONE[u.role]}>{humanize(u.role)}</Badge> },
  { header: 'Linked customer', cell: (u) => (u.customerId ? <LinkedCustomer id={u.customerId} /> : '—') },
  {
    header: 'Status',
    cell: (u) =>
      u.disabledAt ? (
        <Badge tone="red">Disabled</Badge>
      ) : (
        <Badge tone="green" dot>
          Active
        </Badge>
      ),
  },
  {
    header: 'Last sign-in',
    className: 'whitespace-nowrap text-slate-600',
    cell: (u) => (
      <span data-testid="last-sign-in">
        {u.lastSignInAt ? (
          <time dateTime={u.lastSignInAt} title={formatDateTime(u.lastSignInAt)}>
            {formatRelative(u.lastSignInAt)}
          </time>
        ) : (
          'Never'
        )}
        {u.mustChangePassword && <span className="block text-xs text-amber-700">Must change password</span>}
      </span>
    ),
  },
  { header: 'Created', className: 'whitespace-nowrap text-slate-600', cell: (u) => formatDate(u.createdAt) },
];
const MENU_ITEM =
  'flex cursor-default items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100';

export function UsersPage() {
  useDocumentTitle('Users');
  const me = useSessionUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [toDisable, setToDisable] = useState<User | null>(null);
  const [toRole, setToRole] = useState<User | null>(null);
  const [toReset, setToReset] = useState<User | null>(null);
  const [searchText, setSearchText] = useState('');
  const search = useDebouncedValue(searchText.trim(), 250);
  const users = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions(
      { limit: 50, search: search || undefined },
      // The rows shown stay (dimmed) while a new search runs, so an open row menu is not torn away.
      { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const enable = useMutation(
    trpc.users.enable.mutationOptions({
      onSuccess: async (u) => {
        toast.success('User re-enabled', `${u.name} can sign in again.`);
        await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
      },
      onError: (err) => toast.error('User not re-enabled', apiError(err).message),
    }),
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
        {...STATIC_PAGE_HEADERS['/users']}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden="true" /> New user
          </Button>
        }
      />
      <Card>
        <div className="border-b border-slate-100 p-4">
          <label htmlFor="user-search" className="sr-only">
            Search users
          </label>
          <div className="relative max-w-sm">
            <Search className="absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden="true" />
            <TextInput
              id="user-search"
              type="search"
              placeholder="Search by name or email"
              className="pl-9"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
            />
          </div>
        </div>
        <DataTable
          caption="Users"
          columns={COLUMNS}
          rows={items}
          rowKey={(u) => u.id}
          rowTestId="user-row"
          rowClassName={(u) => Boolean(u.disabledAt) && 'text-slate-500'}
          query={users}
          loadingLabel="Loading users…"
          errorTitle="Users could not be loaded"
          empty={<EmptyState title={search ? 'No users match this search' : 'No users'} />}
          rowActions={(u) =>
            u.id !== me.id && (
              <DropdownMenu.Root>
                <DropdownMenu.Trigger
                  className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
                  aria-label={`Actions for ${u.name}`}
                >
                  <MoreHorizontal className="size-4" aria-hidden="true" />
                </DropdownMenu.Trigger>
                <DropdownMenu.Portal>
                  <DropdownMenu.Content
                    align="end"
                    sideOffset={4}
                    className="z-50 min-w-48 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
                  >
                    {u.role !== 'client' && (
                      <DropdownMenu.Item className={MENU_ITEM} onSelect={() => setToRole(u)}>
                        <ShieldCheck className="size-4" aria-hidden="true" /> Change role…
                      </DropdownMenu.Item>
                    )}
                    <DropdownMenu.Item className={MENU_ITEM} onSelect={() => setToReset(u)}>
                      <KeyRound className="size-4" aria-hidden="true" /> Reset password…
                    </DropdownMenu.Item>
                    {u.disabledAt ? (
                      <DropdownMenu.Item className={MENU_ITEM} onSelect={() => enable.mutate({ id: u.id })}>
                        <UserCheck className="size-4" aria-hidden="true" /> Re-enable
                      </DropdownMenu.Item>
                    ) : (
                      <DropdownMenu.Item className={MENU_ITEM} onSelect={() => setToDisable(u)}>
                        <UserX className="size-4" aria-hidden="true" /> Disable…
                      </DropdownMenu.Item>
                    )}
                  </DropdownMenu.Content>
                </DropdownMenu.Portal>
              </DropdownMenu.Root>
            )
          }
        />
        <LoadMore query={users} />
      </Card>
      <UserCreateDialog open={creating} onOpenChange={setCreating} />
      <RoleDialog user={toRole} onClose={() => setToRole(null)} />
      <ResetPasswordDialogs user={toReset} onClose={() => setToReset(null)} />
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
