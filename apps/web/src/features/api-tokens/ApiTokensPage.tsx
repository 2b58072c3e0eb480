import type { ApiToken, ApiTokenStatus } from '@cm/domain';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Ban, Plus } from 'lucide-react';
import { useState } from 'react';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable, LoadMore } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ApiTokenCreateDialog } from './ApiTokenCreateDialog';

const STATUS: Record<ApiTokenStatus, { tone: Tone; label: string }> = {
  active: { tone: 'green', label: 'Active' },
  expired: { tone: 'amber', label: 'Expired' },
  revoked: { tone: 'red', label: 'Revoked' },
};

const COLUMNS: Column<ApiToken>[] = [
  {
    header: 'Name',
    cell: (t) => (
      <>
        <div className="font-medium text-slate-900">{t.name}</div>
        <div className="text-xs text-slate-500">by {t.createdBy.name}</div>
      </>
    ),
  },
  {
    header: 'Permissions',
    cardFullWidth: true,
    className: 'max-w-xs',
    cell: (t) => <span className="font-mono text-xs break-words">{t.permissions.join(', ')}</span>,
  },
  { header: 'Created', className: 'whitespace-nowrap', cell: (t) => formatDate(t.createdAt) },
  { header: 'Expires', className: 'whitespace-nowrap', cell: (t) => (t.expiresAt ? formatDate(t.expiresAt) : 'Never') },
  {
    header: 'Last used',
    className: 'whitespace-nowrap',
    cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Not yet'),
  },
  {
    header: 'Status',
    cell: (t) => (
      <Badge tone={STATUS[t.status].tone} dot={t.status === 'active'}>
        {STATUS[t.status].label}
      </Badge>
    ),
  },
];

/** Admin settings: tokens other internal apps call the API with (SPEC §13). */
export function ApiTokensPage() {
  useDocumentTitle('API tokens');
  const toast = useToast();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [toRevoke, setToRevoke] = useState<ApiToken | null>(null);
  const tokens = useInfiniteQuery(
    trpc.apiTokens.list.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const revoke = useMutation(
    trpc.apiTokens.revoke.mutationOptions({
      onSuccess: async (t) => {
        toast.success('Token revoked', `${t.name} no longer works, from the next request on.`);
        setToRevoke(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiTokens.pathKey() });
      },
      onError: (err) => toast.error('Token not revoked', apiError(err).message),
    }),
  );
  const items = tokens.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Other internal apps call Customer Manager with these tokens, each with only the permissions it was given."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden="true" /> New token
          </Button>
        }
      />
      <Card>
        <DataTable
          caption="API tokens"
          columns={COLUMNS}
          rows={items}
          rowKey={(t) => t.id}
          rowTestId="api-token-row"
          rowClassName={(t) => t.status !== 'active' && 'text-slate-500'}
          query={tokens}
          loadingLabel="Loading API tokens…"
          skeletonRows={4}
          errorTitle="API tokens could not be loaded"
          empty={<EmptyState title="No API tokens yet">Create one for each app that calls the API.</EmptyState>}
          rowActions={(t) =>
            t.status !== 'revoked' && (
              <Button size="sm" variant="ghost" onClick={() => setToRevoke(t)} aria-label={`Revoke ${t.name}`}>
                <Ban className="size-4" aria-hidden="true" /> Revoke
              </Button>
            )
          }
        />
        <LoadMore query={tokens} />
      </Card>
      <ApiTokenCreateDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={toRevoke !== null}
        onOpenChange={(open) => !open && setToRevoke(null)}
        title={`Revoke ${toRevoke?.name ?? 'token'}?`}
        description="Apps using this token are refused from their next request on. This cannot be undone."
        confirmLabel="Revoke token"
        busy={revoke.isPending}
        onConfirm={() => toRevoke && revoke.mutate({ id: toRevoke.id })}
      />
    </>
  );
}
