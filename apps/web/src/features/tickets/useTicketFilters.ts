import {
  OPEN_TICKET_STATUSES,
  type SlaState,
  TICKET_PRIORITIES,
  TICKET_SORTS,
  type TicketListInput,
  type TicketPriority,
  type TicketStatus,
} from '@cm/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const TICKET_PAGE_SIZE = 25;

export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketView {
  value: string;
  label: string;
  /** What the view lists, before the user's own filters. */
  input: { status: readonly TicketStatus[]; assignee?: 'me' | 'none'; slaState?: SlaState };
  defaultSort: TicketSort;
}

const OPEN = [...OPEN_TICKET_STATUSES];

/** The inbox views: an agent's own work, the unclaimed queue, everything open, what is at risk, what is done. */
export const TICKET_VIEWS = [
  { value: 'mine', label: 'My open', input: { status: OPEN, assignee: 'me' }, defaultSort: 'due' },
  { value: 'unassigned', label: 'Unassigned', input: { status: OPEN, assignee: 'none' }, defaultSort: 'due' },
  { value: 'open', label: 'All open', input: { status: OPEN }, defaultSort: 'due' },
  { value: 'due_soon', label: 'Due soon', input: { status: OPEN, slaState: 'due_soon' }, defaultSort: 'due' },
  { value: 'breached', label: 'Breached', input: { status: OPEN, slaState: 'breached' }, defaultSort: 'due' },
  { value: 'solved', label: 'Solved', input: { status: ['solved', 'closed'] }, defaultSort: 'updated' },
] as const satisfies readonly TicketView[];

export type TicketViewValue = (typeof TICKET_VIEWS)[number]['value'];
const VIEW_VALUES = TICKET_VIEWS.map((v) => v.value);
export const DEFAULT_VIEW: TicketViewValue = 'mine';

export function viewOf(value: TicketViewValue): TicketView {
  return TICKET_VIEWS.find((v) => v.value === value) ?? TICKET_VIEWS[0];
}

export interface TicketFilters {
  view: TicketViewValue;
  search: string;
  priority?: TicketPriority;
  groupId?: string;
  sort: TicketSort;
  /** Cursors of the pages loaded after the first ("Load more"), so a reload shows as much again. */
  cursors: string[];
}

/** URL parameter names: short, stable, and readable in a bookmark. */
const P = { view: 'view', search: 'q', priority: 'priority', groupId: 'queue', sort: 'sort', cursors: 'more' } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function parseTicketFilters(params: URLSearchParams): TicketFilters {
  const view = oneOf(VIEW_VALUES, params.get(P.view)) ?? DEFAULT_VIEW;
  const groupId = params.get(P.groupId) ?? undefined;
  return {
    view,
    search: params.get(P.search)?.trim() ?? '',
    priority: oneOf(TICKET_PRIORITIES, params.get(P.priority)),
    groupId: groupId && UUID.test(groupId) ? groupId : undefined,
    sort: oneOf(TICKET_SORTS, params.get(P.sort)) ?? viewOf(view).defaultSort,
    // Cursors are base64url, so '.' can join them without escaping.
    cursors: (params.get(P.cursors) ?? '').split('.').filter(Boolean),
  };
}

export function serializeTicketFilters(f: TicketFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.view !== DEFAULT_VIEW) params.set(P.view, f.view);
  if (f.search) params.set(P.search, f.search);
  if (f.priority) params.set(P.priority, f.priority);
  if (f.groupId) params.set(P.groupId, f.groupId);
  if (f.sort !== viewOf(f.view).defaultSort) params.set(P.sort, f.sort);
  if (f.cursors.length) params.set(P.cursors, f.cursors.join('.'));
  return params;
}

export type TicketFilterPatch = Partial<Omit<TicketFilters, 'cursors'>>;

/** The inbox's view, search, filters, sort and loaded pages, all in the URL so any view can be bookmarked. */
export function useTicketFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseTicketFilters(params), [params]);

  /** Any change of what is listed starts again from the first page; a new view takes its own sort. */
  const setFilters = useCallback(
    (patch: TicketFilterPatch, opts: { replace?: boolean } = {}) => {
      setParams((current) => {
        const f = parseTicketFilters(current);
        const sort = patch.view && patch.view !== f.view && !patch.sort ? viewOf(patch.view).defaultSort : f.sort;
        return serializeTicketFilters({ ...f, sort, ...patch, cursors: [] });
      }, opts);
    },
    [setParams],
  );

  /** "Load more" replaces the history entry: Back leaves the inbox view rather than unloading pages. */
  const loadMore = useCallback(
    (cursor: string) =>
      setParams(
        (current) => {
          const f = parseTicketFilters(current);
          return serializeTicketFilters({ ...f, cursors: [...f.cursors, cursor] });
        },
        { replace: true },
      ),
    [setParams],
  );

  const clearFilters = useCallback(
    () =>
      setParams((current) => {
        const f = parseTicketFilters(current);
        return serializeTicketFilters({ view: f.view, sort: f.sort, search: '', cursors: [] });
      }),
    [setParams],
  );

  const activeFilterCount = [filters.priority, filters.groupId, filters.search || undefined].filter(Boolean).length;

  return { filters, setFilters, loadMore, clearFilters, activeFilterCount };
}

/** The `tickets.list` input of one page of this view. */
export function ticketListInputOf(f: TicketFilters, cursor: string | undefined): TicketListInput {
  const { input } = viewOf(f.view);
  return {
    ...input,
    status: [...input.status],
    search: f.search || undefined,
    priority: f.priority,
    groupId: f.groupId,
    sort: f.sort,
    cursor,
    limit: TICKET_PAGE_SIZE,
  };
}
